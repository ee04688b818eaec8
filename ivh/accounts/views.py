import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login
from django_ratelimit.decorators import ratelimit

from .decorators import otp_exempt
from .forms import EmailAuthenticationForm, TokenForm
from .services import totp_device_confirm, totp_device_pending, totp_secret_display


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "core:start"


@method_decorator(
    ratelimit(
        key="ip",
        rate=lambda _group, _request: settings.IVH_LOGIN_RATE_PER_IP,
        method="POST",
        block=True,
    ),
    name="post",
)
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True


logout_view = otp_exempt(auth_views.LogoutView.as_view())


@otp_exempt
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user_has_device(user):
        messages.info(request, _("Tweestapsverificatie is al ingesteld voor uw account."))
        return redirect("accounts:account")
    device = totp_device_pending(user=user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if totp_device_confirm(user=user, device=device, token=form.cleaned_data["token"]):
            otp_login(request, device)
            messages.success(request, _("Tweestapsverificatie staat aan. Bewaar uw app goed."))
            return redirect(_next_url(request))
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


@otp_exempt
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_verified():
        return redirect(_next_url(request))
    if not user_has_device(user):
        return redirect("accounts:2fa_setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        for device in devices_for_user(user):
            allowed, _details = device.verify_is_allowed()
            if allowed and device.verify_token(token):
                otp_login(request, device)
                return redirect(_next_url(request))
        form.add_error(
            "token",
            _("Deze code klopt niet of is verlopen. Na een paar foute codes moet u even wachten."),
        )
    return render(
        request, "accounts/2fa_verify.html", {"form": form, "next": request.GET.get("next", "")}
    )


def account(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/account.html",
        {"roles": request.user.active_roles, "has_2fa": user_has_device(request.user)},
    )
