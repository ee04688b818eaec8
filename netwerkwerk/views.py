"""The coordinator's consult log and network activities. Thin: the forms check the input, the
services write, the access helpers decide 403/404."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from aanmelding.models import Aanmelding
from ivh.audit.services import access_log_record_list
from ivh.core.http import AuthenticatedHttpRequest
from ivh.netwerk.models import Region

from . import services
from .access import activiteit_for_edit, consult_for_link, require_netwerkwerk
from .forms import ActiviteitForm, ConsultForm, KoppelForm, MaandForm
from .selectors import activiteit_list, consult_list, consult_months


def _own_regions(request: AuthenticatedHttpRequest) -> QuerySet[Region]:
    return Region.objects.filter(pk__in=request.user.coordinator_region_ids()).order_by("name")


def _errors(error: ValidationError, form: forms.Form) -> None:
    """A service's refusal shown above the form; what was typed stays in the fields."""
    for text in error.messages:
        form.add_error(None, text)


@require_http_methods(["GET", "POST"])
def consulten(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The consult log of the coordinator's regions with the quick-entry form above it."""
    require_netwerkwerk(request.user)
    regions = _own_regions(request)
    form = ConsultForm(request.POST or None, regions=regions)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.consult_record(
                region=data["regio"],
                by=request.user,
                datum=data["datum"],
                kanaal=data["kanaal"],
                vraagsteller=data["vraagsteller"],
                gemeente=data["gemeente"],
                onderwerpen=data["onderwerpen"],
                minuten=data["minuten"],
                notitie=data["notitie"],
            )
        except ValidationError as error:
            _errors(error, form)
        else:
            messages.success(request, _("Het consult is vastgelegd."))
            return redirect("netwerkwerk:consulten")
    filters = MaandForm(request.GET or None, months=consult_months(request.user))
    page = Paginator(consult_list(request.user, filters.month()), 50).get_page(
        request.GET.get("pagina")
    )
    # A consult that became a registration shows that registration's reference: the page then
    # shows client data, and the access log names the clients it showed.
    linked = [c.aanmelding for c in page.object_list if c.aanmelding is not None]
    access_log_record_list(
        request=request,
        model=Aanmelding,
        client_refs=[a.audit_client_ref for a in linked],
        region_ids=[a.region_id for a in linked],
    )
    return render(
        request,
        "netwerkwerk/consulten.html",
        {
            "form": form,
            "filters": filters,
            "page": page,
            "several_regions": len(regions) > 1,
        },
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
def consult_aanmelding(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Turn a consult into a registration: link it to one in the region's inbox, or go to the
    registration form first."""
    consult = consult_for_link(request.user, pk)
    form = KoppelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reference = form.cleaned_data["referentie"].strip()
        aanmelding = (
            Aanmelding.objects.visible_to(request.user).filter(reference__iexact=reference).first()
        )
        try:
            if aanmelding is None:
                raise ValidationError(
                    _("Er is geen aanmelding met referentie %(ref)s in uw regio.")
                    % {"ref": reference}
                )
            services.consult_link_aanmelding(
                consult=consult, aanmelding=aanmelding, by=request.user
            )
        except ValidationError as error:
            _errors(error, form)
        else:
            messages.success(
                request,
                _("Het consult van %(datum)s is gekoppeld aan aanmelding %(ref)s.")
                % {"datum": formats.date_format(consult.datum), "ref": aanmelding.reference},
            )
            return redirect("netwerkwerk:consulten")
    return render(
        request,
        "netwerkwerk/consult_aanmelding.html",
        {"consult": consult, "form": form},
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET"])
def activiteiten(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_netwerkwerk(request.user)
    page = Paginator(activiteit_list(request.user), 50).get_page(request.GET.get("pagina"))
    return render(
        request,
        "netwerkwerk/activiteiten.html",
        {"page": page, "several_regions": len(request.user.coordinator_region_ids()) > 1},
    )


@require_http_methods(["GET", "POST"])
def activiteit_nieuw(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_netwerkwerk(request.user)
    form = ActiviteitForm(request.POST or None, regions=_own_regions(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.activiteit_create(
                region=form.cleaned_data["regio"], by=request.user, **form.fields_for_service()
            )
        except ValidationError as error:
            _errors(error, form)
        else:
            messages.success(request, _("De activiteit is vastgelegd."))
            return redirect("netwerkwerk:activiteiten")
    return render(
        request,
        "netwerkwerk/activiteit_form.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
def activiteit_bewerken(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    activiteit = activiteit_for_edit(request.user, pk)
    form = ActiviteitForm(
        request.POST or None,
        initial=ActiviteitForm.initial_for(activiteit),
        # The region of an activity does not change: the only choice is its own.
        regions=Region.objects.filter(pk=activiteit.region_id),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.activiteit_update(
                activiteit=activiteit, by=request.user, **form.fields_for_service()
            )
        except ValidationError as error:
            _errors(error, form)
        else:
            messages.success(request, _("De activiteit is gewijzigd."))
            return redirect("netwerkwerk:activiteiten")
    return render(
        request,
        "netwerkwerk/activiteit_form.html",
        {"form": form, "activiteit": activiteit},
        status=400 if form.is_bound else 200,
    )
