"""The public pages: registration form, receipt, postcode finder. No login."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from ivh.core.ratelimit import limit_count, limit_reached
from ivh.core.werkdagen import plus_werkdagen
from ivh.netwerk.models import Region

from .forms import POSTCODE_RE, AanmeldForm, PostcodeFinderForm
from .models import Aanmelding
from .services import aanmelding_submit, route_postcode

RECEIPT_SESSION_KEY = "aanmelding_ontvangen"
# Saved registrations (and obvious robots) per address; a form sent back for a typing mistake
# does not count, so a parent who corrects a date three times is never stopped.
RATE_GROUP = "aanmelden"
RATE_SETTING = "IVH_AANMELDING_RATE_PER_IP"


@login_not_required
@never_cache
def aanmelden(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "aanmelding/aanmelden.html", {"form": AanmeldForm()})

    form = AanmeldForm(request.POST)
    if form.is_spam():
        limit_count(request, group=RATE_GROUP, rate_setting=RATE_SETTING)
        form.add_error(None, _spam_message())
        return render(request, "aanmelding/aanmelden.html", {"form": form}, status=400)
    if form.is_stale():
        # Open for hours (a tab left open): hand the form back with a fresh start time.
        form.renew_started()
        form.add_error(None, _stale_message())
        return render(request, "aanmelding/aanmelden.html", {"form": form})
    # The same form sent again (double click, back button) is no new registration: it is
    # neither stopped nor counted, and leads to the receipt of the first send.
    resend = Aanmelding.objects.filter(submission_token=form.sent_token()).exists()  # type: ignore[misc]  # None: IS NULL, as Django allows
    if not resend and limit_reached(request, group=RATE_GROUP, rate_setting=RATE_SETTING):
        return _rate_limited(request, form)
    if not form.is_valid():
        return render(request, "aanmelding/aanmelden.html", {"form": form})
    if not resend and limit_count(request, group=RATE_GROUP, rate_setting=RATE_SETTING):
        return _rate_limited(request, form)
    aanmelding = aanmelding_submit(
        fields=form.model_fields(), consents=form.consents(), language=get_language() or "nl"
    )
    request.session[RECEIPT_SESSION_KEY] = aanmelding.reference
    return redirect("aanmelding:ontvangen")


def _rate_limited(request: HttpRequest, form: AanmeldForm) -> HttpResponse:
    """The form with everything typed, and whom to call instead."""
    form.add_error(None, _rate_message())
    region = None
    postcode = str(form.data.get("postcode", ""))
    if POSTCODE_RE.match(postcode):
        region = route_postcode(postcode).region
    if region is not None:
        aanmeldpunten = [region]
    elif settings.IVH_AANMELDPUNT_TELEFOON:
        aanmeldpunten = []
    else:
        aanmeldpunten = list(Region.objects.order_by("name"))
    return render(
        request,
        "aanmelding/aanmelden.html",
        {
            "form": form,
            "geblokkeerd": True,
            "aanmeldpunten": aanmeldpunten,
            "algemeen_telefoon": settings.IVH_AANMELDPUNT_TELEFOON,
        },
        status=429,
    )


def _rate_message() -> str:
    return _(
        "Er zijn vanaf uw internetverbinding veel aanmeldingen kort na elkaar verstuurd. "
        "Wacht een uur en verstuur het formulier dan opnieuw. Wat u heeft ingevuld, staat er nog. "
        "Liever bellen? Dat kan ook: het telefoonnummer staat hieronder."
    )


def _stale_message() -> str:
    return _(
        "Het formulier stond lang open. Kijk uw antwoorden nog een keer na en klik dan opnieuw "
        "op ‘Aanmelding versturen’. Wat u heeft ingevuld, staat er nog."
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
