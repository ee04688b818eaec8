"""Reads for casemanagement, scoped to the user in the query."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TypedDict, cast

from django.core.paginator import Page, Paginator
from django.db.models import (
    Count,
    DateField,
    F,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Least
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from aanmelding.models import Aanmelding
from ivh.accounts.constants import Role
from ivh.accounts.models import RoleAssignment, User
from ivh.core.dates import age_years_months as age_years_months  # re-export for the views
from ivh.netwerk.constants import ZorgDomein
from ivh.netwerk.models import Organisatie
from ivh.termijnen.constants import LEVEL_RANK, Regel
from ivh.termijnen.models import Termijn

from .constants import ActieStatus
from .models import (
    Contactmoment,
    Kind,
    OuderVraag,
    PlanVersie,
    Traject,
    TrajectQuerySet,
    Vervanging,
)
from .termijnen import next_termijn_of_traject, reached_termijnen_by_traject
from .timeline import traject_timeline as traject_timeline  # re-export for the views

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


@dataclass(frozen=True)
class CasemanagerSuggestion:
    user: User
    organisatie_name: str
    caseload: int
    in_gemeente: bool
    expertise_match: list[str]

    @property
    def reasons(self) -> list[str]:
        reasons = []
        if self.in_gemeente:
            reasons.append(_("werkt in deze gemeente"))
        if self.expertise_match:
            labels = dict(ZorgDomein.choices)
            reasons.append(
                _("expertise: %(domains)s")
                % {"domains": ", ".join(str(labels[d]).lower() for d in self.expertise_match)}
            )
        reasons.append(
            ngettext("%(n)d gezin in caseload", "%(n)d gezinnen in caseload", self.caseload)
            % {"n": self.caseload}
        )
        return reasons


def casemanager_suggestions(aanmelding: Aanmelding) -> list[CasemanagerSuggestion]:
    """Casemanagers of the registration's region, best match first: working in the child's
    gemeente, then expertise overlapping the concern domains, then the smallest caseload.
    Three queries: the casemanagers' roles (with user and organisatie), their gemeenten, and
    their caseloads counted in one grouped query over open trajecten only (the index
    `traject_caseload` on casemanager and fase), never over every traject they ever had."""
    roles = list(
        RoleAssignment.objects.filter(
            role=Role.CASEMANAGER,
            region_id=aanmelding.region_id,  # type: ignore[misc]  # None: IS NULL, as Django allows
            active=True,
            user__is_active=True,
        )
        .select_related("user", "organisatie")
        .prefetch_related("werkgebied")
    )
    caseload: dict[int, int] = dict(
        Traject.objects.open()
        .filter(casemanager_id__in={role.user_id for role in roles})
        .order_by()
        .values("casemanager_id")
        # COUNT(*), not COUNT(id): answered from the index alone (an index-only scan).
        .annotate(n=Count("*"))
        .values_list("casemanager_id", "n")
    )
    wanted = set(aanmelding.zorg_domeinen)
    suggestions = [
        CasemanagerSuggestion(
            user=role.user,
            # A casemanager's role names their organisatie (roleassignment_scope_matches_role).
            organisatie_name=cast(Organisatie, role.organisatie).name,
            caseload=caseload.get(role.user_id, 0),
            in_gemeente=any(g.pk == aanmelding.gemeente_id for g in role.werkgebied.all()),
            expertise_match=[d for d in role.expertise if d in wanted],
        )
        for role in roles
    ]
    suggestions.sort(
        key=lambda s: (not s.in_gemeente, -len(s.expertise_match), s.caseload, s.user.full_name)
    )
    return suggestions


# --- caseload and traject -----------------------------------------------------------------

# Rows per page of the caseload and of the coordinator's list of the region's trajecten.
CASELOAD_PAGE_SIZE = 50


@dataclass(frozen=True)
class Deadline:
    datum: date
    wat: str


@dataclass(frozen=True)
class CaseloadRow:
    traject: Traject
    volgende: Deadline | None
    open_vragen: int
    # The family's deadlines past their warning: (what, level), worst first.
    signalen: tuple[tuple[str, str], ...] = ()


class _PageAnnotations(TypedDict):
    """What `_caseload_rows` annotates on the trajecten of one page."""

    plan_evaluatie: date | None
    plan_acties: list[dict[str, Any]] | None
    termijn_dag: date | None
    termijn_regel: str | None
    verwijzing_termijn_dag: date | None
    verwijzing_termijn_regel: str | None
    laatste_contact: date | None
    open_vragen: int


def substitute_on(traject: Traject, day: date) -> User | None:
    """Who covers for the traject's casemanager on `day` (a substitution in the traject's
    region, by someone still a casemanager there), if anyone."""
    if traject.casemanager_id is None:
        return None
    vervanging = (
        Vervanging.objects.filter(
            afwezige_id=traject.casemanager_id,
            region_id=traject.region_id,
            van__lte=day,
            tot__gte=day,
            vervanger__role_assignments__role=Role.CASEMANAGER,
            vervanger__role_assignments__region_id=traject.region_id,
            vervanger__role_assignments__active=True,
            vervanger__is_active=True,
        )
        .select_related("vervanger")
        .first()
    )
    return vervanging.vervanger if vervanging else None


def _current_plan_version() -> QuerySet[PlanVersie]:
    return PlanVersie.objects.filter(plan__gezin=OuterRef("gezin")).order_by("-nummer")


def _next_day() -> Least:
    """The day of a traject's next deadline, in SQL, for sorting and paging the whole list:
    the earliest of the current plan's first day (its evaluation or an open action, stored
    with the version: `PlanVersie.volgende_dag`) and the running stored deadlines of the
    traject and its referrals (`_next_deadline` picks the same one and names it)."""
    plan_day = _current_plan_version().values("volgende_dag")[:1]
    own_day, _regel = next_termijn_of_traject(referrals=False)
    referral_day, _regel = next_termijn_of_traject(referrals=True)
    return Least(Subquery(plan_day), own_day, referral_day, output_field=DateField())


def _next_deadline(
    traject: WithAnnotations[Traject, _PageAnnotations], labels: dict[str, str]
) -> Deadline | None:
    """The first of the traject's next deadlines (the day `_next_day` sorted on), named."""
    candidates: list[Deadline] = []
    if traject.plan_evaluatie:
        candidates.append(Deadline(traject.plan_evaluatie, labels[_PLAN_EVALUATIE]))
    # The stored deadlines (norms per region, pauses, holidays): MDO, plan, referrals.
    if traject.termijn_dag and traject.termijn_regel:
        candidates.append(Deadline(traject.termijn_dag, labels[traject.termijn_regel]))
    if traject.verwijzing_termijn_dag and traject.verwijzing_termijn_regel:
        candidates.append(
            Deadline(traject.verwijzing_termijn_dag, labels[traject.verwijzing_termijn_regel])
        )
    for actie in traject.plan_acties or []:
        if actie.get("status") in (ActieStatus.OPEN, ActieStatus.BEZIG) and actie.get("wanneer"):
            candidates.append(
                Deadline(
                    date.fromisoformat(actie["wanneer"]),
                    _("actie: %(wat)s") % {"wat": actie["wat"]},
                )
            )
    return min(candidates, key=lambda d: d.datum) if candidates else None


