"""Every figure of the monitor for one region and one year, from the read model (DESIGN §5).

`region_year(region, year)` aggregates the fact tables in the database (a handful of queries,
whatever the number of children) into a `protect.Cube`: each figure for every gemeente of the
region, the gemeente unknown, and the region as a whole, for every period a person can choose in
that year (each quarter and each run of quarters: the half-years, the year). The relations between
them (rows and their total, gemeenten and the region, quarters and the half-year) go with it, so
the protection sees everything a person could put side by side.

Waits are counted in the period in which they ended (the step happened): the median and the 90th
percentile of the completed waits, and the share of them within the norm. Registrations count in
the period they were received; outcomes, parents at the MDO, plans agreed and satisfaction in the
period they happened.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from aanmelding.constants import Kanaal, Status, VerwijzerSoort
from casemanagement.constants import Afsluitreden, DoelenBehaald
from ivh.core.dbrouter import read_connection
from ivh.netwerk.constants import ZorgDomein
from ivh.netwerk.models import Gemeente, Organisatie, Region
from ivh.termijnen.constants import Regel

from .models import Release
from .protect import Cube, Raw, Soort

REGION = "regio"
UNKNOWN_GEMEENTE = "onbekend"
Col = Hashable


@dataclass(frozen=True, order=True)
class Period:
    """A run of whole quarters within one year: Q1–Q1 … Q1–Q4."""

    year: int
    first: int
    last: int

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.first - 2, 1)

    @property
    def end(self) -> date:
        if self.last == 4:
            return date(self.year, 12, 31)
        return date(self.year, 3 * self.last + 1, 1) - timedelta(days=1)

    @property
    def quarters(self) -> range:
        return range(self.first, self.last + 1)

    @property
    def key(self) -> str:
        return f"{self.year}-K{self.first}-K{self.last}"

    @classmethod
    def from_key(cls, key: str) -> Period:
        year, first, last = key.split("-")
        return cls(int(year), int(first[1:]), int(last[1:]))

    def label(self) -> str:
        if (self.first, self.last) == (1, 4):
            return str(self.year)
        if (self.first, self.last) == (1, 2):
            return _("1e helft %(year)s") % {"year": self.year}
        if (self.first, self.last) == (3, 4):
            return _("2e helft %(year)s") % {"year": self.year}
        if self.first == self.last:
            return _("kwartaal %(q)s %(year)s") % {"q": self.first, "year": self.year}
        return _("kwartaal %(a)s t/m %(b)s %(year)s") % {
            "a": self.first,
            "b": self.last,
            "year": self.year,
        }


def periods_of(year: int) -> list[Period]:
    return [Period(year, a, b) for a in range(1, 5) for b in range(a, 5)]


# Age bands at registration (whole years).
AGE_BANDS: list[tuple[str, object, range]] = [
    ("0-1", _("0 en 1 jaar"), range(0, 2)),
    ("2-3", _("2 en 3 jaar"), range(2, 4)),
    ("4-5", _("4 en 5 jaar"), range(4, 6)),
    ("6-7", _("6 jaar en ouder"), range(6, 8)),
]
# The waits the monitor shows, and the unit each counts in.
WAIT_RULES: list[tuple[str, bool]] = [
    (Regel.EERSTE_CONTACT, True),  # working days
    (Regel.MDO, False),
    (Regel.VERVOLGHULP, False),
    (Regel.DOORLOOPTIJD, False),
]


def _fetch(sql: str, params: Sequence[Any]) -> list[tuple]:
    # The monitor's page reads its figures from a replica when there is one (ivh.core.dbrouter).
    with read_connection().cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@dataclass
class Figures:
    """The cube of one region and year, and what the pages need to lay it out."""

    region: Region
    year: int
    gemeenten: list[Gemeente]
    cube: Cube
    organisaties: list[tuple[int, str, int | None]]  # id, name, reported wait (weeks)

    @property
    def columns(self) -> list[Col]:
        return [g.pk for g in self.gemeenten] + [UNKNOWN_GEMEENTE, REGION]

    @property
    def population_note(self) -> str:
        """Where the target group comes from: the population figure's source and year, and
        the region's prevalence."""
        years = sorted({g.kinderen_peiljaar for g in self.gemeenten if g.kinderen_peiljaar})
        sources = sorted({g.kinderen_bron for g in self.gemeenten if g.kinderen_bron})
        # "1,0" in Dutch, "1.0" in English.
        prevalence = number_format(self.region.prevalentie_procent, 1)
        return _(
            "Geschatte doelgroep: kinderen van 0 tot en met 6 jaar (bron: %(source)s, peiljaar "
            "%(years)s) × %(prevalence)s%% (het aandeel dat de regio aanhoudt). Bereikt: "
            "kinderen met een eerste contact na hun aanmelding in de periode."
        ) % {
            "source": ", ".join(sources) or _("onbekend"),
            "years": ", ".join(str(y) for y in years) or _("onbekend"),
            "prevalence": prevalence,
        }


