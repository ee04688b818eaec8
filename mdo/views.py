"""MDO pages: overview with the waiting list, planning, the meeting page with agenda,
invitations and coverage, recording the meeting, one family's item with advice, and the
public answer link."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from casemanagement.access import log_traject_read
from casemanagement.models import Traject
from casemanagement.plan_data import labelled_doelen
from casemanagement.selectors import age_years_months
from casemanagement.services import plan_current
from ivh.accounts.constants import Role
from ivh.accounts.models import User
from ivh.audit.constants import AccessAction
from ivh.audit.services import access_log_record_list
from ivh.netwerk.models import Region

from . import services
from .access import agendapunt_access, mdo_access, readable_item_ids
from .constants import AdviesactieStatus, Antwoord, DeelnemerSoort, MdoStatus
from .forms import (
    AdviesForm,
    AgendapuntForm,
    AntwoordForm,
    ExpertForm,
    HoudenForm,
    MdoForm,
    organisaties_for,
)
from .models import Adviesactie, Deelnemer
from .selectors import agenda_candidates, dekking, experts_to_invite, mdo_overview, mdo_waitlist
from .tokens import deelnemer_from_token

MDO_ROLES = (Role.COORDINATOR, Role.MDO_EXPERT, Role.CASEMANAGER)


def _voorzitters(region_id: int) -> object:
    return (
        User.objects.filter(
            is_active=True,
            role_assignments__active=True,
            role_assignments__region_id=region_id,
            role_assignments__role__in=[Role.COORDINATOR, Role.MDO_EXPERT, Role.CASEMANAGER],
        )
        .distinct()
        .order_by("full_name")
    )


def _errors(error: ValidationError, form: object) -> None:
    for text in error.messages:
        form.add_error(None, text)


def overzicht(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.has_role(*MDO_ROLES):
        raise PermissionDenied
    upcoming, past = mdo_overview(user)
    regions = user.coordinator_region_ids()
    wachtlijst = list(mdo_waitlist(regions).prefetch_related("gezin__kinderen")) if regions else []
    if regions:
        # The waiting list shows which families wait for an MDO (client data): one access-log
        # entry for this page view, naming the children of those families.
        access_log_record_list(
            request=request,
            model=Traject,
            client_refs=[k.reference for t in wachtlijst for k in t.gezin.kinderen.all()],
            region_ids=[t.region_id for t in wachtlijst],
        )
    for m in upcoming:
        m.open_places = max(0, m.max_agendapunten - m.n_punten)
    now = timezone.now()
    return render(
        request,
        "mdo/overzicht.html",
        {
            "upcoming": upcoming,
            "past": past,
            "is_coordinator": bool(regions),
            "wachtlijst": [
                (
                    t,
                    (now - t.received_at).days,
                    (now - t.received_at).days > t.region.norm_mdo_weken * 7,
                )
                for t in wachtlijst
            ],
        },
    )


def nieuw(request: HttpRequest) -> HttpResponse:
    user = request.user
    regions = list(Region.objects.filter(pk__in=user.coordinator_region_ids()))
    if not regions:
        raise PermissionDenied
    region = regions[0]
    if len(regions) > 1 and str(request.GET.get("regio", "")).isdigit():
        region = next((r for r in regions if r.pk == int(request.GET["regio"])), region)
    form = MdoForm(request.POST or None, voorzitters=_voorzitters(region.pk))
    if request.method == "POST" and form.is_valid():
        try:
            mdo = services.mdo_create(region=region, by=user, **form.planning())
        except ValidationError as error:
            _errors(error, form)
        else:
            messages.success(request, _("Het MDO is gepland. Zet nu gezinnen op de agenda."))
            return redirect("mdo:detail", pk=mdo.pk)
    return render(
        request, "mdo/mdo_form.html", {"form": form, "region": region, "regions": regions}
    )


def bewerken(request: HttpRequest, pk: int) -> HttpResponse:
    access = mdo_access(request.user, pk, for_manage=True)
    mdo = access.mdo
    if mdo.status != MdoStatus.GEPLAND:
        raise PermissionDenied
    form = MdoForm(
        request.POST or None,
        initial=MdoForm.initial_for(mdo),
        voorzitters=_voorzitters(mdo.region_id),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.mdo_update(mdo=mdo, by=request.user, **form.planning())
        except ValidationError as error:
            _errors(error, form)
        else:
            messages.success(request, _("Het MDO is gewijzigd. De deelnemers krijgen bericht."))
            return redirect("mdo:detail", pk=mdo.pk)
    return render(request, "mdo/mdo_form.html", {"form": form, "mdo": mdo, "region": mdo.region})


DETAIL_ACTIONS = {"punt", "expert", "ouders", "intrekken", "annuleren", "antwoord", "van_agenda"}


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    access = mdo_access(user, pk)
    mdo = access.mdo
    action = request.POST.get("actie") if request.method == "POST" else None
    if action is not None and action not in DETAIL_ACTIONS:
        raise Http404
    if action and action != "antwoord" and not access.can_manage:
        raise PermissionDenied

    def bound(name: str) -> dict | None:
        return request.POST if action == name else None

    forms: dict[str, object] = {}
    if access.can_manage and mdo.status == MdoStatus.GEPLAND:
        experts = list(experts_to_invite(mdo))
        forms["punt"] = AgendapuntForm(
            bound("punt"),
            prefix="punt",
            trajecten=agenda_candidates(mdo).prefetch_related("gezin__kinderen"),
        )
        if experts or action == "expert":
            forms["expert"] = ExpertForm(bound("expert"), prefix="expert", experts=experts)
    if action:
        try:
            message = _detail_action(request, action, forms, access)
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            if message:
                messages.success(request, message)
                return redirect("mdo:detail", pk=mdo.pk)

    items = list(
        mdo.agendapunten.select_related("traject__gezin", "traject__casemanager").prefetch_related(
            "traject__gezin__kinderen", "ouders", "acties"
        )
    )
    readable_ids = readable_item_ids(user, items)
    agenda = []
    for item in items:
        readable = item.pk in readable_ids
        if readable:
            log_traject_read(request, item.traject, AccessAction.LIST)
        ouders = next((o for o in item.ouders.all() if o.verwijderd_op is None), None)
        agenda.append((item, readable, ouders))
    deelnemers = list(
        mdo.deelnemers.filter(verwijderd_op__isnull=True).select_related("organisatie")
    )
    return render(
        request,
        "mdo/detail.html",
        {
            "mdo": mdo,
            "access": access,
            "agenda": agenda,
            "open_places": max(0, mdo.max_agendapunten - len(items)),
            "deelnemers": [d for d in deelnemers if d.soort != DeelnemerSoort.OUDER],
            "dekking": dekking(mdo, items) if access.can_manage else None,
            "forms": forms,
            "open_action": action,
            "inzage_open": mdo.inzage_open(),
            "Antwoord": Antwoord,
        },
    )


def _detail_action(request: HttpRequest, action: str, forms: dict, access: object) -> str | None:
    user, mdo, post = request.user, access.mdo, request.POST
    if action == "antwoord":
        if access.deelnemer is None:
            raise PermissionDenied
        form = AntwoordForm(post)
        if not form.is_valid():
            raise ValidationError(_("Kies of u komt."))
        services.deelnemer_answer(
            deelnemer=access.deelnemer, antwoord=form.cleaned_data["antwoord"]
        )
        return _("Uw antwoord is opgeslagen.")
    if action == "annuleren":
        services.mdo_cancel(mdo=mdo, by=user)
        return _("Het MDO is geannuleerd. Alle deelnemers krijgen bericht.")
    if action in ("ouders", "van_agenda"):
        item = get_object_or_404(mdo.agendapunten, pk=post.get("punt"))
        if action == "van_agenda":
            services.agendapunt_remove(agendapunt=item, by=user)
            return _("Het gezin staat niet meer op de agenda.")
        services.deelnemer_invite_ouders(agendapunt=item, by=user)
        return _("De ouders krijgen een uitnodiging per e-mail.")
    if action == "intrekken":
        deelnemer = get_object_or_404(Deelnemer, pk=post.get("deelnemer"), mdo=mdo)
        services.deelnemer_withdraw(deelnemer=deelnemer, by=user)
        return _("De uitnodiging is ingetrokken.")
    form = forms.get(action)
    if form is None:
        raise PermissionDenied
    if not form.is_valid():
        return None
    data = form.cleaned_data
    if action == "punt":
        services.agendapunt_add(
            mdo=mdo,
            traject=data["traject"],
            by=user,
            vraag=data["vraag"],
            disciplines=data["disciplines"],
            minuten=data["minuten"],
        )
        return _("Het gezin staat op de agenda.")
    expert = get_object_or_404(User, pk=data["expert"])
    services.deelnemer_invite_expert(mdo=mdo, expert=expert, by=user)
    return _("%(name)s krijgt een uitnodiging per e-mail.") % {"name": expert.full_name}


def houden(request: HttpRequest, pk: int) -> HttpResponse:
    access = mdo_access(request.user, pk, for_manage=True)
    mdo = access.mdo
    if mdo.status != MdoStatus.GEPLAND:
        raise PermissionDenied
    deelnemers = list(mdo.deelnemers.filter(verwijderd_op__isnull=True).exclude(soort="ouder"))
    items = list(mdo.agendapunten.select_related("traject__gezin").prefetch_related("ouders"))
    punten = [(i.pk, i.traject.gezin.reference) for i in items]
    # Proposed presence: whoever said they would come.
    initial = {
        "aanwezig": [d.pk for d in deelnemers if d.antwoord == Antwoord.KOMT],
        "ouders_aanwezig": [
            i.pk
            for i in items
            if any(o.antwoord == Antwoord.KOMT and o.verwijderd_op is None for o in i.ouders.all())
        ],
    }
    form = HoudenForm(request.POST or None, initial=initial, deelnemers=deelnemers, punten=punten)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.mdo_hold(
                mdo=mdo,
                by=request.user,
                aanwezig={int(x) for x in data["aanwezig"]},
                ouders_aanwezig={int(x) for x in data["ouders_aanwezig"]},
                notulen=data["notulen"],
            )
        except ValidationError as error:
            _errors(error, form)
        else:
            messages.success(request, _("Het MDO is vastgelegd als gehouden."))
            return redirect("mdo:detail", pk=mdo.pk)
    return render(request, "mdo/houden.html", {"mdo": mdo, "form": form})


def punt(request: HttpRequest, pk: int, punt_pk: int) -> HttpResponse:
    user = request.user
    access = agendapunt_access(user, pk, punt_pk)
    item, mdo = access.item, access.mdo.mdo
    traject = item.traject
    action = request.POST.get("actie") if request.method == "POST" else None
    form = AdviesForm(
        request.POST if action == "advies" else None,
        initial={"advies": item.advies},
        organisaties=organisaties_for(mdo.region_id),
    )
    if action == "advies":
        if not access.mdo.can_advise:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.advies_record(
                    agendapunt=item,
                    by=user,
                    advies=data["advies"],
                    actie_wat=data["actie_wat"],
                    actie_organisatie=data["actie_organisatie"],
                    actie_wanneer=data["actie_wanneer"],
                )
            except ValidationError as error:
                _errors(error, form)
            else:
                messages.success(request, _("Het advies is opgeslagen."))
                return redirect("mdo:punt", pk=mdo.pk, punt_pk=item.pk)
    elif action in ("overnemen", "afwijzen"):
        if not access.can_accept:
            raise PermissionDenied
        actie = get_object_or_404(Adviesactie, pk=request.POST.get("adviesactie"), agendapunt=item)
        try:
            if action == "overnemen":
                services.adviesactie_accept(actie=actie, by=user)
                messages.success(request, _("De actie staat nu in het plan van het gezin."))
            else:
                services.adviesactie_decline(actie=actie, by=user)
                messages.success(request, _("De actie is niet overgenomen."))
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        return redirect("mdo:punt", pk=mdo.pk, punt_pk=item.pk)
    elif action is not None:
        raise Http404

    kinderen = log_traject_read(request, traject)
    today = timezone.localdate()
    current = plan_current(traject.gezin)
    return render(
        request,
        "mdo/punt.html",
        {
            "mdo": mdo,
            "access": access,
            "item": item,
            "traject": traject,
            "aanmelding": traject.aanmelding,
            "kinderen": [(k, age_years_months(k.geboortedatum, today)) for k in kinderen],
            "doelen": labelled_doelen(current.doelen) if current else [],
            "verwijzingen": traject.verwijzingen.select_related("organisatie"),
            "acties": item.acties.select_related("organisatie", "voorgesteld_door"),
            "form": form,
            "Status": AdviesactieStatus,
        },
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def antwoord(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the invitation: say whether you come. Shows the date and place only."""
    deelnemer = deelnemer_from_token(token)
    if deelnemer is None:
        return render(request, "mdo/antwoord_ongeldig.html", status=404)
    mdo = deelnemer.mdo
    geldig = deelnemer.verwijderd_op is None and mdo.status == MdoStatus.GEPLAND
    if request.method == "POST" and geldig:
        form = AntwoordForm(request.POST)
        if form.is_valid():
            services.deelnemer_answer(deelnemer=deelnemer, antwoord=form.cleaned_data["antwoord"])
            messages.success(request, _("Dank u wel. Uw antwoord is opgeslagen."))
            return redirect("mdo:antwoord", token=token)
    return render(
        request,
        "mdo/antwoord.html",
        {
            "deelnemer": deelnemer,
            "mdo": mdo,
            "start": deelnemer.slot[0],
            "geldig": geldig,
            "ouder": deelnemer.soort == DeelnemerSoort.OUDER,
        },
    )
