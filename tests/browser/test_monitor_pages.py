"""The monitor as a gemeente official meets it, in Chromium: log in, open the dashboard,
change the period, read the charts and the tables beside them; axe-core finds nothing."""

import pytest

from tests.accounts.factories import PASSWORD
from tests.monitor.test_figures import YEAR, data  # noqa: F401 (the data set fixture)

from .conftest import axe_violations, describe, log_in, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("data"),
]


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
