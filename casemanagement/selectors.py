"""Reads for casemanagement, scoped to the user in the query."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, TypedDict, cast

from django.db.models import Count, Max, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from aanmelding.models import Aanmelding
from ivh.accounts.constants import Role
from ivh.accounts.models import RoleAssignment, User
from ivh.core.dates import age_years_months as age_years_months  # re-export for the views
from ivh.netwerk.constants import ZorgDomein
from ivh.netwerk.models import Organisatie

from .constants import OPEN_FASEN, ActieStatus, Fase
from .models import Kind, PlanVersie, Traject, TrajectQuerySet
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


class _PlanAnnotations(TypedDict):
    """What `caseload` annotates from the current plan version."""

    plan_evaluatie: date | None
    plan_acties: list[dict[str, Any]] | None


def _next_deadline(traject: WithAnnotations[Traject, _PlanAnnotations]) -> Deadline | None:
    candidates: list[Deadline] = []
    if traject.plan_evaluatie:
        candidates.append(Deadline(traject.plan_evaluatie, _("evaluatie plan")))
    if traject.fase == Fase.MDO and traject.first_mdo_held_at is None:
        due = timezone.localdate(traject.received_at) + timedelta(
            weeks=traject.region.norm_mdo_weken
        )
        candidates.append(Deadline(due, _("MDO (norm)")))
    for actie in traject.plan_acties or []:
        if actie.get("status") in (ActieStatus.OPEN, ActieStatus.BEZIG) and actie.get("wanneer"):
            candidates.append(
                Deadline(
                    date.fromisoformat(actie["wanneer"]),
                    _("actie: %(wat)s") % {"wat": actie["wat"]},
                )
            )
    if not traject.plan_evaluatie and traject.fase in (Fase.START, Fase.PLAN):
        candidates.append(
            Deadline(
                timezone.localdate(traject.casemanager_assigned_at or traject.received_at)
                + timedelta(weeks=4),
                _("plan maken"),
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
    result = [
        CaseloadRow(traject=t, volgende=_next_deadline(t), open_vragen=t.open_vragen) for t in rows
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
    rol: str
    organisatie: str
    keer: int  # reads: one per request, however many children it logged
    handelingen: tuple[str, ...]  # action labels, e.g. ("afgedrukt", "bekeken")
    laatste: datetime


def access_log_grouped(client_refs: list[str], *, limit: int | None = None) -> list[AccessLogGroup]:
    """Who opened the files of these clients (a family's children), grouped per person, role
    and day (local time), newest day first. One aggregate query, whatever the log's size; the
    ungrouped log is in the inzage JSON export.

    A read of the family's file writes one entry per child, all within one request, so a read
    is counted once per (object, action, second) rather than once per entry."""
    # Imported here: this block was appended to a module others edit at the top.
    from django.contrib.postgres.aggregates import ArrayAgg
    from django.db.models import CharField, F, Value
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
    rows = (
        AccessLogEntry.objects.filter(client_ref__in=client_refs)
        .annotate(dag=TruncDate("at"))
        .values("dag", "user_id", "user__full_name", "actor_label", "role", "organisatie_name")
        .annotate(
            keer=Count(read_key, distinct=True),
            handelingen=ArrayAgg("action", distinct=True, order_by="action"),
            laatste=Max("at"),
        )
        .order_by("-dag", "-laatste")
    )
    if limit is not None:
        rows = rows[:limit]
    labels = dict(AccessAction.choices)
    return [
        AccessLogGroup(
            dag=row["dag"],
            wie=row["user__full_name"] or row["actor_label"],
            user_id=row["user_id"],
            actor_label=row["actor_label"],
            rol=row["role"],
            organisatie=row["organisatie_name"],
            keer=row["keer"],
            handelingen=tuple(str(labels.get(a, a)) for a in row["handelingen"]),
            laatste=row["laatste"],
        )
        for row in rows
    ]
