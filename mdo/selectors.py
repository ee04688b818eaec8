"""Reads for the MDO pages, scoped to the user in the query."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

from django.db.models import (
    Case,
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from aanmelding.constants import ToestemmingDoel
from aanmelding.models import Toestemming
from casemanagement.constants import OPEN_FASEN, Fase
from casemanagement.models import Traject
from ivh.accounts.constants import Role
from ivh.accounts.models import RoleAssignment, User
from ivh.netwerk.constants import Discipline
from ivh.netwerk.models import Organisatie

from .constants import Antwoord, DeelnemerSoort, MdoStatus
from .models import Agendapunt, Deelnemer, Mdo


def _mdo_consent(traject: str = "") -> Exists:
    """The parents' MDO consent, given and not withdrawn, of the traject at `traject`
    (a path from the outer query's row, e.g. "traject__")."""
    return Exists(
        Toestemming.objects.filter(
            aanmelding_id=OuterRef(f"{traject}aanmelding_id"),
            doel=ToestemmingDoel.MDO,
            gegeven=True,
            withdrawn_at__isnull=True,
        )
    )


def _blocked() -> Q:
    """An agenda item whose family cannot be discussed: the traject is closed, or the parents
    withdrew (or never gave) their consent for the MDO."""
    return ~Q(traject__fase__in=OPEN_FASEN) | ~Q(_mdo_consent("traject__"))


def mdo_list(user: User) -> QuerySet[Mdo]:
    """MDOs the user may see, with the counts the overview shows (one query)."""
    problemen = (
        Agendapunt.objects.filter(mdo=OuterRef("pk"))
        .filter(_blocked())
        .order_by()
        .values("mdo")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Mdo.objects.visible_to(user)
        .select_related("region")
        .annotate(
            n_punten=Count("agendapunten", distinct=True),
            n_deelnemers=Count(
                "deelnemers", filter=Q(deelnemers__withdrawn_at__isnull=True), distinct=True
            ),
            n_problemen=Coalesce(Subquery(problemen), 0),
        )
    )


def mdo_overview(user: User) -> tuple[list[Mdo], list[Mdo]]:
    """Upcoming meetings (soonest first), each with who has not answered (yet, or since it
    moved), and the last past or cancelled ones (newest first)."""
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    qs = mdo_list(user)
    upcoming = list(
        qs.filter(status=MdoStatus.GEPLAND, starts_at__gte=today)
        .order_by("starts_at")
        .prefetch_related(
            Prefetch(
                "deelnemers",
                queryset=without_answer(Deelnemer.objects.all()),
                to_attr="zonder_antwoord",
            )
        )
    )
    past = list(
        qs.filter(Q(starts_at__lt=today) | ~Q(status=MdoStatus.GEPLAND)).order_by("-starts_at")[:30]
    )
    return cast(list[Mdo], upcoming), past


def _consent_mdo() -> Exists:
    return _mdo_consent()


def without_answer(deelnemers: QuerySet[Deelnemer]) -> QuerySet[Deelnemer]:
    """Invited people who have not said whether they come to the current time and place
    (their answer was reset when it changed), parents with their family's reference."""
    return (
        deelnemers.filter(withdrawn_at__isnull=True, antwoord=Antwoord.OPEN)
        # Parents of a family that cannot be discussed are a problem, not an open answer.
        .exclude(agendapunt__in=Agendapunt.objects.filter(_blocked()))
        .select_related("agendapunt__traject__gezin")
        .order_by("soort", "name")
    )


def agenda_items(mdo: Mdo) -> list[Agendapunt]:
    """The agenda of the meeting page: each item with its family, children, parents and
    actions, and `mdo_toestemming` (the parents' MDO consent stands). Four queries."""
    return list(
        mdo.agendapunten.select_related("traject__gezin", "traject__casemanager")
        .annotate(mdo_toestemming=_mdo_consent("traject__"))
        .prefetch_related("traject__gezin__kinderen", "ouders", "acties")
    )


def agendapunt_probleem(mdo: Mdo, item: Agendapunt) -> str | None:
    """Why this family cannot be discussed at the planned meeting, for the coordinator to
    resolve (take it off the agenda); None when nothing is wrong. `item` from agenda_items."""
    if mdo.status != MdoStatus.GEPLAND:
        return None
    if not item.traject.is_open:
        return _("Het traject van dit gezin is afgesloten.")
    if not item.mdo_toestemming:  # type: ignore[attr-defined]  # annotated by agenda_items
        return _("De ouders hebben hun toestemming voor het MDO ingetrokken.")
    return None


def mdo_waitlist(region_ids: set[int]) -> QuerySet[Traject]:
    """Open trajecten that need an MDO and have not had one yet, longest waiting first, with
    the planned MDO they are on (if any) and whether the parents consented. One query."""
    planned = Agendapunt.objects.filter(
        traject=OuterRef("pk"), mdo__status=MdoStatus.GEPLAND
    ).order_by("mdo__starts_at")
    return (
        Traject.objects.filter(
            region_id__in=region_ids,
            fase=Fase.MDO,
            first_mdo_held_at__isnull=True,
        )
        .select_related("gezin", "casemanager", "region")
        .annotate(
            gepland_op=Subquery(planned.values("mdo__starts_at")[:1]),
            gepland_mdo=Subquery(planned.values("mdo_id")[:1]),
            mdo_toestemming=_consent_mdo(),
        )
        .order_by("received_at")
    )


def agenda_candidates(mdo: Mdo) -> QuerySet[Traject]:
    """Families that can go on this MDO's agenda: open, in the region, with MDO consent, not
    on it yet. Those waiting for an MDO first."""
    return (
        Traject.objects.filter(region_id=mdo.region_id, fase__in=OPEN_FASEN)
        .exclude(agendapunten__mdo=mdo)
        .annotate(
            mdo_toestemming=_consent_mdo(),
            # Waiting for an MDO (phase MDO) first, then the longest waiting.
            volgorde=Case(When(fase=Fase.MDO, then=Value(0)), default=Value(1)),
        )
        .filter(mdo_toestemming=True)
        .select_related("gezin")
        .order_by("volgorde", "received_at")
    )


@dataclass
class Dekking:
    """Which disciplines the agenda needs, which invited experts cover, and who could."""

    nodig: list[str] = field(default_factory=list)
    gedekt: list[str] = field(default_factory=list)
    open: list[str] = field(default_factory=list)
    voorstellen: dict[str, list[RoleAssignment]] = field(default_factory=dict)
    organisaties: dict[str, list[Organisatie]] = field(default_factory=dict)

    @property
    def gedekt_labels(self) -> list[str]:
        labels = dict(Discipline.choices)
        return [str(labels.get(d, d)) for d in self.gedekt]

    @property
    def open_rows(self) -> list[tuple[str, list[RoleAssignment], list[Organisatie]]]:
        """Per missing discipline: its label, experts to propose, organisations offering it."""
        labels = dict(Discipline.choices)
        return [
            (str(labels.get(d, d)), self.voorstellen.get(d, []), self.organisaties.get(d, []))
            for d in self.open
        ]


def dekking(mdo: Mdo, items: list[Agendapunt]) -> Dekking:
    """Coverage of the needed disciplines by invited experts who did not decline, and for each
    missing discipline the region's experts (accounts) and sociale-kaart organisations that
    offer it."""
    nodig = sorted({d for item in items for d in item.disciplines})
    gedekt = set(
        mdo.deelnemers.filter(withdrawn_at__isnull=True, soort=DeelnemerSoort.EXPERT)
        .exclude(antwoord=Antwoord.KOMT_NIET)
        .values_list("discipline", flat=True)
    )
    missing = [d for d in nodig if d not in gedekt]
    invited = mdo.deelnemers.filter(withdrawn_at__isnull=True, user__isnull=False).values("user_id")
    voorstellen: dict[str, list[RoleAssignment]] = {d: [] for d in missing}
    organisaties: dict[str, list[Organisatie]] = {d: [] for d in missing}
    if missing:
        for role in (
            RoleAssignment.objects.filter(
                role=Role.MDO_EXPERT,
                region_id=mdo.region_id,
                active=True,
                user__is_active=True,
                discipline__in=missing,
            )
            .exclude(user_id__in=invited)
            .select_related("user", "organisatie")
            .order_by("user__full_name")
        ):
            voorstellen[role.discipline].append(role)
        for org in Organisatie.objects.filter(
            regions=mdo.region_id, actief=True, disciplines__overlap=missing
        ).order_by("name"):
            for d in org.disciplines:
                if d in organisaties:
                    organisaties[d].append(org)
    return Dekking(
        nodig=nodig,
        gedekt=[d for d in nodig if d in gedekt],
        open=missing,
        voorstellen=voorstellen,
        organisaties=organisaties,
    )


def experts_to_invite(mdo: Mdo) -> QuerySet[RoleAssignment]:
    """The region's experts who are not invited to this MDO yet."""
    invited = mdo.deelnemers.filter(withdrawn_at__isnull=True, user__isnull=False)
    return (
        RoleAssignment.objects.filter(
            role=Role.MDO_EXPERT, region_id=mdo.region_id, active=True, user__is_active=True
        )
        .exclude(user_id__in=invited.values("user_id"))
        .select_related("user", "organisatie")
        .order_by("discipline", "user__full_name")
    )
