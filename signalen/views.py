from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ivh.accounts.constants import Role
from ivh.accounts.models import User
from ivh.audit.services import access_log_record_list
from ivh.core.permissions import get_visible
from ivh.termijnen.models import Termijn

from .forms import AcknowledgeForm, SignaalFilterForm
from .models import Signaal
from .permissions import SIGNAAL_ACKNOWLEDGE, SIGNAAL_VIEW, may_use_signalen
from .selectors import job_statuses, open_signals, signal_counts
from .services import signaal_acknowledge


@login_required
@require_safe
def overzicht(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)  # login_required
    if not may_use_signalen(user):
        raise PermissionDenied
    filters = SignaalFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    rows = open_signals(user, regel=data.get("regel", ""), level=data.get("level", ""))
    # The references identify children: one access-log entry for this page view.
    access_log_record_list(
        request=request,
        model=Termijn,
        client_refs=[row.subject.reference for row in rows if row.subject],
        region_ids=[row.signaal.region_id for row in rows],
    )
    return render(
        request,
        "signalen/overzicht.html",
        {
            "filters": filters,
            "rows": rows,
            "counts": sorted(signal_counts(user).items()),
            "form": AcknowledgeForm(),
        },
    )


@login_required
@require_POST
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    signaal = get_visible(
        SIGNAAL_VIEW, Signaal.objects.all(), request.user, SIGNAAL_ACKNOWLEDGE, pk=pk
    )
    form = AcknowledgeForm(request.POST)
    if form.is_valid():
        by = cast(User, request.user)  # login_required
        signaal_acknowledge(signaal=signaal, note=form.cleaned_data["note"], by=by)
        messages.success(request, _("Het signaal is gemarkeerd als gezien."))
    else:
        messages.error(request, _("De notitie is te lang: gebruik hoogstens 300 tekens."))
    return redirect("signalen:overzicht")


@login_required
@require_safe
def taken(request: HttpRequest) -> HttpResponse:
    """The background jobs: when each last ran, how long it took, what it did. For those who
    depend on them (coordinators) and the beheerder; no client data."""
    user = cast(User, request.user)  # login_required
    if not (may_use_signalen(user) or user.has_role(Role.BEHEERDER)):
        raise PermissionDenied
    return render(request, "signalen/taken.html", {"jobs": job_statuses()})
