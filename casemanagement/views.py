"""Caseload, the traject page and its actions (one POST view per action), the plan, and the
AVG export."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ivh.accounts.constants import Role
from ivh.accounts.models import User
from ivh.audit.constants import AccessAction
from ivh.audit.reasons import AccessReasonRequired, asks_reason, reason_question_response
from ivh.audit.services import access_log_record_list
from ivh.core.http import AuthenticatedHttpRequest
from ivh.core.pdf import render_pdf
from ivh.netwerk.models import Organisatie
from ivh.termijnen.constants import Niveau, Onderwerp, PauzeReden, Regel
from ivh.termijnen.models import Termijn
from ivh.termijnen.services import termijn_pause, termijn_resume

from . import services
from .access import TrajectAccess, log_traject_read, traject_access, traject_access_reason
from .constants import FASE_OVERGANGEN
from .forms import (
    ROW_ADD,
    ROW_ADD_FORMSETS,
    ActieFormSet,
    AfsluitForm,
    AkkoordForm,
    CaseloadFilterForm,
    ContactForm,
    DoelFormSet,
    FaseForm,
    HerverdeelForm,
    OuderLinkForm,
    OuderVraagAfhandelenForm,
    PlanForm,
    PlanVersiesForm,
    TermijnHervatForm,
    TermijnPauzeForm,
    VervangingForm,
    VerwijzingDatesForm,
    VerwijzingForm,
    data_with_empty_row,
    show_unjudged,
)
from .models import Contactmoment, PlanVersie, Traject, Vervanging, Verwijzing
from .permissions import may_use_trajecten
from .plan_data import (
    acties_from_forms,
    acties_initial,
    doelen_from_forms,
    doelen_initial,
    labelled_acties,
    labelled_doelen,
)
from .selectors import age_years_months, caseload_page, plan_diff, traject_timeline
from .termijnen import (
    next_evaluation_day,
    running_of_traject,
    termijnen_by_subject,
    traject_klokken,
)
from .views_helpers import INVALID, action_response


def _casemanagers_of(region_ids: set[int]) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            role_assignments__role=Role.CASEMANAGER,
            role_assignments__active=True,
            role_assignments__region_id__in=region_ids,
        )
        .distinct()
        .order_by("full_name")
    )


# --- caseload ------------------------------------------------------------------------------


@require_safe
def caseload_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _caseload_page(request)


def _caseload_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if not may_use_trajecten(user):
        raise PermissionDenied
    coordinator_regions = user.coordinator_region_ids()
    casemanagers = _casemanagers_of(coordinator_regions) if coordinator_regions else []
    qs = Traject.objects.visible_to(user)
    filters = None
    if coordinator_regions:
        # Only coordinators filter by casemanager; an unknown one is reported, not applied.
        filters = CaseloadFilterForm(request.GET or None, casemanagers=casemanagers)
        if filters.is_valid() and filters.cleaned_data["casemanager"]:
            qs = qs.filter(casemanager=filters.cleaned_data["casemanager"])
    page = caseload_page(qs, request.GET.get("pagina"))
    rows = list(page.object_list)
    # The caseload shows children's names: one access-log entry for this page view, naming
    # every child on it (the children are prefetched by `caseload_page`).
    access_log_record_list(
        request=request,
        model=Traject,
        client_refs=[k.reference for r in rows for k in r.traject.gezin.kinderen.all()],
        region_ids=[r.traject.region_id for r in rows],
    )
    return render(
        request,
        "casemanagement/caseload.html",
        {
            "page": page,
            "rows": rows,
            "is_coordinator": bool(coordinator_regions),
            "casemanagers": casemanagers,
            "filters": filters,
            "vervangingen": _current_vervangingen(user, coordinator_regions),
            "today": timezone.localdate(),
        },
    )


def _current_vervangingen(user: User, coordinator_regions: set[int]) -> QuerySet[Vervanging]:
    """The substitutions running now or later in the user's regions."""
    return (
        Vervanging.objects.filter(tot__gte=timezone.localdate())
        .filter(region_id__in=coordinator_regions | user.region_ids(Role.CASEMANAGER))
        .select_related("afwezige", "vervanger")
    )


