"""The retention pages, for the region's coordinators: the calendar of what will be
anonymised, the batches with their certificate, and the erasure requests. Thin: the forms
check the input, the services write, the access helpers decide 403/404."""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ivh.audit.constants import AccessAction
from ivh.audit.services import access_log_record, access_log_record_list
from ivh.core.http import AuthenticatedHttpRequest
from ivh.core.pdf import render_pdf
from ivh.netwerk.models import Region

from . import services
from .access import batch_for, require_bewaring, verzoek_for
from .constants import Blokkade, RootSoort, Uitkomst, VerzoekStatus
from .forms import AfwijzenForm, UitvoerenForm, VerzoekForm
from .models import Bewaaractie, Bewaarbatch, Verwijderverzoek
from .permissions import VERZOEK_HANDLE
from .registry import Root
from .rules import termen
from .selectors import batch_counts, batch_holds, kalender, root_holds


@require_safe
def kalender_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """What will be anonymised in the coming months in the user's regions, per kind and month,
    with the rule and what holds it; the dossiers themselves below (by number only)."""
    require_bewaring(request.user)
    t = termen()
    now = timezone.now()
    cal = kalender(request.user, t, now=now, months=settings.IVH_BEWARING_KALENDER_MAANDEN)
    page = Paginator(cal.komend, 50).get_page(request.GET.get("pagina"))
    shown = [*cal.achterstallig, *page.object_list]
    access_log_record_list(
        request=request,
        model=Bewaaractie,
        client_refs=[d.reference for d in shown],
        region_ids=[d.region_id for d in shown],
    )
    return render(
        request,
        "bewaring/kalender.html",
        {
            "kalender": cal,
            "page": page,
            "termen": t.in_words(),
            "soorten": RootSoort.choices,
        },
    )