_PLAN_EVALUATIE = "_plan_evaluatie"


def _labels() -> dict[str, str]:
    """What each next step is called, translated once per page rather than once per row."""
    labels = {regel: str(label) for regel, label in Regel.choices}
    labels[_PLAN_EVALUATIE] = _("evaluatie plan")
    return labels


def _signals(
    termijnen: list[Termijn], labels: dict[str, str], now: datetime
) -> tuple[tuple[str, str], ...]:
    levels = [(t.level_at(now), t) for t in termijnen]
    return tuple(
        (labels[t.regel], level)
        for level, t in sorted((p for p in levels if p[0]), key=lambda p: LEVEL_RANK[p[0]])
    )


def caseload(qs: TrajectQuerySet) -> list[CaseloadRow]:
    """Every open traject of `qs` (its own annotations kept), the next deadline first (then
    the oldest registration), each with its next deadline, its signals and its open parent
    questions, in a fixed number of queries whatever the number of families."""
    rows = _caseload_rows(qs.open().order_by("received_at", "pk"))
    far = date.max
    # Stable: equal days keep the order of registration, as `caseload_page` sorts in SQL.
    rows.sort(key=lambda r: r.volgende.datum if r.volgende else far)
    return rows


def caseload_page(qs: TrajectQuerySet, number: str | int | None = None) -> Page[CaseloadRow]:
    """One page (`number`, as `Paginator.get_page` takes it) of the open trajecten of `qs`
    in the order of `caseload`, its rows `CaseloadRow`s (without annotations `qs` may carry).

    The order is computed in the database for the whole list (one query for the ordered
    ids: the next deadline's day by `_next_day`); everything shown is read for the page's
    rows only: the trajecten with their annotations, their children, their deadlines that
    reached a level. A fixed number of queries, whatever the number of families."""
    ordered = (
        qs.open()
        .annotate(volgende_dag=_next_day())
        .order_by(F("volgende_dag").asc(nulls_last=True), "received_at", "pk")
        .values_list("pk", flat=True)
    )
    ids = Paginator(list(ordered), CASELOAD_PAGE_SIZE).get_page(number)
    position = {pk: i for i, pk in enumerate(ids.object_list)}
    # The ids were read through `qs` (the user's scope): the page's rows by id alone, which
    # the database finds by primary key without the scope's subqueries again.
    rows = _caseload_rows(Traject.objects.filter(pk__in=list(position)))
    rows.sort(key=lambda r: position[r.traject.pk])
    # The same page of the same paginator (count, numbers), holding the rows of its ids.
    return Page(rows, ids.number, cast("Paginator[CaseloadRow]", ids.paginator))


