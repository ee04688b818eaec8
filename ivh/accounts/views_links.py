"""Pages reached without logging in: the link from an invitation or reset e-mail, and
"Wachtwoord vergeten?"."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_ratelimit import ALL
from django_ratelimit.core import get_usage
from redis.exceptions import RedisError

from ivh.core.clientip import client_ip
from ivh.core.ratelimit import ratelimit

from .constants import LinkPurpose
from .enrolment import enrolment_grant
from .forms import PasswordResetRequestForm
from .services import LinkNotUsable, account_link_redeem, link_lifetime, password_reset_request
from .tokens import account_link_lookup

logger = logging.getLogger(__name__)

# The link logs the person in itself; authenticate() (and the lockout) is for the login form.
_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _invalid(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/link_invalid.html", status=410)


@login_not_required
@never_cache
def link_redeem(request: HttpRequest, token: str) -> HttpResponse:
    """Choose a password through a single-use link, then (after an invitation or a reset of the
    second factor) go on to set up the app in the same session."""
    link = account_link_lookup(token)
    if link is None or not link.is_usable():
        return _invalid(request)
    form = SetPasswordForm(link.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user, may_enrol = account_link_redeem(
                link=link,
                password=form.cleaned_data["new_password1"],
                ip_address=client_ip(request),
            )
        except LinkNotUsable:
            return _invalid(request)
        login(request, user, backend=_BACKEND)
        if may_enrol:
            enrolment_grant(request)
            messages.success(
                request, _("Uw wachtwoord is opgeslagen. Stel nu tweestapsverificatie in.")
            )
            return redirect("accounts:2fa_setup")
        messages.success(request, _("Uw wachtwoord is opgeslagen."))
        return redirect("core:start")
    return render(request, "accounts/link_set_password.html", {"form": form, "link": link})


def _address_limited(request: HttpRequest, email: str) -> bool:
    """Count a request for this address; True when it is over the limit. Fails open: with the
    cache down nobody is refused (the per-address limit only protects a mailbox from spam)."""
    try:
        usage = get_usage(
            request,
            group="accounts.password_reset.address",
            key=lambda _group, _request: email.strip().lower(),
            rate=settings.IVH_PASSWORD_RESET_RATE_PER_ADDRESS,
            method=ALL,
            increment=True,
        )
    except (RedisError, OSError) as exc:
        logger.warning("Password reset limit per address is off: %s", exc)
        return False
    return bool(usage and usage["should_limit"])


@login_not_required
@never_cache
# Per address of the requester, at the login form's rate; over it the page answers 429.
@ratelimit(group="accounts.password_reset", rate_setting="IVH_LOGIN_RATE_PER_IP", method="POST")
def password_reset(request: HttpRequest) -> HttpResponse:
    """'Wachtwoord vergeten?': always the same answer, so the page never tells whether an
    address has an account. Over the per-address limit nothing is sent, silently."""
    form = PasswordResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if _address_limited(request, email):
            logger.info("Password reset for one address asked too often; nothing sent.")
        else:
            password_reset_request(email=email, ip_address=client_ip(request))
        return redirect("accounts:password_reset_sent")
    return render(request, "accounts/password_reset.html", {"form": form})


@login_not_required
def password_reset_sent(request: HttpRequest) -> HttpResponse:
    hours = int(link_lifetime(LinkPurpose.PASSWORD_RESET).total_seconds() // 3600)
    return render(request, "accounts/password_reset_sent.html", {"hours": hours})
