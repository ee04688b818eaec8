"""The public pages: registration form, receipt, postcode finder. No login."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_ratelimit.core import is_ratelimited

from ivh.core.werkdagen import plus_werkdagen

from .forms import AanmeldForm, PostcodeFinderForm
from .models import Aanmelding
from .services import aanmelding_submit, route_postcode

RECEIPT_SESSION_KEY = "aanmelding_ontvangen"


def _rate(_group: str, _request: HttpRequest) -> str:
    return settings.IVH_AANMELDING_RATE_PER_IP


@login_not_required
@never_cache
def aanmelden(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "aanmelding/aanmelden.html", {"form": AanmeldForm()})

    form = AanmeldForm(request.POST)
    limited = is_ratelimited(
        request, group="aanmelden", key="ip", rate=_rate, method="POST", increment=True
    )
    if limited:
        form.add_error(None, _rate_message())
        return render(request, "aanmelding/aanmelden.html", {"form": form}, status=429)
    if form.is_spam():
        form.add_error(None, _spam_message())
        return render(request, "aanmelding/aanmelden.html", {"form": form}, status=400)
    if not form.is_valid():
        return render(request, "aanmelding/aanmelden.html", {"form": form})
    aanmelding = aanmelding_submit(
        fields=form.model_fields(), consents=form.consents(), language=get_language() or "nl"
    )
    request.session[RECEIPT_SESSION_KEY] = aanmelding.reference
    return redirect("aanmelding:ontvangen")


def _rate_message() -> str:
    return _(
        "Er zijn vanaf uw internetverbinding veel aanmeldingen kort na elkaar verstuurd. "
        "Wacht een uur en verstuur het formulier dan opnieuw. Wat u heeft ingevuld, staat er nog. "
        "Liever bellen? Dat kan ook."
    )


def _spam_message() -> str:
    return _(
        "Het formulier is niet verstuurd. Controleer uw antwoorden en klik nog een keer op "
        "‘Aanmelding versturen’. Wat u heeft ingevuld, staat er nog."
    )


@login_not_required
@never_cache
def ontvangen(request: HttpRequest) -> HttpResponse:
    """The receipt. Only the browser that sent the registration sees it (the session holds it)."""
    reference = request.session.get(RECEIPT_SESSION_KEY)
    aanmelding = (
        Aanmelding.objects.select_related("region").filter(reference=reference).first()
        if reference
        else None
    )
    if aanmelding is None:
        return redirect("aanmelding:aanmelden")
    region = aanmelding.region
    days = region.norm_eerste_contact_werkdagen if region else 5
    return render(
        request,
        "aanmelding/ontvangen.html",
        {
            "aanmelding": aanmelding,
            "region": region,
            "days": days,
            "contact_uiterlijk": plus_werkdagen(timezone.localdate(aanmelding.received_at), days),
        },
    )


@login_not_required
def postcode_finder(request: HttpRequest) -> HttpResponse:
    form = PostcodeFinderForm(request.GET or None)
    routing = None
    if form.is_bound and form.is_valid():
        routing = route_postcode(form.cleaned_data["postcode"])
    return render(request, "aanmelding/postcode.html", {"form": form, "routing": routing})


@login_not_required
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "aanmelding/privacy.html")
