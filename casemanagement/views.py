"""Caseload, the traject page with its actions, the plan, and the AVG export."""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ivh.accounts.constants import Role
from ivh.accounts.models import User
from ivh.audit.constants import AccessAction
from ivh.audit.services import access_log_record_list
from ivh.core.pdf import render_pdf
from ivh.netwerk.models import Organisatie

from . import services
from .access import log_traject_read, traject_access
from .constants import FASE_OVERGANGEN
from .forms import (
    ActieFormSet,
    AfsluitForm,
    AkkoordForm,
    ContactForm,
    DoelFormSet,
    FaseForm,
    HerverdeelForm,
    PlanForm,
    VervangingForm,
    VerwijzingDatesForm,
    VerwijzingForm,
)
from .models import (
    Contactmoment,
    OuderLink,
    OuderVraag,
    PlanVersie,
    Traject,
    Vervanging,
    Verwijzing,
)
from .plan_data import (
    acties_from_forms,
    acties_initial,
    doelen_from_forms,
    doelen_initial,
    labelled_acties,
    labelled_doelen,
)
from .selectors import age_years_months, caseload, plan_diff, traject_timeline


def _casemanagers_of(region_ids: set[int]) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            role_assignments__role=Role.CASEMANAGER,
            role_assignments__active=True,
            role_assignments__region_id__in=region_ids,
        )
        .distinct()
        .order_by("full_name")
    )


def caseload_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.has_role(Role.CASEMANAGER, Role.COORDINATOR):
        raise PermissionDenied
    coordinator_regions = user.coordinator_region_ids()
    vervanging_form = None
    if coordinator_regions:
        casemanagers = _casemanagers_of(coordinator_regions)
        vervanging_form = VervangingForm(
            request.POST or None, casemanagers=casemanagers, prefix="vervanging"
        )
        if request.method == "POST" and vervanging_form.is_valid():
            data = vervanging_form.cleaned_data
            afwezige = User.objects.get(pk=data["afwezige"])
            region_id = next(
                iter(afwezige.region_ids(Role.CASEMANAGER) & coordinator_regions), None
            )
            try:
                if region_id is None:
                    raise ValidationError(_("Deze casemanager werkt niet in uw regio."))
                services.vervanging_create(
                    afwezige=afwezige,
                    vervanger=User.objects.get(pk=data["vervanger"]),
                    region_id=region_id,
                    van=data["van"],
                    tot=data["tot"],
                    reden=data["reden"],
                    by=user,
                )
            except ValidationError as error:
                for text in error.messages:
                    vervanging_form.add_error(None, text)
            else:
                messages.success(request, _("De vervanging is vastgelegd."))
                return redirect("casemanagement:caseload")
    qs = Traject.objects.visible_to(user)
    casemanager_filter = request.GET.get("casemanager", "")
    if casemanager_filter.isdigit():
        qs = qs.filter(casemanager_id=int(casemanager_filter))
    rows = caseload(qs)
    # The caseload shows children's names: one access-log entry for this page view, naming
    # every child on it (the children are prefetched by `caseload`).
    access_log_record_list(
        request=request,
        model=Traject,
        client_refs=[k.reference for r in rows for k in r.traject.gezin.kinderen.all()],
        region_ids=[r.traject.region_id for r in rows],
    )
    vervangingen = (
        Vervanging.objects.filter(tot__gte=timezone.localdate())
        .filter(region_id__in=coordinator_regions | user.region_ids(Role.CASEMANAGER))
        .select_related("afwezige", "vervanger")
        if user.has_role(Role.CASEMANAGER, Role.COORDINATOR)
        else []
    )
    return render(
        request,
        "casemanagement/caseload.html",
        {
            "rows": rows,
            "is_coordinator": bool(coordinator_regions),
            "casemanagers": _casemanagers_of(coordinator_regions) if coordinator_regions else [],
            "casemanager_filter": casemanager_filter,
            "vervanging_form": vervanging_form,
            "vervangingen": vervangingen,
            "today": timezone.localdate(),
        },
    )