class _Builder:
    def __init__(self, region: Region, year: int, gemeenten: list[Gemeente]) -> None:
        self.region = region
        self.year = year
        self.cube = Cube()
        self.gemeente_ids = [g.pk for g in gemeenten]
        self.gemeente_cols: list[Col] = [*self.gemeente_ids, UNKNOWN_GEMEENTE]
        self.periods = periods_of(year)

    def col(self, gemeente_id: int | None) -> Col:
        return gemeente_id if gemeente_id in self.gemeente_cols else UNKNOWN_GEMEENTE

    def counts(self, quantity: str, rows: list[str], data: dict[tuple[str, Col, int], int]) -> None:
        """Counts per row, gemeente and quarter → every period, the region total, the row
        total (when `rows` are exclusive and a "" row is asked for), with their relations."""
        for period in self.periods:
            p = period.key
            for row in rows:
                for col in self.gemeente_cols:
                    value = sum(data.get((row, col, q), 0) for q in period.quarters)
                    self.cube.count((quantity, row, col, p), value)
                region_value = sum(
                    data.get((row, col, q), 0)
                    for col in self.gemeente_cols
                    for q in period.quarters
                )
                self.cube.count((quantity, row, REGION, p), region_value)
                self.cube.relate(
                    (quantity, row, REGION, p),
                    [(quantity, row, col, p) for col in self.gemeente_cols],
                )
        self._relate_quarters(quantity, rows, [*self.gemeente_cols, REGION])

    def _relate_quarters(self, quantity: str, rows: list[str], cols: list[Col]) -> None:
        """A run of quarters is the sum of any split of it into two runs."""
        for period in self.periods:
            for split in range(period.first, period.last):
                a = Period(self.year, period.first, split).key
                b = Period(self.year, split + 1, period.last).key
                for row in rows:
                    for col in cols:
                        self.cube.relate(
                            (quantity, row, col, period.key),
                            [(quantity, row, col, a), (quantity, row, col, b)],
                        )

    def relate_rows(self, quantity: str, total: tuple[str, str], rows: list[str]) -> None:
        """The rows of `quantity` add up to the cell `total` (another quantity's row)."""
        for period in self.periods:
            for col in [*self.gemeente_cols, REGION]:
                self.cube.relate(
                    (total[0], total[1], col, period.key),
                    [(quantity, row, col, period.key) for row in rows],
                )


def _quarter_counts(
    sql: str, params: list[object], builder: _Builder
) -> dict[tuple[str, Col, int], int]:
    data: dict[tuple[str, Col, int], int] = defaultdict(int)
    for row, gemeente_id, quarter, n in _fetch(sql, params):
        data[str(row) if row is not None else "", builder.col(gemeente_id), int(quarter)] += n
    return data


