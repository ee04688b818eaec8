"""The dashboard of one scope (a region, or a gemeente with its region) and one period: the
protected tables, the trend per quarter, when the figures were refreshed, and whether they are
provisional or published. The page, CSV, XLSX and PDF are all made from a `Dashboard`.

The protected cube of a region and year is cached until the read model is refreshed or a
half-year is published (the cache key names both), so a page view costs a few cache reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ivh.accounts.models import User
from ivh.netwerk.models import Region
from ivh.termijnen.constants import Regel
from ivh.termijnen.services import norm_current

from .figures import (
    HALF_YEARS,
    REGION,
    Figures,
    Period,
    frozen_cells,
    half_year_periods,
    region_year,
)
from .models import Release, Verversing
from .permissions import Scope, may_publish
from .protect import PROVISIONAL_FOOTNOTE, ProtectedCube, Shown, protect
from .tables import Column, Row, Table, columns_for, tables_for


@dataclass
class Dashboard:
    scope: Scope
    period: Period
    columns: list[Column]
    tables: list[Table]
    trend: list[Table]
    refreshed_at: datetime | None
    release: Release | None
    provisional: bool
    norms: list[tuple[str, str]]

    @property
    def region(self) -> Region:
        return self.scope.region

    @property
    def title(self) -> str:
        names = [c.label for c in self.columns if c.key != REGION]
        if self.scope.gemeente_ids is not None:
            return _("Monitor %(names)s – %(period)s") % {
                "names": ", ".join(names),
                "period": self.period.label(),
            }
        return _("Monitor regio %(region)s – %(period)s") % {
            "region": self.region.name,
            "period": self.period.label(),
        }


def _version(region: Region) -> str:
    refreshed = Verversing.objects.filter(finished_at__isnull=False).order_by("-pk").first()
    released = Release.objects.filter(region=region).order_by("-pk").values_list("pk", flat=True)
    return f"{refreshed.pk if refreshed else 0}.{released.first() or 0}"


def protected_year(region: Region, year: int) -> tuple[Figures, ProtectedCube]:
    """The region's cube for a year, protected; cached per refresh and release."""
    key = f"monitor:{region.pk}:{year}:{_version(region)}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    figures = region_year(region, year)
    result = (figures, protect(figures.cube, provisional=False))
    cache.set(key, result, timeout=24 * 3600)
    return result


def warm(years: int = 2) -> int:
    """Compute and cache the protected cube of every region for this year and the ones before
    it, right after a refresh, so that no page view pays for it. Returns the number cached."""
    this_year = timezone.localdate().year
    count = 0
    for region in Region.objects.order_by("pk"):
        for year in range(this_year - years + 1, this_year + 1):
            protected_year(region, year)
            count += 1
    return count


def _published(region: Region, year: int) -> set[str]:
    return {
        p.key
        for start in Release.objects.filter(region=region, period_start__year=year).values_list(
            "period_start", flat=True
        )
        for p in half_year_periods(year, HALF_YEARS[0 if start.month == 1 else 1])
    }


def _mark_provisional(cell: Shown) -> Shown:
    return Shown(cell.soort, cell.staat, cell.value, provisional=True)


def dashboard(scope: Scope, period: Period) -> Dashboard:
    figures, protected = protected_year(scope.region, period.year)
    provisional = period.key not in _published(scope.region, period.year)
    columns = columns_for(figures, list(scope.gemeente_ids) if scope.gemeente_ids else None)
    tables = tables_for(figures, protected, period, columns)
    if provisional:
        for table in tables:
            table.rows = [
                (row, [_mark_provisional(c) if c.soort != "public" else c for c in cells])
                for row, cells in table.rows
            ]
            table.footnotes.append(str(PROVISIONAL_FOOTNOTE))
    release = Release.objects.filter(
        region=scope.region, period_start=period.start, period_end=period.end
    ).first()
    return Dashboard(
        scope=scope,
        period=period,
        columns=columns,
        tables=tables,
        trend=_trend(scope, period, columns),
        refreshed_at=Verversing.objects.filter(finished_at__isnull=False)
        .order_by("-finished_at")
        .values_list("finished_at", flat=True)
        .first(),
        release=release,
        provisional=provisional,
        norms=_norms(scope.region),
    )


def _trend(scope: Scope, period: Period, columns: list[Column]) -> list[Table]:
    """Per quarter over two years up to the period's year: registrations and the median wait
    to first contact, each cell protected within its own year."""
    quarters = [Period(y, q, q) for y in (period.year - 1, period.year) for q in range(1, 5)]
    today = timezone.localdate()
    quarters = [q for q in quarters if q.start <= today]
    cubes = {y: protected_year(scope.region, y)[1] for y in {q.year for q in quarters}}
    out = []
    for slug, title, quantity, row, unit in (
        ("trend_aanmeldingen", _("Aanmeldingen per kwartaal"), "aanmeldingen", "", ""),
        (
            "trend_eerste_contact",
            _("Mediaan wachttijd tot eerste contact per kwartaal"),
            "wacht_mediaan",
            Regel.EERSTE_CONTACT.value,
            _("werkdagen"),
        ),
    ):
        rows = [
            (
                Row(str(q.label()), quantity, row, unit),
                [cubes[q.year].get((quantity, row, c.key, q.key)) for c in columns],
            )
            for q in quarters
        ]
        out.append(Table(slug, title, columns, rows, chart=True))
    return out


def _norms(region: Region) -> list[tuple[str, str]]:
    out = []
    for regel in Regel:
        norm = norm_current(region.pk, regel)
        out.append((str(regel.label), f"{norm.amount} {norm.get_unit_display()}"))
    return out


def default_period(today: date | None = None) -> Period:
    """The current half-year (provisional until it is published)."""
    today = today or timezone.localdate()
    return Period(today.year, 1, 2) if today.month <= 6 else Period(today.year, 3, 4)


# --- publishing -------------------------------------------------------------------------


@transaction.atomic
def release_publish(*, region: Region, year: int, half: int, by: User, note: str = "") -> Release:
    """Freeze the figures of a completed half-year (1 or 2) of the region."""
    if not may_publish(by, region):
        raise PermissionDenied
    quarters = HALF_YEARS[half - 1]
    period = Period(year, *quarters)
    if period.end >= timezone.localdate():
        raise ValidationError(_("Een halfjaar kan pas worden gepubliceerd als het voorbij is."))
    if Release.objects.filter(region=region, period_start=period.start).exists():
        raise ValidationError(_("Dit halfjaar is al gepubliceerd."))
    live = region_year(region, year, frozen=False)
    earlier = region_year(region, year, frozen=True)
    corrected = any(
        earlier.cube.cells.get(key) is not None and earlier.cube.cells[key].value != raw.value
        for key, raw in live.cube.cells.items()
        if raw.soort == "count"
    )
    return Release.objects.create(
        region=region,
        period_start=period.start,
        period_end=period.end,
        published_by=by,
        refreshed_at=Verversing.objects.filter(finished_at__isnull=False)
        .order_by("-finished_at")
        .values_list("finished_at", flat=True)
        .first(),
        cells=frozen_cells(live, quarters),
        includes_corrections=corrected,
        note=note,
    )