@require_http_methods(["GET", "HEAD", "POST"])
def vervanging_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A coordinator arranges that one casemanager covers for another (e.g. during leave): a
    page of its own, reached from the region's trajecten."""
    user = request.user
    coordinator_regions = user.coordinator_region_ids()
    if not coordinator_regions:
        raise PermissionDenied
    form = VervangingForm(
        request.POST if request.method == "POST" else None,
        casemanagers=_casemanagers_of(coordinator_regions),
        prefix="vervanging",
    )

    def page() -> HttpResponse:
        return _vervanging_page(request, form)

    if request.method != "POST":
        return page()

    def perform(data: dict) -> str:
        afwezige = data["afwezige"]
        region_id = next(iter(afwezige.region_ids(Role.CASEMANAGER) & coordinator_regions), None)
        if region_id is None:
            raise ValidationError(_("Deze casemanager werkt niet in uw regio."))
        services.vervanging_create(
            afwezige=afwezige,
            vervanger=data["vervanger"],
            region_id=region_id,
            van=data["van"],
            tot=data["tot"],
            reden=data["reden"],
            by=user,
        )
        return _("De vervanging is vastgelegd.")

    return action_response(
        request,
        form,
        perform,
        success_url=reverse("casemanagement:caseload"),
        page=page,
    )


def _vervanging_page(request: AuthenticatedHttpRequest, form: VervangingForm) -> HttpResponse:
    coordinator_regions = request.user.coordinator_region_ids()
    return render(
        request,
        "casemanagement/vervanging.html",
        {
            "form": form,
            "vervangingen": _current_vervangingen(request.user, coordinator_regions),
            "coordinator_regions": coordinator_regions,
            "today": timezone.localdate(),
        },
    )


