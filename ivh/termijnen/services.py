"""Start, stop, pause and resume a deadline; change a norm or the calendar and re-project.

Every function runs inside the caller's transaction (the event that moves the deadline) and
never sends anything itself: the scan raises signals from the stored columns.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ivh.accounts.models import User
from ivh.netwerk.models import Region
from ivh.werkkalender.calendar import WorkCalendar
from ivh.werkkalender.models import Sluitingsdag

from .constants import DEFAULT_NORMS, Regel
from .models import Norm, Pauze, Termijn
from .projection import NormSpec, PauseSpan, Projection, project

# The first version of every default norm counts from long before the first registration.
EPOCH = datetime(2000, 1, 1, tzinfo=timezone.get_fixed_timezone(0))


def norm_current(region_id: int, regel: str) -> Norm:
    """The region's norm for this rule now; the DESIGN default if the region never set one."""
    norm = (
        Norm.objects.filter(region_id=region_id, regel=regel, valid_from__lte=timezone.now())
        .order_by("-valid_from")
        .first()
    )
    if norm is not None:
        return norm
    amount, unit = DEFAULT_NORMS[regel]
    norm, _created = Norm.objects.get_or_create(
        region_id=region_id,
        regel=regel,
        valid_from=EPOCH,
        defaults={"amount": amount, "unit": unit, "reason": "standaardnorm"},
    )
    return norm


def current_norm_amounts(region_ids: Iterable[int], regel: str) -> dict[int, int]:
    """Each region's current norm for one rule (what `norm_current` says), for a page that only
    shows the figure: one query for all regions and, unlike `norm_current`, no write on a page
    view for a region that never had its own version (it has the DESIGN default)."""
    ids = set(region_ids)
    current = dict(
        Norm.objects.filter(region_id__in=ids, regel=regel, valid_from__lte=timezone.now())
        .order_by("region_id", "-valid_from")
        .distinct("region_id")
        .values_list("region_id", "amount")
    )
    return {pk: current.get(pk, DEFAULT_NORMS[regel][0]) for pk in ids}


def _spec(norm: Norm) -> NormSpec:
    return NormSpec(norm.amount, norm.unit, norm.warn_percent, norm.far_percent)


def _pauses(termijn: Termijn) -> list[PauseSpan]:
    return [PauseSpan(p.started_at, p.ended_at, p.reden) for p in termijn.pauzes.all()]


def termijn_projection(termijn: Termijn, calendar: WorkCalendar | None = None) -> Projection:
    """Where the deadline lies and why (for the traject page and the parents' link)."""
    return project(
        started_at=termijn.started_at,
        norm=_spec(termijn.norm),
        calendar=calendar or WorkCalendar.for_region(termijn.region_id),
        pauses=_pauses(termijn),
    )


def _apply(termijn: Termijn, projection: Projection, reason: str) -> bool:
    """Store a new projection; a moved deadline gets a new version. Returns whether it moved."""
    moved = (termijn.warn_at, termijn.due_at, termijn.far_at) != (
        projection.warn_at,
        projection.due_at,
        projection.far_at,
    )
    if moved:
        termijn.warn_at, termijn.due_at, termijn.far_at = (
            projection.warn_at,
            projection.due_at,
            projection.far_at,
        )
        termijn.deadline_version += 1
        termijn.deadline_reason = reason[:200]
    return moved


@transaction.atomic
def termijn_start(
    *,
    subject_kind: str,
    subject_id: int,
    regel: str,
    region_id: int,
    started_at: datetime,
    occurrence: int = 1,
) -> Termijn:
    """Start the clock (once: a second call for the same subject and rule returns the first)."""
    norm = norm_current(region_id, regel)
    termijn, created = Termijn.objects.get_or_create(
        subject_kind=subject_kind,
        subject_id=subject_id,
        regel=regel,
        occurrence=occurrence,
        defaults={"region_id": region_id, "norm": norm, "started_at": started_at},
    )
    if created:
        projection = project(
            started_at=started_at,
            norm=_spec(norm),
            calendar=WorkCalendar.for_region(region_id),
            pauses=[],
        )
        termijn.warn_at, termijn.due_at, termijn.far_at = (
            projection.warn_at,
            projection.due_at,
            projection.far_at,
        )
        termijn.save(update_fields=["warn_at", "due_at", "far_at"])
    return termijn


def termijn_stop(*, subject_kind: str, subject_id: int, regel: str, at: datetime) -> int:
    """Stop the running clock(s) of this subject and rule: the fact it waited for happened."""
    return (
        Termijn.objects.open()
        .filter(subject_kind=subject_kind, subject_id=subject_id, regel=regel)
        .update(stopped_at=at)
    )


def termijn_restart(
    *, subject_kind: str, subject_id: int, regel: str, region_id: int, started_at: datetime
) -> Termijn:
    """Stop the current occurrence of a repeating rule and start the next (plan evaluation)."""
    last = (
        Termijn.objects.filter(subject_kind=subject_kind, subject_id=subject_id, regel=regel)
        .order_by("-occurrence")
        .first()
    )
    termijn_stop(subject_kind=subject_kind, subject_id=subject_id, regel=regel, at=started_at)
    return termijn_start(
        subject_kind=subject_kind,
        subject_id=subject_id,
        regel=regel,
        region_id=region_id,
        started_at=started_at,
        occurrence=(last.occurrence + 1) if last else 1,
    )


