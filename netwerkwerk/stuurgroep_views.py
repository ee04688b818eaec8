"""The stuurgroep pages: the overview of a region, members, meetings with their decisions, and
the region's documents with their versions. Thin: the forms check the input, the services write,
the access helpers decide 403/404 (see `permissions`)."""

from __future__ import annotations

import logging

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ivh.core.http import AuthenticatedHttpRequest
from ivh.netwerk.models import Region

from . import services
from .access import (
    besluit_for_edit,
    document_for_edit,
    document_for_view,
    documentversie_for_download,
    require_stuurgroep,
    stuurgroeplid_for_edit,
    vergadering_for_edit,
    vergadering_for_view,
)
from .bestanden import private_storage
from .constants import BesluitStatus
from .models import Besluit, DocumentVersie, RegioDocument, StuurgroepVergadering
from .permissions import BESLUIT_VIEW, DOCUMENTVERSIE_VIEW, may_change_stuurgroep
from .selectors import stuurgroep_overzicht, stuurgroep_regions
from .stuurgroep_forms import (
    BesluitForm,
    BesluitStatusForm,
    DocumentForm,
    LidBeeindigenForm,
    RegioKeuzeForm,
    StuurgroepLidForm,
    VergaderingForm,
    VersieForm,
)

logger = logging.getLogger(__name__)


def _errors(error: ValidationError, form: forms.Form) -> None:
    """A service's refusal shown above the form; what was typed stays in the fields."""
    for text in error.messages:
        form.add_error(None, text)


def _overzicht_url(region_id: int) -> str:
    return f"{reverse('netwerkwerk:stuurgroep')}?regio={region_id}"


def _regions_to_change(request: AuthenticatedHttpRequest) -> QuerySet[Region]:
    """The regions in which the user adds to the stuurgroep: those they coordinate. A gemeente
    official reads the stuurgroep but adds nothing (403), like all other staff."""
    require_stuurgroep(request.user)
    regions = Region.objects.filter(pk__in=request.user.coordinator_region_ids()).order_by("name")
    if not regions.exists():
        raise PermissionDenied
    return regions


def _initial_region(request: AuthenticatedHttpRequest, regions: QuerySet[Region]) -> dict:
    """The region the user came from (`?regio=`) as the form's initial value, when it is one of
    theirs; otherwise nothing, so that the form's own default (their only region) stays."""
    keuze = RegioKeuzeForm(request.GET, regions=regions)
    if "regio" in request.GET and keuze.is_valid() and keuze.cleaned_data["regio"]:
        return {"regio": keuze.cleaned_data["regio"].pk}
    return {}


def _status_choices() -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in BesluitStatus.choices]


