"""Waiting-time signals as people meet them, in Chromium on the demo data: the coordinator sees
them on the start page, opens the overview and marks one as seen with a note; the casemanager
holds a deadline on the traject page; a parent on a phone reads the next step and its date."""

import pytest
from django.core.management import call_command

from casemanagement import services as cm
from casemanagement.constants import Fase
from casemanagement.models import Traject
from casemanagement.tokens import ouderlink_token
from signalen.models import Signaal
from signalen.scan import scan

from .conftest import axe_violations, describe, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "ivh-demo-2026"


@pytest.fixture
def demo(transactional_db: None) -> None:
    call_command("seed_demo")
    scan()


def test_coordinator_sees_signals_on_the_start_page_and_marks_one_as_seen(page, demo):
    assert Signaal.objects.open().exists()
    log_in(page, "coordinator@demo.ivh.nl", DEMO_PASSWORD)
    page.wait_for_url("**/start/")
    alert = page.locator("[data-signalen]")
    assert alert.is_visible()
    screenshot(page, "signalen-start-coordinator")
    alert.get_by_role("link", name="Bekijk de signalen").click()
    page.wait_for_url("**/signalen/")
    assert page.get_by_role("heading", name="Signalen", exact=True).is_visible()
    assert not (v := axe_violations(page)), describe(v)
    page.locator("details summary").first.click()
    page.locator("details[open] input[name=note]").fill("Ouders gebeld, afspraak donderdag.")
    page.locator("details[open]").get_by_role("button", name="Opslaan").click()
    page.wait_for_url("**/signalen/")
    assert page.get_by_text("Het signaal is gemarkeerd als gezien.").is_visible()
    assert page.get_by_text("Ouders gebeld, afspraak donderdag.").first.is_visible()
    screenshot(page, "signalen-overzicht-gezien")
    assert Signaal.objects.filter(acknowledgement="Ouders gebeld, afspraak donderdag.").exists()


def test_casemanager_holds_a_deadline_and_a_parent_reads_the_next_step(page, phone_page, demo):
    traject = Traject.objects.filter(fase=Fase.MDO, casemanager__isnull=False).first()
    assert traject is not None
    log_in(page, traject.casemanager.email, DEMO_PASSWORD)
    page.goto(page.base_url + f"/trajecten/{traject.pk}/")
    section = page.locator("section[aria-labelledby=kop-termijnen]")
    assert section.get_by_text("MDO na aanmelding", exact=True).is_visible()
    assert not (v := axe_violations(page)), describe(v)
    screenshot(page, "traject-termijnen")

    link, _token = cm.ouderlink_create(
        gezin=traject.gezin, by=traject.casemanager, email=traject.gezin.ouder_email or "o@x.nl"
    )
    phone_page.goto(phone_page.base_url + f"/ouder/{ouderlink_token(link)}/")
    assert phone_page.get_by_text("Het MDO is gepland op").is_visible()
    assert not (v := axe_violations(phone_page)), describe(v)
    screenshot(phone_page, "ouder-volgende-stap-telefoon")

    section.locator("summary").first.click()
    section.locator("details[open]").get_by_role("button", name="Stilzetten").click()
    page.wait_for_url(f"**/trajecten/{traject.pk}/")
    assert page.get_by_text("staat stil").first.is_visible()
    screenshot(page, "traject-termijn-stil")
