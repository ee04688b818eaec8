"""Bring the stored deadlines in line with the recorded facts (`ivh.termijnen.feiten`).

Per rule: stop the open deadlines whose fact happened, reopen one whose fact was undone (a
referral's start date cleared), start the deadlines that should be running, and start the next
occurrence of a repeating rule. Set-based over all subjects (`termijnen_sync`) or restricted to
the subjects of one event (`termijnen_bijwerken`), with the same queries. Subjects that were
just created have nothing to stop, move or reopen: `termijnen_starten` only starts theirs, with
one insert for all of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.postgres.expressions import ArraySubquery
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.db.models.functions import JSONObject
from django.utils import timezone
from django.utils.translation import gettext as _

from ivh.werkkalender.calendar import WorkCalendar
from ivh.werkkalender.models import Sluitingsdag

from .feiten import FeitRegel, registered
from .models import Norm, Termijn
from .projection import NormSpec, project
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


def termijnen_starten(kind: str, ids: Iterable[int]) -> SyncResult:
    """The deadlines of subjects created in this transaction (they have none yet): what
    `termijnen_bijwerken` would start for them, read from the same rule declarations, in two
    statements per rule however many subjects: their facts with their region's current norm and
    closure days, then every deadline in one insert. (Nothing can have happened yet to stop,
    move or reopen a deadline that does not exist.)

    A deadline that exists already is left as it is (the unique constraint on subject, rule and
    occurrence), as `termijn_start` leaves it."""
    result = SyncResult()
    ids = sorted(set(ids))
    if not ids:
        return result
    termijnen = []
    for rule in registered(kind):
        for pk, region_id, start, stop, norm, closed in _facts_with_norm(rule, ids):
            if norm is None:
                # The region never had a version of this norm: the default, written once.
                current = norm_current(region_id, rule.regel)
                norm = {
                    "id": current.pk,
                    "amount": current.amount,
                    "unit": current.unit,
                    "warn_percent": current.warn_percent,
                    "far_percent": current.far_percent,
                }
            projection = project(
                started_at=start,
                norm=NormSpec(
                    norm["amount"], norm["unit"], norm["warn_percent"], norm["far_percent"]
                ),
                calendar=WorkCalendar((day, "") for day in closed or ()),
                pauses=[],
            )
            termijnen.append(
                Termijn(
                    subject_kind=rule.kind,
                    subject_id=pk,
                    regel=rule.regel,
                    occurrence=1,
                    region_id=region_id,
                    norm_id=norm["id"],
                    started_at=start,
                    warn_at=projection.warn_at,
                    due_at=projection.due_at,
                    far_at=projection.far_at,
                    # The fact is there already (recorded with the subject): a stopped clock.
                    stopped_at=stop,
                )
            )
    if termijnen:
        Termijn.objects.bulk_create(termijnen, ignore_conflicts=True)
    result.started += len(termijnen)
    return result


def _facts_with_norm(rule: FeitRegel, ids: list[int]) -> QuerySet:
    """(pk, region, start, stop, norm, closure days) of these subjects that have a start: the
    norm their region has now for this rule (as `norm_current` picks it; None if it never had
    one) and the days the region's aanmeldpunt is closed, in the same query."""
    norm = Norm.objects.filter(
        region_id=OuterRef("region_ref"), regel=rule.regel, valid_from__lte=timezone.now()
    ).order_by("-valid_from")
    fields = JSONObject(
        id="pk",
        amount="amount",
        unit="unit",
        warn_percent="warn_percent",
        far_percent="far_percent",
    )
    # Without the model's ordering (by region name): that would join the regions for nothing.
    closed = Sluitingsdag.objects.filter(region_id=OuterRef("region_ref")).order_by().values("day")
    return (
        rule.subjects()
        .filter(pk__in=ids, start__isnull=False)
        .annotate(
            current_norm=Subquery(norm.values(json=fields)[:1]),
            closed_days=ArraySubquery(closed),
        )
        .values_list("pk", "region_ref", "start", "stop", "current_norm", "closed_days")
    )