def region_year(region: Region, year: int, *, frozen: bool = True) -> Figures:
    """The year's cube; `frozen`: with the published half-years as they were published."""
    gemeenten = list(
        Gemeente.objects.filter(region=region).select_related("region").order_by("name")
    )
    b = _Builder(region, year, gemeenten)
    start, end = date(year, 1, 1), date(year, 12, 31)
    base = [region.pk, start, end]

    # --- registrations ---------------------------------------------------------------------
    def by(expression: str, where: str = "") -> dict[tuple[str, Col, int], int]:
        return _quarter_counts(
            f"""SELECT {expression}, gemeente_id, extract(quarter FROM received_on), count(*)
                FROM monitor_aanmeldingfeit
                WHERE region_id = %s AND received_on BETWEEN %s AND %s {where}
                GROUP BY 1, 2, 3""",  # noqa: S608 (fixed expressions, values as parameters)
            base,
            b,
        )

    b.counts("aanmeldingen", [""], by("''"))
    kanalen = [k.value for k in Kanaal]
    b.counts("kanaal", kanalen, by("kanaal"))
    b.relate_rows("kanaal", ("aanmeldingen", ""), kanalen)
    soorten = [s.value for s in VerwijzerSoort] + [""]
    b.counts("verwijzer", soorten, by("verwijzer_soort", "AND kanaal = 'professional'"))
    b.relate_rows("verwijzer", ("kanaal", Kanaal.PROFESSIONAL.value), soorten)
    band_case = (
        "CASE "
        + " ".join(
            f"WHEN leeftijd BETWEEN {r.start} AND {r.stop - 1} THEN '{key}'"
            for key, _label, r in AGE_BANDS
        )
        + " ELSE '' END"
    )
    bands = [key for key, _label, _r in AGE_BANDS] + [""]
    b.counts("leeftijd", bands, by(band_case))
    b.relate_rows("leeftijd", ("aanmeldingen", ""), bands)
    uitkomsten = [s.value for s in Status if s != Status.DUBBEL]
    b.counts("uitkomst", uitkomsten, by("uitkomst"))
    b.relate_rows("uitkomst", ("aanmeldingen", ""), uitkomsten)
    # Concern domains: a registration may name several, so the rows do not add up.
    domeinen = [d.value for d in ZorgDomein]
    b.counts(
        "domein",
        domeinen,
        _quarter_counts(
            """SELECT d, gemeente_id, extract(quarter FROM received_on), count(*)
               FROM monitor_aanmeldingfeit, unnest(domeinen) AS d
               WHERE region_id = %s AND received_on BETWEEN %s AND %s GROUP BY 1, 2, 3""",
            base,
            b,
        ),
    )
    b.counts("bereikt", [""], by("''", "AND bereikt"))

    # --- reach against the estimated target group -------------------------------------------
    targets: dict[Col, int | None] = {g.pk: g.doelgroep for g in gemeenten}
    known = [v for v in targets.values() if v is not None]
    region_target = sum(known) if known and len(known) == len(targets) else None
    for period in b.periods:
        p = period.key
        for col, target in [*targets.items(), (REGION, region_target)]:
            b.cube.add(("doelgroep", "", col, p), Raw(Soort.PUBLIC, target))
            reached = b.cube.cells[("bereikt", "", col, p)].value or 0
            b.cube.add(
                ("bereik_pct", "", col, p),
                Raw(
                    Soort.PERCENT,
                    100 * reached / target if target else None,
                    base=int(reached),
                    depends_on=(("bereikt", "", col, p),),
                ),
            )

    # --- waits -------------------------------------------------------------------------------
    _waits(b)

    # --- trajecten: parents at the MDO, plans, satisfaction, outcomes -----------------------
    def traject_counts(expression: str, day: str, where: str = "") -> dict:
        return _quarter_counts(
            f"""SELECT {expression}, gemeente_id, extract(quarter FROM {day}), count(*)
                FROM monitor_trajectfeit
                WHERE region_id = %s AND {day} BETWEEN %s AND %s {where}
                GROUP BY 1, 2, 3""",  # noqa: S608 (fixed expressions, values as parameters)
            base,
            b,
        )

    b.counts("mdo_besproken", [""], traject_counts("''", "mdo_on"))
    b.counts("mdo_ouders", [""], traject_counts("''", "mdo_on", "AND ouders_bij_mdo"))
    b.counts("plan_akkoord", [""], traject_counts("''", "plan_agreed_on"))
    b.counts("afgesloten", [""], traject_counts("''", "closed_on"))
    redenen = [r.value for r in Afsluitreden] + [""]
    b.counts("afsluitreden", redenen, traject_counts("afsluitreden", "closed_on"))
    b.relate_rows("afsluitreden", ("afgesloten", ""), redenen)
    doelen = [d.value for d in DoelenBehaald] + [""]
    b.counts("doelen", doelen, traject_counts("doelen_behaald", "closed_on"))
    b.relate_rows("doelen", ("afgesloten", ""), doelen)
    b.counts("tevredenheid_n", [""], traject_counts("''", "tevredenheid_on"))
    for period in b.periods:
        p = period.key
        for col in [*b.gemeente_cols, REGION]:
            present = b.cube.cells[("mdo_ouders", "", col, p)].value or 0
            discussed = b.cube.cells[("mdo_besproken", "", col, p)].value or 0
            b.cube.add(
                ("mdo_ouders_pct", "", col, p),
                Raw(
                    Soort.PERCENT,
                    100 * present / discussed if discussed else None,
                    base=int(discussed),
                    numerator=int(present),
                    depends_on=(("mdo_besproken", "", col, p), ("mdo_ouders", "", col, p)),
                ),
            )
    _satisfaction(b)

    # --- MDOs (a regional meeting: the region only) ----------------------------------------
    mdos: dict[int, tuple[int, int]] = {
        int(q): (n, families)
        for q, n, families in _fetch(
            """SELECT extract(quarter FROM held_on), count(*), COALESCE(sum(gezinnen), 0)
               FROM monitor_mdofeit WHERE region_id = %s AND held_on BETWEEN %s AND %s
               GROUP BY 1""",
            base,
        )
    }
    for period in b.periods:
        b.cube.add(
            ("mdos", "", REGION, period.key),
            # The number of meetings is not about a child: shown as it is.
            Raw(Soort.PUBLIC, sum(mdos.get(q, (0, 0))[0] for q in period.quarters)),
        )

    organisaties = _providers(b)
    figures = Figures(region, year, gemeenten, b.cube, organisaties)
    if frozen:
        _apply_releases(figures)
    return figures


