"""Bring the stored deadlines in line with the recorded facts (`ivh.termijnen.feiten`).

Per rule: stop the open deadlines whose fact happened, reopen one whose fact was undone (a
referral's start date cleared), start the deadlines that should be running, and start the next
occurrence of a repeating rule. Set-based over all subjects (`termijnen_sync`) or restricted to
the subjects of one event (`termijnen_bijwerken`), with the same queries.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef, Subquery
from django.utils.translation import gettext as _

from .feiten import FeitRegel, registered
from .models import Termijn
from .services import norm_current, termijn_reproject, termijn_restart, termijn_start


@dataclass
class SyncResult:
    started: int = 0
    stopped: int = 0
    restarted: int = 0
    reopened: int = 0
    moved: int = 0


def _sync_rule(rule: FeitRegel, ids: list[int] | None, result: SyncResult) -> None:
    subjects = rule.subjects()
    existing = Termijn.objects.filter(subject_kind=rule.kind, regel=rule.regel)
    if ids is not None:
        subjects = subjects.filter(pk__in=ids)
        existing = existing.filter(subject_id__in=ids)
    # 1. Stop what happened (before starting anything: a new deadline may stop at once).
    stops = rule.subjects().filter(pk=OuterRef("subject_id"), stop__isnull=False)
    result.stopped += (
        existing.open().filter(Exists(stops)).update(stopped_at=Subquery(stops.values("stop")[:1]))
    )
    # 2. A subject forwarded to another region runs on that region's norm and calendar.
    elsewhere = (
        rule.subjects().filter(pk=OuterRef("subject_id")).exclude(region_ref=OuterRef("region_id"))
    )
    for termijn in existing.open().filter(Exists(elsewhere)).prefetch_related("pauzes"):
        region_id = (
            rule.subjects().filter(pk=termijn.subject_id).values_list("region_ref", flat=True)[0]
        )
        termijn.region_id = region_id
        termijn.norm = norm_current(region_id, rule.regel)
        termijn_reproject(termijn, _("naar een andere regio doorgestuurd"))
        result.moved += 1
    # 3. A fact taken back (a date cleared) lets the newest occurrence run again.
    if not rule.repeats:
        undone = rule.subjects().filter(pk=OuterRef("subject_id"), stop__isnull=True)
        result.reopened += (
            existing.filter(stopped_at__isnull=False).filter(Exists(undone)).update(stopped_at=None)
        )
    # 4. Start what should be running, and what already ended but was never recorded.
    missing = (
        subjects.filter(start__isnull=False)
        .exclude(pk__in=existing.values("subject_id"))
        .values_list("pk", "region_ref", "start", "stop")
    )
    for pk, region_id, start, stop in missing:
        termijn = termijn_start(
            subject_kind=rule.kind,
            subject_id=pk,
            regel=rule.regel,
            region_id=region_id,
            started_at=start,
        )
        if stop is not None:
            Termijn.objects.filter(pk=termijn.pk).update(stopped_at=stop)
        result.started += 1
    # 5. A repeating rule starts again from its newest start (the next plan evaluation).
    if rule.repeats:
        newer = rule.subjects().filter(pk=OuterRef("subject_id"), start__gt=OuterRef("started_at"))
        for termijn in existing.open().filter(Exists(newer)):
            start = rule.subjects().filter(pk=termijn.subject_id).values_list("start", flat=True)[0]
            termijn_restart(
                subject_kind=rule.kind,
                subject_id=termijn.subject_id,
                regel=rule.regel,
                region_id=termijn.region_id,
                started_at=start,
            )
            result.restarted += 1


@transaction.atomic
def termijnen_sync() -> SyncResult:
    """Every rule over every subject: the safety net before each scan."""
    result = SyncResult()
    for rule in registered():
        _sync_rule(rule, None, result)
    return result


def termijnen_bijwerken(kind: str, ids: Iterable[int]) -> SyncResult:
    """The deadlines of these subjects after an event, inside the event's transaction."""
    result = SyncResult()
    ids = sorted(set(ids))
    if ids:
        for rule in registered(kind):
            _sync_rule(rule, ids, result)
    return result
