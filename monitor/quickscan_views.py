"""The quickscan pages: the list of a person's gemeenten and years, and one quickscan (a form for
the gemeente's official, read-only for the region's coordinator). Rules in `monitor.permissions`,
figures and writing in `monitor.quickscan`."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.forms import BoundField
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from ivh.core.http import AuthenticatedHttpRequest
from ivh.netwerk.models import Gemeente

from .models import Quickscan
from .permissions import may_fill_quickscan, may_read_quickscan, quickscan_gemeenten
from .quickscan import (
    NUMBER_FIELDS,
    Measured,
    MeasuredYear,
    QuickscanForm,
    quickscan_measured,
    quickscan_questions,
    quickscan_save,
    quickscan_years,
    recent_years,
)


def _quickscan_of(
    request: AuthenticatedHttpRequest, gemeente_pk: int, year: int
) -> tuple[Gemeente, Quickscan | None, bool]:
    """The gemeente, its quickscan of the year (if filled in) and whether this person may fill
    it in; 404 for a year without a quickscan, 403 for anyone who may not read it."""
    if year not in quickscan_years():
        raise Http404
    gemeente = get_object_or_404(Gemeente.objects.select_related("region"), pk=gemeente_pk)
    if not may_read_quickscan(request.user, gemeente):
        raise PermissionDenied
    quickscan = (
        Quickscan.objects.filter(gemeente=gemeente, year=year).select_related("filled_by").first()
    )
    return gemeente, quickscan, may_fill_quickscan(request.user, gemeente)


@dataclass
class Answer:
    """A saved answer beside the measured figure, for the read-only page and the comparison."""

    label: str
    text: str
    number: bool


@dataclass
class Section:
    slug: str
    title: str
    intro: str
    fields: list[BoundField]
    answers: list[Answer]
    measured: list[Measured]


def _answer_text(quickscan: Quickscan, name: str) -> str:
    value = getattr(quickscan, name)
    if value is None or value == "":
        return _("niet ingevuld")
    if name == "parents_at_mdo_percent":
        return f"{value}%"
    if name in NUMBER_FIELDS:
        return str(value)
    display = getattr(quickscan, f"get_{name}_display", None)
    return str(display()) if display else str(value)


def _sections(
    form: QuickscanForm | None, quickscan: Quickscan | None, measured: MeasuredYear, year: int
) -> list[Section]:
    # The questions as the form words them, also on the read-only page.
    labels = form or QuickscanForm(year=year)
    out = []
    for question in quickscan_questions():
        answers = [
            Answer(
                str(labels[name].label),
                _answer_text(quickscan, name),
                name in NUMBER_FIELDS,
            )
            for name in question.fields
            if quickscan is not None
        ]
        out.append(
            Section(
                question.slug,
                question.title,
                question.intro,
                [form[name] for name in question.fields] if form is not None else [],
                answers,
                measured.per_question[question.slug],
            )
        )
    return out


@require_safe
def quickscan_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    gemeenten = list(
        quickscan_gemeenten(request.user).select_related("region").order_by("region__name", "name")
    )
    if not gemeenten:
        raise PermissionDenied
    saved = {
        (q.gemeente_id, q.year): q
        for q in Quickscan.objects.filter(gemeente__in=gemeenten).only(
            "gemeente_id", "year", "updated_at"
        )
    }
    years = sorted(set(recent_years()) | {year for _g, year in saved}, reverse=True)
    rows = [
        (
            gemeente,
            may_fill_quickscan(request.user, gemeente),
            [(year, saved.get((gemeente.pk, year))) for year in years],
        )
        for gemeente in gemeenten
    ]
    return render(request, "monitor/quickscan_list.html", {"rows": rows, "years": years})


@require_http_methods(["GET", "HEAD", "POST"])
def quickscan_form(request: AuthenticatedHttpRequest, gemeente_pk: int, year: int) -> HttpResponse:
    gemeente, quickscan, can_fill = _quickscan_of(request, gemeente_pk, year)
    if request.method == "POST" and not can_fill:
        raise PermissionDenied
    measured = quickscan_measured(gemeente=gemeente, year=year)
    form: QuickscanForm | None = None
    if request.method == "POST":
        form = QuickscanForm(request.POST, instance=quickscan, year=year)
        if form.is_valid():
            quickscan_save(gemeente=gemeente, year=year, answers=form.answers(), by=request.user)
            messages.success(
                request,
                _("Dank u wel. De quickscan %(year)s van %(name)s is opgeslagen.")
                % {"year": year, "name": gemeente.name},
            )
            return redirect("monitor:quickscan_form", gemeente_pk=gemeente.pk, year=year)
    elif can_fill:
        # A first fill starts from what was measured; saved answers are never overwritten.
        form = QuickscanForm(
            instance=quickscan,
            initial=measured.prefill if quickscan is None else None,
            year=year,
        )
    return render(
        request,
        "monitor/quickscan_form.html",
        {
            "gemeente": gemeente,
            "year": year,
            "quickscan": quickscan,
            "form": form,
            "can_fill": can_fill,
            "prefilled": quickscan is None and bool(measured.prefill),
            "measured": measured,
            "sections": _sections(form, quickscan, measured, year),
        },
    )