# --- releases ------------------------------------------------------------------------------

HALF_YEARS = ((1, 2), (3, 4))


def half_year_periods(year: int, half: tuple[int, int]) -> list[Period]:
    """The periods inside one half-year: its two quarters and the half-year itself."""
    a, b = half
    return [Period(year, a, a), Period(year, b, b), Period(year, a, b)]


def frozen_cells(figures: Figures, half: tuple[int, int]) -> list[list[Any]]:
    """The raw cells of one half-year, to be stored with its release (JSON)."""
    keys = {p.key for p in half_year_periods(figures.year, half)}
    return [
        [
            list(key),
            raw.soort.value,
            raw.value,
            raw.base,
            raw.numerator,
            [list(d) for d in raw.depends_on],
        ]
        for key, raw in figures.cube.cells.items()
        if key[3] in keys
    ]


def _key(parts: list[Any]) -> tuple[Hashable, ...]:
    return tuple(parts)


def _apply_releases(figures: Figures) -> None:
    """Published half-years replace the live figures of their periods; a run of quarters
    across a published and an open half-year counts as the sum of its quarters, so every
    count agrees with the published ones (a later correction shows in the open half-year)."""
    releases = Release.objects.filter(
        region=figures.region,
        period_start__year=figures.year,
    ).values_list("period_start", "cells")
    if not releases:
        return
    cells = figures.cube.cells
    for _start, frozen in releases:
        for key, soort, value, base, numerator, depends in frozen:
            cells[_key(key)] = Raw(
                Soort(soort), value, base, numerator, tuple(_key(d) for d in depends)
            )
    published = {
        p.key
        for start, _frozen in releases
        for p in half_year_periods(figures.year, HALF_YEARS[0 if start.month == 1 else 1])
    }
    for period in periods_of(figures.year):
        if period.first == period.last or period.key in published:
            continue
        for key in [k for k in cells if k[3] == period.key]:
            raw = cells[key]
            if raw.soort != Soort.COUNT:
                continue
            parts = [cells.get((*key[:3], Period(figures.year, q, q).key)) for q in period.quarters]
            raw.value = sum(int(p.value or 0) for p in parts if p is not None)


