"""The yearly quality review: a list per region, and one page per review on which the
coordinator judges every criterion beside its measured figures, and adopts it. Thin: the forms
check input, the services write, the access helpers decide 403/404."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ivh.core.http import AuthenticatedHttpRequest
from ivh.core.permissions import require
from ivh.netwerk.models import Region

from . import services
from .access import require_kwaliteit, review_for_user
from .forms import BeginForm, BeoordelingForm, ReviewForm
from .metingen import metingen
from .models import Beoordeling, Kwaliteitsreview
from .permissions import REVIEW_EDIT


def _own_regions(request: AuthenticatedHttpRequest) -> QuerySet[Region]:
    return Region.objects.filter(pk__in=request.user.coordinator_region_ids()).order_by("name")


@require_http_methods(["GET", "POST"])
def overzicht(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_kwaliteit(request.user)
    regions = _own_regions(request)
    form = BeginForm(request.POST or None, regions=regions) if regions else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                review = services.review_begin(
                    region=form.cleaned_data["regio"],
                    jaar=form.cleaned_data["jaar"],
                    by=request.user,
                )
            except ValidationError as error:
                for text in error.messages:
                    form.add_error(None, text)
            else:
                return redirect("kwaliteit:review", review.pk)
    reviews = (
        Kwaliteitsreview.objects.visible_to(request.user)
        .select_related("region", "vastgesteld_by")
        .order_by("region__name", "-jaar")
    )
    return render(
        request,
        "kwaliteit/overzicht.html",
        {"reviews": reviews, "form": form},
        status=400 if form is not None and form.is_bound else 200,
    )


def _forms(
    review: Kwaliteitsreview, data: QueryDict | None = None
) -> tuple[ReviewForm, list[tuple[Beoordeling, BeoordelingForm]]]:
    rows = sorted(review.beoordelingen.select_related("besluit"), key=lambda b: b.volgorde)
    return ReviewForm(data, instance=review, prefix="review"), [
        (row, BeoordelingForm(data, instance=row, prefix=row.criterium)) for row in rows
    ]


@require_http_methods(["GET", "POST"])
def review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    review = review_for_user(request.user, pk)
    may_edit = REVIEW_EDIT.allows(request.user, review)
    if request.method == "POST":
        require(REVIEW_EDIT, request.user, review)
    review_form, rows = _forms(review, request.POST if request.method == "POST" else None)
    if request.method == "POST" and review_form.is_valid() and all(f.is_valid() for _r, f in rows):
        try:
            services.review_save(
                review=review,
                samenvatting=review_form.cleaned_data["samenvatting"],
                beoordelingen={row.criterium: f.cleaned_data for row, f in rows},
                by=request.user,
            )
            if "vaststellen" in request.POST:
                services.review_adopt(review=review, by=request.user)
        except ValidationError as error:
            # What was typed is saved (review_save ran in its own transaction) and shown again.
            for text in error.messages:
                review_form.add_error(None, text)
        else:
            if "vaststellen" in request.POST:
                messages.success(
                    request,
                    _(
                        "De review is vastgesteld. De acties staan bij de besluiten van de stuurgroep."
                    ),
                )
            else:
                messages.success(request, _("De review is opgeslagen."))
            return redirect("kwaliteit:review", review.pk)
    measured = metingen(review.region, review.jaar) if not review.is_vastgesteld else None
    return render(
        request,
        "kwaliteit/review.html",
        {
            "review": review,
            "review_form": review_form,
            "rows": [
                (
                    row,
                    form,
                    [(m.label, m.waarde) for m in measured.get(row.criterium, [])]
                    if measured is not None
                    else [tuple(m) for m in row.metingen],
                )
                for row, form in rows
            ],
            "may_edit": may_edit,
        },
        status=400 if request.method == "POST" else 200,
    )
