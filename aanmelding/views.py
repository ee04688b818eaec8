"""The aanmeldpunt inbox, for coordinators. The intake page of one registration and its
actions are in `casemanagement.views_intake` (one of its outcomes starts a traject)."""

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ivh.accounts.models import User
from ivh.audit.constants import AccessAction
from ivh.audit.reasons import AccessReasonRequired, dossier_access_reason, reason_question_response
from ivh.audit.services import access_log_record, access_log_record_list
from ivh.core.http import AuthenticatedHttpRequest
from ivh.netwerk.models import Gemeente

from .access import AanmeldingAccess, aanmelding_access
from .constants import OPEN_STATUSES
from .forms import DuplicateForm, InboxFilterForm, IntakeNotesForm
from .models import Aanmelding
from .permissions import may_use_aanmeldpunt
from .selectors import inbox_search, likely_duplicates, wachttijden_eerste_contact
from .services import aanmelding_mark_duplicate, aanmelding_update_intake_notes


def _require_coordinator(user: User) -> None:
    if not may_use_aanmeldpunt(user):
        raise PermissionDenied


@require_safe
def inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_coordinator(request.user)
    gemeenten = list(
        Gemeente.objects.filter(region_id__in=request.user.coordinator_region_ids()).values_list(
            "pk", "name"
        )
    )
    filters = InboxFilterForm(request.GET or None, gemeenten=gemeenten)
    qs: QuerySet[Aanmelding] = Aanmelding.objects.visible_to(request.user).select_related(
        "gemeente", "region", "duplicate_of"
    )
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
    aanmeldingen = list(page.object_list)
    # A likely duplicate is flagged on the row, with a link to the other (one query).
    dubbel = likely_duplicates(aanmeldingen, request.user)
    # The waits against each registration's stored deadline (one query for the page).
    wachttijden = wachttijden_eerste_contact(aanmeldingen, today)
    rows = [(a, wachttijden[a.pk], a.leeftijd_op(today), dubbel[a.pk]) for a in aanmeldingen]
    # The inbox shows children's names: one access-log entry for this page view.
    access_log_record_list(
        request=request,
        model=Aanmelding,
        client_refs=[row[0].audit_client_ref for row in rows],
        region_ids=[row[0].region_id for row in rows],
        search_term=filters.cleaned_data.get("q", "") if filters.is_valid() else "",
    )
    return render(
        request, "aanmelding/inbox.html", {"filters": filters, "page": page, "rows": rows}
    )


# --- Intake actions that are the registration's own (the page is casemanagement:intake) ---


def _intake_access(user: User, pk: int) -> AanmeldingAccess:
    """Coordinators only (403 for other staff), and only registrations they may see (404)."""
    _require_coordinator(user)
    return aanmelding_access(user, pk)


def _intake_action(
    request: AuthenticatedHttpRequest,
    access: AanmeldingAccess,
    form: forms.Form,
    perform: Callable[[dict], str],
) -> HttpResponse:
    """Run the transition with valid input; otherwise (or when the service refuses) the
    reason goes to the top of the intake page. Back to the intake page either way.

    A user whose access needs a reason (ivh.audit.reasons) gives it before anything changes;
    each change is written to the access log (`edit`)."""
    aanmelding = access.aanmelding
    try:
        reason = dossier_access_reason(request, aanmelding)
    except AccessReasonRequired as needed:
        return reason_question_response(request, needed.question)
    if form.is_valid():
        try:
            message = perform(form.cleaned_data)
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(request, message)
            access_log_record(
                request=request,
                action=AccessAction.EDIT,
                obj=aanmelding,
                client_ref=aanmelding.audit_client_ref,
                region_id=aanmelding.region_id,
                reason=reason,
            )
    else:
        for errors in form.errors.values():
            for error_text in errors:
                messages.error(request, str(error_text))
    return redirect("casemanagement:intake", access.aanmelding.pk)


@require_POST
def intake_notities(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    access = _intake_access(request.user, pk)
    form = IntakeNotesForm(request.POST, prefix="notities")

    def perform(data: dict) -> str:
        aanmelding_update_intake_notes(
            aanmelding=access.aanmelding, by=request.user, notities=data["notities"]
        )
        return _("De notities zijn opgeslagen.")

    return _intake_action(request, access, form, perform)


@require_POST
def intake_dubbel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Outcome "dubbele aanmelding": closed into the earlier registration named."""
    access = _intake_access(request.user, pk)
    form = DuplicateForm(request.POST, prefix="dubbel")

    def perform(data: dict) -> str:
        reference = data["referentie"].strip()
        original = (
            Aanmelding.objects.visible_to(request.user).filter(reference__iexact=reference).first()
        )
        if original is None:
            raise ValidationError(
                _("Er is geen aanmelding met referentie %(ref)s.") % {"ref": reference}
            )
        aanmelding_mark_duplicate(
            aanmelding=access.aanmelding,
            original=original,
            by=request.user,
            toelichting=data["toelichting"],
        )
        return _("De aanmelding is afgesloten als dubbel van %(ref)s.") % {
            "ref": original.reference
        }

    return _intake_action(request, access, form, perform)