def _waits(b: _Builder) -> None:
    """Per rule, gemeente and period: the number of completed waits, the median and 90th
    percentile gross and net, and the share within the norm. One query for every period."""
    ranges = ", ".join(
        f"('{p.key}', DATE '{p.start.isoformat()}', DATE '{p.end.isoformat()}')" for p in b.periods
    )
    rows = _fetch(
        f"""
        SELECT r.key, f.regel, g.gemeente_id, GROUPING(g.gemeente_id) AS all_gemeenten,
               count(*),
               count(*) FILTER (WHERE f.within_norm),
               percentile_cont(0.5) WITHIN GROUP (ORDER BY
                   CASE WHEN f.regel = 'eerste_contact' THEN f.gross_workdays ELSE f.gross_days END),
               percentile_cont(0.5) WITHIN GROUP (ORDER BY
                   CASE WHEN f.regel = 'eerste_contact' THEN f.net_workdays ELSE f.net_days END),
               percentile_cont(0.9) WITHIN GROUP (ORDER BY
                   CASE WHEN f.regel = 'eerste_contact' THEN f.gross_workdays ELSE f.gross_days END),
               percentile_cont(0.9) WITHIN GROUP (ORDER BY
                   CASE WHEN f.regel = 'eerste_contact' THEN f.net_workdays ELSE f.net_days END)
        FROM (VALUES {ranges}) AS r(key, start_day, end_day)
        JOIN monitor_wachtfeit f
          ON f.stopped_on BETWEEN r.start_day AND r.end_day
        CROSS JOIN LATERAL (SELECT CASE WHEN f.gemeente_id = ANY(%s) THEN f.gemeente_id END
                            AS gemeente_id) g
        WHERE f.region_id = %s AND f.regel = ANY(%s)
        GROUP BY GROUPING SETS ((r.key, f.regel, g.gemeente_id), (r.key, f.regel))
        """,  # noqa: S608 (period bounds are dates made here, values as parameters)
        [b.gemeente_ids, b.region.pk, [rule for rule, _w in WAIT_RULES]],
    )
    found: dict[tuple[str, Col, str], tuple] = {}
    for key, regel, gemeente_id, all_gemeenten, *figures in rows:
        col = REGION if all_gemeenten else b.col(gemeente_id)
        found[regel, col, key] = tuple(figures)
    rules = [rule for rule, _w in WAIT_RULES]
    data: dict[tuple[str, Col, int], int] = {}
    for period in b.periods:
        if period.first != period.last:
            continue
        for regel in rules:
            for col in b.gemeente_cols:
                values = found.get((regel, col, period.key))
                data[regel, col, period.first] = values[0] if values else 0
    b.counts("wacht_n", rules, data)
    for period in b.periods:
        p = period.key
        for regel in rules:
            for col in [*b.gemeente_cols, REGION]:
                n, within, med_g, med_n, p90_g, p90_n = found.get(
                    (regel, col, p), (0, 0, None, None, None, None)
                )
                count_key = ("wacht_n", regel, col, p)
                for quantity, soort, value in (
                    ("wacht_mediaan", Soort.MEDIAN, med_g),
                    ("wacht_mediaan_netto", Soort.MEDIAN, med_n),
                    ("wacht_p90", Soort.P90, p90_g),
                    ("wacht_p90_netto", Soort.P90, p90_n),
                ):
                    b.cube.add(
                        (quantity, regel, col, p),
                        Raw(soort, value, base=n, depends_on=(count_key,)),
                    )
                b.cube.add(
                    ("wacht_binnen_norm", regel, col, p),
                    Raw(
                        Soort.PERCENT,
                        100 * within / n if n else None,
                        base=n,
                        numerator=within,
                        depends_on=(count_key,),
                    ),
                )


def _satisfaction(b: _Builder) -> None:
    ranges = ", ".join(
        f"('{p.key}', DATE '{p.start.isoformat()}', DATE '{p.end.isoformat()}')" for p in b.periods
    )
    rows = _fetch(
        f"""
        SELECT r.key, g.gemeente_id, GROUPING(g.gemeente_id), count(*),
               avg(f.tevredenheid_score)
        FROM (VALUES {ranges}) AS r(key, start_day, end_day)
        JOIN monitor_trajectfeit f ON f.tevredenheid_on BETWEEN r.start_day AND r.end_day
        CROSS JOIN LATERAL (SELECT CASE WHEN f.gemeente_id = ANY(%s) THEN f.gemeente_id END
                            AS gemeente_id) g
        WHERE f.region_id = %s AND f.tevredenheid_score IS NOT NULL
        GROUP BY GROUPING SETS ((r.key, g.gemeente_id), (r.key))
        """,  # noqa: S608 (period bounds are dates made here, values as parameters)
        [b.gemeente_ids, b.region.pk],
    )
    found: dict[tuple[Col, str], tuple[int, float | None]] = {}
    for key, gemeente_id, all_gemeenten, n, mean in rows:
        col = REGION if all_gemeenten else b.col(gemeente_id)
        found[col, key] = (n, float(mean) if mean is not None else None)
    for period in b.periods:
        p = period.key
        for col in [*b.gemeente_cols, REGION]:
            n, mean = found.get((col, p), (0, None))
            b.cube.add(
                ("tevredenheid", "", col, p),
                Raw(Soort.MEAN, mean, base=n, depends_on=(("tevredenheid_n", "", col, p),)),
            )