TRAJECT_ACTIONS = {
    "contact",
    "fase",
    "verwijzing",
    "verwijzing_data",
    "afsluiten",
    "akkoord",
    "ouderlink",
    "ouderlink_intrekken",
    "vraag_afgehandeld",
    "herverdelen",
}


def traject_detail(request: HttpRequest, pk: int) -> HttpResponse:
    access = traject_access(request.user, pk)
    traject, user = access.traject, request.user
    action = request.POST.get("actie") if request.method == "POST" else None
    if action is not None and action not in TRAJECT_ACTIONS:
        action = None

    def bound(name: str) -> dict | None:
        return request.POST if action == name else None

    organisaties = Organisatie.objects.visible_to(user).filter(actief=True).order_by("name")
    current = services.plan_current(traject.gezin)
    forms = {
        "contact": ContactForm(bound("contact"), prefix="contact"),
        "fase": FaseForm(bound("fase"), prefix="fase"),
        "verwijzing": VerwijzingForm(
            bound("verwijzing"), prefix="verwijzing", organisaties=organisaties
        ),
        "afsluiten": AfsluitForm(bound("afsluiten"), prefix="afsluiten"),
        "akkoord": AkkoordForm(bound("akkoord"), prefix="akkoord"),
        "herverdelen": HerverdeelForm(
            bound("herverdelen"),
            prefix="herverdelen",
            casemanagers=_casemanagers_of({traject.region_id}) if access.can_manage else [],
        ),
    }
    if action:
        allowed = (
            access.can_manage
            if action in {"herverdelen", "ouderlink_intrekken", "vraag_afgehandeld"}
            else access.can_work
        )
        if action in {"ouderlink_intrekken", "vraag_afgehandeld"}:
            allowed = access.can_work or access.can_manage
        if not allowed:
            raise PermissionDenied
        try:
            message = _traject_action(request, action, forms, traject, current, user)
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            if message:
                messages.success(request, message)
                return redirect("casemanagement:traject", pk=traject.pk)

    kinderen = log_traject_read(request, traject)
    today = timezone.localdate()
    verwijzingen = list(traject.verwijzingen.select_related("organisatie", "dienst"))
    return render(
        request,
        "casemanagement/traject.html",
        {
            "traject": traject,
            "access": access,
            "kinderen": [(k, age_years_months(k.geboortedatum, today)) for k in kinderen],
            "forms": forms,
            "open_action": action,
            "timeline": traject_timeline(traject),
            "plan": current,
            "doelen": labelled_doelen(current.doelen) if current else [],
            "acties": labelled_acties(current.acties) if current else [],
            "verwijzingen": [
                (
                    v,
                    v.wachtdagen(today),
                    VerwijzingDatesForm(
                        initial={"started_at": v.started_at, "ended_at": v.ended_at},
                        prefix=f"v{v.pk}",
                    ),
                )
                for v in verwijzingen
            ],
            "norm_vervolghulp_dagen": traject.region.norm_vervolghulp_weken * 7,
            "fase_opties": FASE_OVERGANGEN.get(traject.fase, ()),
            "ouderlinks": traject.gezin.ouderlinks.all()[:5],
            "vragen": traject.oudervragen.filter(afgehandeld_op__isnull=True),
            "contacten": [
                (c, services.contact_editable_by(c, user)) for c in traject.contacten.all()[:50]
            ],
            "toestemmingen": traject.aanmelding.toestemmingen.all() if traject.aanmelding else [],
            "tevredenheid": getattr(traject, "tevredenheid", None),
        },
    )


