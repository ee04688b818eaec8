"""A casemanager works a traject by clicking; the parent opens the link on a phone."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from casemanagement import services
from casemanagement.models import Traject

from .conftest import axe_violations, describe, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db: None) -> None:
    call_command("seed_demo")


def test_casemanager_logs_a_contact_writes_a_plan_gets_agreement_refers_and_closes(page, demo):
    traject = Traject.objects.get(aanmelding__kind_first_name="Adam")
    log_in(page, "casemanager1@demo.ivh.nl", "ivh-demo-2026")
    page.get_by_role("link", name="Trajecten").first.click()
    assert not (v := axe_violations(page)), describe(v)
    screenshot(page, "caseload")
    page.get_by_role("link", name=traject.gezin.reference).click()

    # A contact in under a minute: soort, minutes, a note.
    page.get_by_label("Soort contact").select_option("telefonisch")
    page.get_by_label("Minuten").fill("15")
    page.get_by_label("Korte notitie").fill("Moeder gebeld over de afspraak bij de kinderarts.")
    page.get_by_role("button", name="Contact opslaan").click()
    assert page.get_by_text("Het contact is vastgelegd").is_visible()

    # A new plan version with two goals (the demo plan has them; add a third and change one).
    page.get_by_role("link", name="Plan wijzigen").click()
    page.locator("#id_doelen-2-omschrijving").fill("Adam slaapt de nacht door")
    page.locator("#id_doelen-2-domein").select_option("slapen_eten")
    page.locator("#id_plan-wijziging").fill("Slapen toegevoegd")
    assert not (v := axe_violations(page)), describe(v)
    screenshot(page, "plan-bewerken")
    page.get_by_role("button", name="Plan opslaan").click()
    assert page.get_by_text("Versie 2 van het plan is opgeslagen").is_visible()

    page.get_by_text("Akkoord van de ouders vastleggen").click()
    page.get_by_role("button", name="Akkoord vastleggen").click()
    assert page.get_by_text("Het akkoord van de ouders is vastgelegd").is_visible()

    page.get_by_text("Nieuwe verwijzing").click()
    page.locator("#id_verwijzing-organisatie").select_option(
        label="Logopediepraktijk Het Praatje (demo)"
    )
    page.get_by_role("button", name="Verwijzing opslaan").click()
    assert page.get_by_text("De verwijzing is vastgelegd").is_visible()
    assert not (v := axe_violations(page)), describe(v)
    screenshot(page, "traject")

    # The help started: saved in place (htmx), the casemanager stays where they are.
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.evaluate("window.nogDezelfdePagina = true")
    row = page.locator("tbody tr", has_text="Logopediepraktijk Het Praatje (demo)").last
    row.get_by_label("Hulp gestart op").fill(timezone.localdate().isoformat())
    row.get_by_role("button", name="Opslaan").click()
    saved = row.get_by_role("status")
    saved.wait_for()
    assert "De data van de verwijzing zijn opgeslagen" in saved.inner_text()
    assert page.evaluate("window.nogDezelfdePagina") is True
    assert traject.verwijzingen.filter(started_at=timezone.localdate()).exists()
    # CSP-clean (after axe ran above and left empty style attributes to be copied).
    assert not [text for text in console if "Content Security Policy" in text], console
    assert not (v := axe_violations(page)), describe(v)

    page.get_by_role("link", name="Versies vergelijken").click()
    assert page.get_by_text("Adam slaapt de nacht door").is_visible()
    page.go_back()

    page.get_by_text("Traject afsluiten").click()
    page.get_by_label("Reden").select_option("doelen_bereikt")
    page.get_by_label("Deels").check()
    page.get_by_role("button", name="Afsluiten").click()
    assert page.get_by_text("Het traject is afgesloten").is_visible()
    traject.refresh_from_db()
    assert traject.closed_at and traject.plan_agreed_at
    assert traject.contacten.filter(minuten=15).exists()


def test_parent_opens_the_link_on_a_phone_agrees_and_answers_the_survey(phone_page, demo):
    page = phone_page
    traject = Traject.objects.get(aanmelding__kind_first_name="Adam")
    traject.gezin.ouder_email = "ouder@example.org"
    traject.gezin.save()
    _link, token = services.ouderlink_create(
        gezin=traject.gezin, by=traject.casemanager, email="ouder@example.org"
    )
    page.goto(page.base_url + f"/ouder/{token}/")
    assert page.get_by_role("heading", name="Het plan voor uw gezin").is_visible()
    assert not (v := axe_violations(page)), describe(v)
    screenshot(page, "ouder-telefoon")
    page.get_by_role("button", name="Ik ben akkoord met dit plan").click()
    assert page.get_by_text("akkoord gegaan met dit plan").first.is_visible()
    traject.refresh_from_db()
    assert traject.plan_agreed_at is not None

    services.traject_close(
        traject=traject,
        by=traject.casemanager,
        reden="doelen_bereikt",
        doelen_behaald="ja",
        toelichting="",
    )
    page.reload()
    page.get_by_label("8", exact=True).check()
    page.get_by_label("Wilt u nog iets zeggen? (mag u overslaan)").fill("Fijne begeleiding.")
    assert not (v := axe_violations(page)), describe(v)
    screenshot(page, "ouder-vragenlijst-telefoon")
    page.get_by_role("button", name="Versturen", exact=True).click()
    assert page.get_by_text("Dank u wel voor uw antwoord").is_visible()
    assert traject.tevredenheid.__class__.objects.get(traject=traject).score == 8
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_an_expired_parent_link_shows_a_friendly_page(phone_page, demo):
    page = phone_page
    page.goto(page.base_url + "/ouder/verlopen-of-verzonnen/")
    assert page.get_by_role("heading", name="Deze link werkt niet meer").is_visible()
    assert not (v := axe_violations(page)), describe(v)
