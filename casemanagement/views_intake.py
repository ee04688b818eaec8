"""The intake page of a registration, for coordinators, and its actions (one POST view per
action): record the first contact, then an outcome (advice, direct referral, forward to
another region, outside the target group, or a traject with a casemanager).

It lives here, not in aanmelding, because one of its outcomes starts a traject and the page
suggests casemanagers: aanmelding may not import casemanagement (docs/keuzes.md, "Layers").
The other outcomes are aanmelding's own transitions (`aanmelding.services`)."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from aanmelding import services as aanmelding_services
from aanmelding.access import AanmeldingAccess, aanmelding_access
from aanmelding.forms import (
    AdviceForm,
    DuplicateForm,
    FirstContactForm,
    ForwardForm,
    IntakeNotesForm,
    OutOfScopeForm,
    ReferForm,
)
from aanmelding.models import Aanmelding
from aanmelding.permissions import may_use_aanmeldpunt
from aanmelding.selectors import (
    intake_notes_history,
    likely_duplicates,
    wachttijd_eerste_contact,
)
from ivh.accounts.models import User
from ivh.audit.constants import AccessAction
from ivh.audit.reasons import (
    AccessReasonRequired,
    asks_reason,
    dossier_access_reason,
    reason_question_response,
)
from ivh.audit.services import access_log_record
from ivh.core.http import AuthenticatedHttpRequest
from ivh.netwerk.models import Organisatie, Region

from .forms import StartTrajectForm
from .models import Traject
from .selectors import CasemanagerSuggestion, casemanager_suggestions
from .services import traject_start_from_aanmelding
from .views_helpers import action_response


def _intake_access(user: User, pk: int) -> AanmeldingAccess:
    """Coordinators only (403 for other staff), and only registrations they may see (404)."""
    if not may_use_aanmeldpunt(user):
        raise PermissionDenied
    return aanmelding_access(user, pk)


def _organisaties(user: User) -> QuerySet[Organisatie]:
    return Organisatie.objects.visible_to(user).filter(actief=True).order_by("name")


def _other_regions(access: AanmeldingAccess) -> QuerySet[Region]:
    return Region.objects.exclude(pk=access.aanmelding.region_id).order_by("name")  # type: ignore[misc]  # None: IS NULL, as Django allows


def _suggestions(access: AanmeldingAccess) -> list[CasemanagerSuggestion]:
    aanmelding = access.aanmelding
    return casemanager_suggestions(aanmelding) if aanmelding.region_id else []


@require_safe
@asks_reason
def intake(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _intake_page(request, _intake_access(request.user, pk))


def _intake_page(
    request: AuthenticatedHttpRequest,
    access: AanmeldingAccess,
    *,
    bound: dict[str, forms.Form] | None = None,
    suggestions: list[CasemanagerSuggestion] | None = None,
) -> HttpResponse:
    """The page, with the form of one action bound to what was sent when it is shown again."""
    aanmelding, user = access.aanmelding, request.user
    bound = bound or {}
    if suggestions is None:
        suggestions = _suggestions(access) if access.can_handle else []
    mogelijk_dubbel = likely_duplicates([aanmelding], user)[aanmelding.pk]
    earlier = [a for a in mogelijk_dubbel if a.received_at <= aanmelding.received_at]
    forms_ = {
        "notities": IntakeNotesForm(
            prefix="notities", initial={"notities": aanmelding.intake_notities}
        ),
        "dubbel": DuplicateForm(
            prefix="dubbel", initial={"referentie": earlier[0].reference if earlier else ""}
        ),
        "eerste_contact": FirstContactForm(prefix="contact"),
        "advies": AdviceForm(prefix="advies"),
        "verwijzen": ReferForm(prefix="verwijzen", organisaties=_organisaties(user)),
        "doorsturen": ForwardForm(prefix="doorsturen", regions=_other_regions(access)),
        "buiten_doelgroep": OutOfScopeForm(prefix="buiten"),
        "traject": StartTrajectForm(prefix="traject", suggestions=suggestions),
        **bound,
    }
    log_aanmelding_read(request, aanmelding)
    today = timezone.localdate()
    return render(
        request,
        "aanmelding/detail.html",
        {
            "aanmelding": aanmelding,
            "can_handle": access.can_handle,
            "forms": forms_,
            "open_action": next(iter(bound), None),
            "suggestions": suggestions,
            "wachttijd": wachttijd_eerste_contact(aanmelding, today),
            "leeftijd": aanmelding.leeftijd_op(today),
            "toestemmingen": aanmelding.toestemmingen.order_by("doel"),
            "mogelijk_dubbel": mogelijk_dubbel,
            "duplicates": list(aanmelding.duplicates.order_by("received_at")),
            "notes_history": intake_notes_history(aanmelding),
            "traject": Traject.objects.filter(aanmelding=aanmelding)
            .select_related("casemanager", "gezin")
            .first(),
        },
    )


def log_aanmelding_read(
    request: AuthenticatedHttpRequest,
    aanmelding: Aanmelding,
    action: AccessAction = AccessAction.VIEW,
) -> None:
    """The access-log entry of one read (or change) of a registration, with the reason where
    the user's access needs one (a beheerder who also holds a dossier role: raises
    `AccessReasonRequired` before anything is written when none was given yet)."""
    back = reverse("casemanagement:intake", args=[aanmelding.pk])
    access_log_record(
        request=request,
        action=action,
        obj=aanmelding,
        client_ref=aanmelding.audit_client_ref,
        region_id=aanmelding.region_id,
        reason=dossier_access_reason(request, aanmelding, back=back),
    )


def _intake_action(
    request: AuthenticatedHttpRequest,
    access: AanmeldingAccess,
    name: str,
    form: forms.Form,
    perform: Callable[[dict], str],
    *,
    suggestions: list[CasemanagerSuggestion] | None = None,
) -> HttpResponse:
    """Run one outcome of the intake page. A user whose access needs a reason gives it before
    anything changes; each change is written to the access log (`edit`)."""
    aanmelding = access.aanmelding
    try:
        dossier_access_reason(request, aanmelding)
    except AccessReasonRequired as needed:
        return reason_question_response(request, needed.question)

    def perform_and_log(data: dict) -> str:
        message = perform(data)
        log_aanmelding_read(request, aanmelding, AccessAction.EDIT)
        return message

    return action_response(
        request,
        form,
        perform_and_log,
        success_url=reverse("casemanagement:intake", args=[access.aanmelding.pk]),
        page=lambda: _intake_page(request, access, bound={name: form}, suggestions=suggestions),
    )


@require_POST
def intake_eerste_contact(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    access = _intake_access(request.user, pk)
    form = FirstContactForm(request.POST, prefix="contact")

    def perform(data: dict) -> str:
        aanmelding_services.aanmelding_record_first_contact(
            aanmelding=access.aanmelding, by=request.user, at=form.moment, wijze=data["wijze"]
        )
        return _("Het eerste contact is vastgelegd.")

    return _intake_action(request, access, "eerste_contact", form, perform)


@require_POST
def intake_advies(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    access = _intake_access(request.user, pk)
    form = AdviceForm(request.POST, prefix="advies")

    def perform(data: dict) -> str:
        aanmelding_services.aanmelding_close_with_advice(
            aanmelding=access.aanmelding, by=request.user, toelichting=data["toelichting"]
        )
        return _("De aanmelding is afgesloten met advies.")

    return _intake_action(request, access, "advies", form, perform)


@require_POST
def intake_verwijzen(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    access = _intake_access(request.user, pk)
    form = ReferForm(request.POST, prefix="verwijzen", organisaties=_organisaties(request.user))

    def perform(data: dict) -> str:
        aanmelding_services.aanmelding_refer(aanmelding=access.aanmelding, by=request.user, **data)
        return _("De verwijzing is vastgelegd en de aanmelding is afgesloten.")

    return _intake_action(request, access, "verwijzen", form, perform)


@require_POST
def intake_doorsturen(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    access = _intake_access(request.user, pk)
    form = ForwardForm(request.POST, prefix="doorsturen", regions=_other_regions(access))

    def perform(data: dict) -> str:
        aanmelding_services.aanmelding_forward(
            aanmelding=access.aanmelding, by=request.user, **data
        )
        return _("De aanmelding is doorgestuurd.")

    return _intake_action(request, access, "doorsturen", form, perform)


@require_POST
def intake_buiten_doelgroep(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    access = _intake_access(request.user, pk)
    form = OutOfScopeForm(request.POST, prefix="buiten")

    def perform(data: dict) -> str:
        aanmelding_services.aanmelding_out_of_scope(
            aanmelding=access.aanmelding, by=request.user, reden=data["reden"]
        )
        return _("De aanmelding is afgesloten: buiten de doelgroep.")

    return _intake_action(request, access, "buiten_doelgroep", form, perform)


@require_POST
def intake_traject(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Outcome "traject": the family gets a traject with one of the suggested casemanagers."""
    access = _intake_access(request.user, pk)
    suggestions = _suggestions(access)
    form = StartTrajectForm(request.POST, prefix="traject", suggestions=suggestions)

    def perform(data: dict) -> str:
        casemanager = data["casemanager"]
        traject_start_from_aanmelding(
            aanmelding=access.aanmelding, by=request.user, casemanager=casemanager
        )
        return _("Het traject is gestart. %(name)s is de casemanager.") % {
            "name": casemanager.full_name
        }

    return _intake_action(request, access, "traject", form, perform, suggestions=suggestions)