@transaction.atomic
def termijn_pause(
    *, termijn: Termijn, reden: str, toelichting: str = "", by: User, at: datetime | None = None
) -> Pauze:
    termijn = Termijn.objects.select_for_update().get(pk=termijn.pk)
    if termijn.stopped_at is not None:
        raise ValidationError(_("Deze termijn loopt niet meer."))
    if termijn.pauzes.filter(ended_at__isnull=True).exists():
        raise ValidationError(_("Deze termijn is al gepauzeerd."))
    pauze = Pauze.objects.create(
        termijn=termijn,
        started_at=at or timezone.now(),
        reden=reden,
        toelichting=toelichting,
        created_by=by,
    )
    _apply(termijn, termijn_projection(termijn), _("gepauzeerd"))
    termijn.save()
    return pauze


@transaction.atomic
def termijn_resume(*, termijn: Termijn, by: User, at: datetime | None = None) -> Termijn:
    termijn = Termijn.objects.select_for_update().get(pk=termijn.pk)
    updated = termijn.pauzes.filter(ended_at__isnull=True).update(
        ended_at=at or timezone.now(), ended_by=by
    )
    if not updated:
        raise ValidationError(_("Deze termijn is niet gepauzeerd."))
    _apply(termijn, termijn_projection(termijn), _("hervat na een pauze"))
    termijn.save()
    return termijn


def termijn_reproject(termijn: Termijn, reason: str) -> bool:
    """Store the deadline again after its norm or region changed; returns whether it moved."""
    moved = _apply(termijn, termijn_projection(termijn), reason)
    termijn.save()
    return moved


def _reproject(termijnen: Iterable[Termijn], reason: str, region_id: int) -> int:
    calendar = WorkCalendar.for_region(region_id)
    moved = []
    for termijn in termijnen:
        if _apply(termijn, termijn_projection(termijn, calendar), reason):
            moved.append(termijn)
    Termijn.objects.bulk_update(
        moved,
        ["warn_at", "due_at", "far_at", "deadline_version", "deadline_reason", "norm"],
        batch_size=500,
    )
    return len(moved)


@transaction.atomic
def norm_change(
    *,
    region: Region,
    regel: str,
    amount: int,
    unit: str,
    warn_percent: int,
    far_percent: int,
    by: User,
    reason: str,
) -> Norm:
    """A new version of the norm; the open deadlines move to it, the stopped ones keep theirs."""
    norm = Norm(
        region=region,
        regel=Regel(regel),
        amount=amount,
        unit=unit,
        warn_percent=warn_percent,
        far_percent=far_percent,
        reason=reason,
        created_by=by,
    )
    norm.full_clean()
    norm.save()
    open_ones = list(
        Termijn.objects.open()
        .filter(region=region, regel=regel)
        .select_related("norm")
        .prefetch_related("pauzes")
    )
    for termijn in open_ones:
        termijn.norm = norm
    _reproject(open_ones, _("norm gewijzigd: %(reason)s") % {"reason": reason}, region.pk)
    return norm


@transaction.atomic
def sluitingsdag_set(
    *, region: Region, day: date, reason: str, by: User | None
) -> tuple[Sluitingsdag, int]:
    """Close the region's aanmeldpunt on a day; the open deadlines in working days move.
    Returns the closure day and how many deadlines moved."""
    sluitingsdag, _created = Sluitingsdag.objects.update_or_create(
        region=region, day=day, defaults={"reason": reason, "created_by": by}
    )
    moved = _reproject_calendar(region, _("sluitingsdag %(day)s") % {"day": day.isoformat()})
    return sluitingsdag, moved


@transaction.atomic
def sluitingsdag_remove(*, region: Region, day: date) -> int:
    """The region's aanmeldpunt is open that day after all; returns how many deadlines moved."""
    Sluitingsdag.objects.filter(region=region, day=day).delete()
    return _reproject_calendar(
        region, _("sluitingsdag %(day)s vervallen") % {"day": day.isoformat()}
    )


def _reproject_calendar(region: Region, reason: str) -> int:
    open_ones = (
        Termijn.objects.open()
        .filter(region=region, norm__unit="werkdagen")
        .select_related("norm")
        .prefetch_related("pauzes")
    )
    return _reproject(open_ones, reason, region.pk)


def termijn_waits(termijn: Termijn, until: datetime | None = None) -> tuple[int, int]:
    """Gross and net wait in calendar days: net leaves out the days the clock was paused."""
    end = timezone.localdate(termijn.stopped_at or until or timezone.now())
    gross = max((end - timezone.localdate(termijn.started_at)).days, 0)
    paused = 0
    for pauze in termijn.pauzes.all():
        until_day = timezone.localdate(pauze.ended_at) if pauze.ended_at else end
        paused += max((min(until_day, end) - timezone.localdate(pauze.started_at)).days, 0)
    return gross, gross - paused
