"""The parents' own view, through a personal, expiring, revocable link. No login."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import TYPE_CHECKING

from django import forms
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from aanmelding.models import Toestemming
from ivh.audit.constants import AccessAction
from ivh.core.ratelimit import not_found, ratelimit

from . import services
from .access import log_traject_read
from .constants import AkkoordWijze, Fase
from .forms import OuderVraagForm, TevredenheidForm, ToestemmingIntrekkenForm
from .models import OuderLink, PlanAkkoord, Tevredenheid, Traject
from .plan_data import labelled_acties, labelled_doelen
from .selectors import access_log_grouped
from .termijnen import parent_next_step
from .views_helpers import action_response

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

PARENT_ACTOR = "ouder (persoonlijke link)"
# Lines in "Wie heeft uw dossier geopend?" (one per person, role and day).
GEOPEND_ROWS = 60

FASE_UITLEG: dict[str, StrPromise] = {
    Fase.START: gettext_lazy(
        "We maken kennis en kijken samen wat uw kind en uw gezin nodig hebben."
    ),
    Fase.MDO: gettext_lazy("Deskundigen kijken samen met u naar uw kind in een overleg (MDO)."),
    Fase.PLAN: gettext_lazy("We schrijven samen met u het plan voor uw gezin."),
    Fase.UITVOERING: gettext_lazy(
        "Het plan loopt. De hulp uit het plan is begonnen of wordt geregeld."
    ),
    Fase.EVALUATIE: gettext_lazy("We kijken samen met u hoe het gaat en of het plan nog past."),
    Fase.AFGESLOTEN: gettext_lazy("De begeleiding door Integrale Vroeghulp is afgerond."),
}


@dataclass(frozen=True)
class ParentVisit:
    """The family's link and their (latest) traject, from the token in the address."""

    token: str
    link: OuderLink
    traject: Traject


def _visit(token: str) -> ParentVisit | None:
    """The usable link of `token` and the family's latest traject, or None."""
    link = services.ouderlink_resolve(token)
    traject = (
        link.gezin.trajecten.select_related("casemanager", "region", "aanmelding")
        .order_by("-received_at")
        .first()
        if link
        else None
    )
    return ParentVisit(token=token, link=link, traject=traject) if link and traject else None


def _invalid_link(request: HttpRequest) -> HttpResponse:
    """An unknown, expired or revoked link: a friendly page, and a 404 that the rate limit
    counts."""
    return render(request, "casemanagement/ouder_ongeldig.html", status=404)


@login_not_required
@never_cache
# Only failed look-ups count: a parent using a valid link is never stopped; a guesser is.
@ratelimit(group="ouderlink", rate_setting="IVH_OUDERLINK_RATE_PER_IP", counts=not_found)
@require_safe
def ouder(request: HttpRequest, token: str) -> HttpResponse:
    visit = _visit(token)
    if visit is None:
        return _invalid_link(request)
    return _ouder_page(request, visit)


def _ouder_page(
    request: HttpRequest,
    visit: ParentVisit,
    *,
    vraag_form: OuderVraagForm | None = None,
    survey_form: TevredenheidForm | None = None,
) -> HttpResponse:
    traject = visit.traject
    current = services.plan_current(traject.gezin)
    kinderen = log_traject_read(
        request, traject, AccessAction.PARENT_LINK, actor_label=PARENT_ACTOR
    )
    # Grouped per person, role and day, newest first; each read's time on request. One row
    # more than shown tells whether there are older ones.
    geopend = access_log_grouped(
        [k.reference for k in kinderen], limit=GEOPEND_ROWS + 1, with_times=True
    )
    akkoord = getattr(current, "akkoord", None) if current else None
    # A version that replaced one they agreed to: say so, and ask again (services.plan_save_version
    # mails them about it).
    vorig_akkoord = (
        PlanAkkoord.objects.filter(versie__plan_id=current.plan_id)
        .select_related("versie")
        .order_by("-versie__nummer")
        .first()
        if current and akkoord is None
        else None
    )
    return render(
        request,
        "casemanagement/ouder.html",
        {
            "token": visit.token,
            "link": visit.link,
            "traject": traject,
            "kinderen": kinderen,
            "fase_uitleg": FASE_UITLEG.get(traject.fase, ""),
            "volgende_stap": parent_next_step(traject),
            "plan": current,
            "doelen": labelled_doelen(current.doelen) if current else [],
            "acties": labelled_acties(current.acties) if current else [],
            "akkoord": akkoord,
            "vorig_akkoord": vorig_akkoord,
            "vraag_form": vraag_form or OuderVraagForm(prefix="vraag"),
            "survey": Tevredenheid.objects.filter(traject=traject).first(),
            "survey_form": survey_form or TevredenheidForm(prefix="tevredenheid"),
            "geopend": geopend[:GEOPEND_ROWS],
            "geopend_meer": len(geopend) > GEOPEND_ROWS,
            "parent_actor": PARENT_ACTOR,
            "toestemmingen": traject.aanmelding.toestemmingen.all() if traject.aanmelding else [],
        },
    )


