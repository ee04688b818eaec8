"""The deadlines of one traject, for the traject page (each clock with its explanation, paused
and resumed there) and the parents' page (their own next step and its date against the norm).

The deadlines themselves live in the core (`ivh.termijnen`); this module only gathers those of
one family: the traject's, its referrals' and its registration's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import (
    DateField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy, ngettext

from ivh.termijnen.constants import Eenheid, Onderwerp, Regel
from ivh.termijnen.models import Termijn, TermijnQuerySet
from ivh.termijnen.projection import NormSpec, Projection, project
from ivh.termijnen.services import norm_current, termijn_projection
from ivh.werkkalender.calendar import WorkCalendar

from .models import Traject, Verwijzing


@dataclass(frozen=True)
class Klok:
    termijn: Termijn
    projection: Projection
    level: str  # "" (within the norm), or a Niveau

    @property
    def paused(self) -> bool:
        return self.termijn.stopped_at is None and self.termijn.due_at is None

    @property
    def running(self) -> bool:
        return self.termijn.stopped_at is None


def _of(traject: Traject) -> Q:
    """The family's deadlines: the traject's, its referrals' and its registration's.

    The referral ids are read first and named as a list: an `IN (subquery)` inside this OR
    cannot use the (subject_kind, subject_id) index, so Postgres scanned every referral
    deadline of the country (~90,000 rows) for each traject page. With the list, each branch
    of the OR is an index lookup (a BitmapOr)."""
    q = Q(subject_kind=Onderwerp.TRAJECT, subject_id=traject.pk)
    referral_ids = list(traject.verwijzingen.order_by().values_list("pk", flat=True))
    if referral_ids:
        q |= Q(subject_kind=Onderwerp.VERWIJZING, subject_id__in=referral_ids)
    if traject.aanmelding_id:
        q |= Q(subject_kind=Onderwerp.AANMELDING, subject_id=traject.aanmelding_id)
    return q


def traject_klokken(traject: Traject) -> list[Klok]:
    """Every deadline of the family: the running ones first (soonest due), then the stopped."""
    termijnen = list(
        Termijn.objects.filter(_of(traject))
        .select_related("norm")
        .prefetch_related("pauzes")
        .order_by(F("stopped_at").asc(nulls_first=True), "due_at", "pk")
    )
    calendar = WorkCalendar.for_region(traject.region_id)
    now = timezone.now()
    return [Klok(t, termijn_projection(t, calendar), t.level_at(now)) for t in termijnen]


def running_of_traject(traject: Traject, *, paused: bool) -> QuerySet[Termijn]:
    """The family's running deadlines that are held (`paused`) or not: what the traject page's
    forms may name (one query, no projections)."""
    return Termijn.objects.open().filter(_of(traject), due_at__isnull=paused)


# What the parents read about their next step, per rule (B1: short, "u", no jargon).
_NEXT_STEP = {
    Regel.MDO: gettext_lazy(
        "Uw kind wordt besproken in een overleg met deskundigen (het MDO). Afgesproken is dat "
        "dit uiterlijk %(due)s gebeurt: binnen %(norm)s na uw aanmelding."
    ),
    Regel.PLAN: gettext_lazy(
        "U maakt samen met uw casemanager een plan. Afgesproken is dat het plan uiterlijk "
        "%(due)s klaar is: binnen %(norm)s."
    ),
    Regel.VERVOLGHULP: gettext_lazy(
        "Uw kind is verwezen naar verdere hulp. Afgesproken is dat die hulp uiterlijk %(due)s "
        "begint: binnen %(norm)s na de verwijzing."
    ),
    Regel.EVALUATIE: gettext_lazy(
        "Uiterlijk %(due)s bekijkt u samen met uw casemanager hoe het gaat met het plan."
    ),
}
# The step is later than agreed: no date in the past as if it still held.
_LATE_STEP = {
    Regel.MDO: gettext_lazy("Het overleg met deskundigen (MDO)"),
    Regel.PLAN: gettext_lazy("Het plan"),
    Regel.VERVOLGHULP: gettext_lazy("De start van de verdere hulp"),
    Regel.EVALUATIE: gettext_lazy("Het gesprek over hoe het gaat"),
}
_LATE = gettext_lazy(
    "%(step)s duurt langer dan de afgesproken %(norm)s. Uw casemanager houdt u op de hoogte; "
    "u kunt hieronder ook een vraag stellen."
)
_NEXT_STEP_PAUSED = gettext_lazy(
    "De termijn voor de volgende stap staat op dit moment stil, zoals met u is afgesproken."
)


def norm_words(termijn: Termijn) -> str:
    norm = termijn.norm
    n = norm.amount
    if norm.unit == Eenheid.WERKDAGEN:
        return ngettext("%(n)s werkdag", "%(n)s werkdagen", n) % {"n": n}
    if norm.unit == Eenheid.WEKEN:
        return ngettext("%(n)s week", "%(n)s weken", n) % {"n": n}
    return ngettext("%(n)s maand", "%(n)s maanden", n) % {"n": n}


NextStepProvider = Callable[[Traject, list[Klok]], str]
_next_step_providers: list[NextStepProvider] = []


def register_next_step_provider(provider: NextStepProvider) -> NextStepProvider:
    """An app above casemanagement (mdo) that knows a planned date for the next step says it
    first: "Het MDO is gepland op …". Registering the same function twice does nothing."""
    if provider not in _next_step_providers:
        _next_step_providers.append(provider)
    return provider


def parent_next_step(traject: Traject) -> str:
    """The family's own next step and its expected date against the norm, in plain words;
    empty when nothing is waiting (or the traject is closed)."""
    if not traject.is_open:
        return ""
    klokken = traject_klokken(traject)
    for provider in _next_step_providers:
        said = provider(traject, klokken)
        if said:
            return said
    running = [k for k in klokken if k.running and k.termijn.regel in _NEXT_STEP]
    if not running:
        return ""
    paused = [k for k in running if k.paused]
    due = sorted(
        ((k.projection.due_day, k) for k in running if k.projection.due_day is not None),
        key=lambda pair: pair[0],
    )
    if not due:
        return str(_NEXT_STEP_PAUSED) if paused else ""
    due_day, klok = due[0]
    if due_day < timezone.localdate():
        return str(_LATE) % {
            "step": _LATE_STEP[Regel(klok.termijn.regel)],
            "norm": norm_words(klok.termijn),
        }
    return str(_NEXT_STEP[Regel(klok.termijn.regel)]) % {
        "due": date_format(due_day, "l j F"),
        "norm": norm_words(klok.termijn),
    }


def _running_with_a_day() -> TermijnQuerySet:
    """The running deadlines a caseload names as a next step: held ones have no day, and the
    registration-to-help lead time is a measure, not a step."""
    return Termijn.objects.open().filter(due_at__isnull=False).exclude(regel=Regel.DOORLOOPTIJD)


def next_termijn_of_traject(*, referrals: bool) -> tuple[Subquery, Subquery]:
    """Subqueries on trajecten (`OuterRef("pk")`): the last day within the norm
    (`Termijn.last_day` in SQL: the local day before `due_at`) and the rule of the traject's
    own running deadline due first (`referrals` False), or of its referrals' (True).

    Two subqueries rather than one with an OR: each is an index lookup on
    (subject_kind, subject_id), the referrals' through a join on their traject."""
    if referrals:
        termijnen = _running_with_a_day().filter(
            subject_kind=Onderwerp.VERWIJZING,
            subject_id__in=Verwijzing.objects.filter(traject_id=OuterRef(OuterRef("pk"))).values(
                "pk"
            ),
        )
    else:
        termijnen = _running_with_a_day().filter(
            subject_kind=Onderwerp.TRAJECT, subject_id=OuterRef("pk")
        )
    first = termijnen.order_by("due_at", "pk")
    last_day = ExpressionWrapper(TruncDate("due_at") - Value(1), output_field=DateField())
    return (
        Subquery(first.values_list(last_day)[:1], output_field=DateField()),
        Subquery(first.values("regel")[:1]),
    )


