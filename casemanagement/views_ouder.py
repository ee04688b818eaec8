"""The parents' own view, through a personal, expiring, revocable link. No login."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from ivh.audit.constants import AccessAction
from ivh.audit.models import AccessLogEntry
from ivh.core.ratelimit import not_found, ratelimit

from . import services
from .access import log_traject_read
from .constants import AkkoordWijze, Fase
from .forms import OuderVraagForm, TevredenheidForm
from .models import Tevredenheid
from .plan_data import labelled_acties, labelled_doelen

PARENT_ACTOR = "ouder (persoonlijke link)"

FASE_UITLEG = {
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


@login_not_required
@never_cache
# Only failed look-ups count: a parent using a valid link is never stopped; a guesser is.
@ratelimit(group="ouderlink", rate_setting="IVH_OUDERLINK_RATE_PER_IP", counts=not_found)
def ouder(request: HttpRequest, token: str) -> HttpResponse:
    link = services.ouderlink_resolve(token)
    traject = (
        link.gezin.trajecten.select_related("casemanager", "region", "aanmelding")
        .order_by("-received_at")
        .first()
        if link
        else None
    )
    if traject is None:
        return render(request, "casemanagement/ouder_ongeldig.html", status=404)

    current = services.plan_current(traject.gezin)
    vraag_form = OuderVraagForm(
        request.POST if request.POST.get("actie") == "vraag" else None, prefix="vraag"
    )
    survey = Tevredenheid.objects.filter(traject=traject).first()
    survey_form = TevredenheidForm(
        request.POST if request.POST.get("actie") == "tevredenheid" else None, prefix="tevredenheid"
    )
    if request.method == "POST":
        action = request.POST.get("actie")
        try:
            if action == "akkoord" and current is not None:
                services.plan_record_agreement(
                    versie=current, traject=traject, by=None, wijze=AkkoordWijze.OUDERLINK
                )
                messages.success(
                    request, _("Dank u wel. Wij hebben vastgelegd dat u akkoord bent met het plan.")
                )
                return redirect("casemanagement:ouder", token=token)
            if action == "vraag" and vraag_form.is_valid():
                services.oudervraag_create(
                    traject=traject,
                    tekst=vraag_form.cleaned_data["tekst"],
                    terugbellen=vraag_form.cleaned_data["terugbellen"],
                )
                messages.success(request, _("Uw vraag is verstuurd. Wij nemen contact met u op."))
                return redirect("casemanagement:ouder", token=token)
            if action == "tevredenheid" and survey is not None and survey_form.is_valid():
                services.tevredenheid_answer(
                    traject=traject,
                    score=survey_form.cleaned_data["score"],
                    opmerking=survey_form.cleaned_data["opmerking"],
                    terugbellen=survey_form.cleaned_data["terugbellen"],
                )
                messages.success(request, _("Dank u wel voor uw antwoord!"))
                return redirect("casemanagement:ouder", token=token)
            if action == "intrekken" and request.POST.get("toestemming", "").isdigit():
                services.toestemming_withdraw(
                    traject=traject, toestemming_id=int(request.POST["toestemming"])
                )
                messages.success(request, _("Uw toestemming is ingetrokken."))
                return redirect("casemanagement:ouder", token=token)
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)

    kinderen = log_traject_read(
        request, traject, AccessAction.PARENT_LINK, actor_label=PARENT_ACTOR
    )
    references = [k.reference for k in kinderen]
    # One entry per read: the first child's entries stand for the family's file.
    geopend = (
        AccessLogEntry.objects.filter(client_ref=references[0]).order_by("-at")[:50]
        if references
        else []
    )
    return render(
        request,
        "casemanagement/ouder.html",
        {
            "token": token,
            "link": link,
            "traject": traject,
            "kinderen": kinderen,
            "fase_uitleg": FASE_UITLEG.get(traject.fase, ""),
            "plan": current,
            "doelen": labelled_doelen(current.doelen) if current else [],
            "acties": labelled_acties(current.acties) if current else [],
            "akkoord": getattr(current, "akkoord", None) if current else None,
            "vraag_form": vraag_form,
            "survey": survey,
            "survey_form": survey_form,
            "geopend": geopend,
            "parent_actor": PARENT_ACTOR,
            "toestemmingen": traject.aanmelding.toestemmingen.all() if traject.aanmelding else [],
        },
    )