def _caseload_rows(trajecten: TrajectQuerySet) -> list[CaseloadRow]:
    """The rows of these trajecten, in their order: three queries (the trajecten with their
    annotations, their children, their deadlines that reached a level)."""
    current = _current_plan_version()
    termijn_dag, termijn_regel = next_termijn_of_traject(referrals=False)
    verwijzing_termijn_dag, verwijzing_termijn_regel = next_termijn_of_traject(referrals=True)
    contacten = Contactmoment.objects.filter(traject=OuterRef("pk")).order_by().values("traject")
    vragen = (
        OuderVraag.objects.filter(traject=OuterRef("pk"), handled_at__isnull=True)
        .order_by()
        .values("traject")
    )
    annotated = list(
        trajecten.select_related("gezin", "casemanager")
        .prefetch_related(
            Prefetch("gezin__kinderen", queryset=Kind.objects.order_by("geboortedatum"))
        )
        # Subqueries, not joins grouped over every column: each is an index lookup for one
        # traject, and the next deadlines are found in SQL, not among all loaded deadlines.
        .annotate(
            plan_evaluatie=Subquery(current.values("evaluatie_datum")[:1]),
            plan_acties=Subquery(current.values("acties")[:1]),
            termijn_dag=termijn_dag,
            termijn_regel=termijn_regel,
            verwijzing_termijn_dag=verwijzing_termijn_dag,
            verwijzing_termijn_regel=verwijzing_termijn_regel,
            laatste_contact=Subquery(contacten.annotate(m=Max("datum")).values("m")),
            open_vragen=Coalesce(
                Subquery(vragen.annotate(n=Count("pk")).values("n")),
                0,
                output_field=IntegerField(),
            ),
        )
    )
    now = timezone.now()
    reached = reached_termijnen_by_traject([t.pk for t in annotated], now)
    labels = _labels()
    return [
        CaseloadRow(
            traject=t,
            volgende=_next_deadline(t, labels),
            open_vragen=t.open_vragen,
            signalen=_signals(reached[t.pk], labels, now),
        )
        for t in annotated
    ]


@dataclass(frozen=True)
class PlanDiff:
    oud: PlanVersie
    nieuw: PlanVersie
    gezinsvraag_gewijzigd: bool
    evaluatie_gewijzigd: bool
    doelen_toegevoegd: list[dict]
    doelen_vervallen: list[dict]
    acties_toegevoegd: list[dict]
    acties_vervallen: list[dict]
    acties_gewijzigd: list[tuple[dict, dict]]


def plan_diff(oud: PlanVersie, nieuw: PlanVersie) -> PlanDiff:
    """What changed between two versions of a plan. Actions are matched on what they are."""

    def doel_key(d: dict) -> tuple:
        return (d.get("domein"), d.get("omschrijving"))

    oude_doelen = {doel_key(d) for d in oud.doelen}
    nieuwe_doelen = {doel_key(d) for d in nieuw.doelen}
    oude_acties = {a.get("wat"): a for a in oud.acties}
    nieuwe_acties = {a.get("wat"): a for a in nieuw.acties}
    return PlanDiff(
        oud=oud,
        nieuw=nieuw,
        gezinsvraag_gewijzigd=oud.gezinsvraag != nieuw.gezinsvraag,
        evaluatie_gewijzigd=oud.evaluatie_datum != nieuw.evaluatie_datum,
        doelen_toegevoegd=[d for d in nieuw.doelen if doel_key(d) not in oude_doelen],
        doelen_vervallen=[d for d in oud.doelen if doel_key(d) not in nieuwe_doelen],
        acties_toegevoegd=[a for wat, a in nieuwe_acties.items() if wat not in oude_acties],
        acties_vervallen=[a for wat, a in oude_acties.items() if wat not in nieuwe_acties],
        acties_gewijzigd=[
            (oude_acties[wat], a)
            for wat, a in nieuwe_acties.items()
            if wat in oude_acties and oude_acties[wat] != a
        ],
    )


