import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.cache import add_never_cache_headers
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice

from ivh.core.clientip import client_ip
from ivh.core.http import AuthenticatedHttpRequest
from ivh.core.ratelimit import limit_reached, limit_step, ratelimit

from .decorators import otp_exempt
from .enrolment import enrolment_allowed, enrolment_end
from .forms import EmailAuthenticationForm, TokenForm, VerifyForm
from .services import (
    otp_token_verify,
    recovery_codes_create,
    recovery_codes_left,
    totp_device_confirm,
    totp_device_pending,
    totp_secret_display,
    two_factor_lockout_record,
)
from .sessions import session_check

TWO_FACTOR_GROUP = "accounts.2fa"


def _per_account(_group: str, request: HttpRequest) -> str:
    """Wrong second-factor codes count per account, from whatever address they come. With the
    creation time: an id used again (a test database, a restored copy) starts at zero."""
    user = request.user
    return f"account:{user.pk}:{user.date_joined.timestamp()}"  # type: ignore[union-attr]


def _next_url(request: AuthenticatedHttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "core:start"


@method_decorator(
    # Fails open: with Redis down the login works (the per-account lockout is in Postgres).
    ratelimit(group="login", rate_setting="IVH_LOGIN_RATE_PER_IP", method="POST"),
    name="post",
)
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True


logout_view = otp_exempt(auth_views.LogoutView.as_view())


@otp_exempt
def two_factor_setup(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if user_has_device(user):
        messages.info(request, _("Tweestapsverificatie is al ingesteld voor uw account."))
        return redirect("accounts:account")
    # A password alone never sets up the first device (pen test, issue 15): only a session that
    # came through an invitation or reset link may. Otherwise whoever learns the password of an
    # account without a device would add their own phone and read dossiers.
    if not enrolment_allowed(request):
        return render(request, "accounts/2fa_invitation_needed.html", status=403)
    device = totp_device_pending(user=user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = totp_device_confirm(
            user=user,
            device=device,
            token=form.cleaned_data["token"],
            ip_address=client_ip(request),
        )
        if codes is not None:
            enrolment_end(request)
            otp_login(request, device)
            messages.success(request, _("Tweestapsverificatie staat aan. Bewaar uw app goed."))
            return _recovery_codes_page(request, codes)
        form.add_error(
            "token",
            _(
                "Deze code klopt niet. Kijk of de tijd op uw telefoon goed staat en probeer de nieuwe code."
            ),
        )
    qr_svg = segno.make(device.config_url, error="m").svg_inline(
        scale=5, border=2, title=_("QR-code voor uw authenticator-app")
    )
    return render(
        request,
        "accounts/2fa_setup.html",
        {
            "form": form,
            "qr_svg": qr_svg,
            "secret": totp_secret_display(device),
            "next": request.GET.get("next", ""),
        },
    )


def _recovery_codes_page(request: AuthenticatedHttpRequest, codes: list[str]) -> HttpResponse:
    """Shown once, right after they were made; never stored in the session or a cache."""
    response = render(
        request,
        "accounts/2fa_recovery_codes.html",
        {
            "codes": [f"{code[:4]}-{code[4:]}" for code in codes],
            "next_url": resolve_url(_next_url(request)),
        },
    )
    add_never_cache_headers(response)
    return response


@otp_exempt
def two_factor_verify(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if user.is_verified():  # type: ignore[attr-defined]  # added by django-otp's OTPMiddleware
        return redirect(_next_url(request))
    if not user_has_device(user):
        return redirect("accounts:2fa_setup")
    # django-otp already slows each device down after a wrong code (in the database); this caps
    # the wrong codes per account per hour across the app and the recovery codes (in Redis,
    # failing open). The cap only ever counts wrong codes.
    limit = {"group": TWO_FACTOR_GROUP, "rate_setting": "IVH_2FA_RATE_PER_USER"}
    if request.method == "POST" and limit_reached(request, **limit, key=_per_account):
        return render(request, "accounts/2fa_locked.html", status=429)
    form = VerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = otp_token_verify(
            user=user, token=form.cleaned_data["token"], ip_address=client_ip(request)
        )
        if device is None and limit_step(request, **limit, key=_per_account).filled:
            two_factor_lockout_record(user=user)
        if device is not None:
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                left = recovery_codes_left(user)
                messages.warning(
                    request,
                    ngettext(
                        "U heeft een herstelcode gebruikt. U heeft nog %(n)s herstelcode over.",
                        "U heeft een herstelcode gebruikt. U heeft nog %(n)s herstelcodes over.",
                        left,
                    )
                    % {"n": left},
                )
            return redirect(_next_url(request))
        form.add_error(
            "token",
            _("Deze code klopt niet of is verlopen. Na een paar foute codes moet u even wachten."),
        )
    return render(
        request, "accounts/2fa_verify.html", {"form": form, "next": request.GET.get("next", "")}
    )


def account(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/account.html",
        {
            "roles": request.user.active_roles,
            "has_2fa": user_has_device(request.user),
            "may_enrol": enrolment_allowed(request),
            "recovery_codes_left": recovery_codes_left(request.user),
        },
    )


@require_POST
def recovery_codes_renew(request: AuthenticatedHttpRequest) -> HttpResponse:
    """New recovery codes for a verified user (the old ones stop working)."""
    if not request.user.is_verified():  # type: ignore[attr-defined]  # added by OTPMiddleware
        return redirect("accounts:account")
    return _recovery_codes_page(request, recovery_codes_create(user=request.user))


def _session_answer(request: HttpRequest, *, activity: bool) -> JsonResponse:
    state = session_check(request.session, activity=activity)
    return JsonResponse(
        {"remaining": state.remaining, "warning": settings.IVH_SESSION_WARNING_SECONDS}
    )


@otp_exempt
@never_cache
@require_GET
def session_status(request: AuthenticatedHttpRequest) -> JsonResponse:
    """Seconds this session has left. Does not count as activity (SessionTimeoutMiddleware):
    the warning script asks before it warns, since another tab may have been in use. Exempt
    from the second factor, like logout: it tells nothing but a number, and the warning works
    on the 2FA pages themselves too."""
    return _session_answer(request, activity=False)


@otp_exempt
@never_cache
@require_POST
def session_extend(request: AuthenticatedHttpRequest) -> JsonResponse:
    """ "Blijf ingelogd": counts as activity, up to the absolute limit after the login."""
    return _session_answer(request, activity=True)
