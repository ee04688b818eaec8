"""The public pages: registration form, receipt, postcode finder. No login."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from ivh.core.ratelimit import limit_count, limit_reached
from ivh.netwerk.models import Region

from .constants import Kanaal
from .forms import POSTCODE_RE, AanmeldForm, PostcodeFinderForm
from .models import Aanmelding
from .selectors import first_contact_promise, resent_registration
from .services import aanmelding_submit, route_postcode

# The references this browser sent (newest first, a few), in a signed cookie of its own: the
# newest is the one its receipt page shows, and a form sent again after Back is recognised by
# its content and leads to the receipt of the first send. A cookie rather than the session: a
# parent has no session, and starting one costs every registration a session row.
SENT_COOKIE = "aanmelding"
SENT_COOKIE_SALT = "aanmelding.verstuurd"
SENT_KEEP = 5
# Saved registrations (and obvious robots) per address; a form sent back for a typing mistake
# does not count, so a parent who corrects a date three times is never stopped.
RATE_GROUP = "aanmelden"
RATE_SETTING = "IVH_AANMELDING_RATE_PER_IP"


@login_not_required
@never_cache
def aanmelden(request: HttpRequest) -> HttpResponse:
    """The form for a parent."""
    return _aanmelden(request, Kanaal.OUDER)


@login_not_required
@never_cache
def aanmelden_professional(request: HttpRequest) -> HttpResponse:
    """The same form for a professional (verwijzer), in the professional's words."""
    return _aanmelden(request, Kanaal.PROFESSIONAL)


def _page(
    request: HttpRequest, form: AanmeldForm, status: int = 200, **extra: object
) -> HttpResponse:
    professional = form.kanaal == Kanaal.PROFESSIONAL
    return render(
        request,
        "aanmelding/aanmelden.html",
        {
            "form": form,
            "professional": professional,
            "velden": _fields_html(form, professional),
            **extra,
        },
        status=status,
    )


FIELDS_TEMPLATE = "aanmelding/_aanmeldvelden.html"
# The questions of an empty form, per (channel, language), rendered once in this process:
# they are the same for every visitor, and rendering them field by field through crispy cost
# more than the rest of the request together. What differs per request (the CSRF token, the
# submission token, the signed start time, the errors and values of a form sent back) is not
# in them: a bound form is rendered afresh. Kept in the process (not in Redis), so a deploy
# with new words starts empty.
_empty_fields: dict[tuple[str, str], SafeString] = {}


def _fields_html(form: AanmeldForm, professional: bool) -> SafeString | None:
    if form.is_bound or settings.DEBUG:  # DEBUG: a changed template shows at once
        return None
    key = (form.kanaal, get_language() or settings.LANGUAGE_CODE)
    html = _empty_fields.get(key)
    if html is None:
        # Without the request: no context processor, no CSRF token can end up in it.
        html = render_to_string(FIELDS_TEMPLATE, {"form": form, "professional": professional})
        _empty_fields[key] = html
    return html


def _aanmelden(request: HttpRequest, kanaal: Kanaal) -> HttpResponse:
    if request.method != "POST":
        return _page(request, AanmeldForm(kanaal=kanaal))

    form = AanmeldForm(request.POST, kanaal=kanaal)
    # The same form sent again (double click, Back after sending) is no new registration: it
    # is neither stopped nor counted, and leads to the receipt of the first send. Checked
    # before the time rule: Back and "Versturen" again takes a person a second.
    earlier = None if form.data.get("website") else _sent_before(request, form)
    if earlier is not None:
        return _receipt(request, earlier, again=True)
    if form.is_spam():
        limit_count(request, group=RATE_GROUP, rate_setting=RATE_SETTING)
        form.add_error(None, _spam_message())
        return _page(request, form, status=400)
    if form.is_stale():
        # Open for hours (a tab left open): hand the form back with a fresh start time.
        form.renew_started()
        form.add_error(None, _stale_message())
        return _page(request, form)
    if limit_reached(request, group=RATE_GROUP, rate_setting=RATE_SETTING):
        return _rate_limited(request, form)
    if not form.is_valid():
        return _page(request, form)
    if limit_count(request, group=RATE_GROUP, rate_setting=RATE_SETTING):
        return _rate_limited(request, form)
    aanmelding = aanmelding_submit(
        fields=form.model_fields(), consents=form.consents(), language=get_language() or "nl"
    )
    return _receipt(request, aanmelding.reference, again=False)


def _sent_before(request: HttpRequest, form: AanmeldForm) -> str | None:
    """The reference of the registration this form was already saved as: the same submission
    token, or (Back in the browser fetches a fresh form with a new token, which the browser
    fills in again) the same child and family as a registration this browser sent before."""
    token = form.sent_token()
    if token is not None:
        # Only the reference: this runs for every form sent, and the receipt needs no more.
        existing = (
            Aanmelding.objects.filter(submission_token=token)
            .values_list("reference", flat=True)
            .first()
        )
        if existing is not None:
            return existing
    references = _sent_references(request)
    if not references or not form.is_handed_out() or not form.is_valid():
        return None
    resent = resent_registration(references, Aanmelding(**form.model_fields()))
    return resent.reference if resent is not None else None


def _sent_cookie_name() -> str:
    # Sent over HTTPS only wherever the session cookie is; the prefix makes the browser insist.
    return f"__Secure-{SENT_COOKIE}" if settings.SESSION_COOKIE_SECURE else SENT_COOKIE


def _sent_references(request: HttpRequest) -> list[str]:
    """The references in this browser's signed cookie, newest first; none once it is older than
    a session would live (IVH_SESSION_IDLE_MINUTES), forged or absent."""
    value = request.get_signed_cookie(
        _sent_cookie_name(),
        default="",
        salt=SENT_COOKIE_SALT,
        max_age=settings.SESSION_COOKIE_AGE,
    )
    return [reference for reference in (value or "").split(",") if reference]


def _receipt(request: HttpRequest, reference: str, *, again: bool) -> HttpResponse:
    sent = [r for r in _sent_references(request) if r != reference]
    if again:
        messages.info(
            request,
            _(
                "U had dit formulier al verstuurd. Wij hebben uw aanmelding één keer ontvangen. "
                "U hoeft niets meer te doen."
            ),
        )
    response = redirect("aanmelding:ontvangen")
    # Signed (not readable as anything but references, not forgeable), HttpOnly, this site's
    # registration pages only, and gone when the browser closes, like the session it replaces.
    response.set_signed_cookie(
        _sent_cookie_name(),
        ",".join([reference, *sent][:SENT_KEEP]),
        salt=SENT_COOKIE_SALT,
        path=reverse("aanmelding:aanmelden"),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


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
    return _page(
        request,
        form,
        status=429,
        geblokkeerd=True,
        aanmeldpunten=aanmeldpunten,
        algemeen_telefoon=settings.IVH_AANMELDPUNT_TELEFOON,
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
    """The receipt. Only the browser that sent the registration sees it (its signed cookie
    names it)."""
    sent = _sent_references(request)
    reference = sent[0] if sent else None
    aanmelding = (
        Aanmelding.objects.select_related("region").filter(reference=reference).first()
        if reference
        else None
    )
    if aanmelding is None:
        return redirect("aanmelding:aanmelden")
    region = aanmelding.region
    days, uiterlijk = first_contact_promise(aanmelding)
    return render(
        request,
        "aanmelding/ontvangen.html",
        {
            "aanmelding": aanmelding,
            "region": region,
            "days": days,
            "contact_uiterlijk": uiterlijk,
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
