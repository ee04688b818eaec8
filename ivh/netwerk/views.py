from datetime import date

from dateutil.relativedelta import relativedelta
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from ivh.core.http import AuthenticatedHttpRequest
from ivh.termijnen.constants import Regel
from ivh.termijnen.models import Norm
from ivh.termijnen.services import (
    norm_change,
    norm_current,
    sluitingsdag_remove,
    sluitingsdag_set,
)
from ivh.werkkalender.models import Dag, Sluitingsdag

from .access import organisatie_access, region_access
from .forms import (
    DienstFormSet,
    NormenForm,
    OrganisatieForm,
    RegionSettingsForm,
    SluitingsdagForm,
    SocialeKaartFilterForm,
)
from .models import Dienst, Gemeente, Organisatie, Region
from .services import organisatie_save, region_update


def sociale_kaart(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    filters = SocialeKaartFilterForm(request.GET or None)
    organisaties = Organisatie.objects.visible_to(user).prefetch_related(
        Prefetch("diensten", queryset=Dienst.objects.filter(actief=True)), "regions"
    )
    if filters.is_valid():
        data = filters.cleaned_data
        if data["q"]:
            organisaties = organisaties.filter(name__icontains=data["q"])
        if data["soort"]:
            organisaties = organisaties.filter(soort=data["soort"])
        if data["discipline"]:
            organisaties = organisaties.filter(disciplines__contains=[data["discipline"]])
    page = Paginator(organisaties.order_by("name"), 25).get_page(request.GET.get("pagina"))
    return render(
        request,
        "netwerk/sociale_kaart.html",
        {
            "filters": filters,
            "page": page,
            "can_add": Region.objects.managed_by(user).exists(),
        },
    )


def organisatie_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    access = organisatie_access(request.user, pk)
    return render(
        request,
        "netwerk/organisatie_detail.html",
        {
            "organisatie": access.organisatie,
            "can_edit": access.can_edit,
            "shared_with_other_region": access.shared_with_other_region,
        },
    )


def _organisatie_form(request: AuthenticatedHttpRequest, organisatie: Organisatie) -> HttpResponse:
    form = OrganisatieForm(request.POST or None, instance=organisatie, user=request.user)
    diensten = DienstFormSet(request.POST or None, instance=organisatie, prefix="diensten")
    if request.method == "POST" and form.is_valid() and diensten.is_valid():
        saved = organisatie_save(by=request.user, form=form, diensten=diensten)
        messages.success(
            request, _("De gegevens van %(name)s zijn opgeslagen.") % {"name": saved.name}
        )
        return redirect("netwerk:organisatie", pk=saved.pk)
    return render(
        request,
        "netwerk/organisatie_form.html",
        {"form": form, "diensten": diensten, "organisatie": organisatie},
    )


def organisatie_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not Region.objects.managed_by(request.user).exists():
        raise PermissionDenied
    return _organisatie_form(request, Organisatie())


def organisatie_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    access = organisatie_access(request.user, pk, for_edit=True)
    return _organisatie_form(request, access.organisatie)


def region_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    access = region_access(request.user, pk)
    gemeenten = (
        Gemeente.objects.visible_to(request.user)
        .filter(region=access.region)
        .with_doelgroep()
        .prefetch_related("postcodegebieden")
    )
    return render(
        request,
        "netwerk/region_detail.html",
        {
            "region": access.region,
            "can_edit": access.can_edit,
            "gemeenten": gemeenten,
            "norms": [norm_current(access.region.pk, regel) for regel in Regel],
        },
    )


def region_normen(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The region's waiting-time norms: each change is a new version with its reason; the
    open deadlines move to it."""
    access = region_access(request.user, pk, for_edit=True)
    region = access.region
    current = {regel.value: norm_current(region.pk, regel) for regel in Regel}
    form = NormenForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        for regel, (amount, warn, far) in changes.items():
            norm_change(
                region=region,
                regel=regel,
                amount=amount,
                unit=current[regel].unit,
                warn_percent=warn,
                far_percent=far,
                by=request.user,
                reason=form.cleaned_data["reason"].strip(),
            )
        if changes:
            messages.success(
                request, _("De normen zijn opgeslagen; lopende termijnen zijn herberekend.")
            )
        return redirect("netwerk:region", pk=region.pk)
    history = (
        Norm.objects.filter(region=region).select_related("created_by").order_by("-valid_from")[:30]
    )
    return render(
        request, "netwerk/region_normen.html", {"form": form, "region": region, "history": history}
    )


def region_sluitingsdagen(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The days the region's aanmeldpunt is closed besides weekends and public holidays; adding
    one moves the region's open deadlines in working days (`sluitingsdag_set`)."""
    access = region_access(request.user, pk, for_edit=True)
    region = access.region
    today = timezone.localdate()
    form = SluitingsdagForm(request.POST or None, region=region, today=today)
    if request.method == "POST" and form.is_valid():
        day = form.cleaned_data["day"]
        _sluitingsdag, moved = sluitingsdag_set(
            region=region, day=day, reason=form.cleaned_data["reason"], by=request.user
        )
        messages.success(
            request,
            ngettext(
                "%(day)s is toegevoegd als sluitingsdag. %(n)s lopende termijn is verschoven.",
                "%(day)s is toegevoegd als sluitingsdag. %(n)s lopende termijnen zijn verschoven.",
                moved,
            )
            % {"day": capfirst(formats.date_format(day, "l j F Y")), "n": moved},
        )
        return redirect("netwerk:region_sluitingsdagen", pk=region.pk)
    # This year's past days stay visible (they still explain this year's waiting times).
    days = list(
        Sluitingsdag.objects.filter(region=region, day__gte=date(today.year, 1, 1))
        .select_related("created_by")
        .order_by("day")
    )
    holidays = Dag.objects.filter(
        day__gte=today, day__lt=today + relativedelta(years=1), workday=False
    ).exclude(holiday="")
    return render(
        request,
        "netwerk/region_sluitingsdagen.html",
        {
            "region": region,
            "form": form,
            "coming": [d for d in days if d.day >= today],
            "past": [d for d in days if d.day < today],
            "holidays": holidays,
            "last_day": form.last_day,
        },
    )


@require_POST
def region_sluitingsdag_remove(
    request: AuthenticatedHttpRequest, pk: int, sluitingsdag_pk: int
) -> HttpResponse:
    access = region_access(request.user, pk, for_edit=True)
    sluitingsdag = get_object_or_404(Sluitingsdag, pk=sluitingsdag_pk, region=access.region)
    shown = capfirst(formats.date_format(sluitingsdag.day, "l j F Y"))
    # A past closure day explains deadlines that already ran; it is history, not a plan.
    if sluitingsdag.day < timezone.localdate():
        messages.error(request, _("%(day)s is al voorbij en blijft daarom staan.") % {"day": shown})
    else:
        moved = sluitingsdag_remove(region=access.region, day=sluitingsdag.day)
        messages.success(
            request,
            ngettext(
                "%(day)s is geen sluitingsdag meer. %(n)s lopende termijn is verschoven.",
                "%(day)s is geen sluitingsdag meer. %(n)s lopende termijnen zijn verschoven.",
                moved,
            )
            % {"day": shown, "n": moved},
        )
    return redirect("netwerk:region_sluitingsdagen", pk=access.region.pk)


def region_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    access = region_access(request.user, pk, for_edit=True)
    form = RegionSettingsForm(request.POST or None, instance=access.region)
    if request.method == "POST" and form.is_valid():
        region_update(by=request.user, form=form)
        messages.success(request, _("De instellingen van de regio zijn opgeslagen."))
        return redirect("netwerk:region", pk=access.region.pk)
    return render(request, "netwerk/region_form.html", {"form": form, "region": access.region})