def reached_termijnen_by_traject(traject_ids: list[int], now: datetime) -> dict[int, list[Termijn]]:
    """The running deadlines of these trajecten (their own and their referrals') that have
    reached a level now (at least "bijna"), own first; one query, whatever the number of
    trajecten or referrals. Each is annotated with `traject_id`."""
    out: dict[int, list[Termijn]] = {pk: [] for pk in traject_ids}
    if not traject_ids:
        return out
    reached = (
        Termijn.objects.open()
        .filter(due_at__isnull=False)
        .filter(Q(warn_at__lte=now) | Q(due_at__lte=now) | Q(far_at__lte=now))
    )
    own = reached.filter(subject_kind=Onderwerp.TRAJECT, subject_id__in=traject_ids).annotate(
        traject_id=F("subject_id")
    )
    # A semi-join on the referrals of these trajecten (not an OR with the own ones, which
    # would scan every referral deadline): each branch of the UNION uses the subject index.
    of_referrals = reached.filter(
        subject_kind=Onderwerp.VERWIJZING,
        subject_id__in=Verwijzing.objects.filter(traject_id__in=traject_ids).values("pk"),
    ).annotate(
        traject_id=Subquery(
            Verwijzing.objects.filter(pk=OuterRef("subject_id")).order_by().values("traject_id")
        )
    )
    for termijn in own.union(of_referrals, all=True).order_by("subject_kind", "pk"):
        out[termijn.traject_id].append(termijn)
    return out


def termijnen_by_subject(kind: str, regel: str, subject_ids: Iterable[int]) -> dict[int, Termijn]:
    """The deadline of each subject for one rule, with its norm (one query; for a repeating
    rule the newest occurrence). A subject whose deadline has not started yet is absent."""
    out: dict[int, Termijn] = {}
    for termijn in (
        Termijn.objects.filter(subject_kind=kind, regel=regel, subject_id__in=list(subject_ids))
        .select_related("norm")
        .order_by("subject_id", "occurrence")
    ):
        out[termijn.subject_id] = termijn
    return out


def next_evaluation_day(traject: Traject) -> date:
    """When the plan is next evaluated: the last day of the running evaluation deadline, or,
    before the first agreement starts one, one evaluation norm of the region from today."""
    running = (
        Termijn.objects.open()
        .filter(
            subject_kind=Onderwerp.TRAJECT,
            subject_id=traject.pk,
            regel=Regel.EVALUATIE,
            due_at__isnull=False,  # a held deadline has no day
        )
        .order_by("-occurrence")
        .first()
    )
    if running is not None and running.last_day is not None:
        return running.last_day
    norm = norm_current(traject.region_id, Regel.EVALUATIE)
    projection = project(
        started_at=timezone.now(),
        norm=NormSpec(norm.amount, norm.unit, norm.warn_percent, norm.far_percent),
        calendar=WorkCalendar.for_region(traject.region_id),
        pauses=[],
    )
    assert projection.due_day is not None  # no pauses: always a day
    return projection.due_day
