"""Each role lands on a start page that says what needs them now (issue 9, items 4 and 10),
checked in Chromium on the demo data, with screenshots and axe-core."""

import pytest
from django.core.management import call_command

from mdo.models import Deelnemer

from .conftest import axe_violations, describe, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "ivh-demo-2026"


@pytest.fixture
def demo(transactional_db: None) -> None:
    call_command("seed_demo")


def _open_start(page, email: str) -> None:  # noqa: ANN001
    log_in(page, email, DEMO_PASSWORD)
    page.wait_for_url("**/start/")
    assert page.get_by_role("heading", name="Wat vraagt nu uw aandacht").is_visible()


def test_coordinator_start_page_shows_todays_work_and_agrees_with_the_inbox(page, demo):
    _open_start(page, "coordinator@demo.ivh.nl")
    for heading in ("Aanmeldingen", "MDO", "MDO's in de komende 7 dagen"):
        assert page.get_by_role("heading", name=heading, exact=True).is_visible()
    assert page.get_by_text("Wachten op eerste contact").is_visible()
    shown = page.locator('[data-telling="open-aanmeldingen"]').inner_text().strip()
    assert not (v := axe_violations(page)), describe(v)
    screenshot(page, "start-coordinator-werk")

    page.locator('[data-telling="open-aanmeldingen"]').click()
    page.wait_for_url("**/aanmeldpunt/")
    rows = page.locator("table tbody tr").count()
    assert str(rows) == shown


def test_casemanager_start_page_lists_families_with_something_due(page, demo):
    _open_start(page, "casemanager1@demo.ivh.nl")
    assert page.get_by_role("heading", name="Uw gezinnen").is_visible()
    assert page.get_by_text("open traject").first.is_visible()
    assert not (v := axe_violations(page)), describe(v)
    screenshot(page, "start-casemanager-werk")


def test_expert_start_page_lists_the_mdos_they_are_invited_to(page, demo):
    invited = Deelnemer.objects.filter(
        user__email="expert@demo.ivh.nl", withdrawn_at__isnull=True, mdo__status="gepland"
    ).count()
    assert invited >= 1
    _open_start(page, "expert@demo.ivh.nl")
    assert page.get_by_role("heading", name="Uw MDO's").is_visible()
    assert page.get_by_text("niet uitgenodigd").count() == 0
    assert page.get_by_text("U bent uitgenodigd voor").is_visible()
    assert not (v := axe_violations(page)), describe(v)
    screenshot(page, "start-expert-werk")


def test_start_page_works_on_a_phone(phone_page, demo):
    _open_start(phone_page, "coordinator@demo.ivh.nl")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    assert not (v := axe_violations(phone_page)), describe(v)
    screenshot(phone_page, "start-coordinator-telefoon")
