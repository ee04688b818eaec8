from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ivh.accounts.models import User

from .forms import PreferencesForm
from .models import NotificationPreference
from .registry import staff_kinds
from .staff import preferences_save


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def voorkeuren(request: HttpRequest) -> HttpResponse:
    """How this person receives each kind of staff message."""
    user = cast(User, request.user)  # login_required
    kinds = staff_kinds()
    current = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "delivery"))
    form = PreferencesForm(request.POST or None, kinds=kinds, current=current)
    if request.method == "POST" and form.is_valid():
        preferences_save(user=user, choices=form.cleaned_data)
        messages.success(request, _("Uw keuzes zijn opgeslagen."))
        return redirect("outbox:voorkeuren")
    return render(request, "outbox/voorkeuren.html", {"form": form})
