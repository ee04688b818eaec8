"""The dashboard as files: CSV, XLSX and the printable report's context.

Every export is made from a `Dashboard`'s `Table` objects only (each cell's `text` and, where the
figure is shown, its `value`), never from the cube or the fact tables: the page, the charts and
every file show the same protected cells (docs/monitor.md), so no output can show what another
hides.

Text that a spreadsheet would read as a formula (an organisation called "=HYPERLINK(…)") gets a
leading apostrophe (OWASP, CSV injection), in CSV and XLSX alike.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .charts import Chart, bar_chart
from .dashboard import Dashboard
from .figures import REGION
from .protect import FOOTNOTES, PROVISIONAL_FOOTNOTE, Shown, Soort, Staat
from .tables import Row, Table

# What a spreadsheet may take for the start of a formula (OWASP "CSV Injection"), and their
# full-width forms, which some spreadsheet programs read the same way.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")

# Excel refuses these in a sheet name, and a name of more than 31 characters.
SHEET_NAME_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})
SHEET_NAME_MAX = 31


def spreadsheet_safe(text: str) -> str:
    """`text` as a spreadsheet shows it and never runs it."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def all_tables(dash: Dashboard) -> list[Table]:
    """The tables of the page in the page's order: the figures, the trend per quarter, then the
    network work."""
    return [*dash.tables, *dash.trend, *dash.netwerk]


def row_label(row: Row) -> str:
    return f"{row.label} ({row.unit})" if row.unit else row.label


def status_text(dash: Dashboard) -> str:
    """Provisional, or published (and when)."""
    if dash.provisional:
        return _("voorlopig")
    if dash.release is not None:
        published = date_format(timezone.localtime(dash.release.published_at), "j F Y")
        return _("gepubliceerd op %(date)s") % {"date": published}
    return _("gepubliceerd")


def refreshed_text(dash: Dashboard) -> str:
    if dash.refreshed_at is None:
        return _("nog niet berekend")
    when = date_format(timezone.localtime(dash.refreshed_at), "j F Y H:i")
    return _("bijgewerkt op %(when)s") % {"when": when}


def symbol_legend() -> list[str]:
    """What every symbol means, in the words the footnotes use."""
    seen: list[str] = []
    for staat in (Staat.PRIMARY, Staat.SECONDARY, Staat.SMALL_BASE, Staat.UNKNOWN):
        text = str(FOOTNOTES[staat])
        if text not in seen:
            seen.append(text)
    return [
        *seen,
        _("0: echt nul; er is niets geteld."),
        _("–: geen cijfer."),
        str(PROVISIONAL_FOOTNOTE),
    ]


def filename(dash: Dashboard, extension: str) -> str:
    """E.g. `monitor-haaglanden-2025-K1-K2.xlsx` or `monitor-s-gravenhage-2025-K3-K4.csv`."""
    if dash.scope.gemeente_ids is None:
        where = dash.region.name
    else:
        where = "-".join(c.label for c in dash.columns if c.key != REGION)
    return f"monitor-{slugify(where) or 'regio'}-{dash.period.key}.{extension}"


# --- CSV ---------------------------------------------------------------------------------------


