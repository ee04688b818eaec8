"""Deadlines from the facts the domain records: the backfill of existing data and the safety net
that runs before every scan, so a signal is never raised for a step already taken.

Per rule one query finds the subjects that should have a deadline and have none (each new one is
projected with the calendar), and one statement stops the open deadlines whose fact happened. The
facts are the fact timestamps on the registration, the traject and the referral (DESIGN §2).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import (
    DateTimeField,
    Exists,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Greatest

from aanmelding.models import Aanmelding
from casemanagement.constants import Fase
from casemanagement.models import PlanAkkoord, Tevredenheid, Traject, Verwijzing
from ivh.termijnen.constants import Onderwerp, Regel
from ivh.termijnen.models import Termijn
from ivh.termijnen.services import termijn_restart, termijn_start

_NEVER = Value(None, output_field=DateTimeField())


def _day_start(field: str) -> Cast:
    """A date as a moment (midnight UTC: the same day in the Netherlands, which is what the
    deadline counts from; the referral's dates are days, not moments)."""
    return Cast(F(field), output_field=DateTimeField())


def _latest_agreement() -> Subquery:
    return Subquery(
        PlanAkkoord.objects.filter(versie__plan__gezin=OuterRef("gezin"))
        .order_by("-agreed_at")
        .values("agreed_at")[:1],
        output_field=DateTimeField(),
    )


def _first_referral_started() -> Subquery:
    return Subquery(
        Verwijzing.objects.filter(traject=OuterRef("pk"), started_at__isnull=False)
        .values("traject")
        .annotate(first=Min("started_at"))
        .values("first")[:1]
    )


@dataclass(frozen=True)
class Spec:
    regel: Regel
    kind: Onderwerp
    # The subjects that get this deadline, annotated with `region`, `start` and `stop` (the
    # moment the fact happened, or NULL while it has not).
    subjects: Callable[[], QuerySet]


SPECS = [
    Spec(
        Regel.EERSTE_CONTACT,
        Onderwerp.AANMELDING,
        lambda: Aanmelding.objects.filter(region__isnull=False).annotate(
            region_ref=F("region_id"),
            start=F("received_at"),
            stop=Coalesce("first_contact_at", "closed_at"),
        ),
    ),
    Spec(
        Regel.MDO,
        Onderwerp.TRAJECT,
        lambda: Traject.objects.filter(
            Q(fase=Fase.MDO) | Q(first_mdo_held_at__isnull=False)
        ).annotate(
            region_ref=F("region_id"),
            start=F("received_at"),
            stop=Coalesce("first_mdo_held_at", "closed_at"),
        ),
    ),
    Spec(
        Regel.PLAN,
        Onderwerp.TRAJECT,
        lambda: Traject.objects.annotate(
            region_ref=F("region_id"),
            start=Coalesce("casemanager_assigned_at", "received_at"),
            stop=Coalesce("plan_agreed_at", "closed_at"),
        ),
    ),
    Spec(
        Regel.DOORLOOPTIJD,
        Onderwerp.TRAJECT,
        lambda: Traject.objects.annotate(
            region_ref=F("region_id"),
            start=F("received_at"),
            stop=Coalesce(
                Cast(_first_referral_started(), output_field=DateTimeField()), "closed_at"
            ),
        ),
    ),
    Spec(
        Regel.VERVOLGHULP,
        Onderwerp.VERWIJZING,
        lambda: Verwijzing.objects.annotate(
            region_ref=F("traject__region_id"),
            start=_day_start("referred_at"),
            stop=Coalesce(_day_start("started_at"), _day_start("ended_at"), "traject__closed_at"),
        ),
    ),
    Spec(
        Regel.EVALUATIE,
        Onderwerp.TRAJECT,
        lambda: Traject.objects.filter(plan_agreed_at__isnull=False).annotate(
            region_ref=F("region_id"),
            start=Greatest(_latest_agreement(), "plan_agreed_at"),
            stop=Coalesce("closed_at", _NEVER),
        ),
    ),
    Spec(
        Regel.TEVREDENHEID,
        Onderwerp.TRAJECT,
        lambda: Traject.objects.filter(
            Exists(Tevredenheid.objects.filter(traject=OuterRef("pk"), invited_at__isnull=False))
        ).annotate(
            region_ref=F("region_id"),
            start=F("tevredenheid__invited_at"),
            stop=F("tevredenheid__answered_at"),
        ),
    ),
]


@dataclass
class SyncResult:
    started: int = 0
    stopped: int = 0
    restarted: int = 0


@transaction.atomic
def sync() -> SyncResult:
    result = SyncResult()
    for spec in SPECS:
        existing = Termijn.objects.filter(subject_kind=spec.kind, regel=spec.regel)
        # 1. Stop what happened (before starting anything: a new deadline may stop at once).
        stops = spec.subjects().filter(pk=OuterRef("subject_id"), stop__isnull=False)
        result.stopped += (
            existing.open()
            .filter(Exists(stops))
            .update(stopped_at=Subquery(stops.values("stop")[:1]))
        )
        # 2. Start what should be running, and what already ended but was never recorded.
        missing = (
            spec.subjects()
            .filter(start__isnull=False)
            .exclude(pk__in=existing.values("subject_id"))
            .values_list("pk", "region_ref", "start", "stop")
        )
        for pk, region_id, start, stop in missing:
            termijn = termijn_start(
                subject_kind=spec.kind,
                subject_id=pk,
                regel=spec.regel,
                region_id=region_id,
                started_at=start,
            )
            if stop is not None:
                Termijn.objects.filter(pk=termijn.pk).update(stopped_at=stop)
            result.started += 1
        # 3. A repeating rule starts again from its newest start (the next plan evaluation).
        if spec.regel == Regel.EVALUATIE:
            newer = spec.subjects().filter(
                pk=OuterRef("subject_id"), start__gt=OuterRef("started_at")
            )
            for termijn in existing.open().filter(Exists(newer)):
                start = (
                    spec.subjects().filter(pk=termijn.subject_id).values_list("start", flat=True)[0]
                )
                termijn_restart(
                    subject_kind=spec.kind,
                    subject_id=termijn.subject_id,
                    regel=spec.regel,
                    region_id=termijn.region_id,
                    started_at=start,
                )
                result.restarted += 1
    return result
