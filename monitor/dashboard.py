"""The dashboard of one scope (a region, or a gemeente with its region) and one period: the
protected tables, the trend per quarter, when the figures were refreshed, and whether they are
provisional or published. The page, CSV, XLSX and PDF are all made from a `Dashboard`.

The protected cube of a region and year is cached until the read model is refreshed or a
half-year is published (the cache key names both), so a page view costs a few cache reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
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
    periods_of,
    region_year,
)
from .models import Release, Verversing
from .netwerkwerk import OpenBesluit, netwerkwerk_tables, open_besluiten
from .permissions import Scope, may_publish
from .protect import PROVISIONAL_FOOTNOTE, Cube, Key, ProtectedCube, Shown, protect
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
    # The coordinator's network work (`monitor.netwerkwerk`): read fresh on every view, never
    # part of the cached figures.
    netwerk: list[Table] = field(default_factory=list)
    besluiten: list[OpenBesluit] = field(default_factory=list)

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
    """Names the data a cached figure was made from: the last refresh and the last release
    (by moment, not only id, so a rebuilt database never meets an old cache entry)."""
    refreshed = (
        Verversing.objects.filter(finished_at__isnull=False)
        .order_by("-pk")
        .values_list("pk", "finished_at")
        .first()
    )
    released = (
        Release.objects.filter(region=region)
        .order_by("-pk")
        .values_list("pk", "published_at")
        .first()
    )
    return ".".join(
        f"{pk}-{moment.timestamp():.6f}" if moment else "0"
        for pk, moment in (refreshed or (0, None), released or (0, None))
    )


CACHE_SECONDS = 24 * 3600
# What the trend tables read of every quarter (a small slice of its own).
TREND_QUANTITIES = frozenset({"aanmeldingen", "wacht_mediaan"})
Packed = dict[Key, tuple[str, str, float | None]]


def _pack(cells: dict[Key, Shown]) -> Packed:
    """Plain tuples: a slice of the protected cube unpickles in milliseconds."""
    return {key: (c.soort, c.staat, c.value) for key, c in cells.items()}


def _unpack(packed: Packed) -> ProtectedCube:
    return ProtectedCube({key: Shown(*value) for key, value in packed.items()})


def _year_key(region: Region, year: int, version: str) -> str:
    return f"monitor:{region.pk}:{year}:{version}"


def _compute_year(region: Region, year: int, version: str) -> tuple[Figures, ProtectedCube]:
    """Aggregate and protect one region's year, and cache it in slices: the figures' layout,
    one slice per period, and the trend's quarters."""
    figures = region_year(region, year)
    protected = protect(figures.cube, provisional=False)
    key = _year_key(region, year, version)
    layout = replace(figures, cube=Cube())
    by_period: dict[str, dict[Key, Shown]] = {p.key: {} for p in periods_of(year)}
    trend: dict[Key, Shown] = {}
    for cell_key, cell in protected.cells.items():
        by_period[str(cell_key[3])][cell_key] = cell
        period = Period.from_key(str(cell_key[3]))
        if cell_key[0] in TREND_QUANTITIES and period.first == period.last:
            trend[cell_key] = cell
    cache.set_many(
        {
            f"{key}:layout": layout,
            f"{key}:trend": _pack(trend),
            **{f"{key}:{p}": _pack(cells) for p, cells in by_period.items()},
        },
        timeout=CACHE_SECONDS,
    )
    return layout, protected


def protected_period(region: Region, period: Period) -> tuple[Figures, ProtectedCube]:
    """The layout of the region's year and the protected cells of one period (cached)."""
    key = _year_key(region, period.year, _version(region))
    found = cache.get_many([f"{key}:layout", f"{key}:{period.key}"])
    if len(found) == 2:
        return found[f"{key}:layout"], _unpack(found[f"{key}:{period.key}"])
    return _compute_year(region, period.year, _version(region))


def protected_trend(region: Region, year: int) -> ProtectedCube:
    key = _year_key(region, year, _version(region))
    packed = cache.get(f"{key}:trend")
    if packed is not None:
        return _unpack(packed)
    return _compute_year(region, year, _version(region))[1]


def warm(years: int = 2) -> int:
    """Compute and cache every region's protected years (this one and the one before) right
    after a refresh, so that no page view pays for it. Returns the number of years cached."""
    this_year = timezone.localdate().year
    count = 0
    for region in Region.objects.order_by("pk"):
        version = _version(region)
        for year in range(this_year - years + 1, this_year + 1):
            _compute_year(region, year, version)
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


def dashboard_cache_key(scope: Scope, period: Period) -> str:
    """Names one dashboard as made from one version of the data, in the language of the request
    (the page also caches its rendered tables under it). A `Dashboard` holds its titles, row
    labels, notes and norms as text of that language, so one built for a Dutch visitor is never
    shown to an English one."""
    language = get_language() or settings.LANGUAGE_CODE
    return f"monitor:dashboard:{scope.key}:{period.key}:{language}:{_version(scope.region)}"


def dashboard(scope: Scope, period: Period) -> Dashboard:
    """The dashboard of a scope and period; cached until the next refresh or release."""
    key = dashboard_cache_key(scope, period)
    cached = cache.get(key)
    if cached is None:
        cached = _dashboard(scope, period)
        cache.set(key, cached, timeout=CACHE_SECONDS)
    return replace(
        cached,
        netwerk=netwerkwerk_tables(scope, period, cached.columns),
        besluiten=open_besluiten(scope),
    )


def _dashboard(scope: Scope, period: Period) -> Dashboard:
    figures, protected = protected_period(scope.region, period)
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
    cubes = {y: protected_trend(scope.region, y) for y in {q.year for q in quarters}}
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