def dashboard_csv(dash: Dashboard) -> bytes:
    """Every table as a block: its title, a header (Cijfer, the columns), a line per row with
    the printed cells ("<5", "×", "?", "*"), its note and footnotes, then an empty line. The
    first line says what the file is. UTF-8 with a byte order mark and ";" between the cells,
    as Excel in a Dutch locale opens it."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")

    def line(*cells: str) -> None:
        writer.writerow([spreadsheet_safe(c) for c in cells])

    line(dash.title, dash.period.label(), status_text(dash), refreshed_text(dash))
    writer.writerow([])
    for table in all_tables(dash):
        line(table.title)
        line(_("Cijfer"), *(c.label for c in table.columns))
        for (row, _cells), values in zip(table.rows, table.values(), strict=True):
            line(row_label(row), *values)
        for text in _notes(table):
            line(text)
        writer.writerow([])
    return out.getvalue().encode("utf-8-sig")


def _notes(table: Table) -> list[str]:
    return [text for text in (table.note, *table.footnotes) if text]


# --- XLSX --------------------------------------------------------------------------------------

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=13)
NOTE = Font(italic=True, color="444444")
RIGHT = Alignment(horizontal="right")
# Header row of each table sheet (1-based); the title and the period line are above it.
HEADER_ROW = 4


def _number_format(cell: Shown) -> str:
    """Shows the number as the page prints it, while the cell stays a number: a percentage as
    "45%" on the value 45 (the "%" a literal, so the value is not multiplied), a mean with one
    decimal, and a provisional figure followed by "*"."""
    shape = "0.0" if cell.soort == Soort.MEAN else "0"
    if cell.soort == Soort.PERCENT:
        shape += '"%"'
    if cell.provisional:
        shape += '"*"'
    return shape


def _rounded(soort: str, value: float) -> float | int:
    """The value as precise as the page prints it, and no more: an exact percentage beside its
    base would tell more than the page does."""
    return round(value, 1) if soort == Soort.MEAN else round(value)


def _text(value: str) -> str:
    # openpyxl refuses control characters that XML cannot hold.
    return spreadsheet_safe(ILLEGAL_CHARACTERS_RE.sub("", value))


def sheet_names(tables: list[Table]) -> list[str]:
    """A sheet name per table: its title cut to 31 characters without the characters Excel
    refuses, made unique with a number."""
    names: list[str] = []
    for table in tables:
        base = " ".join(table.title.translate(SHEET_NAME_FORBIDDEN).split()).strip("'")
        base = base or table.slug
        name = base[:SHEET_NAME_MAX].strip()
        n = 2
        while name.casefold() in (existing.casefold() for existing in names):
            suffix = f" ({n})"
            name = base[: SHEET_NAME_MAX - len(suffix)].strip() + suffix
            n += 1
        names.append(name)
    return names


def dashboard_xlsx(dash: Dashboard) -> bytes:
    """A workbook: an overview sheet (what, which period, status, the norms, the symbols), then
    a sheet per table. A shown figure is a number; a hidden one is its symbol as text."""
    workbook = Workbook()
    overview = workbook.active
    overview.title = _("Toelichting")
    _overview_sheet(overview, dash)
    tables = all_tables(dash)
    for table, name in zip(tables, sheet_names(tables), strict=True):
        _table_sheet(workbook.create_sheet(name), table, dash)
    properties = workbook.properties
    properties.title = dash.title
    properties.subject = _("Monitor Integrale Vroeghulp")
    properties.creator = _("IVH-coördinatie")
    properties.language = get_language() or "nl"
    properties.description = f"{dash.period.label()}, {status_text(dash)}, {refreshed_text(dash)}"
    properties.created = timezone.now().replace(tzinfo=None)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _overview_sheet(sheet: Worksheet, dash: Dashboard) -> None:
    sheet["A1"] = _text(dash.title)
    sheet["A1"].font = TITLE
    rows: list[tuple[str, str]] = [
        (_("Periode"), dash.period.label()),
        (_("Status"), status_text(dash)),
        (_("Cijfers"), refreshed_text(dash)),
    ]
    r = 3
    for label, value in rows:
        sheet.cell(r, 1, _text(label)).font = BOLD
        sheet.cell(r, 2, _text(value))
        r += 1
    r += 1
    sheet.cell(r, 1, _text(_("De normen van de regio"))).font = BOLD
    r += 1
    for label, value in dash.norms:
        sheet.cell(r, 1, _text(label[:1].upper() + label[1:]))
        sheet.cell(r, 2, _text(value))
        r += 1
    r += 1
    sheet.cell(r, 1, _text(_("Tekens"))).font = BOLD
    r += 1
    for text in symbol_legend():
        sheet.cell(r, 1, _text(text))
        r += 1
    r += 1
    sheet.cell(r, 1, _text(_("Alleen totalen: geen enkel kind is herkenbaar.")))
    sheet.column_dimensions["A"].width = 48
    sheet.column_dimensions["B"].width = 40


def _table_sheet(sheet: Worksheet, table: Table, dash: Dashboard) -> None:
    sheet.cell(1, 1, _text(table.title)).font = TITLE
    sheet.cell(2, 1, _text(f"{dash.period.label()} · {status_text(dash)}"))
    headers = [_("Cijfer"), *(c.label for c in table.columns)]
    for c, header in enumerate(headers, start=1):
        cell = sheet.cell(HEADER_ROW, c, _text(header))
        cell.font = BOLD
        if c > 1:
            cell.alignment = RIGHT
    r = HEADER_ROW + 1
    for row, cells in table.rows:
        sheet.cell(r, 1, _text(row_label(row)))
        for c, shown in enumerate(cells, start=2):
            if shown.value is not None:
                cell = sheet.cell(r, c, _rounded(shown.soort, shown.value))
                cell.number_format = _number_format(shown)
            else:
                cell = sheet.cell(r, c, _text(shown.text))
            cell.alignment = RIGHT
        r += 1
    r += 1
    for text in _notes(table):
        sheet.cell(r, 1, _text(text)).font = NOTE
        r += 1
    labels = [row_label(row) for row, _cells in table.rows]
    sheet.column_dimensions["A"].width = min(max(map(len, [headers[0], *labels])) + 2, 70)
    for c, header in enumerate(headers[1:], start=2):
        sheet.column_dimensions[get_column_letter(c)].width = max(len(header) + 2, 10)
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 2)


# --- PDF ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    table: Table
    chart: Chart | None


def chart_column(dash: Dashboard) -> int:
    """The column a chart shows: the official's own gemeente; for the coordinator, the region
    (the last column). The same choice as the page's."""
    return 0 if dash.scope.gemeente_ids is not None else len(dash.columns) - 1


def rapport_context(dash: Dashboard) -> dict:
    """What templates/monitor/rapport.html needs: the report for the half-yearly evaluation
    and the stuurgroep."""
    column = chart_column(dash)
    gemeenten = [c.label for c in dash.columns if c.key != REGION]
    return {
        "dash": dash,
        "gemeenten": gemeenten if dash.scope.gemeente_ids is not None else [],
        "status": status_text(dash),
        "refreshed": refreshed_text(dash),
        "sections": [Section(t, bar_chart(t, column)) for t in dash.tables],
        "trend": [Section(t, bar_chart(t, column)) for t in dash.trend],
        "netwerk": [Section(t, None) for t in dash.netwerk],
        "besluiten": dash.besluiten,
        "today": timezone.localdate(),
        "legend": symbol_legend(),
        "printed_at": timezone.localtime(),
        "wide": len(dash.columns) > 5,
    }
