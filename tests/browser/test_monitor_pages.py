"""The monitor as a gemeente official meets it, in Chromium: log in, open the dashboard,
change the period, read the charts and the tables beside them; axe-core finds nothing. And as
the coordinator meets it on the demo data: every gemeente side by side, tables wider than the
page that a keyboard can scroll."""

import shutil
import subprocess

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.accounts.factories import PASSWORD
from tests.monitor.test_figures import YEAR, data  # noqa: F401 (the data set fixture)

from .conftest import ARTIFACTS, axe_violations, describe, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "ivh-demo-2026"


@pytest.fixture
def demo(transactional_db: None) -> None:
    call_command("seed_demo")


@pytest.mark.usefixtures("data")
def test_the_gemeente_official_changes_the_period_and_reads_charts_and_tables(page, personas):
    log_in(page, personas.gemeente_official.email, PASSWORD)
    page.wait_for_url("**/start/")
    page.get_by_role("link", name="Monitor").first.click()
    page.wait_for_url("**/monitor/")
    page.get_by_label("Periode", exact=True).select_option("halfjaar")
    page.get_by_label("Jaar", exact=True).select_option(str(YEAR))
    page.get_by_label("Helft", exact=True).select_option("1")
    page.get_by_role("button", name="Tonen").click()
    page.wait_for_url("**/monitor/?*")
    heading = page.get_by_role("heading", level=1)
    assert "1e helft" in heading.inner_text() and str(YEAR) in heading.inner_text()
    table = page.get_by_role("table", name="Aanmeldingen per kanaal – 1e helft 2025")
    assert table.is_visible()
    assert page.locator("svg.monitor-chart").first.is_visible()
    assert page.get_by_text("Delft").count() == 0
    screenshot(page, "monitor-gemeente-halfjaar")
    assert not (v := axe_violations(page)), describe(v)

    # The period form shows only what belongs to the chosen kind of period.
    assert page.get_by_label("Helft", exact=True).is_visible()
    assert not page.get_by_label("Van kwartaal", exact=True).is_visible()
    page.get_by_label("Periode", exact=True).select_option("aangepast")
    assert page.get_by_label("Van kwartaal", exact=True).is_visible()
    assert not page.get_by_label("Helft", exact=True).is_visible()

    # The same figures to take away: Excel and the printable report.
    with page.expect_download() as xlsx:
        page.get_by_role("link", name="Excel (XLSX)").click()
    with open(xlsx.value.path(), "rb") as stream:  # the download has no file extension
        workbook = load_workbook(stream)
    assert "Toelichting" in workbook.sheetnames and len(workbook.sheetnames) > 5
    with page.expect_download() as pdf:
        page.get_by_role("link", name="Rapport (PDF)").click()
    report = PdfReader(pdf.value.path())
    assert report.metadata.title.startswith("Monitor 's-Gravenhage")
    assert (
        "Aanmeldingen per kanaal" in report.pages[0].extract_text() + report.pages[1].extract_text()
    )
    # Its first pages as pictures, to look at (where poppler is installed).
    if pdftoppm := shutil.which("pdftoppm"):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        target = ARTIFACTS / "monitor-download-rapport"
        subprocess.run(  # noqa: S603 (a fixed program on a file the test downloaded)
            [pdftoppm, "-png", "-r", "60", "-f", "1", "-l", "2", pdf.value.path(), str(target)],
            check=True,
        )


def test_the_coordinators_wide_tables_are_regions_a_keyboard_can_scroll(page, demo):
    """The official's tables (one gemeente and the region) fit the page, so axe never met a
    table that scrolls there; the coordinator's, with every gemeente of the demo region side by
    side, are wider than 1280 pixels. Each scrolling wrapper is a named region in the tab order
    (axe: scrollable-region-focusable)."""
    log_in(page, "coordinator@demo.ivh.nl", DEMO_PASSWORD)
    page.wait_for_url("**/start/")
    page.goto(page.base_url + "/monitor/")
    wrappers = page.locator(".table-responsive")
    scrolling = wrappers.evaluate_all(
        "els => els.filter(e => e.scrollWidth > e.clientWidth).map(e => e.closest('section').id)"
    )
    # The tables the walkthrough found: at this width they do scroll, so axe checks them.
    assert {"aanmeldingen", "verwijzers", "leeftijd", "zorg"} <= set(scrolling)
    for i in range(wrappers.count()):
        wrapper = wrappers.nth(i)
        assert wrapper.get_attribute("tabindex") == "0"
        assert wrapper.get_attribute("role") == "region"
    region = page.get_by_role("region", name="Aanmeldingen per kanaal – ")
    assert region.count() == 1
    screenshot(page, "monitor-coordinator-breed")
    assert not (v := axe_violations(page)), describe(v)

    # Tab reaches the table, the arrow key scrolls it.
    region.focus()
    page.keyboard.press("ArrowRight")
    # Chromium scrolls smoothly: wait for it.
    page.wait_for_function("e => e.scrollLeft > 0", arg=region.element_handle(), timeout=5000)
