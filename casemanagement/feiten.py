"""The deadlines the traject's facts start and stop (see `ivh.termijnen.feiten`): the MDO, the
plan, its evaluation, the whole way to vervolghulp, each referral and the survey."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import (
    Case,
    DateTimeField,
    Exists,
    F,
    Min,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Greatest, Now

from ivh.termijnen.constants import Onderwerp, Regel
from ivh.termijnen.feiten import FeitRegel, register
from ivh.termijnen.sync import termijnen_bijwerken

from .constants import Fase
from .models import PlanAkkoord, Tevredenheid, Traject, Verwijzing

_NEVER = Value(None, output_field=DateTimeField())
# The satisfaction survey: invited at closure, one reminder after a week; unanswered after
# eight weeks it counts as not answered and its deadline stops.
SURVEY_OPEN_FOR = timedelta(weeks=8)


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


RULES = (
    FeitRegel(
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
    FeitRegel(
        Regel.PLAN,
        Onderwerp.TRAJECT,
        lambda: Traject.objects.annotate(
            region_ref=F("region_id"),
            start=Coalesce("casemanager_assigned_at", "received_at"),
            stop=Coalesce("plan_agreed_at", "closed_at"),
        ),
    ),
    FeitRegel(
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
    FeitRegel(
        Regel.VERVOLGHULP,
        Onderwerp.VERWIJZING,
        lambda: Verwijzing.objects.annotate(
            region_ref=F("traject__region_id"),
            start=_day_start("referred_at"),
            stop=Coalesce(_day_start("started_at"), _day_start("ended_at"), "traject__closed_at"),
        ),
    ),
    FeitRegel(
        Regel.EVALUATIE,
        Onderwerp.TRAJECT,
        lambda: Traject.objects.filter(plan_agreed_at__isnull=False).annotate(
            region_ref=F("region_id"),
            start=Greatest(_latest_agreement(), "plan_agreed_at"),
            stop=Coalesce("closed_at", _NEVER),
        ),
        repeats=True,
    ),
    FeitRegel(
        Regel.TEVREDENHEID,
        Onderwerp.TRAJECT,
        lambda: Traject.objects.filter(
            Exists(Tevredenheid.objects.filter(traject=OuterRef("pk"), invited_at__isnull=False))
        ).annotate(
            region_ref=F("region_id"),
            start=F("tevredenheid__invited_at"),
            # Answered, or closed unanswered once the survey has had its time (the clock of a
            # family that never answers does not run, and signal, for ever).
            stop=Coalesce(
                "tevredenheid__answered_at",
                Case(
                    When(
                        tevredenheid__invited_at__lte=Now() - SURVEY_OPEN_FOR,
                        then=F("tevredenheid__invited_at") + SURVEY_OPEN_FOR,
                    ),
                    default=_NEVER,
                ),
            ),
        ),
    ),
)


def register_rules() -> None:
    register(*RULES)


def traject_termijnen_bijwerken(*traject_ids: int) -> None:
    """The deadlines of trajecten and of their referrals, after an event on either (in the
    event's transaction; one set of queries however many trajecten). Apps above
    casemanagement (mdo) call this too."""
    termijnen_bijwerken(Onderwerp.TRAJECT, traject_ids)
    termijnen_bijwerken(
        Onderwerp.VERWIJZING,
        Verwijzing.objects.filter(traject_id__in=traject_ids).values_list("pk", flat=True),
    )