def _outcomes_per_batch(batches: list[Bewaarbatch], regions: set[int]) -> dict[int, dict]:
    """Per batch on the page: how many roots of the user's regions per outcome (one query)."""
    found: dict[int, dict[str, int]] = defaultdict(dict)
    for batch_id, uitkomst, n in (
        Bewaaractie.objects.filter(batch__in=batches)
        .filter(Q(region_id__in=regions) | Q(region__isnull=True))
        .values_list("batch_id", "uitkomst")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        found[batch_id][uitkomst] = n
    return found


@require_safe
def batches(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_bewaring(request.user)
    page = Paginator(
        Bewaarbatch.objects.visible_to(request.user).select_related("started_by"), 25
    ).get_page(request.GET.get("pagina"))
    outcomes = _outcomes_per_batch(list(page.object_list), request.user.coordinator_region_ids())
    rows = [
        (batch, [(Uitkomst(k).label, v) for k, v in sorted(outcomes.get(batch.pk, {}).items())])
        for batch in page.object_list
    ]
    return render(request, "bewaring/batches.html", {"page": page, "rows": rows})


@require_safe
def certificaat(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The batch's certificate for the privacy officer: what kind of dossiers it anonymised,
    how many, under which terms, dry run or not. No number of any dossier, no name."""
    batch = batch_for(request.user, pk)
    regions = request.user.coordinator_region_ids()
    counts = batch_counts(batch, regions)
    context = {
        "batch": batch,
        "rows": [
            (
                label,
                [(Uitkomst(k).label, counts.get(soort, {}).get(k, 0)) for k in Uitkomst.values],
            )
            for soort, label in RootSoort.choices
        ],
        "holds": [(Blokkade(k).label, n) for k, n in sorted(batch_holds(batch, regions).items())],
        "regions": ", ".join(
            Region.objects.filter(pk__in=regions).order_by("name").values_list("name", flat=True)
        ),
        "printed_at": timezone.localtime(),
    }
    if request.GET.get("formaat") == "pdf":
        response = HttpResponse(
            render_pdf("bewaring/pdf/certificaat.html", context, request=request),
            content_type="application/pdf",
        )
        response["Content-Disposition"] = f'attachment; filename="bewaring-{batch.number}.pdf"'
        return response
    return render(request, "bewaring/certificaat.html", context)


@require_http_methods(["GET", "POST"])
def verzoeken(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The erasure requests of the user's regions, and the form to record a new one."""
    require_bewaring(request.user)
    form = VerzoekForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        root = services.root_for_reference(reference=data["referentie"], by=request.user)
        try:
            if root is None:
                raise ValidationError(
                    _("Er is geen dossier met nummer %(ref)s in uw regio.")
                    % {"ref": data["referentie"].strip()}
                )
            verzoek = services.verwijderverzoek_record(
                root=root,
                by=request.user,
                aanvrager=data["aanvrager"],
                reden=data["reden"],
                ontvangen_op=data["ontvangen_op"],
                toelichting=data["toelichting"],
            )
        except ValidationError as error:
            for text in error.messages:
                form.add_error(None, text)
        else:
            messages.success(request, _("Het verzoek is vastgelegd."))
            return redirect("bewaring:verzoek", pk=verzoek.pk)
    page = Paginator(
        Verwijderverzoek.objects.visible_to(request.user).select_related(
            "aanmelding", "gezin", "batch"
        ),
        50,
    ).get_page(request.GET.get("pagina"))
    access_log_record_list(
        request=request,
        model=Verwijderverzoek,
        client_refs=[v.root.reference for v in page.object_list],
        region_ids=[v.region_id for v in page.object_list],
    )
    return render(
        request,
        "bewaring/verzoeken.html",
        {"form": form, "page": page},
        status=400 if form.is_bound else 200,
    )


def _verzoek_page(
    request: AuthenticatedHttpRequest,
    verzoek: Verwijderverzoek,
    *,
    uitvoeren: UitvoerenForm | None = None,
    afwijzen: AfwijzenForm | None = None,
    status: int = 200,
) -> HttpResponse:
    root = verzoek.root
    access_log_record(
        request=request,
        action=AccessAction.VIEW,
        obj=verzoek,
        client_ref=root.reference,
        region_id=verzoek.region_id,
    )
    holds = (
        root_holds(Root.of(root))
        if verzoek.status == VerzoekStatus.OPEN and root.anonymised_at is None
        else []
    )
    return render(
        request,
        "bewaring/verzoek.html",
        {
            "verzoek": verzoek,
            "root": root,
            "holds": [Blokkade(h).label for h in holds],
            "may_handle": VERZOEK_HANDLE.allows(request.user, verzoek),
            "uitvoeren": uitvoeren or UitvoerenForm(),
            "afwijzen": afwijzen or AfwijzenForm(),
        },
        status=status,
    )


@require_safe
def verzoek(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _verzoek_page(request, verzoek_for(request.user, pk))


@require_POST
def verzoek_uitvoeren(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    verzoek = verzoek_for(request.user, pk)
    form = UitvoerenForm(request.POST)
    if form.is_valid():
        try:
            verzoek = services.verwijderverzoek_uitvoeren(verzoek=verzoek, by=request.user)
        except ValidationError as error:
            for text in error.messages:
                form.add_error(None, text)
        else:
            messages.success(
                request,
                _("Het dossier is geanonimiseerd (batch %(batch)s).")
                % {"batch": verzoek.batch.number if verzoek.batch else "–"},
            )
            return redirect("bewaring:verzoek", pk=verzoek.pk)
    return _verzoek_page(request, verzoek, uitvoeren=form, status=400)


@require_POST
def verzoek_afwijzen(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    verzoek = verzoek_for(request.user, pk)
    form = AfwijzenForm(request.POST)
    if form.is_valid():
        try:
            services.verwijderverzoek_afwijzen(
                verzoek=verzoek, by=request.user, afwijsreden=form.cleaned_data["afwijsreden"]
            )
        except ValidationError as error:
            for text in error.messages:
                form.add_error(None, text)
        else:
            messages.success(request, _("Het verzoek is afgewezen."))
            return redirect("bewaring:verzoek", pk=verzoek.pk)
    return _verzoek_page(request, verzoek, afwijzen=form, status=400)