@require_http_methods(["GET"])
def stuurgroep(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The stuurgroep of one region: members, meetings, open decisions, documents."""
    require_stuurgroep(request.user)
    regions = stuurgroep_regions(request.user)
    keuze = RegioKeuzeForm(request.GET or None, regions=regions)
    region = keuze.region()
    if region is None:  # the gate lets in only users with a region; a role ended meanwhile
        raise PermissionDenied
    return render(
        request,
        "netwerkwerk/stuurgroep.html",
        {
            "region": region,
            "keuze": keuze,
            "several_regions": len(keuze.regions) > 1,
            "overzicht": stuurgroep_overzicht(request.user, region),
            "may_change": may_change_stuurgroep(request.user, region.pk),
            "statussen": _status_choices(),
        },
    )


# --- members -----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def lid_nieuw(request: AuthenticatedHttpRequest) -> HttpResponse:
    regions = _regions_to_change(request)
    form = StuurgroepLidForm(
        request.POST or None, regions=regions, initial=_initial_region(request, regions)
    )
    if request.method == "POST" and form.is_valid():
        region = form.cleaned_data["regio"]
        try:
            services.stuurgroeplid_toevoegen(
                region=region, by=request.user, **form.fields_for_service()
            )
        except ValidationError as error:
            _errors(error, form)
        else:
            messages.success(request, _("Het stuurgroeplid is toegevoegd."))
            return redirect(_overzicht_url(region.pk))
    return render(
        request,
        "netwerkwerk/stuurgroep_lid_form.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
def lid_wijzigen(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    lid = stuurgroeplid_for_edit(request.user, pk)
    form = StuurgroepLidForm(
        request.POST or None,
        initial=StuurgroepLidForm.initial_for(lid),
        # A member stays in their region.
        regions=Region.objects.filter(pk=lid.region_id),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.stuurgroeplid_wijzigen(lid=lid, by=request.user, **form.fields_for_service())
        except ValidationError as error:
            _errors(error, form)
        else:
            messages.success(request, _("Het stuurgroeplid is gewijzigd."))
            return redirect(_overzicht_url(lid.region_id))
    return render(
        request,
        "netwerkwerk/stuurgroep_lid_form.html",
        {"form": form, "lid": lid, "einde": LidBeeindigenForm()},
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["POST"])
def lid_beeindigen(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    lid = stuurgroeplid_for_edit(request.user, pk)
    einde = LidBeeindigenForm(request.POST)
    if einde.is_valid():
        try:
            services.stuurgroeplid_beeindigen(
                lid=lid, by=request.user, tot=einde.cleaned_data["tot"]
            )
        except ValidationError as error:
            _errors(error, einde)
        else:
            messages.success(
                request, _("Het lidmaatschap van %(naam)s is beëindigd.") % {"naam": lid.naam}
            )
            return redirect(_overzicht_url(lid.region_id))
    form = StuurgroepLidForm(
        initial=StuurgroepLidForm.initial_for(lid), regions=Region.objects.filter(pk=lid.region_id)
    )
    return render(
        request,
        "netwerkwerk/stuurgroep_lid_form.html",
        {"form": form, "lid": lid, "einde": einde},
        status=400,
    )


# --- meetings and decisions --------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def vergadering_nieuw(request: AuthenticatedHttpRequest) -> HttpResponse:
    regions = _regions_to_change(request)
    form = VergaderingForm(
        request.POST or None, regions=regions, initial=_initial_region(request, regions)
    )
    if request.method == "POST" and form.is_valid():
        try:
            vergadering = services.vergadering_vastleggen(
                region=form.cleaned_data["regio"], by=request.user, **form.fields_for_service()
            )
        except ValidationError as error:
            _errors(error, form)
        else:
            messages.success(request, _("De vergadering is vastgelegd."))
            return redirect("netwerkwerk:vergadering", vergadering.pk)
    return render(
        request,
        "netwerkwerk/vergadering_form.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )


def _vergadering_page(
    request: AuthenticatedHttpRequest,
    vergadering: StuurgroepVergadering,
    besluit_form: BesluitForm | None = None,
    status: int = 200,
) -> HttpResponse:
    besluiten = BESLUIT_VIEW.filter(
        Besluit.objects.filter(vergadering=vergadering).order_by("created_at", "pk"), request.user
    )
    may_change = vergadering.may_edit  # type: ignore[attr-defined]
    return render(
        request,
        "netwerkwerk/vergadering.html",
        {
            "vergadering": vergadering,
            "besluiten": besluiten,
            "may_change": may_change,
            "besluit_form": (besluit_form or BesluitForm()) if may_change else None,
            "statussen": _status_choices(),
        },
        status=status,
    )


@require_http_methods(["GET"])
def vergadering(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _vergadering_page(request, vergadering_for_view(request.user, pk))


@require_http_methods(["GET", "POST"])
def vergadering_wijzigen(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    vergadering = vergadering_for_edit(request.user, pk)
    form = VergaderingForm(
        request.POST or None,
        initial=VergaderingForm.initial_for(vergadering),
        regions=Region.objects.filter(pk=vergadering.region_id),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.vergadering_wijzigen(
                vergadering=vergadering, by=request.user, **form.fields_for_service()
            )
        except ValidationError as error:
            _errors(error, form)
        else:
            messages.success(request, _("De vergadering is gewijzigd."))
            return redirect("netwerkwerk:vergadering", vergadering.pk)
    return render(
        request,
        "netwerkwerk/vergadering_form.html",
        {"form": form, "vergadering": vergadering},
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["POST"])
def besluit_nieuw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The quick form under a meeting: a decision of that meeting."""
    vergadering = vergadering_for_edit(request.user, pk)
    form = BesluitForm(request.POST)
    if form.is_valid():
        try:
            services.besluit_vastleggen(
                region=vergadering.region,
                vergadering=vergadering,
                by=request.user,
                **form.fields_for_service(),
            )
        except ValidationError as error:
            _errors(error, form)
        else:
            messages.success(request, _("Het besluit is vastgelegd."))
            return redirect("netwerkwerk:vergadering", vergadering.pk)
    return _vergadering_page(request, vergadering, form, status=400)


@require_http_methods(["POST"])
def besluit_status(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    besluit = besluit_for_edit(request.user, pk)
    form = BesluitStatusForm(request.POST)
    if form.is_valid():
        besluit = services.besluit_status_zetten(
            besluit=besluit, status=form.cleaned_data["status"], by=request.user
        )
        messages.success(
            request,
            _("Status van het besluit: %(status)s.") % {"status": besluit.get_status_display()},
        )
    else:
        messages.error(request, _("Kies een van de statussen."))
    # Back to the page the form was on: a path of this site only (never a view name, never
    # another host).
    terug = str(form.data.get("terug", ""))
    if terug.startswith("/") and url_has_allowed_host_and_scheme(
        terug, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(terug)
    if besluit.vergadering_id is not None:
        return redirect("netwerkwerk:vergadering", besluit.vergadering_id)
    return redirect(_overzicht_url(besluit.region_id))


@require_http_methods(["GET"])
def besluiten(request: AuthenticatedHttpRequest) -> HttpResponse:
    """All decisions of a region, open ones first, for looking back."""
    require_stuurgroep(request.user)
    keuze = RegioKeuzeForm(request.GET or None, regions=stuurgroep_regions(request.user))
    region = keuze.region()
    if region is None:
        raise PermissionDenied
    rows = list(
        Besluit.objects.visible_to(request.user)
        .filter(region=region)
        .select_related("vergadering")
        .order_by("-created_at", "-pk")
    )
    return render(
        request,
        "netwerkwerk/besluiten.html",
        {
            "region": region,
            "keuze": keuze,
            "several_regions": len(keuze.regions) > 1,
            "lopend": [b for b in rows if b.is_lopend],
            "afgehandeld": [b for b in rows if not b.is_lopend],
            "may_change": may_change_stuurgroep(request.user, region.pk),
            "statussen": _status_choices(),
        },
    )


# --- documents ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def document_nieuw(request: AuthenticatedHttpRequest) -> HttpResponse:
    regions = _regions_to_change(request)
    form = DocumentForm(
        request.POST or None,
        request.FILES or None,
        regions=regions,
        initial=_initial_region(request, regions),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document = services.document_toevoegen(
                region=data["regio"],
                by=request.user,
                soort=data["soort"],
                titel=data["titel"],
                bestand=data["bestand"],
                notitie=data["notitie"],
            )
        except ValidationError as error:
            _errors(error, form)
        else:
            messages.success(request, _("Het document is toegevoegd."))
            return redirect("netwerkwerk:document", document.pk)
    return render(
        request,
        "netwerkwerk/document_form.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )


def _document_page(
    request: AuthenticatedHttpRequest,
    document: RegioDocument,
    form: VersieForm | None = None,
    status: int = 200,
) -> HttpResponse:
    versies = DOCUMENTVERSIE_VIEW.filter(
        DocumentVersie.objects.filter(document=document)
        .select_related("document", "uploaded_by")
        .order_by("-versie"),
        request.user,
    )
    may_change = document.may_edit  # type: ignore[attr-defined]
    return render(
        request,
        "netwerkwerk/document.html",
        {
            "document": document,
            "versies": versies,
            "may_change": may_change,
            "form": (form or VersieForm()) if may_change else None,
        },
        status=status,
    )


@require_http_methods(["GET"])
def document(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _document_page(request, document_for_view(request.user, pk))


@require_http_methods(["POST"])
def document_versie(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A new version of a document; the earlier ones stay downloadable."""
    document = document_for_edit(request.user, pk)
    form = VersieForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            versie = services.documentversie_toevoegen(
                document=document,
                by=request.user,
                bestand=form.cleaned_data["bestand"],
                notitie=form.cleaned_data["notitie"],
            )
        except ValidationError as error:
            _errors(error, form)
        else:
            messages.success(
                request, _("Versie %(versie)d is toegevoegd.") % {"versie": versie.versie}
            )
            return redirect("netwerkwerk:document", document.pk)
    return _document_page(request, document, form, status=400)


@require_http_methods(["GET"])
def versie_download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """The file of one version, to those who may read the document (404 for everyone else).
    Always as a download, with the type read from its content at upload and a safe name; the
    browser is told not to guess another type."""
    versie = documentversie_for_download(request.user, pk)
    try:
        handle = private_storage().open(str(versie.bestand.name), "rb")
    except FileNotFoundError:
        # The row is there but the file is not: a restore without the private files.
        logger.error("Document version %s: file %s is missing", versie.pk, versie.bestand.name)
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=versie.downloadnaam,
        content_type=versie.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_store=True)
    return response
