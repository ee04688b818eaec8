"""Reads for casemanagement, scoped to the user in the query."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TypedDict, cast

from django.db.models import Count, Func, Max, OuterRef, Prefetch, Q, Subquery, Value
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

from .constants import OPEN_FASEN, ActieStatus
from .models import Kind, PlanVersie, Traject, TrajectQuerySet
from .termijnen import level_now, open_termijnen_by_traject
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
    One query for the casemanagers with their open caseload counted in the database."""
    assignments = (
        User.objects.filter(
            is_active=True,
            role_assignments__role=Role.CASEMANAGER,
            role_assignments__region_id=aanmelding.region_id,  # type: ignore[misc]  # None: IS NULL, as Django allows
            role_assignments__active=True,
        )
        .annotate(
            caseload=Count("trajecten", filter=Q(trajecten__fase__in=OPEN_FASEN), distinct=True)
        )
        .values("pk", "caseload")
    )
    caseload = {row["pk"]: row["caseload"] for row in assignments}
    roles = (
        RoleAssignment.objects.filter(
            user_id__in=caseload,
            role=Role.CASEMANAGER,
            region_id=aanmelding.region_id,  # type: ignore[misc]  # None: IS NULL, as Django allows
            active=True,
        )
        .select_related("user", "organisatie")
        .prefetch_related("werkgebied")
    )
    wanted = set(aanmelding.zorg_domeinen)
    suggestions = [
        CasemanagerSuggestion(
            user=role.user,
            # A casemanager's role names their organisatie (roleassignment_scope_matches_role).
            organisatie_name=cast(Organisatie, role.organisatie).name,
            caseload=caseload[role.user_id],
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


def _signals(termijnen: list[Termijn]) -> tuple[tuple[str, str], ...]:
    levels = [(level_now(t), t) for t in termijnen]
    return tuple(
        (str(t.get_regel_display()), level)
        for level, t in sorted((p for p in levels if p[0]), key=lambda p: LEVEL_RANK[p[0]])
    )


class _PlanAnnotations(TypedDict):
    """What `caseload` annotates from the current plan version."""

    plan_evaluatie: date | None
    plan_acties: list[dict[str, Any]] | None


def _next_deadline(
    traject: WithAnnotations[Traject, _PlanAnnotations], termijnen: list[Termijn]
) -> Deadline | None:
    candidates: list[Deadline] = []
    if traject.plan_evaluatie:
        candidates.append(Deadline(traject.plan_evaluatie, _("evaluatie plan")))
    # The stored deadlines (norms per region, pauses, holidays): MDO, plan, referrals.
    for termijn in termijnen:
        day = termijn.last_day
        if day is not None and termijn.regel != Regel.DOORLOOPTIJD:
            candidates.append(Deadline(day, str(termijn.get_regel_display())))
    for actie in traject.plan_acties or []:
        if actie.get("status") in (ActieStatus.OPEN, ActieStatus.BEZIG) and actie.get("wanneer"):
            candidates.append(
                Deadline(
                    date.fromisoformat(actie["wanneer"]),
                    _("actie: %(wat)s") % {"wat": actie["wat"]},
                )
            )
    return min(candidates, key=lambda d: d.datum) if candidates else None


def caseload(qs: TrajectQuerySet) -> list[CaseloadRow]:
    """Open trajecten with the next due date and open parent questions, in a fixed number of
    queries (annotations and one prefetch), whatever the number of families."""
    current = PlanVersie.objects.filter(plan__gezin=OuterRef("gezin")).order_by("-nummer")
    rows = (
        qs.open()
        .select_related("gezin", "region", "casemanager")
        .prefetch_related(
            Prefetch("gezin__kinderen", queryset=Kind.objects.order_by("geboortedatum"))
        )
        .annotate(
            plan_evaluatie=Subquery(current.values("evaluatie_datum")[:1]),
            plan_acties=Subquery(current.values("acties")[:1]),
            laatste_contact=Max("contacten__datum"),
            open_vragen=Count(
                "oudervragen", filter=Q(oudervragen__handled_at__isnull=True), distinct=True
            ),
        )
        .order_by("received_at")
    )
    trajecten = list(rows)
    termijnen = open_termijnen_by_traject([t.pk for t in trajecten])
    result = [
        CaseloadRow(
            traject=t,
            volgende=_next_deadline(t, termijnen[t.pk]),
            open_vragen=t.open_vragen,
            signalen=_signals(termijnen[t.pk]),
        )
        for t in trajecten
    ]
    far = date.max
    result.sort(key=lambda r: r.volgende.datum if r.volgende else far)
    return result


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