@require_POST
def vervanging_end(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A coordinator of its region ends a substitution from today (the absent one is back)."""
    user = request.user
    vervanging = get_object_or_404(
        Vervanging.objects.select_related("afwezige", "vervanger"),
        pk=pk,
        region_id__in=user.coordinator_region_ids(),
    )
    return action_response(
        request,
        None,
        lambda _data: services.vervanging_end(vervanging=vervanging, by=user),
        success_url=reverse("casemanagement:vervanging"),
        page=lambda: _vervanging_page(
            request,
            VervangingForm(
                casemanagers=_casemanagers_of(user.coordinator_region_ids()), prefix="vervanging"
            ),
        ),
    )


# --- the traject page ----------------------------------------------------------------------


@require_safe
@asks_reason
def traject_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _traject_page(request, traject_access(request.user, pk))


def _verwijzing_form(
    traject: Traject, verwijzing: Verwijzing, data: object = None
) -> VerwijzingDatesForm:
    """The dates form of one referral row; `auto_id` per row keeps the HTML ids apart."""
    return VerwijzingDatesForm(
        data,
        initial={
            "verwijzing": verwijzing.pk,
            "started_at": verwijzing.started_at,
            "ended_at": verwijzing.ended_at,
        },
        verwijzingen=traject.verwijzingen.all(),
        auto_id=f"v{verwijzing.pk}-%s",
    )


def _verwijzing_row(
    access: TrajectAccess,
    verwijzing: Verwijzing,
    form: VerwijzingDatesForm | None = None,
    *,
    saved: bool = False,
    termijnen: dict[int, Termijn] | None = None,
) -> dict:
    """What one row of the referrals table shows (templates/casemanagement/_verwijzing.html):
    the wait against the referral's stored deadline (`termijnen`: those of the whole table,
    gathered once; looked up for a row shown on its own)."""
    traject = access.traject
    if termijnen is None:
        termijnen = termijnen_by_subject(Onderwerp.VERWIJZING, Regel.VERVOLGHULP, [verwijzing.pk])
    termijn = termijnen.get(verwijzing.pk)
    level = termijn.level_reached(timezone.now()) if termijn is not None else ""
    return {
        "traject": traject,
        "v": verwijzing,
        "dagen": verwijzing.wachtdagen(timezone.localdate()),
        "dates_form": form or _verwijzing_form(traject, verwijzing),
        "can_edit": access.can_work and traject.is_open,
        "termijn": termijn,
        "boven_norm": level in (Niveau.OVER, Niveau.VER_OVER),
        "saved": saved,
    }


def _traject_page(
    request: AuthenticatedHttpRequest,
    access: TrajectAccess,
    *,
    bound: dict[str, forms.Form] | None = None,
    verwijzing_form: VerwijzingDatesForm | None = None,
) -> HttpResponse:
    """The traject page, with the form of one action bound to what was sent (`bound`, or the
    dates of one referral) when it is shown again with errors."""
    traject, user = access.traject, request.user
    bound = bound or {}
    organisaties = Organisatie.objects.visible_to(user).filter(actief=True).order_by("name")
    current = services.plan_current(traject.gezin)
    forms_ = {
        "contact": ContactForm(prefix="contact"),
        "fase": FaseForm(prefix="fase"),
        "verwijzing": VerwijzingForm(prefix="verwijzing", organisaties=organisaties),
        "afsluiten": AfsluitForm(prefix="afsluiten"),
        "akkoord": AkkoordForm(prefix="akkoord"),
        "herverdelen": HerverdeelForm(
            prefix="herverdelen",
            casemanagers=_casemanagers_of({traject.region_id}) if access.can_manage else [],
        ),
        **bound,
    }
    # The referral row whose dates were sent (and refused): shown with what was typed.
    bound_verwijzing = verwijzing_form.cleaned_data.get("verwijzing") if verwijzing_form else None
    kinderen = log_traject_read(request, traject)
    today = timezone.localdate()
    klokken = traject_klokken(traject)
    # The referrals' deadlines are among the family's: no query per referral row.
    referral_termijnen = {
        k.termijn.subject_id: k.termijn
        for k in klokken
        if k.termijn.subject_kind == Onderwerp.VERWIJZING and k.termijn.regel == Regel.VERVOLGHULP
    }
    return render(
        request,
        "casemanagement/traject.html",
        {
            "traject": traject,
            "access": access,
            "kinderen": [(k, age_years_months(k.geboortedatum, today)) for k in kinderen],
            "forms": forms_,
            "open_action": next(iter(bound), None),
            "timeline": traject_timeline(traject),
            "plan": current,
            "doelen": labelled_doelen(current.doelen) if current else [],
            "acties": labelled_acties(current.acties) if current else [],
            "verwijzingen": [
                _verwijzing_row(
                    access,
                    v,
                    verwijzing_form if bound_verwijzing and bound_verwijzing.pk == v.pk else None,
                    termijnen=referral_termijnen,
                )
                for v in traject.verwijzingen.select_related("organisatie", "dienst")
            ],
            "fase_opties": FASE_OVERGANGEN.get(traject.fase, ()),
            "ouderlinks": traject.gezin.ouderlinks.all()[:5],
            "vragen": traject.oudervragen.filter(handled_at__isnull=True),
            # Only the user's own recent contacts can be corrected: the list (and its heading)
            # holds those, empty for a substitute or the coordinator.
            "contacten_te_corrigeren": [
                c for c in traject.contacten.all()[:50] if services.contact_editable_by(c, user)
            ],
            "toestemmingen": traject.aanmelding.toestemmingen.all() if traject.aanmelding else [],
            "tevredenheid": getattr(traject, "tevredenheid", None),
            "klokken": klokken,
            "pauze_redenen": PauzeReden.choices,
            "can_hold": access.can_work or access.can_manage,
        },
    )


def _traject_action(
    request: AuthenticatedHttpRequest,
    access: TrajectAccess,
    name: str,
    form: forms.Form | None,
    perform: Callable[[dict], str],
    *,
    errors_at_top: bool = False,
) -> HttpResponse:
    """Run one action of the traject page; on errors the page again with form `name` bound.

    A user whose access needs a reason gives it before anything changes; each change is
    written to the access log (`edit`)."""
    try:
        traject_access_reason(request, access.traject)
    except AccessReasonRequired as needed:
        return reason_question_response(request, needed.question)
    return action_response(
        request,
        form,
        _logged_edit(request, access.traject, perform),
        success_url=reverse("casemanagement:traject", args=[access.traject.pk]),
        page=lambda: _traject_page(request, access, bound={name: form} if form is not None else {}),
        errors_at_top=errors_at_top,
    )


def _logged_edit(
    request: AuthenticatedHttpRequest, traject: Traject, perform: Callable[[dict], str]
) -> Callable[[dict], str]:
    """`perform`, followed by the access-log entry of the change once it succeeded."""

    def perform_and_log(data: dict) -> str:
        message = perform(data)
        log_traject_read(request, traject, AccessAction.EDIT)
        return message

    return perform_and_log


def _termijn_access(request: AuthenticatedHttpRequest, pk: int) -> TrajectAccess:
    """Holding a deadline is for those who work on the family or coordinate it."""
    access = traject_access(request.user, pk)
    if not (access.can_work or access.can_manage):
        raise PermissionDenied
    return access


@require_POST
def traject_termijn_pauze(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    access = _termijn_access(request, pk)
    form = TermijnPauzeForm(
        request.POST, prefix="pauze", termijnen=running_of_traject(access.traject, paused=False)
    )

    def perform(data: dict) -> str:
        termijn_pause(
            termijn=data["termijn"],
            reden=data["reden"],
            toelichting=data["toelichting"],
            by=request.user,
        )
        return _("De termijn staat stil tot u hem weer laat lopen.")

    return _traject_action(request, access, "pauze", form, perform, errors_at_top=True)


@require_POST
def traject_termijn_hervat(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    access = _termijn_access(request, pk)
    form = TermijnHervatForm(
        request.POST, prefix="hervat", termijnen=running_of_traject(access.traject, paused=True)
    )

    def perform(data: dict) -> str:
        termijn_resume(termijn=data["termijn"], by=request.user)
        return _("De termijn loopt weer; de nieuwe datum staat erbij.")

    return _traject_action(request, access, "hervat", form, perform, errors_at_top=True)


@require_POST
def traject_contact(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    access = traject_access(request.user, pk, for_work=True)
    form = ContactForm(request.POST, prefix="contact")

    def perform(data: dict) -> str:
        services.contact_log(traject=access.traject, by=request.user, **data)
        return _("Het contact is vastgelegd.")

    return _traject_action(request, access, "contact", form, perform)


@require_POST
def traject_fase(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    access = traject_access(request.user, pk, for_work=True)
    form = FaseForm(request.POST, prefix="fase")

    def perform(data: dict) -> str:
        services.traject_set_fase(traject=access.traject, by=request.user, fase=data["fase"])
        return _("De fase is aangepast.")

    # The phase buttons have no visible field: a refused step is told at the top.
    return _traject_action(request, access, "fase", form, perform, errors_at_top=True)


@require_POST
def traject_verwijzing(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    access = traject_access(request.user, pk, for_work=True)
    organisaties = Organisatie.objects.visible_to(request.user).filter(actief=True)
    form = VerwijzingForm(request.POST, prefix="verwijzing", organisaties=organisaties)

    def perform(data: dict) -> str:
        services.verwijzing_create(traject=access.traject, by=request.user, **data)
        return _("De verwijzing is vastgelegd.")

    return _traject_action(request, access, "verwijzing", form, perform)


def _is_htmx(request: AuthenticatedHttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


@require_POST
def traject_verwijzing_data(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """When the help of a referral started and ended. From the page with htmx, the row is
    saved in place (the casemanager stays where they were in the table); without
    JavaScript, as every other action."""
    access = traject_access(request.user, pk, for_work=True)
    traject = access.traject
    try:
        traject_access_reason(request, traject)
    except AccessReasonRequired as needed:
        return reason_question_response(request, needed.question)
    form = VerwijzingDatesForm(request.POST, verwijzingen=traject.verwijzingen.all())
    form.is_valid()
    verwijzing = form.cleaned_data.get("verwijzing")  # None: not a referral of this traject
    if verwijzing is not None:
        form.auto_id = f"v{verwijzing.pk}-%s"

    def save_dates(data: dict) -> str:
        services.verwijzing_update_dates(
            verwijzing=data["verwijzing"],
            by=request.user,
            started_at=data["started_at"],
            ended_at=data["ended_at"],
        )
        return _("De data van de verwijzing zijn opgeslagen.")

    perform = _logged_edit(request, traject, save_dates)

    if _is_htmx(request) and verwijzing is not None:
        saved = False
        if form.is_valid():
            try:
                perform(form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                saved = True
                verwijzing.refresh_from_db()
                form = _verwijzing_form(traject, verwijzing)
        if not saved:
            # The row shown again with what went wrong: a read of the referral.
            log_traject_read(request, traject)
        return render(
            request,
            "casemanagement/_verwijzing.html",
            {"row": _verwijzing_row(access, verwijzing, form, saved=saved)},
            status=200 if saved else INVALID,
        )
    return action_response(
        request,
        form,
        perform,
        success_url=reverse("casemanagement:traject", args=[traject.pk]),
        page=lambda: _traject_page(request, access, verwijzing_form=form),
        errors_at_top=verwijzing is None,
    )


@require_POST
def traject_afsluiten(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    access = traject_access(request.user, pk, for_work=True)
    form = AfsluitForm(request.POST, prefix="afsluiten")

    def perform(data: dict) -> str:
        services.traject_close(traject=access.traject, by=request.user, **data)
        return _("Het traject is afgesloten. De ouders krijgen een vragenlijst.")

    return _traject_action(request, access, "afsluiten", form, perform)


@require_POST
def traject_akkoord(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The casemanager records that the parents agreed to the current plan (in person, by
    phone, on paper)."""
    access = traject_access(request.user, pk, for_work=True)
    form = AkkoordForm(request.POST, prefix="akkoord")

    def perform(data: dict) -> str:
        current = services.plan_current(access.traject.gezin)
        if current is None:
            raise ValidationError(_("Er is nog geen plan."))
        at = timezone.make_aware(datetime.combine(data["datum"], timezone.localtime().time()))
        services.plan_record_agreement(
            versie=current, traject=access.traject, by=request.user, wijze=data["wijze"], at=at
        )
        return _("Het akkoord van de ouders is vastgelegd.")

    return _traject_action(request, access, "akkoord", form, perform)


