"""MDO pages: overview with the waiting list, planning, the meeting page with agenda,
invitations and coverage, recording the meeting, one family's item with advice, and the
public answer link."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from casemanagement.access import log_traject_read, traject_access_reason
from casemanagement.models import Traject
from casemanagement.plan_data import labelled_doelen
from casemanagement.selectors import age_years_months
from casemanagement.services import plan_current, plan_parents_mailed
from casemanagement.termijnen import norm_words, termijnen_by_subject
from casemanagement.views_helpers import action_response
from ivh.accounts.constants import Role
from ivh.accounts.models import User
from ivh.audit.constants import AccessAction
from ivh.audit.reasons import AccessReasonRequired, asks_reason, reason_question_response
from ivh.audit.services import ClientRead, access_log_record_list, access_log_record_many
from ivh.core.http import AuthenticatedHttpRequest
from ivh.core.ratelimit import not_found, ratelimit
from ivh.netwerk.models import Region
from ivh.termijnen.constants import Niveau, Onderwerp, Regel

from . import services
from .access import AgendapuntAccess, MdoAccess, agendapunt_access, mdo_access, readable_item_ids
from .constants import AdviesactieStatus, Antwoord, DeelnemerSoort, MdoStatus
from .forms import (
    AdviesactieKeuzeForm,
    AdviesForm,
    AgendapuntForm,
    AgendapuntKeuzeForm,
    AgendaZoekForm,
    AntwoordForm,
    DeelnemerKeuzeForm,
    ExpertForm,
    HoudenForm,
    MdoForm,
    RegioKeuzeForm,
    organisaties_for,
)
from .models import Mdo
from .permissions import may_use_mdo
from .planning import date_warning
from .selectors import (
    AgendaKandidaten,
    agenda_candidates,
    agenda_candidates_shown,
    agenda_items,
    agendapunt_probleem,
    dekking,
    experts_to_invite,
    mdo_overview,
    mdo_waitlist,
)
from .tokens import deelnemer_from_token


def _voorzitters(region_id: int) -> QuerySet[User]:
    return (
        User.objects.filter(
            is_active=True,
            role_assignments__active=True,
            role_assignments__region_id=region_id,
            role_assignments__role__in=[Role.COORDINATOR, Role.MDO_EXPERT, Role.CASEMANAGER],
        )
        .distinct()
        .order_by("full_name")
    )


def _errors(error: ValidationError, form: forms.Form) -> None:
    for text in error.messages:
        form.add_error(None, text)


@require_safe
def overzicht(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if not may_use_mdo(user):
        raise PermissionDenied
    upcoming, past = mdo_overview(user)
    regions = user.coordinator_region_ids()
    wachtlijst = list(mdo_waitlist(regions).prefetch_related("gezin__kinderen")) if regions else []
    if regions:
        # The waiting list shows which families wait for an MDO (client data): one access-log
        # entry for this page view, naming the children of those families.
        access_log_record_list(
            request=request,
            model=Traject,
            client_refs=[k.reference for t in wachtlijst for k in t.gezin.kinderen.all()],
            region_ids=[t.region_id for t in wachtlijst],
        )
    for m in upcoming:
        # n_punten: counted by mdo_list (annotate); open_places: for the template.
        m.open_places = max(0, m.max_agendapunten - m.n_punten)  # type: ignore[attr-defined]
        # Problems and missing answers are the coordinator's to resolve.
        m.te_regelen = m.region_id in regions  # type: ignore[attr-defined]
    now = timezone.now()
    # Each family's MDO deadline, stored when it started to wait (one query for the list).
    termijnen = termijnen_by_subject(Onderwerp.TRAJECT, Regel.MDO, [t.pk for t in wachtlijst])
    return render(
        request,
        "mdo/overzicht.html",
        {
            "upcoming": upcoming,
            "past": past,
            "is_coordinator": bool(regions),
            "wachtlijst": [
                (
                    t,
                    (now - t.received_at).days,
                    termijn,
                    termijn is not None and termijn.level_at(now) in (Niveau.OVER, Niveau.VER_OVER),
                    # The norm beside the days: "48 dagen (norm: 6 weken)", so that the verdict
                    # after it is not read as "48 days over the norm".
                    norm_words(termijn) if termijn is not None else "",
                )
                for t in wachtlijst
                for termijn in [termijnen.get(t.pk)]
            ],
        },
    )


@require_http_methods(["GET", "POST"])
def nieuw(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    own = Region.objects.filter(pk__in=user.coordinator_region_ids())
    regions = list(own)
    if not regions:
        raise PermissionDenied
    # ?regio= picks one of the coordinator's regions; anything else means the first.
    keuze = RegioKeuzeForm(request.GET, regions=own)
    region = (keuze.cleaned_data["regio"] if keuze.is_valid() else None) or regions[0]
    form = MdoForm(request.POST or None, voorzitters=_voorzitters(region.pk))
    if request.method == "POST" and form.is_valid():
        try:
            mdo = services.mdo_create(region=region, by=user, **form.planning())
        except ValidationError as error:
            _errors(error, form)
        else:
            messages.success(request, _("Het MDO is gepland. Zet nu gezinnen op de agenda."))
            return redirect("mdo:detail", pk=mdo.pk)
    return render(
        request,
        "mdo/mdo_form.html",
        {"form": form, "region": region, "regions": regions, "warning": _form_warning(form)},
    )


def _form_warning(form: MdoForm, mdo: Mdo | None = None) -> str | None:
    """The warning above the form: for the date that was sent, else the saved one."""
    if form.is_bound:
        starts_at = form.cleaned_data.get("starts_at") if hasattr(form, "cleaned_data") else None
        return date_warning(starts_at) if starts_at else None
    return date_warning(mdo.starts_at) if mdo is not None else None


@require_http_methods(["GET", "POST"])
def bewerken(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    access = mdo_access(request.user, pk, for_manage=True)
    mdo = access.mdo
    if mdo.status != MdoStatus.GEPLAND:
        raise PermissionDenied
    form = MdoForm(
        request.POST or None,
        initial=MdoForm.initial_for(mdo),
        voorzitters=_voorzitters(mdo.region_id),
    )
    if request.method == "POST" and form.is_valid():
        try:
            mdo = services.mdo_update(mdo=mdo, by=request.user, **form.planning())
        except ValidationError as error:
            _errors(error, form)
        else:
            messages.success(request, _("Het MDO is gewijzigd. De deelnemers krijgen bericht."))
            return redirect("mdo:detail", pk=mdo.pk)
    return render(
        request,
        "mdo/mdo_form.html",
        {"form": form, "mdo": mdo, "region": mdo.region, "warning": _form_warning(form, mdo)},
    )


@require_safe
def detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, mdo_access(request.user, pk))


@dataclass(frozen=True)
class _Planning:
    """The coordinator's forms on a planned MDO and the families the "add a family" form
    offers (no forms and no families: nothing to plan here, or not for this user)."""

    planning_forms: dict[str, forms.Form]
    kandidaten: AgendaKandidaten | None = None
    zoekform: AgendaZoekForm | None = None
    # The search form was sent (an empty search too): the page opens at the "add" form.
    searched: bool = False


def _planning(
    request: AuthenticatedHttpRequest, access: MdoAccess, bound: dict[str, forms.Form]
) -> _Planning:
    """The coordinator's forms on a planned MDO: a family onto the agenda (the families
    waiting for an MDO, the first few or those found by ?gezin=), an expert invited (only
    while there is someone left to invite, or when that form is shown with errors)."""
    mdo = access.mdo
    if not (access.can_manage and mdo.status == MdoStatus.GEPLAND):
        return _Planning(planning_forms={})
    zoekform = AgendaZoekForm(request.GET)
    kandidaten = agenda_candidates_shown(mdo, zoekform.zoekterm())
    punt = bound.get("punt")
    if not isinstance(punt, AgendapuntForm):
        # A search that found one family: that family is chosen already.
        only = kandidaten.trajecten if kandidaten.zoekterm and kandidaten.total == 1 else []
        punt = AgendapuntForm(
            prefix="punt",
            trajecten=agenda_candidates(mdo),
            initial={"traject": only[0].pk} if only else None,
        )
    punt.offer(kandidaten.trajecten)
    experts = list(experts_to_invite(mdo))
    offered: dict[str, forms.Form] = {
        "punt": punt,
        **({"expert": ExpertForm(prefix="expert", experts=experts)} if experts else {}),
    }
    return _Planning(
        planning_forms={**offered, **bound},
        kandidaten=kandidaten,
        zoekform=zoekform,
        searched=AgendaZoekForm.FIELD in request.GET,
    )


def _log_trajecten_changed(request: AuthenticatedHttpRequest, trajecten: list[Traject]) -> None:
    """A meeting action that changes these families' data without opening their dossiers:
    an `edit` entry per child, as `log_traject_read(..., reason="")` writes them, in one
    INSERT (children prefetched)."""
    access_log_record_many(
        request=request,
        action=AccessAction.EDIT,
        reads=[
            ClientRead(traject, kind.reference, traject.region_id)
            for traject in trajecten
            for kind in traject.gezin.kinderen.all()
        ],
    )


def _detail_page(
    request: AuthenticatedHttpRequest,
    access: MdoAccess,
    *,
    bound: dict[str, forms.Form] | None = None,
) -> HttpResponse:
    """The meeting page, with the form of one action bound to what was sent when it is shown
    again with errors."""
    user, mdo = request.user, access.mdo
    bound = bound or {}
    items = agenda_items(mdo)
    readable_ids = readable_item_ids(user, items)
    agenda = []
    for item in items:
        readable = item.pk in readable_ids
        ouders = next((o for o in item.ouders.all() if o.withdrawn_at is None), None)
        probleem = agendapunt_probleem(mdo, item) if access.can_manage and readable else None
        agenda.append((item, readable, ouders, probleem))
    planning = _planning(request, access, bound)
    kandidaten = planning.kandidaten.trajecten if planning.kandidaten else []
    # The families the user sees on this page, on the agenda and offered to put on it: one
    # access-log entry naming their children (with the search, when the coordinator searched).
    access_log_record_list(
        request=request,
        model=Traject,
        client_refs=[
            *(
                k.reference
                for item, readable, _o, _p in agenda
                if readable
                for k in item.traject.gezin.kinderen.all()
            ),
            *(k.reference for t in kandidaten for k in t.gezin.kinderen.all()),
        ],
        region_ids=[mdo.region_id],
        search_term=planning.kandidaten.zoekterm if planning.kandidaten else "",
    )
    deelnemers = list(
        mdo.deelnemers.filter(withdrawn_at__isnull=True).select_related("organisatie")
    )
    staff = [d for d in deelnemers if d.soort != DeelnemerSoort.OUDER]
    zonder_antwoord = []
    if access.can_manage and mdo.status == MdoStatus.GEPLAND:
        # Who has not said whether they come (to the new time, after a change): staff by
        # name, parents by their family's reference.
        zonder_antwoord = [d.name for d in staff if d.antwoord == Antwoord.OPEN] + [
            _("ouders van %(ref)s") % {"ref": item.traject.gezin.reference}
            for item, readable, ouders, probleem in agenda
            # Parents of a family that cannot be discussed are not waited for: that item is
            # shown as a problem.
            if readable and not probleem and ouders is not None and ouders.antwoord == Antwoord.OPEN
        ]
    now = timezone.now()
    return render(
        request,
        "mdo/detail.html",
        {
            "mdo": mdo,
            "access": access,
            "agenda": agenda,
            "problemen": sum(1 for *_rest, probleem in agenda if probleem),
            "zonder_antwoord": zonder_antwoord,
            # A meeting on a weekend or public holiday is saved (it may be meant); its page
            # warns the coordinator until it is moved.
            "date_warning": (
                date_warning(mdo.starts_at)
                if access.can_manage and mdo.status == MdoStatus.GEPLAND
                else None
            ),
            # Recording the meeting makes sense from its start, not before.
            "can_hold": mdo.status == MdoStatus.GEPLAND and mdo.starts_at <= now,
            "open_places": max(0, mdo.max_agendapunten - len(items)),
            "deelnemers": staff,
            "dekking": dekking(mdo, items) if access.can_manage else None,
            "forms": planning.planning_forms,
            "kandidaten": planning.kandidaten,
            "zoekform": planning.zoekform,
            "searched": planning.searched,
            "open_action": next(iter(bound), None),
            "inzage_open": mdo.inzage_open(),
            "Antwoord": Antwoord,
        },
    )


def _detail_action(
    request: AuthenticatedHttpRequest,
    access: MdoAccess,
    name: str,
    form: forms.Form | None,
    perform: Callable[[dict], str],
    *,
    errors_at_top: bool = False,
) -> HttpResponse:
    """Run one action of the meeting page; on errors the page again with form `name` bound."""
    return action_response(
        request,
        form,
        perform,
        success_url=reverse("mdo:detail", args=[access.mdo.pk]),
        page=lambda: _detail_page(request, access, bound={name: form} if form is not None else {}),
        errors_at_top=errors_at_top,
    )


@require_POST
def agendapunt_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A coordinator puts a family on the agenda (parents' consent for MDO needed)."""
    access = mdo_access(request.user, pk, for_manage=True)
    form = AgendapuntForm(request.POST, prefix="punt", trajecten=agenda_candidates(access.mdo))

    def perform(data: dict) -> str:
        services.agendapunt_add(mdo=access.mdo, by=request.user, **data)
        # A meeting action names the family without opening its dossier: no reason asked.
        log_traject_read(request, data["traject"], AccessAction.EDIT, reason="")
        return _("Het gezin staat op de agenda.")

    return _detail_action(request, access, "punt", form, perform)


