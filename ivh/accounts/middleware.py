"""Enforces the second factor for every logged-in user on every non-public view, and the
session's inactivity and absolute limits on every request."""

from collections.abc import Callable
from functools import cached_property
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp import user_has_device

from .sessions import session_check


def second_factor_passed(user: Any) -> bool:
    """Whether this logged-in user may act as staff: the second factor verified in this
    session, or no device while 2FA is not required. The one answer for the middleware and for
    the few views that serve staff without it (`login_not_required`)."""
    if user.is_verified():  # added by django-otp's OTPMiddleware
        return True
    return not user_has_device(user) and not settings.IVH_REQUIRE_2FA


def request_second_factor_passed(request: HttpRequest) -> bool:
    """`second_factor_passed` for the request's user, remembered on the request once it holds:
    the middleware asks before every staff view and the main menu (werkplek.context_processors)
    asks again while the page renders, and without a verified device each answer costs a query
    per kind of device. Only a yes is kept: the code page may still turn a no into a yes."""
    if getattr(request, "_ivh_second_factor_passed", False):
        return True
    passed = second_factor_passed(request.user)
    if passed:
        request._ivh_second_factor_passed = True  # type: ignore[attr-defined]
    return passed


class TwoFactorMiddleware:
    """A user with a TOTP device must verify it before any staff page; when IVH_REQUIRE_2FA
    is on, a user without one must first set it up. Runs after OTPMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable, view_args: tuple, view_kwargs: dict
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated:
            return None
        if not getattr(view_func, "login_required", True) or getattr(
            view_func, "otp_exempt", False
        ):
            return None
        if request_second_factor_passed(request):
            return None
        target = "accounts:2fa_verify" if user_has_device(user) else "accounts:2fa_setup"
        return HttpResponseRedirect(
            f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}"
        )


class SessionTimeoutMiddleware:
    """Ends a logged-in session past IVH_SESSION_IDLE_SECONDS of inactivity or
    IVH_SESSION_ABSOLUTE_HOURS after the login (ivh.accounts.sessions). The request then goes on
    as an anonymous one: LoginRequiredMiddleware sends it to the login page, where the message
    says why. Sits after MessageMiddleware; it acts before any view-level middleware runs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    @cached_property
    def passive_path(self) -> str:
        # Asking how long the session has left must not itself keep the session alive.
        return reverse("accounts:session_status")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            state = session_check(request.session, activity=request.path != self.passive_path)
            if state.expired:
                logout(request)
                messages.info(
                    request,
                    _(
                        "U bent automatisch uitgelogd, omdat u een tijd niet actief was of al "
                        "lang was ingelogd. Log opnieuw in."
                    ),
                )
            else:
                # For the warning in the page (templates/accounts/session_warning.html).
                request.ivh_session_remaining = state.remaining  # type: ignore[attr-defined]
                request.ivh_session_warning = settings.IVH_SESSION_WARNING_SECONDS  # type: ignore[attr-defined]
        return self.get_response(request)
