"""The scan: one statement per rule over the stored deadlines raises the signals, one statement
resolves those whose cause is gone, and each new signal at "over" or "ver over" is written to the
outbox for the person responsible. Safe to run twice or in two workers at once: the unique
(deadline, level, version) lets one insert win, and only the winner notifies.

The messages are written by two INSERT … SELECT statements from the signals this scan raised,
whatever their number: who is responsible, their address and their choice of delivery are
joined in the database, so the first scan over a national data set (some 100,000 signals)
never builds a message in Python. A person with more than `BUNDLE_ABOVE` new signals gets one
mail with their counts (signalen.digest) instead of one per signal."""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from casemanagement.models import Traject, Verwijzing
from ivh.accounts.constants import Role
from ivh.accounts.models import RoleAssignment, User
from ivh.outbox.models import Delivery, NotificationPreference
from ivh.outbox.registry import get_staff_kind
from ivh.outbox.services import digestitem_put_select, outbox_put_select
from ivh.termijnen.constants import Niveau, Regel
from ivh.termijnen.models import Termijn
from ivh.termijnen.sync import termijnen_sync as sync
from ivh.werkkalender.calendar import next_working_moment

from .digest import BUNDLE_ABOVE, BUNDLE_MAIL, bundle_mail_key
from .models import Signaal
from .outbox import SIGNAAL_MAIL, signaal_mail_key
from .subjects import COORDINATOR_RULES, REMINDER_RULES, SILENT_RULES, TRAJECT, VERWIJZING

logger = logging.getLogger(__name__)

NOTIFY_LEVELS = frozenset({Niveau.OVER, Niveau.VER_OVER})

_S = Signaal._meta.db_table
_T = Termijn._meta.db_table
_TR = Traject._meta.db_table
_V = Verwijzing._meta.db_table
_RA = RoleAssignment._meta.db_table
_U = User._meta.db_table
_P = NotificationPreference._meta.db_table

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
    RETURNING id, level
    )
    SELECT level, count(*), array_agg(id) FROM raised GROUP BY level
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
        new: list[int] = []
        for regel in Regel:
            cursor.execute(_RAISE, {**params, "regel": regel.value})
            result.queries[regel.value] += 1
            for level, count, ids in cursor.fetchall():
                result.raised[regel.value, level] += count
                if regel in SILENT_RULES:
                    continue
                if level in NOTIFY_LEVELS or (level == Niveau.BIJNA and regel in REMINDER_RULES):
                    new.extend(ids)
    result.notified = _notify(new, now) if new else 0
    if result.raised or result.resolved or result.started or result.stopped:
        logger.info("signalen: %s", "; ".join(result.lines()))
    return result


def _per_person(only_if: str = "TRUE") -> str:
    """The new signals to announce (`only_if` a condition holds), grouped per person told about
    them, with their address and chosen delivery: the casemanager for a family's own steps (a
    traject, or a referral of it), else the active coordinators of the region; the people
    `signalen.subjects` names. Whoever has no address or is inactive is told nothing; a safety
    kind cannot be switched off (as `ivh.outbox.staff.deliveries`)."""
    return f"""
    WITH new AS (
        SELECT s.id, s.regel, s.region_id, t.subject_kind, t.subject_id
        FROM unnest(%(ids)s::bigint[]) AS i(id)
        JOIN {_S} AS s ON s.id = i.id
        JOIN {_T} AS t ON t.id = s.termijn_id
        WHERE {only_if}
    ),
    casemanager AS (
        SELECT n.id, n.region_id, CASE
            WHEN n.regel = ANY(%(coordinator_rules)s::text[]) THEN NULL
            ELSE COALESCE(tr.casemanager_id, vt.casemanager_id) END AS user_id
        FROM new AS n
        LEFT JOIN {_TR} AS tr ON n.subject_kind = %(traject)s AND tr.id = n.subject_id
        LEFT JOIN {_V} AS v ON n.subject_kind = %(verwijzing)s AND v.id = n.subject_id
        LEFT JOIN {_TR} AS vt ON vt.id = v.traject_id
    ),
    responsible AS (
        SELECT c.id AS signaal_id, c.user_id FROM casemanager AS c WHERE c.user_id IS NOT NULL
        UNION ALL
        SELECT c.id, ra.user_id
        FROM casemanager AS c
        JOIN (SELECT DISTINCT region_id, user_id FROM {_RA}
              WHERE role = %(coordinator)s AND active) AS ra ON ra.region_id = c.region_id
        WHERE c.user_id IS NULL
    ),
    per_person AS (
        SELECT g.user_id, g.n, g.first_id, g.ids, u.email, CASE
            WHEN p.delivery = %(digest)s THEN %(digest)s
            WHEN p.delivery = %(off)s AND NOT %(safety)s THEN %(off)s
            ELSE %(direct)s END AS delivery
        FROM (
            SELECT user_id, count(*) AS n, min(signaal_id) AS first_id,
                   array_agg(signaal_id) AS ids
            FROM responsible GROUP BY user_id
        ) AS g
        JOIN {_U} AS u ON u.id = g.user_id AND u.is_active AND u.email <> ''
        LEFT JOIN {_P} AS p ON p.user_id = u.id AND p.kind = %(kind)s
    )
    """  # noqa: S608  # nosec B608 (table names from the models' _meta, values as parameters)