@require_POST
def traject_ouderlink(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    access = traject_access(request.user, pk, for_work=True)

    def perform(_data: dict) -> str:
        services.ouderlink_send(traject=access.traject, by=request.user)
        return _("De ouder krijgt een persoonlijke link per e-mail.")

    return _traject_action(request, access, "ouderlink", None, perform)


def _works_or_manages(user: User, pk: int) -> TrajectAccess:
    """The casemanager (or substitute) and the region's coordinators: 403 for others who see
    the traject."""
    access = traject_access(user, pk)
    if not (access.can_work or access.can_manage):
        raise PermissionDenied
    return access


@require_POST
def traject_ouderlink_intrekken(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    access = _works_or_manages(request.user, pk)
    form = OuderLinkForm(
        request.POST, links=access.traject.gezin.ouderlinks.filter(revoked_at__isnull=True)
    )

    def perform(data: dict) -> str:
        services.ouderlink_revoke(link=data["link"], by=request.user)
        return _("De link werkt niet meer.")

    return _traject_action(
        request, access, "ouderlink_intrekken", form, perform, errors_at_top=True
    )


@require_POST
def traject_vraag_afgehandeld(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    access = _works_or_manages(request.user, pk)
    form = OuderVraagAfhandelenForm(
        request.POST, vragen=access.traject.oudervragen.filter(handled_at__isnull=True)
    )

    def perform(data: dict) -> str:
        services.oudervraag_handle(vraag=data["vraag"], by=request.user)
        return _("De vraag is afgehandeld.")

    return _traject_action(request, access, "vraag_afgehandeld", form, perform, errors_at_top=True)


@require_POST
def traject_herverdelen(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A coordinator gives the traject to another casemanager of the region."""
    access = traject_access(request.user, pk, for_manage=True)
    form = HerverdeelForm(
        request.POST,
        prefix="herverdelen",
        casemanagers=_casemanagers_of({access.traject.region_id}),
    )

    def perform(data: dict) -> str:
        casemanager = data["casemanager"]
        services.traject_assign_casemanager(
            traject=access.traject, casemanager=casemanager, by=request.user, reden=data["reden"]
        )
        return _("%(name)s is nu de casemanager.") % {"name": casemanager.full_name}

    return _traject_action(request, access, "herverdelen", form, perform)


@require_http_methods(["GET", "POST"])
@asks_reason
def contact_edit(request: AuthenticatedHttpRequest, pk: int, contact_pk: int) -> HttpResponse:
    access = traject_access(request.user, pk)
    contact = get_object_or_404(Contactmoment, pk=contact_pk, traject=access.traject)
    if not services.contact_editable_by(contact, request.user):
        raise PermissionDenied
    traject_access_reason(request, access.traject)  # before anything changes
    form = ContactForm(
        request.POST or None,
        initial={
            "datum": contact.datum,
            "soort": contact.soort,
            "minuten": contact.minuten,
            "notitie": contact.notitie,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_update(contact=contact, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            log_traject_read(request, access.traject, AccessAction.EDIT)
            messages.success(request, _("Het contact is aangepast."))
            return redirect("casemanagement:traject", pk=pk)
    log_traject_read(request, access.traject, AccessAction.EDIT)
    return render(
        request, "casemanagement/contact_form.html", {"form": form, "traject": access.traject}
    )


@require_http_methods(["GET", "POST"])
@asks_reason
def plan_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    access = traject_access(request.user, pk, for_work=True)
    traject = access.traject
    traject_access_reason(request, traject)  # before anything changes
    current = services.plan_current(traject.gezin)
    organisaties = Organisatie.objects.visible_to(request.user).filter(actief=True).order_by("name")
    initial = {
        "gezinsvraag": current.gezinsvraag
        if current
        else (traject.aanmelding.zorg if traject.aanmelding else ""),
        "evaluatie_datum": current.evaluatie_datum if current else next_evaluation_day(traject),
    }
    data: QueryDict | None = request.POST or None
    # "Nog een doel" / "Nog een actie" without JavaScript: the form again, one row more.
    adding = data.get(ROW_ADD) if data is not None else None
    if data is not None and adding in ROW_ADD_FORMSETS:
        data = data_with_empty_row(data, adding)
    form = PlanForm(data, initial=initial, prefix="plan")
    doelen = DoelFormSet(
        data,
        prefix="doelen",
        initial=doelen_initial(current.doelen) if current else None,
    )
    acties = ActieFormSet(
        data,
        prefix="acties",
        form_kwargs={"organisaties": organisaties},
        initial=acties_initial(current.acties) if current else None,
    )
    agreed = getattr(current, "akkoord", None) if current else None
    if adding is not None:
        show_unjudged(form, doelen, acties)
    elif request.method == "POST" and form.is_valid() and doelen.is_valid() and acties.is_valid():
        try:
            versie = services.plan_save_version(
                traject=traject,
                by=request.user,
                gezinsvraag=form.cleaned_data["gezinsvraag"].strip(),
                doelen=doelen_from_forms(doelen),
                acties=acties_from_forms(acties),
                evaluatie_datum=form.cleaned_data["evaluatie_datum"],
                wijziging=form.cleaned_data["wijziging"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if current and versie.pk == current.pk:
                messages.info(request, _("Er was niets veranderd; het plan is gelijk gebleven."))
            else:
                log_traject_read(request, traject, AccessAction.EDIT)
                messages.success(
                    request, _("Versie %(n)s van het plan is opgeslagen.") % {"n": versie.nummer}
                )
                if agreed is not None:
                    messages.warning(request, _plan_agreement_notice(versie))
            return redirect("casemanagement:traject", pk=pk)
    log_traject_read(request, traject, AccessAction.EDIT)
    return render(
        request,
        "casemanagement/plan_form.html",
        {
            "form": form,
            "doelen": doelen,
            "acties": acties,
            "traject": traject,
            "current": current,
            "agreed": agreed,
            "row_add": ROW_ADD,
        },
    )


def _plan_agreement_notice(versie: PlanVersie) -> str:
    """After a version that replaced one the parents agreed to: what happens next."""
    if services.plan_parents_mailed(versie):
        return _(
            "De ouders moeten opnieuw akkoord geven. Zij krijgen een e-mail dat er een nieuwe "
            "versie voor hen klaarstaat op hun persoonlijke pagina."
        )
    return _(
        "De ouders moeten opnieuw akkoord geven. Er is geen e-mailadres van de ouders bekend: "
        "vertel het hun zelf."
    )


@require_safe
@asks_reason
def plan_compare(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    access = traject_access(request.user, pk)
    versies = list(PlanVersie.objects.filter(plan__gezin=access.traject.gezin).order_by("nummer"))
    if len(versies) < 2:
        messages.info(request, _("Er is nog maar één versie van het plan."))
        return redirect("casemanagement:traject", pk=pk)
    # Looked up by what the form gave: a number, or "" / None when none or no valid one was.
    by_number: dict[Any, PlanVersie] = {v.nummer: v for v in versies}
    # By default the last two versions; a version that does not exist is not asked for.
    chosen = PlanVersiesForm(request.GET, nummers=list(by_number))
    chosen.is_valid()
    a = by_number.get(chosen.cleaned_data.get("a"), versies[-2])
    b = by_number.get(chosen.cleaned_data.get("b"), versies[-1])
    log_traject_read(request, access.traject)
    diff = plan_diff(a, b)
    return render(
        request,
        "casemanagement/plan_compare.html",
        {
            "traject": access.traject,
            "versies": versies,
            "diff": diff,
            # The stored actions keep their date as ISO text and their status and "who" as
            # codes: shown as the plan page shows them ("15 Jan 2027", "Klaar").
            "acties_gewijzigd": list(
                zip(
                    labelled_acties([oud for oud, _ in diff.acties_gewijzigd]),
                    labelled_acties([nieuw for _, nieuw in diff.acties_gewijzigd]),
                    strict=True,
                )
            ),
        },
    )


@require_safe
@asks_reason
def plan_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    access = traject_access(request.user, pk)
    traject = access.traject
    current = services.plan_current(traject.gezin)
    if current is None:
        messages.info(request, _("Er is nog geen plan."))
        return redirect("casemanagement:traject", pk=pk)
    kinderen = log_traject_read(request, traject, AccessAction.PRINT)
    pdf = render_pdf(
        "casemanagement/pdf/plan.html",
        {
            "traject": traject,
            "plan": current,
            "kinderen": kinderen,
            "doelen": labelled_doelen(current.doelen),
            "acties": labelled_acties(current.acties),
            "printed_at": timezone.localtime(),
        },
        request=request,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="plan-{traject.gezin.reference}-v{current.nummer}.pdf"'
    )
    return response


@require_safe
@asks_reason
def inzage_export(
    request: AuthenticatedHttpRequest, pk: int
) -> HttpResponse | StreamingHttpResponse:
    """Right of access (AVG art. 15): everything stored about one family, for a coordinator.
    JSON: complete, the access log entry by entry, streamed. PDF: readable, the access log
    grouped per person, role and day, a row a month (it no longer grows with every read)."""

    from .export import (
        access_log_by_month,
        family_data,
        family_export_json,
        family_references,
        family_sections,
    )
    from .selectors import access_log_grouped

    access = traject_access(request.user, pk, for_manage=True)
    traject = access.traject
    fmt = request.GET.get("formaat", "json")
    log_traject_read(request, traject, AccessAction.EXPORT)
    if fmt == "pdf":
        pdf = render_pdf(
            "casemanagement/pdf/inzage.html",
            {
                "gezin": traject.gezin,
                "sections": family_sections(family_data(traject.gezin)),
                "geopend": access_log_by_month(
                    access_log_grouped(family_references(traject.gezin))
                ),
                "printed_at": timezone.localtime(),
            },
            request=request,
        )
        response: HttpResponse | StreamingHttpResponse = HttpResponse(
            pdf, content_type="application/pdf"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="inzage-{traject.gezin.reference}.pdf"'
        )
        return response
    response = StreamingHttpResponse(
        family_export_json(traject.gezin), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="inzage-{traject.gezin.reference}.json"'
    )
    return response
