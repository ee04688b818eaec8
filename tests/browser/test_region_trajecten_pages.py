"""The coordinator's list of the region's trajecten in pages of 50 (issue 16), in Chromium on the
demo data with more families added: the page navigation works, keeps its place and passes axe."""

import pytest
from django.core.management import call_command

from casemanagement.models import Traject
from ivh.accounts.models import User
from tests.casemanagement.factories import TrajectFactory

from .conftest import axe_violations, describe, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "ivh-demo-2026"


@pytest.fixture
def demo(transactional_db: None) -> None:
    call_command("seed_demo")


def test_the_coordinator_walks_the_regions_trajecten_page_by_page(page, demo):
    casemanager = User.objects.get(email="casemanager1@demo.ivh.nl")
    region = Traject.objects.filter(casemanager=casemanager).first().region
    for _ in range(55):
        TrajectFactory(region=region, casemanager=casemanager)
    total = Traject.objects.filter(region=region).open().count()

    log_in(page, "coordinator@demo.ivh.nl", DEMO_PASSWORD)
    page.wait_for_url("**/start/")
    page.goto(page.base_url + "/trajecten/")
    nav = page.get_by_role("navigation", name="Pagina’s")
    assert nav.is_visible()
    assert page.get_by_text(f"{total} open trajecten").first.is_visible()
    assert page.locator("table tbody tr").count() == 50
    assert not (v := axe_violations(page)), describe(v)
    screenshot(page, "trajecten-regio-pagina-1")

    nav.get_by_role("link", name="Volgende").click()
    page.wait_for_url("**pagina=2**")
    assert page.locator("table tbody tr").count() == total - 50
    assert page.get_by_text("Pagina 2 van 2").first.is_visible()
    assert not (v := axe_violations(page)), describe(v)
    screenshot(page, "trajecten-regio-pagina-2")