def _traject_action(
    request: HttpRequest,
    action: str,
    forms: dict,
    traject: Traject,
    current: PlanVersie | None,
    user: User,
) -> str | None:
    post = request.POST
    if action in forms:
        form = forms[action]
        if not form.is_valid():
            return None
        data = form.cleaned_data
    if action == "contact":
        services.contact_log(
            traject=traject,
            by=user,
            datum=data["datum"],
            soort=data["soort"],
            minuten=data["minuten"],
            notitie=data["notitie"],
        )
        return _("Het contact is vastgelegd.")
    if action == "fase":
        services.traject_set_fase(traject=traject, by=user, fase=data["fase"])
        return _("De fase is aangepast.")
    if action == "verwijzing":
        services.verwijzing_create(
            traject=traject,
            by=user,
            organisatie=data["organisatie"],
            dienst=data["dienst"],
            referred_at=data["referred_at"],
            toelichting=data["toelichting"],
        )
        return _("De verwijzing is vastgelegd.")
    if action == "verwijzing_data":
        verwijzing = get_object_or_404(Verwijzing, pk=post.get("verwijzing"), traject=traject)
        form = VerwijzingDatesForm(post, prefix=f"v{verwijzing.pk}")
        if not form.is_valid():
            raise ValidationError(_("Vul een geldige datum in."))
        services.verwijzing_update_dates(
            verwijzing=verwijzing,
            by=user,
            started_at=form.cleaned_data["started_at"],
            ended_at=form.cleaned_data["ended_at"],
        )
        return _("De data van de verwijzing zijn opgeslagen.")
    if action == "afsluiten":
        services.traject_close(
            traject=traject,
            by=user,
            reden=data["reden"],
            doelen_behaald=data["doelen_behaald"],
            toelichting=data["toelichting"],
        )
        return _("Het traject is afgesloten. De ouders krijgen een vragenlijst.")
    if action == "akkoord":
        if current is None:
            raise ValidationError(_("Er is nog geen plan."))
        at = timezone.make_aware(datetime.combine(data["datum"], timezone.localtime().time()))
        services.plan_record_agreement(
            versie=current, traject=traject, by=user, wijze=data["wijze"], at=at
        )
        return _("Het akkoord van de ouders is vastgelegd.")
    if action == "ouderlink":
        services.ouderlink_send(traject=traject, by=user)
        return _("De ouder krijgt een persoonlijke link per e-mail.")
    if action == "ouderlink_intrekken":
        link = get_object_or_404(OuderLink, pk=post.get("link"), gezin=traject.gezin)
        services.ouderlink_revoke(link=link, by=user)
        return _("De link werkt niet meer.")
    if action == "vraag_afgehandeld":
        vraag = get_object_or_404(OuderVraag, pk=post.get("vraag"), traject=traject)
        services.oudervraag_handle(vraag=vraag, by=user)
        return _("De vraag is afgehandeld.")
    if action == "herverdelen":
        casemanager = User.objects.get(pk=data["casemanager"])
        services.traject_assign_casemanager(
            traject=traject, casemanager=casemanager, by=user, reden=data["reden"]
        )
        return _("%(name)s is nu de casemanager.") % {"name": casemanager.full_name}
    return None


