"""The coordinator's network work in Chromium: log a phone consult, record a training session,
and find both in the monitor and in its PDF report; axe-core finds nothing on the pages."""

import io

import pytest
from pypdf import PdfReader

from tests.accounts.factories import PASSWORD

from .conftest import ARTIFACTS, axe_violations, describe, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_coordinator_logs_a_consult_and_a_training_and_sees_both_in_the_monitor(page, personas):
    log_in(page, personas.coordinator.email, PASSWORD)
    page.wait_for_url("**/start/")
    page.get_by_role("button", name="Netwerk", exact=True).click()
    page.get_by_role("link", name="Consulten", exact=True).first.click()
    page.wait_for_url("**/netwerkwerk/consulten/")

    # A phone call from a parent about speech: under a minute of typing.
    assert page.get_by_label("Telefoon").is_checked()  # the usual way, already chosen
    page.get_by_label("Vraag van").select_option("ouder")
    page.get_by_label("Gemeente").select_option(label="'s-Gravenhage")
    page.get_by_label("Praten en taal").check()
    page.get_by_label("Korte notitie").fill("Vraag over praten; advies: eerst consultatiebureau.")
    page.get_by_role("button", name="Consult opslaan").click()
    assert page.get_by_text("Het consult is vastgelegd.").is_visible()
    assert not (v := axe_violations(page)), describe(v)
    screenshot(page, "netwerkwerk-consult-vastgelegd")

    # A training session for the day care, with two partner organisations.
    page.get_by_role("link", name="Netwerkactiviteiten").click()
    page.get_by_role("link", name="Activiteit toevoegen").click()
    page.get_by_label("Soort").select_option("training")
    page.get_by_label("Titel of onderwerp").fill("Signaleren bij peuters")
    page.get_by_label("Aantal deelnemers").fill("17")
    page.get_by_label("MEE Test").check()
    page.get_by_label("Ziekenhuis Test").check()
    page.get_by_role("button", name="Activiteit opslaan").click()
    assert page.get_by_text("De activiteit is vastgelegd.").is_visible()

    # Both are in the monitor at once, in its network-work section.
    page.get_by_role("link", name="Monitor").first.click()
    page.wait_for_url("**/monitor/**")
    consults = page.get_by_role("table", name="Advies en consultatie", exact=False)
    assert consults.is_visible()
    row = consults.get_by_role("row", name="Onderwerp: Praten en taal")
    assert row.get_by_role("cell").last.inner_text() == "1"
    activities = page.get_by_role("table", name="Netwerkactiviteiten", exact=False)
    training = activities.get_by_role("row", name="Deelnemers aan trainingen")
    assert training.get_by_role("cell").last.inner_text() == "17"
    partners = activities.get_by_role("row", name="Partnerorganisaties bereikt (verschillende)")
    assert partners.get_by_role("cell").last.inner_text() == "2"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.locator("#netwerkwerk").screenshot(path=str(ARTIFACTS / "monitor-netwerkwerk.png"))
    assert not (v := axe_violations(page)), describe(v)

    # And in the report for the stuurgroep.
    with page.expect_download() as pdf:
        page.get_by_role("link", name="Rapport (PDF)").click()
    with open(pdf.value.path(), "rb") as stream:
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(stream.read())).pages)
    assert "Advies en consultatie" in text and "Onderwerp: Praten en taal" in text
    assert "Signaleren bij peuters" not in text  # counts, not titles
    assert "Deelnemers aan trainingen 17" in text


def test_the_coordinator_judges_the_criteria_and_adopts_the_quality_review(page, personas):
    log_in(page, personas.coordinator.email, PASSWORD)
    page.wait_for_url("**/start/")
    page.goto(page.url.replace("/start/", "/kwaliteit/"))
    page.get_by_role("button", name="Review beginnen").click()
    page.wait_for_url("**/kwaliteit/*/")
    assert not (v := axe_violations(page)), describe(v)
    for criterium in page.locator("section.card").all():
        criterium.get_by_label("Oordeel").select_option("voldoet")
    wait = page.locator("section.card").nth(2)
    wait.get_by_label("Oordeel").select_option("deels")
    wait.get_by_label("Actie", exact=True).fill("Elke maand een extra MDO-datum plannen")
    wait.get_by_label("Wie voert de actie uit").fill("Coördinator")
    screenshot(page, "kwaliteit-review-concept")
    page.get_by_role("button", name="Opslaan en vaststellen").click()
    assert page.get_by_text("De review is vastgesteld.").is_visible()
    assert page.get_by_text("Besluit stuurgroep").is_visible()
    screenshot(page, "kwaliteit-review-vastgesteld")
    assert not (v := axe_violations(page)), describe(v)
