"""A coordinator arranges a substitution on its own page, reached from the region's trajecten,
in Chromium on the demo data: a wrong date is explained in Dutch and loses nothing typed, the
saved substitution is listed on the trajecten page, and the page passes axe."""

import pytest
from django.core.management import call_command

from casemanagement.models import Vervanging

from .conftest import axe_violations, describe, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db: None) -> None:
    call_command("seed_demo")


def test_the_coordinator_arranges_a_substitution_from_the_trajecten_page(page, demo):
    log_in(page, "coordinator@demo.ivh.nl", "ivh-demo-2026")
    page.wait_for_url("**/start/")
    page.goto(page.base_url + "/trajecten/")
    page.get_by_role("link", name="Vervanging regelen (bijvoorbeeld bij verlof)").click()
    page.wait_for_url("**/trajecten/vervanging/")
    assert page.get_by_role("heading", name="Vervanging regelen").is_visible()
    assert not (v := axe_violations(page)), describe(v)

    page.get_by_label("Afwezige casemanager").select_option(label="Ahmed el Amrani")
    page.get_by_label("Vervanger").select_option(label="Lotte Jansen")
    page.get_by_label("Reden").fill("Zwangerschapsverlof")
    page.locator("#id_vervanging-van").fill("2026-12-01")
    page.locator("#id_vervanging-tot").fill("")
    page.get_by_role("button", name="Vervanging vastleggen").click()

    alert = page.locator("#foutmeldingen")
    assert alert.is_visible()
    assert "Tot en met" in alert.inner_text()
    assert page.get_by_label("Reden").input_value() == "Zwangerschapsverlof"
    assert page.locator("#id_vervanging-van").input_value() == "2026-12-01"
    assert not (v := axe_violations(page)), describe(v)
    screenshot(page, "vervanging-fout")

    page.locator("#id_vervanging-tot").fill("2027-03-31")
    page.get_by_role("button", name="Vervanging vastleggen").click()
    page.wait_for_url("**/trajecten/")
    assert page.get_by_text("De vervanging is vastgelegd.").is_visible()
    assert page.get_by_text("Lotte Jansen vervangt Ahmed el Amrani").is_visible()
    assert Vervanging.objects.get().reden == "Zwangerschapsverlof"
    screenshot(page, "vervanging-in-lijst")
