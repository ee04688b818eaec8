"""The monitor's pages: only protected aggregates (`monitor.dashboard`), never a child."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ivh.core.dbrouter import replica_reads
from ivh.core.http import AuthenticatedHttpRequest
from ivh.netwerk.models import Region

from .charts import bar_chart
from .dashboard import (
    Dashboard,
    dashboard,
    dashboard_cache_key,
    default_period,
    release_publish,
)
from .figures import HALF_YEARS, Period
from .forms import PeriodeForm
from .models import Release
from .permissions import Scope, may_publish, may_use_monitor, monitor_scopes


def _scope(request: AuthenticatedHttpRequest) -> tuple[Scope, list[Scope]]:
    if not may_use_monitor(request.user):
        raise PermissionDenied
    scopes = monitor_scopes(request.user)
    if not scopes:
        raise PermissionDenied
    wanted = request.GET.get("scope")
    chosen = next((s for s in scopes if s.key == wanted), scopes[0])
    return chosen, scopes


def dashboard_of(request: AuthenticatedHttpRequest) -> tuple[Dashboard, PeriodeForm, list[Scope]]:
    """The dashboard this request asks for (scope and period), for the page and the exports."""
    scope, scopes = _scope(request)
    form = PeriodeForm(request.GET if "soort" in request.GET else None)
    period = default_period()
    if form.is_bound and form.is_valid():
        period = form.cleaned_data["period"]
    elif not form.is_bound:
        form = PeriodeForm(initial=PeriodeForm.initial_for(period))
    # Who may see what is read from the primary; the figures may come from a replica.
    with replica_reads():
        return dashboard(scope, period), form, scopes


def _publishable(region: Region) -> list[Period]:
    """Completed half-years of the last two years that are not yet published."""
    today = timezone.localdate()
    done = set(Release.objects.filter(region=region).values_list("period_start", flat=True))
    out = []
    for year in (today.year - 1, today.year):
        for quarters in HALF_YEARS:
            period = Period(year, *quarters)
            if period.end < today and period.start not in done:
                out.append(period)
    return out


def _fragment_key(dash: Dashboard) -> str:
    """The key of the page's cached tables: of the data version the figures were read from."""
    with replica_reads():
        return dashboard_cache_key(dash.scope, dash.period)


@require_safe
def overzicht(request: AuthenticatedHttpRequest) -> HttpResponse:
    dash, form, scopes = dashboard_of(request)
    can_publish = may_publish(request.user, dash.region)
    # The chart shows the official's own gemeente; for the coordinator, the region.
    column = 0 if dash.scope.gemeente_ids is not None else len(dash.columns) - 1
    return render(
        request,
        "monitor/dashboard.html",
        {
            "dash": dash,
            "fragment_key": _fragment_key(dash),
            "sections": [(t, bar_chart(t, column)) for t in dash.tables],
            "trend": [(t, bar_chart(t, column)) for t in dash.trend],
            "form": form,
            "scopes": scopes,
            "query": request.GET.urlencode(),
            "can_publish": can_publish,
            "publishable": _publishable(dash.region) if can_publish else [],
            "releases": Release.objects.filter(region=dash.region).order_by("-period_start")[:6],
            "today": timezone.localdate(),
        },
    )


@require_POST
def publiceren(request: AuthenticatedHttpRequest, region_pk: int) -> HttpResponse:
    region = get_object_or_404(Region, pk=region_pk)
    if not may_publish(request.user, region):
        raise PermissionDenied
    try:
        period = Period.from_key(request.POST.get("periode", ""))
        half = 1 if period.first == 1 else 2
    except (ValueError, IndexError):
        messages.error(request, _("Kies een halfjaar om te publiceren."))
        return redirect("monitor:overzicht")
    try:
        release = release_publish(
            region=region,
            year=period.year,
            half=half,
            by=request.user,
            note=request.POST.get("toelichting", "")[:2000],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("monitor:overzicht")
    messages.success(
        request,
        _("De cijfers van %(period)s zijn gepubliceerd en liggen nu vast.")
        % {"period": period.label()},
    )
    query = PeriodeForm.initial_for(period)
    return redirect(
        f"{redirect('monitor:overzicht').url}?scope=regio-{region.pk}&soort=halfjaar"
        f"&jaar={query['jaar']}&helft={query['helft']}&release={release.pk}"
    )
