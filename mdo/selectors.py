"""Reads for the MDO pages, scoped to the user in the query."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import cast

from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Window,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from aanmelding.constants import ToestemmingDoel
from aanmelding.models import Toestemming
from casemanagement.constants import OPEN_FASEN, Fase
from casemanagement.models import Kind, Traject
from ivh.accounts.constants import Role
from ivh.accounts.models import RoleAssignment, User
from ivh.netwerk.constants import Discipline
from ivh.netwerk.models import Organisatie

from .constants import Antwoord, DeelnemerSoort, MdoStatus
from .models import Agendapunt, Deelnemer, Mdo

# The overview lists this many past or cancelled meetings, newest first.
PAST_SHOWN = 30
# The "add a family" form of a planned MDO offers this many families; a search finds others.
CANDIDATES_SHOWN = 25


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


def _per_mdo(rows: QuerySet) -> Coalesce:
    """How many of `rows` (agenda items, invitations) belong to the outer query's MDO: a
    correlated COUNT, evaluated for each MDO the page keeps, not a join that fans out over
    every item and invitation of every MDO before the LIMIT."""
    return Coalesce(
        Subquery(
            rows.filter(mdo=OuterRef("pk"))
            .order_by()
            .values("mdo")
            .annotate(n=Count("pk"))
            .values("n")
        ),
        0,
    )


def mdo_list(user: User) -> QuerySet[Mdo]:
    """MDOs the user may see, with the counts the overview shows (one query). Each count is a
    correlated subquery in the SELECT list: Postgres computes it after ORDER BY and LIMIT, so
    the 30 past MDOs of the overview cost 30 small counts, not a count of every MDO ever held
    in the region."""
    return (
        Mdo.objects.visible_to(user)
        .select_related("region")
        .annotate(
            n_punten=_per_mdo(Agendapunt.objects.all()),
            n_deelnemers=_per_mdo(Deelnemer.objects.filter(withdrawn_at__isnull=True)),
            n_problemen=_per_mdo(Agendapunt.objects.filter(_blocked())),
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
        qs.filter(Q(starts_at__lt=today) | ~Q(status=MdoStatus.GEPLAND)).order_by("-starts_at")[
            :PAST_SHOWN
        ]
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
        # Correlated on the invitation's own agenda item (NOT EXISTS): `NOT agendapunt_id IN
        # (...)` built the set of every blocked agenda item in the country first.
        .exclude(Exists(Agendapunt.objects.filter(pk=OuterRef("agendapunt_id")).filter(_blocked())))
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
    """Families that wait for an MDO and can go on this MDO's agenda: in its region, in phase
    MDO (the casemanager asked for one; what `mdo_waitlist` lists, a follow-up MDO included),
    with the parents' MDO consent, not on this agenda yet. Those on no other planned MDO come
    first, then the longest waiting; `gepland_op` is the start of the planned MDO a family is
    on already (the coordinator may move it here)."""
    elsewhere = Agendapunt.objects.filter(
        traject=OuterRef("pk"), mdo__status=MdoStatus.GEPLAND
    ).order_by("mdo__starts_at")
    return (
        Traject.objects.filter(region_id=mdo.region_id, fase=Fase.MDO)
        .filter(_consent_mdo())
        .exclude(agendapunten__mdo=mdo)
        .annotate(gepland_op=Subquery(elsewhere.values("mdo__starts_at")[:1]))
        .select_related("gezin")
        .order_by(F("gepland_op").asc(nulls_first=True), "received_at", "pk")
    )


def _reference_key(term: str) -> str:
    """A family's or child's reference as typed (lower case, spaces, dashes left out or not)
    in the stored form, e.g. "g 7kq4m2xd" -> "G-7KQ4-M2XD"."""
    compact = "".join(term.split()).replace("-", "").upper()
    return f"{compact[0]}-{compact[1:5]}-{compact[5:]}" if len(compact) == 9 else compact


def agenda_candidates_search(trajecten: QuerySet[Traject], term: str) -> QuerySet[Traject]:
    """The families whose reference (or a child's) is `term`, or with a child whose first
    name contains it. An empty term: all of them."""
    term = " ".join(term.split())
    if not term:
        return trajecten
    reference = _reference_key(term)
    kinderen = Kind.objects.filter(gezin=OuterRef("gezin_id")).filter(
        Q(reference=reference) | Q(first_name__icontains=term)
    )
    return trajecten.filter(Q(gezin__reference=reference) | Q(Exists(kinderen)))


@dataclass(frozen=True)
class AgendaKandidaten:
    """The families the "add a family" form offers: the first `CANDIDATES_SHOWN` of those
    that match the search (all waiting families without one), and how many match."""

    trajecten: Sequence[Traject]
    total: int
    zoekterm: str

    @property
    def more(self) -> int:
        """How many match but are not in the list."""
        return self.total - len(self.trajecten)


def agenda_candidates_shown(mdo: Mdo, zoekterm: str = "") -> AgendaKandidaten:
    """`agenda_candidates` matching `zoekterm`, the first few with their children: two queries
    (the count rides along as a window over the same rows)."""
    zoekterm = " ".join(zoekterm.split())
    rows = list(
        agenda_candidates_search(agenda_candidates(mdo), zoekterm)
        .annotate(n_total=Window(Count("pk")))
        .prefetch_related("gezin__kinderen")[:CANDIDATES_SHOWN]
    )
    total = rows[0].n_total if rows else 0
    return AgendaKandidaten(trajecten=rows, total=total, zoekterm=zoekterm)


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