def _providers(b: _Builder) -> list[tuple[int, str, int | None]]:
    """Measured waits to the start of vervolghulp per organisation of the sociale kaart, beside
    the wait the organisation reports. The region only: per gemeente the numbers are too small."""
    start, end = date(b.year, 1, 1), date(b.year, 12, 31)
    counts: dict[tuple[str, Col, int], int] = {}
    organisation_ids: set[int] = set()
    for organisatie_id, quarter, n in _fetch(
        """SELECT organisatie_id, extract(quarter FROM stopped_on), count(*)
           FROM monitor_wachtfeit
           WHERE region_id = %s AND regel = 'vervolghulp' AND stopped_on BETWEEN %s AND %s
             AND organisatie_id IS NOT NULL
           GROUP BY 1, 2""",
        [b.region.pk, start, end],
    ):
        counts[str(organisatie_id), REGION, int(quarter)] = n
        organisation_ids.add(organisatie_id)
    organisaties = list(
        Organisatie.objects.filter(pk__in=organisation_ids)
        .order_by("name")
        .values_list("pk", "name", "wachttijd_weken")
    )
    rows = [str(pk) for pk, _n, _w in organisaties]
    ranges = ", ".join(
        f"('{p.key}', DATE '{p.start.isoformat()}', DATE '{p.end.isoformat()}')" for p in b.periods
    )
    medians = (
        {
            (str(organisatie_id), key): value
            for key, organisatie_id, value in _fetch(
                f"""SELECT r.key, f.organisatie_id, percentile_cont(0.5) WITHIN GROUP (
                       ORDER BY f.gross_days)
                FROM (VALUES {ranges}) AS r(key, start_day, end_day)
                JOIN monitor_wachtfeit f ON f.stopped_on BETWEEN r.start_day AND r.end_day
                WHERE f.region_id = %s AND f.regel = 'vervolghulp'
                  AND f.organisatie_id IS NOT NULL
                GROUP BY 1, 2""",  # noqa: S608 (dates made here, values as parameters)
                [b.region.pk],
            )
        }
        if rows
        else {}
    )
    reported = {str(pk): weeks for pk, _name, weeks in organisaties}
    for period in b.periods:
        p = period.key
        for row in rows:
            # What the organisation itself reports: public, as on the sociale kaart.
            b.cube.add(("aanbieder_gemeld", row, REGION, p), Raw(Soort.PUBLIC, reported[row]))
            n = sum(counts.get((row, REGION, q), 0) for q in period.quarters)
            b.cube.count(("aanbieder_n", row, REGION, p), n)
            b.cube.add(
                ("aanbieder_mediaan", row, REGION, p),
                Raw(
                    Soort.MEDIAN,
                    medians.get((row, p)),
                    base=n,
                    depends_on=(("aanbieder_n", row, REGION, p),),
                ),
            )
        # The providers' waits add up to the region's referrals that started (those to an
        # organisation outside the sociale kaart have no row of their own).
        b.cube.relate(
            ("wacht_n", Regel.VERVOLGHULP.value, REGION, p),
            [("aanbieder_n", row, REGION, p) for row in rows] + [("aanbieder_n", "", REGION, p)],
        )
        b.cube.count(
            ("aanbieder_n", "", REGION, p),
            int(b.cube.cells[("wacht_n", Regel.VERVOLGHULP.value, REGION, p)].value or 0)
            - sum(int(b.cube.cells[("aanbieder_n", row, REGION, p)].value or 0) for row in rows),
        )
    for period in b.periods:
        for split in range(period.first, period.last):
            a = Period(b.year, period.first, split).key
            c = Period(b.year, split + 1, period.last).key
            for row in [*rows, ""]:
                b.cube.relate(
                    ("aanbieder_n", row, REGION, period.key),
                    [("aanbieder_n", row, REGION, a), ("aanbieder_n", row, REGION, c)],
                )
    return organisaties
