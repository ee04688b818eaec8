"""The aanmeldpunt inbox and intake, for coordinators."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from casemanagement.selectors import casemanager_suggestions
from casemanagement.services import traject_start_from_aanmelding
from ivh.accounts.constants import Role
from ivh.accounts.models import User
from ivh.audit.constants import AccessAction
from ivh.audit.services import access_log_record, access_log_record_list
from ivh.netwerk.models import Gemeente, Organisatie, Region

from . import services
from .access import aanmelding_access
from .constants import OPEN_STATUSES
from .forms import (
    AdviceForm,
    FirstContactForm,
    ForwardForm,
    InboxFilterForm,
    OutOfScopeForm,
    ReferForm,
    StartTrajectForm,
)
from .models import Aanmelding
from .selectors import inbox_search, wachttijd_eerste_contact


def _require_coordinator(user: User) -> None:
    if not user.has_role(Role.COORDINATOR):
        raise PermissionDenied


def inbox(request: HttpRequest) -> HttpResponse:
    _require_coordinator(request.user)
    gemeenten = list(
        Gemeente.objects.filter(region_id__in=request.user.coordinator_region_ids()).values_list(
            "pk", "name"
        )
    )
    filters = InboxFilterForm(request.GET or None, gemeenten=gemeenten)
    qs = Aanmelding.objects.visible_to(request.user).select_related("gemeente", "region")
    status = InboxFilterForm.STATUS_OPEN
    if filters.is_valid():
        data = filters.cleaned_data
        status = data["status"] or InboxFilterForm.STATUS_OPEN
        if data["gemeente"] == "geen":
            qs = qs.filter(gemeente__isnull=True)
        elif data["gemeente"]:
            qs = qs.filter(gemeente_id=data["gemeente"])
        if data["kanaal"]:
            qs = qs.filter(kanaal=data["kanaal"])
        qs = inbox_search(qs, data["q"])
    if status == InboxFilterForm.STATUS_OPEN:
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status != InboxFilterForm.STATUS_ALL:
        qs = qs.filter(status=status)
    page = Paginator(qs.order_by("received_at", "pk"), 50).get_page(request.GET.get("pagina"))
    today = timezone.localdate()
    rows = [(a, wachttijd_eerste_contact(a, today), a.leeftijd_op(today)) for a in page.object_list]
    # The inbox shows children's names: one access-log entry for this page view.
    access_log_record_list(
        request=request,
        model=Aanmelding,
        client_refs=[a.audit_client_ref for a, _wacht, _leeftijd in rows],
        region_ids=[a.region_id for a, _wacht, _leeftijd in rows],
        search_term=filters.cleaned_data.get("q", "") if filters.is_valid() else "",
    )
    return render(
        request, "aanmelding/inbox.html", {"filters": filters, "page": page, "rows": rows}
    )


ACTIONS = ["eerste_contact", "advies", "verwijzen", "doorsturen", "buiten_doelgroep", "traject"]


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_coordinator(request.user)
    access = aanmelding_access(request.user, pk)
    aanmelding = access.aanmelding
    user = request.user
    action = request.POST.get("actie") if request.method == "POST" else None
    if action is not None and action not in ACTIONS:
        action = None

    def bound(name: str) -> dict | None:
        return request.POST if action == name else None

    suggestions = casemanager_suggestions(aanmelding) if aanmelding.region_id else []
    organisaties = Organisatie.objects.visible_to(user).filter(actief=True).order_by("name")
    forms = {
        "eerste_contact": FirstContactForm(bound("eerste_contact"), prefix="contact"),
        "advies": AdviceForm(bound("advies"), prefix="advies"),
        "verwijzen": ReferForm(bound("verwijzen"), prefix="verwijzen", organisaties=organisaties),
        "doorsturen": ForwardForm(
            bound("doorsturen"),
            prefix="doorsturen",
            regions=Region.objects.exclude(pk=aanmelding.region_id).order_by("name"),
        ),
        "buiten_doelgroep": OutOfScopeForm(bound("buiten_doelgroep"), prefix="buiten"),
        "traject": StartTrajectForm(bound("traject"), prefix="traject", suggestions=suggestions),
    }
    if action and access.can_handle:
        form = forms[action]
        if form.is_valid():
            try:
                message = _perform(action, form, aanmelding, user)
            except ValidationError as error:
                # Shown at the top: the form of this action may no longer be on the page.
                for text in error.messages:
                    messages.error(request, text)
            else:
                messages.success(request, message)
                return redirect("aanmelding:detail", pk=aanmelding.pk)

    access_log_record(
        request=request,
        action=AccessAction.VIEW,
        obj=aanmelding,
        client_ref=aanmelding.audit_client_ref,
        region_id=aanmelding.region_id,
    )
    today = timezone.localdate()
    return render(
        request,
        "aanmelding/detail.html",
        {
            "aanmelding": aanmelding,
            "can_handle": access.can_handle,
            "forms": forms,
            "open_action": action,
            "suggestions": suggestions,
            "wachttijd": wachttijd_eerste_contact(aanmelding, today),
            "leeftijd": aanmelding.leeftijd_op(today),
            "toestemmingen": aanmelding.toestemmingen.order_by("doel"),
        },
    )


def _perform(action: str, form: object, aanmelding: Aanmelding, user: User) -> str:
    data = form.cleaned_data
    if action == "eerste_contact":
        services.aanmelding_record_first_contact(
            aanmelding=aanmelding, by=user, at=form.moment, wijze=data["wijze"]
        )
        return _("Het eerste contact is vastgelegd.")
    if action == "advies":
        services.aanmelding_close_with_advice(
            aanmelding=aanmelding, by=user, toelichting=data["toelichting"]
        )
        return _("De aanmelding is afgesloten met advies.")
    if action == "verwijzen":
        services.aanmelding_refer(
            aanmelding=aanmelding,
            by=user,
            organisatie=data["organisatie"],
            dienst=data["dienst"],
            toelichting=data["toelichting"],
        )
        return _("De verwijzing is vastgelegd en de aanmelding is afgesloten.")
    if action == "doorsturen":
        services.aanmelding_forward(
            aanmelding=aanmelding,
            by=user,
            region=data["region"],
            naar=data["naar"],
            reden=data["reden"],
        )
        return _("De aanmelding is doorgestuurd.")
    if action == "buiten_doelgroep":
        services.aanmelding_out_of_scope(aanmelding=aanmelding, by=user, reden=data["reden"])
        return _("De aanmelding is afgesloten: buiten de doelgroep.")
    casemanager = User.objects.get(pk=data["casemanager"])
    traject_start_from_aanmelding(aanmelding=aanmelding, by=user, casemanager=casemanager)
    return _("Het traject is gestart. %(name)s is de casemanager.") % {
        "name": casemanager.full_name
    }