def contact_edit(request: HttpRequest, pk: int, contact_pk: int) -> HttpResponse:
    access = traject_access(request.user, pk)
    contact = get_object_or_404(Contactmoment, pk=contact_pk, traject=access.traject)
    if not services.contact_editable_by(contact, request.user):
        raise PermissionDenied
    form = ContactForm(
        request.POST or None,
        initial={
            "datum": contact.datum,
            "soort": contact.soort,
            "minuten": contact.minuten,
            "notitie": contact.notitie,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_update(contact=contact, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Het contact is aangepast."))
            return redirect("casemanagement:traject", pk=pk)
    log_traject_read(request, access.traject, AccessAction.EDIT)
    return render(
        request, "casemanagement/contact_form.html", {"form": form, "traject": access.traject}
    )


def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    access = traject_access(request.user, pk, for_work=True)
    traject = access.traject
    current = services.plan_current(traject.gezin)
    organisaties = Organisatie.objects.visible_to(request.user).filter(actief=True).order_by("name")
    default_eval = timezone.localdate().replace(day=1)
    months = traject.region.evaluatie_maanden
    default_eval = default_eval.replace(
        year=default_eval.year + (default_eval.month - 1 + months) // 12,
        month=(default_eval.month - 1 + months) % 12 + 1,
    )
    initial = {
        "gezinsvraag": current.gezinsvraag
        if current
        else (traject.aanmelding.zorg if traject.aanmelding else ""),
        "evaluatie_datum": current.evaluatie_datum if current else default_eval,
    }
    form = PlanForm(request.POST or None, initial=initial, prefix="plan")
    doelen = DoelFormSet(
        request.POST or None,
        prefix="doelen",
        initial=doelen_initial(current.doelen) if current else None,
    )
    acties = ActieFormSet(
        request.POST or None,
        prefix="acties",
        form_kwargs={"organisaties": organisaties},
        initial=acties_initial(current.acties) if current else None,
    )
    if request.method == "POST" and form.is_valid() and doelen.is_valid() and acties.is_valid():
        try:
            versie = services.plan_save_version(
                traject=traject,
                by=request.user,
                gezinsvraag=form.cleaned_data["gezinsvraag"].strip(),
                doelen=doelen_from_forms(doelen),
                acties=acties_from_forms(acties),
                evaluatie_datum=form.cleaned_data["evaluatie_datum"],
                wijziging=form.cleaned_data["wijziging"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if current and versie.pk == current.pk:
                messages.info(request, _("Er was niets veranderd; het plan is gelijk gebleven."))
            else:
                messages.success(
                    request, _("Versie %(n)s van het plan is opgeslagen.") % {"n": versie.nummer}
                )
            return redirect("casemanagement:traject", pk=pk)
    log_traject_read(request, traject, AccessAction.EDIT)
    return render(
        request,
        "casemanagement/plan_form.html",
        {"form": form, "doelen": doelen, "acties": acties, "traject": traject, "current": current},
    )


def plan_compare(request: HttpRequest, pk: int) -> HttpResponse:
    access = traject_access(request.user, pk)
    versies = list(PlanVersie.objects.filter(plan__gezin=access.traject.gezin).order_by("nummer"))
    if len(versies) < 2:
        messages.info(request, _("Er is nog maar één versie van het plan."))
        return redirect("casemanagement:traject", pk=pk)
    by_number = {v.nummer: v for v in versies}
    try:
        a = by_number[int(request.GET.get("a", versies[-2].nummer))]
        b = by_number[int(request.GET.get("b", versies[-1].nummer))]
    except (KeyError, ValueError):
        a, b = versies[-2], versies[-1]
    log_traject_read(request, access.traject)
    return render(
        request,
        "casemanagement/plan_compare.html",
        {
            "traject": access.traject,
            "versies": versies,
            "diff": plan_diff(a, b),
        },
    )


def plan_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    access = traject_access(request.user, pk)
    traject = access.traject
    current = services.plan_current(traject.gezin)
    if current is None:
        messages.info(request, _("Er is nog geen plan."))
        return redirect("casemanagement:traject", pk=pk)
    kinderen = log_traject_read(request, traject, AccessAction.PRINT)
    pdf = render_pdf(
        "casemanagement/pdf/plan.html",
        {
            "traject": traject,
            "plan": current,
            "kinderen": kinderen,
            "doelen": labelled_doelen(current.doelen),
            "acties": labelled_acties(current.acties),
            "printed_at": timezone.localtime(),
        },
        request=request,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="plan-{traject.gezin.reference}-v{current.nummer}.pdf"'
    )
    return response


def inzage_export(request: HttpRequest, pk: int) -> HttpResponse | StreamingHttpResponse:
    """Right of access (AVG art. 15): everything stored about one family, for a coordinator.
    JSON: complete, the access log entry by entry, streamed. PDF: readable, the access log
    grouped per person, role and day, a row a month (it no longer grows with every read)."""

    from .export import (
        access_log_by_month,
        family_data,
        family_export_json,
        family_references,
        family_sections,
    )
    from .selectors import access_log_grouped

    access = traject_access(request.user, pk, for_manage=True)
    traject = access.traject
    fmt = request.GET.get("formaat", "json")
    log_traject_read(request, traject, AccessAction.EXPORT)
    if fmt == "pdf":
        pdf = render_pdf(
            "casemanagement/pdf/inzage.html",
            {
                "gezin": traject.gezin,
                "sections": family_sections(family_data(traject.gezin)),
                "geopend": access_log_by_month(
                    access_log_grouped(family_references(traject.gezin))
                ),
                "printed_at": timezone.localtime(),
            },
            request=request,
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="inzage-{traject.gezin.reference}.pdf"'
        )
        return response
    response = StreamingHttpResponse(
        family_export_json(traject.gezin), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="inzage-{traject.gezin.reference}.json"'
    )
    return response
