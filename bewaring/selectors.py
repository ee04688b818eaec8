"""What the retention pages and the daily job read: the roots that fall due, what holds them,
the calendar of the coming months, and what a batch did (per kind, for the viewer's regions)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import models
from django.db.models import Count, Exists, ExpressionWrapper, OuterRef, Q
from django.utils import timezone

from aanmelding.constants import OPEN_STATUSES
from aanmelding.models import Aanmelding
from casemanagement.constants import OPEN_FASEN
from casemanagement.models import OuderVraag, Traject, Verwijzing
from ivh.accounts.models import User
from ivh.termijnen.constants import Onderwerp
from ivh.termijnen.models import Termijn
from mdo.constants import MdoStatus
from mdo.models import Agendapunt

from .constants import Blokkade, Regel, RootSoort, Uitkomst
from .models import Bewaaractie, Bewaarbatch
from .registry import Root
from .rules import Termen, aanmelding_roots, gezin_roots

# --- holds ---------------------------------------------------------------------------------

# One flag per hold, annotated on the root's row (one query for any number of roots).
_FLAG = {b: f"blok_{b.value}" for b in Blokkade}


def _aanmelding_holds(now: datetime) -> dict[str, Any]:
    return {
        _FLAG[Blokkade.OPEN_KLOK]: Exists(
            Termijn.objects.open().filter(
                subject_kind=Onderwerp.AANMELDING, subject_id=OuterRef("pk")
            )
        ),
        _FLAG[Blokkade.NOG_OPEN]: ExpressionWrapper(
            Q(status__in=OPEN_STATUSES), output_field=models.BooleanField()
        ),
    }


def _gezin_holds(now: datetime) -> dict[str, Any]:
    of_gezin = Traject.objects.filter(gezin=OuterRef(OuterRef("pk"))).values("pk")
    return {
        _FLAG[Blokkade.OPEN_KLOK]: Exists(
            Termijn.objects.open().filter(
                Q(subject_kind=Onderwerp.TRAJECT, subject_id__in=of_gezin)
                | Q(
                    subject_kind=Onderwerp.VERWIJZING,
                    subject_id__in=Verwijzing.objects.filter(
                        traject__gezin=OuterRef(OuterRef("pk"))
                    ).values("pk"),
                )
                | Q(
                    subject_kind=Onderwerp.AANMELDING,
                    subject_id__in=Aanmelding.objects.filter(
                        traject__gezin=OuterRef(OuterRef("pk"))
                    ).values("pk"),
                )
            )
        ),
        # A meeting still to come with the family on its agenda (one that was never recorded
        # as held or cancelled shows in the MDO pages, not here).
        _FLAG[Blokkade.MDO_GEPLAND]: Exists(
            Agendapunt.objects.filter(
                traject__gezin=OuterRef("pk"),
                mdo__status=MdoStatus.GEPLAND,
                mdo__starts_at__gte=now,
            )
        ),
        # A question or call-back request of the parents that nobody handled yet.
        _FLAG[Blokkade.VRAAG_OUDERS]: Exists(
            OuderVraag.objects.filter(traject__gezin=OuterRef("pk"), handled_at__isnull=True)
        ),
        _FLAG[Blokkade.NOG_OPEN]: Exists(
            Traject.objects.filter(gezin=OuterRef("pk"), fase__in=OPEN_FASEN)
        ),
    }


def with_holds(queryset: models.QuerySet, soort: str, now: datetime) -> models.QuerySet:
    flags = _gezin_holds(now) if soort == RootSoort.GEZIN else _aanmelding_holds(now)
    return queryset.annotate(**flags)


def holds_of(obj: models.Model) -> list[str]:
    """The holds flagged on a row fetched through `with_holds`."""
    return [b.value for b, name in _FLAG.items() if getattr(obj, name, False)]


def root_holds(root: Root, now: datetime | None = None) -> list[str]:
    """What stops this root from being anonymised now (also whether it is still open). An
    erasure request of the parents is not a hold: carrying it out is the anonymisation."""
    now = now or timezone.now()
    obj = with_holds(root.model._default_manager.filter(pk=root.pk), root.soort, now).get()
    return holds_of(obj)


# --- what falls due ------------------------------------------------------------------------


@dataclass(frozen=True)
class DueRoot:
    root: Root
    reference: str
    region_id: int | None
    regel: str
    vervalt_op: datetime
    holds: list[str]

    @property
    def hold_labels(self) -> list[str]:
        return [str(Blokkade(h).label) for h in self.holds]

    @property
    def soort_label(self) -> str:
        return str(RootSoort(self.root.soort).label)

    @property
    def regel_label(self) -> str:
        return str(Regel(self.regel).label)


def due_roots(
    t: Termen,
    *,
    now: datetime,
    until: datetime | None = None,
    region_ids: set[int] | None = None,
    limit: int | None = None,
) -> list[DueRoot]:
    """Roots whose term has ended by `until` (default: now), oldest first, with their holds
    as of `now`. Two queries. With a `limit` (a batch), the held ones come last."""
    until = until or now
    found: list[DueRoot] = []
    kinds: list[tuple[str, models.QuerySet, str]] = [
        (RootSoort.AANMELDING, aanmelding_roots(t), Regel.AANMELDING),
        (RootSoort.GEZIN, gezin_roots(t), Regel.DOSSIER),
    ]
    for soort, queryset, regel in kinds:
        queryset = queryset.filter(vervalt_op__lte=until)
        if region_ids is not None:
            queryset = queryset.filter(region_id__in=region_ids)
        queryset = with_holds(queryset, soort, now)
        if limit is not None:
            # Held roots last: however many are held, a run still reaches those it can do.
            flags = [name for name in _FLAG.values() if name in queryset.query.annotations]
            queryset = queryset.order_by(*flags, "vervalt_op", "pk")[:limit]
        else:
            queryset = queryset.order_by("vervalt_op", "pk")
        found.extend(
            DueRoot(
                root=Root(soort, obj.pk),
                reference=obj.reference,
                region_id=obj.region_id,
                regel=regel,
                vervalt_op=obj.vervalt_op,
                holds=holds_of(obj),
            )
            for obj in queryset
        )
    if limit is not None:
        found.sort(key=lambda d: (bool(d.holds), d.vervalt_op, d.root.soort, d.root.pk))
        return found[:limit]
    found.sort(key=lambda d: (d.vervalt_op, d.root.soort, d.root.pk))
    return found


@dataclass
class Maand:
    """One month of the calendar: how many roots of each kind fall due, how many are held."""

    maand: date
    per_soort: Counter = field(default_factory=Counter)
    tegengehouden: Counter = field(default_factory=Counter)

    @property
    def totaal(self) -> int:
        return sum(self.per_soort.values())

    @property
    def cellen(self) -> list[tuple[int, int]]:
        """(how many, how many held) per kind, in the order of `RootSoort`."""
        return [(self.per_soort[s], self.tegengehouden[s]) for s in RootSoort.values]


@dataclass
class Kalender:
    tot: date
    maanden: list[Maand]
    achterstallig: list[DueRoot]  # due already and held (the daily job cannot do them)
    komend: list[DueRoot]  # the roots themselves, soonest first

    @property
    def references(self) -> list[str]:
        return [d.reference for d in [*self.achterstallig, *self.komend]]


def kalender(user: User, t: Termen, *, now: datetime, months: int) -> Kalender:
    """What will be anonymised in the user's regions in the coming months, month by month and
    per kind, with the rule and the holds; and what is due already but held."""
    until = now + relativedelta(months=months)
    regions = user.coordinator_region_ids()
    roots = due_roots(t, now=now, until=until, region_ids=regions)
    today = timezone.localdate(now)
    by_month: dict[date, Maand] = {}
    first = today.replace(day=1)
    for i in range(months + 1):
        day = first + relativedelta(months=i)
        by_month[day] = Maand(maand=day)
    achterstallig, komend = [], []
    for due in roots:
        if due.vervalt_op <= now:
            if due.holds:
                achterstallig.append(due)
            month = first
        else:
            komend.append(due)
            month = timezone.localdate(due.vervalt_op).replace(day=1)
        entry = by_month.setdefault(month, Maand(maand=month))
        entry.per_soort[due.root.soort] += 1
        if due.holds:
            entry.tegengehouden[due.root.soort] += 1
    return Kalender(
        tot=timezone.localdate(until),
        maanden=[by_month[k] for k in sorted(by_month)],
        achterstallig=achterstallig,
        komend=komend,
    )


# --- what a batch did ------------------------------------------------------------------------


def _of_regions(actions: models.QuerySet, region_ids: set[int] | None) -> models.QuerySet:
    if region_ids is None:
        return actions
    return actions.filter(Q(region_id__in=region_ids) | Q(region__isnull=True))


def batch_counts(
    batch: Bewaarbatch, region_ids: set[int] | None = None
) -> dict[str, dict[str, int]]:
    """Per kind of root, per outcome: how many (one query). `region_ids`: only those regions
    (a coordinator sees their own, and registrations no region was found for); None: all."""
    actions = _of_regions(Bewaaractie.objects.filter(batch=batch), region_ids)
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for soort, uitkomst, n in (
        actions.values_list("root_soort", "uitkomst").annotate(n=Count("pk")).order_by()
    ):
        counts[soort][uitkomst] = n
    return {soort: counts.get(soort, {}) for soort in RootSoort.values}


def batch_holds(batch: Bewaarbatch, region_ids: set[int] | None = None) -> Counter:
    """How often each hold stopped a root in this batch."""
    actions = _of_regions(
        Bewaaractie.objects.filter(batch=batch, uitkomst=Uitkomst.TEGENGEHOUDEN), region_ids
    )
    found: Counter = Counter()
    for blokkades in actions.values_list("blokkades", flat=True):
        found.update(blokkades)
    return found