# --- who opened the file (access log, grouped) ----------------------------------------------


@dataclass(frozen=True)
class AccessLogGroup:
    """The reads of one person in one role on one day: "Ahmed el Amrani, casemanager, 3×"."""

    dag: date
    wie: str  # the staff member's name, or the snapshot label (a parent's personal link)
    user_id: int | None
    actor_label: str
    rol: str  # in Dutch, one spelling ("coördinator"), whatever language the entry was written in
    organisatie: str
    keer: int  # reads: one per request, however many children it logged
    handelingen: tuple[str, ...]  # action labels, e.g. ("afgedrukt", "bekeken")
    laatste: datetime
    tijden: tuple[datetime, ...] = ()  # each read's time, newest first (`with_times`)


# How each role is written in the access log's `role` snapshot: "Coördinator" in a Dutch
# request, "Coordinator" in an English one, several joined by ", ". Shown in one spelling.
ROLE_SHOWN = {
    Role.COORDINATOR: "coördinator",
    Role.CASEMANAGER: "casemanager",
    Role.MDO_EXPERT: "MDO-deelnemer",
    Role.GEMEENTE: "gemeente",
    Role.BEHEERDER: "functioneel beheerder",
}


def _role_spellings() -> list[tuple[str, str]]:
    """(spelling in lower case, the one shown) for every role in every language of the site,
    longest first so that no replacement cuts into a longer name."""
    from django.conf import settings
    from django.utils import translation

    spellings: dict[str, str] = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for role in Role:
                spellings[str(role.label).lower()] = ROLE_SHOWN[role]
    return sorted(spellings.items(), key=lambda item: -len(item[0]))


def role_shown_sql(field: str = "role") -> Func:
    """The role snapshot in Dutch, one spelling, as a database expression (it is grouped on)."""
    from django.db.models.functions import Lower, Replace

    expression: Func = Lower(field)
    for spelling, shown in _role_spellings():
        expression = Replace(expression, Value(spelling), Value(shown))
    return expression


def access_log_grouped(
    client_refs: list[str], *, limit: int | None = None, with_times: bool = False
) -> list[AccessLogGroup]:
    """Who opened the files of these clients (a family's children), grouped per person, role
    and day (local time), newest day first. One aggregate query, whatever the log's size; the
    ungrouped log is in the inzage JSON export. `with_times`: also each read's time.

    A read of the family's file writes one entry per child, all within one request, so a read
    is counted once per (object, action, second) rather than once per entry."""
    # Imported here: this block was appended to a module others edit at the top.
    from django.contrib.postgres.aggregates import ArrayAgg
    from django.db.models import CharField, F
    from django.db.models.functions import Cast, Concat, Trunc, TruncDate

    from ivh.audit.constants import AccessAction
    from ivh.audit.models import AccessLogEntry

    if not client_refs:
        return []
    read_key = Concat(
        F("object_type"),
        Value("|"),
        F("object_id"),
        Value("|"),
        F("action"),
        Value("|"),
        Cast(Trunc("at", "second"), CharField()),
        output_field=CharField(),
    )
    aggregates = {
        "keer": Count(read_key, distinct=True),
        "handelingen": ArrayAgg("action", distinct=True, order_by="action"),
        "laatste": Max("at"),
    }
    if with_times:
        second = Trunc("at", "second")
        aggregates["tijden"] = ArrayAgg(second, distinct=True, order_by=second.desc())
    per_day = (
        AccessLogEntry.objects.filter(client_ref__in=client_refs)
        .annotate(dag=TruncDate("at"), rol=role_shown_sql())
        .values("dag", "user_id", "user__full_name", "actor_label", "rol", "organisatie_name")
    )
    # The aggregates are chosen at run time, which the type checker cannot follow.
    grouped: Any = per_day.annotate(**aggregates)
    rows = grouped.order_by("-dag", "-laatste")
    if limit is not None:
        rows = rows[:limit]
    labels = dict(AccessAction.choices)
    return [
        AccessLogGroup(
            dag=row["dag"],
            wie=row["user__full_name"] or row["actor_label"],
            user_id=row["user_id"],
            actor_label=row["actor_label"],
            rol=row["rol"],
            organisatie=row["organisatie_name"],
            keer=row["keer"],
            handelingen=tuple(str(labels.get(a, a)) for a in row["handelingen"]),
            laatste=row["laatste"],
            # Truncated in SQL in local time, and inside an array Django does not make them
            # aware again: local wall-clock times, made aware here.
            tijden=tuple(timezone.make_aware(t) for t in row.get("tijden") or ()),
        )
        for row in rows
    ]
