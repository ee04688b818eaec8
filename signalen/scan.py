"""The scan: one statement per rule over the stored deadlines raises the signals, one statement
resolves those whose cause is gone, and each new signal at "over" or "ver over" is written to the
outbox for the person responsible. Safe to run twice or in two workers at once: the unique
(deadline, level, version) lets one insert win, and only the winner notifies."""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from django.db import connection, transaction
from django.utils import timezone

from ivh.outbox.staff import StaffDraft, notify_staff_many
from ivh.termijnen.constants import Niveau, Regel
from ivh.termijnen.models import Termijn
from ivh.termijnen.sync import termijnen_sync as sync
from ivh.werkkalender.calendar import next_working_moment

from .models import Signaal
from .outbox import SIGNAAL_MAIL, signaal_mail_key
from .subjects import COORDINATOR_RULES, REMINDER_RULES, SILENT_RULES, coordinators, subjects

logger = logging.getLogger(__name__)

NOTIFY_LEVELS = frozenset({Niveau.OVER, Niveau.VER_OVER})

_S = Signaal._meta.db_table
_T = Termijn._meta.db_table

_RESOLVE = f"""
    UPDATE {_S} AS s SET resolved_at = %(now)s
    FROM {_T} AS t
    WHERE s.termijn_id = t.id AND s.resolved_at IS NULL AND (
        t.stopped_at IS NOT NULL
        OR t.due_at IS NULL
        OR t.deadline_version <> s.deadline_version
        OR (s.level = %(bijna)s AND t.due_at <= %(now)s)
        OR (s.level = %(over)s AND t.far_at <= %(now)s)
    )
"""  # noqa: S608 (table names from the models, values as parameters)

# The highest level the deadline has reached; one row per open deadline past its warning.
_RAISE = f"""
    WITH raised AS (
    INSERT INTO {_S}
        (termijn_id, regel, region_id, level, deadline_version, raised_at, acknowledgement)
    SELECT t.id, t.regel, t.region_id, lvl.level, t.deadline_version, %(now)s, ''
    FROM {_T} AS t
    CROSS JOIN LATERAL (SELECT
        CASE WHEN t.far_at <= %(now)s THEN %(ver_over)s
             WHEN t.due_at <= %(now)s THEN %(over)s
             ELSE %(bijna)s END AS level) AS lvl
    WHERE t.stopped_at IS NULL AND t.regel = %(regel)s AND t.warn_at <= %(now)s
      -- already raised: skip without an insert attempt (the constraint still decides races)
      AND NOT EXISTS (
          SELECT 1 FROM {_S} AS s
          WHERE s.termijn_id = t.id AND s.level = lvl.level
            AND s.deadline_version = t.deadline_version
      )
    ON CONFLICT (termijn_id, level, deadline_version) DO NOTHING
    RETURNING id, level, region_id, termijn_id
    )
    SELECT raised.id, raised.level, raised.region_id, t.subject_kind, t.subject_id
    FROM raised JOIN {_T} AS t ON t.id = raised.termijn_id
"""  # noqa: S608 (table names from the models, values as parameters)

_LEVELS = {"bijna": Niveau.BIJNA, "over": Niveau.OVER, "ver_over": Niveau.VER_OVER}


@dataclass
class ScanResult:
    raised: Counter[tuple[str, str]] = field(default_factory=Counter)
    started: int = 0
    stopped: int = 0
    resolved: int = 0
    notified: int = 0
    queries: Counter[str] = field(default_factory=Counter)

    def lines(self) -> list[str]:
        out = [
            f"{Regel(regel).label} – {Niveau(level).label}: {n}"
            for (regel, level), n in sorted(self.raised.items())
        ]
        out.append(f"termijnen gestart: {self.started}, gestopt: {self.stopped}")
        out.append(f"opgelost: {self.resolved}")
        out.append(f"berichten: {self.notified}")
        return out


@transaction.atomic
def scan(now: datetime | None = None) -> ScanResult:
    now = now or timezone.now()
    result = ScanResult()
    # Deadlines for what the domain recorded since the last scan; nothing signals a step taken.
    synced = sync()
    result.started, result.stopped = synced.started + synced.restarted, synced.stopped
    params: dict[str, datetime | str] = {"now": now, **{k: str(v) for k, v in _LEVELS.items()}}
    with connection.cursor() as cursor:
        cursor.execute(_RESOLVE, params)
        result.resolved = cursor.rowcount
        result.queries["oplossen"] += 1
        new: list[Raised] = []
        for regel in Regel:
            cursor.execute(_RAISE, {**params, "regel": regel.value})
            result.queries[regel.value] += 1
            for pk, level, region_id, kind, subject_id in cursor.fetchall():
                result.raised[regel.value, level] += 1
                if regel in SILENT_RULES:
                    continue
                if level in NOTIFY_LEVELS or (level == Niveau.BIJNA and regel in REMINDER_RULES):
                    new.append(Raised(pk, regel.value, region_id, kind, subject_id))
    result.notified = _notify(new, now) if new else 0
    if result.raised or result.resolved or result.started or result.stopped:
        logger.info("signalen: %s", "; ".join(result.lines()))
    return result


@dataclass(frozen=True)
class Raised:
    pk: int
    regel: str
    region_id: int
    subject_kind: str
    subject_id: int


def _notify(rows: list[Raised], now: datetime) -> int:
    """A message per new signal and responsible person (a handful of queries in all)."""
    about = subjects(
        {(r.subject_kind, r.subject_id) for r in rows if r.regel not in COORDINATOR_RULES}
    )
    coordinators_of = coordinators({r.region_id for r in rows})
    recipients: dict[int, set[int]] = {}
    for row in rows:
        subject = about.get((row.subject_kind, row.subject_id))
        if row.regel not in COORDINATOR_RULES and subject and subject.casemanager_id:
            recipients[row.pk] = {subject.casemanager_id}
        else:
            recipients[row.pk] = set(coordinators_of.get(row.region_id, ()))
    not_before = next_working_moment(now)
    return notify_staff_many(
        [
            StaffDraft(
                user_id=user_id,
                kind=SIGNAAL_MAIL,
                key=signaal_mail_key(pk, user_id),
                context={"signaal_id": pk},
                not_before=not_before,
            )
            for pk, user_ids in recipients.items()
            for user_id in sorted(user_ids)
        ]
    )