# A mail per signal and person, or one bundle for a person with more than BUNDLE_ABOVE.
_MAILS = f"""
    {_per_person()}
    SELECT format(%(signaal_key)s, one.id, p.user_id) AS key, %(kind)s AS kind,
           p.email AS recipient, jsonb_build_object('signaal_id', one.id) AS context,
           %(not_before)s::timestamptz AS not_before
    FROM per_person AS p CROSS JOIN LATERAL unnest(p.ids) AS one(id)
    WHERE p.delivery = %(direct)s AND p.n <= %(bundle_above)s
    UNION ALL
    SELECT format(%(bundle_key)s, p.user_id, p.first_id), %(bundle_kind)s, p.email,
           jsonb_build_object('user_id', p.user_id, 'signaal_ids', to_jsonb(p.ids)),
           %(not_before)s::timestamptz
    FROM per_person AS p
    WHERE p.delivery = %(direct)s AND p.n > %(bundle_above)s
"""  # noqa: S608  # nosec B608 (the statement above, values as parameters)

# Those who chose the daily overview: an item per signal, listed there. Few choose it: when
# nobody has, the statement stops at that one lookup.
_ANYONE_HOLDS = f"""EXISTS (
    SELECT 1 FROM {_P}
    WHERE kind = %(kind)s AND delivery = %(digest)s)"""  # noqa: S608  # nosec B608 (as above)
_HELD = f"""
    {_per_person(_ANYONE_HOLDS)}
    SELECT format(%(signaal_key)s, one.id, p.user_id) AS key, p.user_id,
           jsonb_build_object('signaal_id', one.id) AS context
    FROM per_person AS p CROSS JOIN LATERAL unnest(p.ids) AS one(id)
    WHERE p.delivery = %(digest)s
"""  # noqa: S608  # nosec B608 (the statement above, values as parameters)


def _notify(ids: list[int], now: datetime) -> int:
    """The messages about the new signals `ids`: two statements, whatever their number.
    Returns how many were written (mails, bundles and items held for the overview)."""
    params: dict[str, Any] = {
        # One array literal, not a parameter per id: psycopg would quote each of 100,000.
        "ids": "{" + ",".join(map(str, ids)) + "}",
        "coordinator_rules": sorted(r.value for r in COORDINATOR_RULES),
        "traject": TRAJECT,
        "verwijzing": VERWIJZING,
        "coordinator": Role.COORDINATOR.value,
        "kind": SIGNAAL_MAIL,
        "direct": Delivery.DIRECT.value,
        "digest": Delivery.DIGEST.value,
        "off": Delivery.OFF.value,
        "safety": get_staff_kind(SIGNAAL_MAIL).safety,
        # The keys as the Python key functions make them, as patterns for SQL's format().
        "signaal_key": signaal_mail_key("%s", "%s"),  # type: ignore[arg-type]
        "bundle_key": bundle_mail_key("%s", "%s"),
        "bundle_kind": BUNDLE_MAIL,
        "bundle_above": BUNDLE_ABOVE,
        "not_before": next_working_moment(now),
    }
    mailed = outbox_put_select(select=_MAILS, params=params, kinds={SIGNAAL_MAIL, BUNDLE_MAIL})
    held = digestitem_put_select(select=_HELD, params=params, kind=SIGNAAL_MAIL)
    return mailed + held
