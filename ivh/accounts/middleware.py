"""Enforces the second factor for every logged-in user on every non-public view."""

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django_otp import user_has_device


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
        if user.is_verified():  # type: ignore[attr-defined]  # added by django-otp's OTPMiddleware
            return None
        if user_has_device(user):
            target = "accounts:2fa_verify"
        elif settings.IVH_REQUIRE_2FA:
            target = "accounts:2fa_setup"
        else:
            return None
        return HttpResponseRedirect(
            f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}"
        )