def parent_action(
    view: Callable[[HttpRequest, ParentVisit], HttpResponse],
) -> Callable[[HttpRequest, str], HttpResponse]:
    """One POST action of the parents' page: no login, not cached, POST only, and the same
    guessing limit as the page (the action takes the token too). The view gets the visit; an
    unknown, expired or revoked link gets the friendly 404 page (which the limit counts)."""

    @wraps(view)
    def with_visit(request: HttpRequest, token: str) -> HttpResponse:
        visit = _visit(token)
        if visit is None:
            return _invalid_link(request)
        return view(request, visit)

    limited = ratelimit(
        group="ouderlink", rate_setting="IVH_OUDERLINK_RATE_PER_IP", counts=not_found
    )(require_POST(with_visit))
    return login_not_required(never_cache(limited))


def _parent_action(
    request: HttpRequest,
    visit: ParentVisit,
    form: forms.Form | None,
    perform: Callable[[dict], str],
    *,
    page: Callable[[], HttpResponse] | None = None,
    errors_at_top: bool = False,
) -> HttpResponse:
    return action_response(
        request,
        form,
        perform,
        success_url=reverse("casemanagement:ouder", args=[visit.token]),
        page=page or (lambda: _ouder_page(request, visit)),
        errors_at_top=errors_at_top,
    )


@parent_action
def ouder_akkoord(request: HttpRequest, visit: ParentVisit) -> HttpResponse:
    """The parent agrees to the current plan."""

    def perform(_data: dict) -> str:
        current = services.plan_current(visit.traject.gezin)
        if current is None:
            raise ValidationError(_("Er is nog geen plan."))
        services.plan_record_agreement(
            versie=current, traject=visit.traject, by=None, wijze=AkkoordWijze.OUDERLINK
        )
        return _("Dank u wel. Wij hebben vastgelegd dat u akkoord bent met het plan.")

    return _parent_action(request, visit, None, perform)


@parent_action
def ouder_vraag(request: HttpRequest, visit: ParentVisit) -> HttpResponse:
    form = OuderVraagForm(request.POST, prefix="vraag")

    def perform(data: dict) -> str:
        services.oudervraag_create(
            traject=visit.traject, tekst=data["tekst"], terugbellen=data["terugbellen"]
        )
        return _("Uw vraag is verstuurd. Wij nemen contact met u op.")

    return _parent_action(
        request, visit, form, perform, page=lambda: _ouder_page(request, visit, vraag_form=form)
    )


@parent_action
def ouder_tevredenheid(request: HttpRequest, visit: ParentVisit) -> HttpResponse:
    form = TevredenheidForm(request.POST, prefix="tevredenheid")

    def perform(data: dict) -> str:
        if not Tevredenheid.objects.filter(traject=visit.traject).exists():
            raise ValidationError(_("Er staat voor u geen vragenlijst klaar."))
        services.tevredenheid_answer(
            traject=visit.traject,
            score=data["score"],
            opmerking=data["opmerking"],
            terugbellen=data["terugbellen"],
        )
        return _("Dank u wel voor uw antwoord!")

    return _parent_action(
        request, visit, form, perform, page=lambda: _ouder_page(request, visit, survey_form=form)
    )


@parent_action
def ouder_toestemming_intrekken(request: HttpRequest, visit: ParentVisit) -> HttpResponse:
    """The parent withdraws a consent they gave (at registration)."""
    aanmelding = visit.traject.aanmelding
    form = ToestemmingIntrekkenForm(
        request.POST,
        toestemmingen=(
            aanmelding.toestemmingen.filter(gegeven=True, withdrawn_at__isnull=True)
            if aanmelding
            else Toestemming.objects.none()
        ),
    )

    def perform(data: dict) -> str:
        services.toestemming_withdraw(traject=visit.traject, toestemming_id=data["toestemming"].pk)
        return _("Uw toestemming is ingetrokken.")

    return _parent_action(request, visit, form, perform, errors_at_top=True)