@require_POST
def expert_invite(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    access = mdo_access(request.user, pk, for_manage=True)
    form = ExpertForm(request.POST, prefix="expert", experts=list(experts_to_invite(access.mdo)))

    def perform(data: dict) -> str:
        expert = data["expert"]
        services.deelnemer_invite_expert(mdo=access.mdo, expert=expert, by=request.user)
        return _("%(name)s krijgt een uitnodiging per e-mail.") % {"name": expert.full_name}

    return _detail_action(request, access, "expert", form, perform)


@require_POST
def ouders_invite(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Invite the parents for their own item of the agenda."""
    access = mdo_access(request.user, pk, for_manage=True)
    form = AgendapuntKeuzeForm(request.POST, agendapunten=access.mdo.agendapunten.all())

    def perform(data: dict) -> str:
        services.deelnemer_invite_ouders(agendapunt=data["punt"], by=request.user)
        log_traject_read(request, data["punt"].traject, AccessAction.EDIT, reason="")
        return _("De ouders krijgen een uitnodiging per e-mail.")

    return _detail_action(request, access, "ouders", form, perform, errors_at_top=True)


@require_POST
def agendapunt_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    access = mdo_access(request.user, pk, for_manage=True)
    form = AgendapuntKeuzeForm(request.POST, agendapunten=access.mdo.agendapunten.all())

    def perform(data: dict) -> str:
        removed = services.agendapunt_remove(agendapunt=data["punt"], by=request.user)
        log_traject_read(request, data["punt"].traject, AccessAction.EDIT, reason="")
        if removed:
            return _("Het gezin staat niet meer op de agenda.")
        return _(
            "De ouders krijgen een afzegging. Daarna kunt u het gezin van de agenda halen; "
            "probeer het over een paar minuten."
        )

    return _detail_action(request, access, "van_agenda", form, perform, errors_at_top=True)


@require_POST
def deelnemer_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Withdraw an invitation (an expert's, a casemanager's or the parents')."""
    access = mdo_access(request.user, pk, for_manage=True)
    form = DeelnemerKeuzeForm(
        request.POST, deelnemers=access.mdo.deelnemers.filter(withdrawn_at__isnull=True)
    )

    def perform(data: dict) -> str:
        services.deelnemer_withdraw(deelnemer=data["deelnemer"], by=request.user)
        return _("De uitnodiging is ingetrokken.")

    return _detail_action(request, access, "intrekken", form, perform, errors_at_top=True)


@require_POST
def mdo_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    access = mdo_access(request.user, pk, for_manage=True)

    def perform(_data: dict) -> str:
        services.mdo_cancel(mdo=access.mdo, by=request.user)
        return _("Het MDO is geannuleerd. Alle deelnemers krijgen bericht.")

    return _detail_action(request, access, "annuleren", None, perform)


@require_POST
def mijn_antwoord(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """An invited user says in the application whether they come."""
    access = mdo_access(request.user, pk)
    deelnemer = access.deelnemer
    if deelnemer is None:
        raise PermissionDenied
    form = AntwoordForm(request.POST)

    def perform(data: dict) -> str:
        services.deelnemer_answer(
            deelnemer=deelnemer, antwoord=data["antwoord"], sequence=data["sequence"]
        )
        return _("Uw antwoord is opgeslagen.")

    return _detail_action(request, access, "antwoord", form, perform, errors_at_top=True)


@require_http_methods(["GET", "POST"])
def houden(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    access = mdo_access(request.user, pk, for_manage=True)
    mdo = access.mdo
    if mdo.status != MdoStatus.GEPLAND:
        raise PermissionDenied
    if mdo.starts_at > timezone.now():
        # Offered from the start of the meeting; an early link or bookmark says when.
        messages.info(
            request,
            _("U kunt het MDO vastleggen vanaf het begin: %(when)s.")
            % {"when": formats.date_format(timezone.localtime(mdo.starts_at), "l j F Y, H:i")},
        )
        return redirect("mdo:detail", pk=mdo.pk)
    deelnemers = list(mdo.deelnemers.filter(withdrawn_at__isnull=True).exclude(soort="ouder"))
    items = list(
        mdo.agendapunten.select_related("traject__gezin", "traject__casemanager").prefetch_related(
            "ouders", "traject__gezin__kinderen"
        )
    )
    punten = [(i.pk, i.traject.gezin.reference) for i in items]
    # Proposed presence: whoever said they would come.
    initial = {
        "aanwezig": [d.pk for d in deelnemers if d.antwoord == Antwoord.KOMT],
        "ouders_aanwezig": [
            i.pk
            for i in items
            if any(o.antwoord == Antwoord.KOMT and o.withdrawn_at is None for o in i.ouders.all())
        ],
    }
    form = HoudenForm(request.POST or None, initial=initial, deelnemers=deelnemers, punten=punten)
    # The form names the families on the agenda: one access-log entry for each view of it.
    access_log_record_list(
        request=request,
        model=Traject,
        client_refs=[k.reference for i in items for k in i.traject.gezin.kinderen.all()],
        region_ids=[mdo.region_id],
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.mdo_hold(
                mdo=mdo,
                by=request.user,
                aanwezig={int(x) for x in data["aanwezig"]},
                ouders_aanwezig={int(x) for x in data["ouders_aanwezig"]},
                notulen=data["notulen"],
            )
        except ValidationError as error:
            _errors(error, form)
        else:
            # Who was there and the minutes: a change for each family on the agenda.
            _log_trajecten_changed(request, [item.traject for item in items])
            messages.success(request, _("Het MDO is vastgelegd als gehouden."))
            return redirect("mdo:detail", pk=mdo.pk)
    return render(request, "mdo/houden.html", {"mdo": mdo, "form": form})


@require_safe
@asks_reason
def punt(request: AuthenticatedHttpRequest, pk: int, punt_pk: int) -> HttpResponse:
    return _punt_page(request, agendapunt_access(request.user, pk, punt_pk))


def _advies_form(access: AgendapuntAccess, data: object = None) -> AdviesForm:
    item = access.item
    return AdviesForm(
        data,
        initial={"advies": item.advies},
        organisaties=organisaties_for(access.mdo.mdo.region_id),
    )


def _punt_page(
    request: AuthenticatedHttpRequest, access: AgendapuntAccess, *, form: AdviesForm | None = None
) -> HttpResponse:
    item, mdo = access.item, access.mdo.mdo
    traject = item.traject
    kinderen = log_traject_read(request, traject)
    today = timezone.localdate()
    current = plan_current(traject.gezin)
    acties = list(item.acties.select_related("organisatie", "proposed_by"))
    return render(
        request,
        "mdo/punt.html",
        {
            "mdo": mdo,
            "access": access,
            "item": item,
            "traject": traject,
            "aanmelding": traject.aanmelding,
            "kinderen": [(k, age_years_months(k.geboortedatum, today)) for k in kinderen],
            "doelen": labelled_doelen(current.doelen) if current else [],
            "verwijzingen": traject.verwijzingen.select_related("organisatie"),
            "acties": acties,
            "voorstellen": any(a.status == AdviesactieStatus.VOORGESTELD for a in acties),
            "form": form or _advies_form(access),
            "Status": AdviesactieStatus,
            # Taking an action into the plan makes a new version: the parents' agreement with
            # the current one no longer holds, and the page says so before the button is used.
            "plan_akkoord": getattr(current, "akkoord", None) if current else None,
        },
    )


def _punt_action(
    request: AuthenticatedHttpRequest,
    access: AgendapuntAccess,
    form: forms.Form,
    perform: Callable[[dict], str],
    *,
    advies_form: AdviesForm | None = None,
    errors_at_top: bool = False,
) -> HttpResponse:
    """Run one action on a family's item. A user whose access needs a reason (a substitute)
    gives it before anything changes; each change is written to the access log (`edit`)."""
    traject = access.item.traject
    try:
        traject_access_reason(request, traject)
    except AccessReasonRequired as needed:
        return reason_question_response(request, needed.question)

    def perform_and_log(data: dict) -> str:
        message = perform(data)
        log_traject_read(request, traject, AccessAction.EDIT)
        return message

    return action_response(
        request,
        form,
        perform_and_log,
        success_url=reverse("mdo:punt", args=[access.mdo.mdo.pk, access.item.pk]),
        page=lambda: _punt_page(request, access, form=advies_form),
        errors_at_top=errors_at_top,
    )


@require_POST
def advies(request: AuthenticatedHttpRequest, pk: int, punt_pk: int) -> HttpResponse:
    """The team's advice for one family, and optionally an action proposed for the plan."""
    access = agendapunt_access(request.user, pk, punt_pk)
    if not access.mdo.can_advise:
        raise PermissionDenied
    form = _advies_form(access, request.POST)

    def perform(data: dict) -> str:
        services.advies_record(agendapunt=access.item, by=request.user, **data)
        return _("Het advies is opgeslagen.")

    return _punt_action(request, access, form, perform, advies_form=form)


def _proposed_action(request: AuthenticatedHttpRequest, pk: int, punt_pk: int) -> tuple:
    """The family's casemanager (or substitute) only: the access, and the form naming which
    proposed action."""
    access = agendapunt_access(request.user, pk, punt_pk)
    if not access.can_accept:
        raise PermissionDenied
    form = AdviesactieKeuzeForm(
        request.POST,
        acties=access.item.acties.filter(status=AdviesactieStatus.VOORGESTELD),
    )
    return access, form


@require_POST
def adviesactie_accept(request: AuthenticatedHttpRequest, pk: int, punt_pk: int) -> HttpResponse:
    """The casemanager takes an action of the MDO into the family's plan."""
    access, form = _proposed_action(request, pk, punt_pk)

    def perform(data: dict) -> str:
        gezin = access.item.traject.gezin
        before = plan_current(gezin)
        had_agreement = before is not None and getattr(before, "akkoord", None) is not None
        services.adviesactie_accept(actie=data["adviesactie"], by=request.user)
        if not had_agreement:
            return _("De actie staat nu in het plan van het gezin.")
        after = plan_current(gezin)
        if after is not None and plan_parents_mailed(after):
            return _(
                "De actie staat nu in het plan. De ouders moeten opnieuw akkoord geven; zij "
                "krijgen een e-mail dat er een nieuwe versie voor hen klaarstaat."
            )
        return _(
            "De actie staat nu in het plan. De ouders moeten opnieuw akkoord geven. Er is geen "
            "e-mailadres van de ouders bekend: vertel het hun zelf."
        )

    return _punt_action(request, access, form, perform, errors_at_top=True)


@require_POST
def adviesactie_decline(request: AuthenticatedHttpRequest, pk: int, punt_pk: int) -> HttpResponse:
    access, form = _proposed_action(request, pk, punt_pk)

    def perform(data: dict) -> str:
        services.adviesactie_decline(actie=data["adviesactie"], by=request.user)
        return _("De actie is niet overgenomen.")

    return _punt_action(request, access, form, perform, errors_at_top=True)


@login_not_required
# As the parents' link: only failed look-ups count, so a guesser of tokens is stopped and an
# invited participant never is.
@ratelimit(group="ouderlink", rate_setting="IVH_OUDERLINK_RATE_PER_IP", counts=not_found)
@require_http_methods(["GET", "POST"])
def antwoord(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the invitation: say whether you come. Shows the date and place only."""
    deelnemer = deelnemer_from_token(token)
    if deelnemer is None:
        return render(request, "mdo/antwoord_ongeldig.html", status=404)
    mdo = deelnemer.mdo
    geldig = deelnemer.withdrawn_at is None and mdo.status == MdoStatus.GEPLAND
    if request.method == "POST" and geldig:
        form = AntwoordForm(request.POST)
        if form.is_valid():
            try:
                services.deelnemer_answer(
                    deelnemer=deelnemer,
                    antwoord=form.cleaned_data["antwoord"],
                    sequence=form.cleaned_data["sequence"],
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Dank u wel. Uw antwoord is opgeslagen."))
            return redirect("mdo:antwoord", token=token)
    return render(
        request,
        "mdo/antwoord.html",
        {
            "deelnemer": deelnemer,
            "mdo": mdo,
            "start": deelnemer.slot[0],
            "geldig": geldig,
            "ouder": deelnemer.soort == DeelnemerSoort.OUDER,
        },
    )
