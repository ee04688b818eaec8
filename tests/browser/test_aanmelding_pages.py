"""A parent registers on a phone; the coordinator finds it and does the intake by clicking."""

import pytest
from django.core.management import call_command

from aanmelding.models import Aanmelding

from .conftest import axe_violations, describe, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db: None, settings) -> None:
    call_command("seed_demo")
    # The time rule against robots is tested elsewhere; a script fills the form in a blink.
    settings.IVH_AANMELDING_MIN_SECONDS = 0


def _fill_parent_form(page, *, born: str = "2023-05-01") -> None:  # noqa: ANN001
    page.get_by_label("Voornaam van het kind").fill("Roos")
    page.get_by_label("Geboortedatum van het kind").fill(born)
    page.get_by_label("Naam van de ouder of verzorger").fill("Iris de Graaf")
    page.get_by_label("Telefoonnummer van de ouder").fill("06 11122233")
    page.get_by_label("E-mailadres van de ouder").fill("iris@example.org")
    page.get_by_label("Postcode").fill("2514 AB")
    page.get_by_label("Waar maakt u zich zorgen over?").fill(
        "Roos zegt nog geen woordjes en is vaak boos."
    )
    page.get_by_label("Praten en taal").check()
    page.get_by_label("Beide ouders samen").check()
    page.get_by_label("Ja, de andere ouder weet ervan en is het ermee eens").check()
    page.get_by_label("Ja, mijn kind mag besproken worden", exact=False).check()


def test_a_parent_on_a_phone_registers_and_the_right_coordinator_does_the_intake(
    phone_page, browser, live_server, demo
):
    page = phone_page
    page.goto(page.base_url + "/")
    page.get_by_role("link", name="Aanmelden").first.click()
    assert not (v := axe_violations(page)), describe(v)
    screenshot(page, "aanmelden-telefoon")

    # First a mistake: a child of 8. The explanation appears and nothing typed is lost.
    _fill_parent_form(page, born="2017-01-01")
    page.get_by_role("button", name="Aanmelding versturen").click()
    assert page.get_by_text("Integrale Vroeghulp is er voor kinderen tot 7 jaar").first.is_visible()
    assert page.get_by_label("Voornaam van het kind").input_value() == "Roos"
    assert page.get_by_label("Waar maakt u zich zorgen over?").input_value().startswith("Roos zegt")
    assert not (v := axe_violations(page)), describe(v)
    screenshot(page, "aanmelden-fout-telefoon")

    page.get_by_label("Geboortedatum van het kind").fill("2023-05-01")
    page.get_by_role("button", name="Aanmelding versturen").click()
    page.wait_for_url("**/aanmelden/ontvangen/")
    reference = page.locator("#referentie").inner_text().strip()
    assert reference.startswith("A-")
    assert page.get_by_text("binnen 5 werkdagen contact met u op").is_visible()
    assert not (v := axe_violations(page)), describe(v)
    screenshot(page, "ontvangen-telefoon")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # no sideways scrolling

    # The Zeeland coordinator does not see it.
    other = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL").new_page()
    other.base_url = live_server.url
    log_in(other, "coordinator.zeeland@demo.ivh.nl", "ivh-demo-2026")
    other.goto(live_server.url + "/aanmeldpunt/?status=alle")
    assert other.get_by_text(reference).count() == 0
    aanmelding = Aanmelding.objects.get(reference=reference)
    response = other.goto(live_server.url + f"/aanmeldpunt/{aanmelding.pk}/")
    assert response.status == 404
    other.context.close()


def test_coordinator_does_the_intake_to_an_assigned_casemanager_by_clicking(page, demo):
    aanmelding = Aanmelding.objects.get(kind_first_name="Noor")
    log_in(page, "coordinator@demo.ivh.nl", "ivh-demo-2026")
    page.get_by_role("link", name="Aanmeldingen").first.click()
    assert page.get_by_text("te laat").first.is_visible()  # a demo registration past its norm
    assert not (v := axe_violations(page)), describe(v)
    screenshot(page, "inbox")

    page.get_by_role("link", name=aanmelding.reference).click()
    page.get_by_role("button", name="Vastleggen").click()
    assert page.get_by_text("Het eerste contact is vastgelegd").is_visible()
    # The best match is the casemanager who works in 's-Gravenhage with speech expertise.
    first = page.locator("input[name='traject-casemanager']").first
    assert first.get_attribute("id") == "cm-" + str(
        __import__("ivh.accounts.models", fromlist=["User"])
        .User.objects.get(email="casemanager1@demo.ivh.nl")
        .pk
    )
    assert page.get_by_text("werkt in deze gemeente").first.is_visible()
    assert not (v := axe_violations(page)), describe(v)
    screenshot(page, "intake")
    first.check()
    page.get_by_role("button", name="Traject starten").click()
    assert page.get_by_text("Het traject is gestart").is_visible()
    aanmelding.refresh_from_db()
    assert aanmelding.traject.casemanager.email == "casemanager1@demo.ivh.nl"
    screenshot(page, "intake-klaar")


def test_back_and_send_again_in_the_browser_shows_the_first_receipt(phone_page, demo, settings):
    """Issue 9, item 2: Back after sending fetches a fresh form (the page is not cached) that
    the browser fills in again; "Versturen" at once used to answer "Het formulier is niet
    verstuurd", and the next click saved a second registration."""
    settings.IVH_AANMELDING_MIN_SECONDS = 2
    page = phone_page
    before = Aanmelding.objects.count()
    page.goto(page.base_url + "/aanmelden/")
    _fill_parent_form(page)
    page.wait_for_timeout(2200)  # a person takes longer than the robots' limit
    page.get_by_role("button", name="Aanmelding versturen").click()
    page.wait_for_url("**/aanmelden/ontvangen/")
    reference = page.locator("#referentie").inner_text().strip()

    page.go_back()
    page.wait_for_url("**/aanmelden/")
    assert page.get_by_label("Voornaam van het kind").input_value() == "Roos"  # filled again
    page.get_by_role("button", name="Aanmelding versturen").click()
    page.wait_for_url("**/aanmelden/ontvangen/")
    assert page.locator("#referentie").inner_text().strip() == reference
    assert page.get_by_text("U had dit formulier al verstuurd").is_visible()
    assert page.get_by_text("Het formulier is niet verstuurd").count() == 0
    assert not (v := axe_violations(page)), describe(v)
    screenshot(page, "ontvangen-opnieuw-verstuurd-telefoon")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert Aanmelding.objects.count() == before + 1


def test_a_professional_registers_in_their_own_words_on_a_phone(phone_page, demo):
    """Issue 9, item 3: the professional's form, consents and receipt speak to the
    professional; their required fields carry the `*`."""
    page = phone_page
    page.goto(page.base_url + "/aanmelden/")
    page.get_by_role("link", name="Gebruik dan het formulier voor professionals.").click()
    assert page.get_by_role("heading", name="Een kind aanmelden als professional").is_visible()
    for name in ("Waar werkt u?", "Uw naam", "Naam van uw organisatie"):
        label = page.locator("label", has_text=name).first
        assert label.locator(".asteriskField").is_visible(), name
    assert page.get_by_text("mijn kind", exact=False).count() == 0
    assert not (v := axe_violations(page)), describe(v)
    screenshot(page, "aanmelden-professional-telefoon")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.get_by_label("Waar werkt u?").select_option("jgz")
    page.get_by_label("Uw naam").fill("Anna Jansen")
    page.get_by_label("Naam van uw organisatie").fill("Consultatiebureau Centrum")
    page.get_by_label("Uw e-mailadres").fill("jgz@example.org")
    page.get_by_label("De ouders weten van deze aanmelding", exact=False).check()
    page.get_by_label("Voornaam van het kind").fill("Roos")
    page.get_by_label("Geboortedatum van het kind").fill("2023-05-01")
    page.get_by_label("Naam van de ouder of verzorger").fill("Iris de Graaf")
    page.get_by_label("Telefoonnummer van de ouder").fill("06 11122233")
    page.get_by_label("Postcode van het gezin").fill("2514 AB")
    page.get_by_label("Waar maken u en de ouders zich zorgen over?").fill("Roos praat nog weinig.")
    page.get_by_label("Beide ouders samen").check()
    page.get_by_label("Ja, de andere ouder weet ervan en is het ermee eens").check()
    page.get_by_label("De ouders geven toestemming: hun kind mag besproken", exact=False).check()
    page.get_by_role("button", name="Aanmelding versturen").click()
    page.wait_for_url("**/aanmelden/ontvangen/")
    assert page.get_by_text("contact op met de ouders").first.is_visible()
    assert page.get_by_text("uw kind", exact=False).count() == 0
    assert not (v := axe_violations(page)), describe(v)
    screenshot(page, "ontvangen-professional-telefoon")
    aanmelding = Aanmelding.objects.get(reference=page.locator("#referentie").inner_text().strip())
    assert aanmelding.kanaal == "professional"
    assert aanmelding.toestemmingen.get(doel="mdo").tekst_versie == "2026-11-prof-v1"


def test_coordinator_sees_a_likely_duplicate_and_closes_it_into_the_first(page, demo):
    """Issue 9, items 2 and 5: the inbox flags the same child registered twice, with a link to
    the other; intake closes the later one as "dubbele aanmelding"; notes are kept."""
    from tests.aanmelding.factories import AanmeldingFactory

    first = Aanmelding.objects.get(kind_first_name="Noor")
    later = AanmeldingFactory(
        gemeente=first.gemeente,
        professional=True,
        kind_first_name="Noor",
        kind_geboortedatum=first.kind_geboortedatum,
        postcode=first.postcode,
    )
    log_in(page, "coordinator@demo.ivh.nl", "ivh-demo-2026")
    page.get_by_role("link", name="Aanmeldingen").first.click()
    row = page.locator("tr", has=page.locator("td:first-child", has_text=later.reference))
    assert row.get_by_text("Mogelijk dubbel").is_visible()
    assert row.get_by_role("link", name=first.reference).is_visible()
    screenshot(page, "inbox-mogelijk-dubbel")

    row.get_by_role("link", name=later.reference).click()
    assert page.get_by_role("heading", name="Mogelijk dubbel").is_visible()
    page.get_by_label("Notities van de intake").fill("Zelfde kind, ook door het consultatiebureau.")
    page.get_by_role("button", name="Notities opslaan").click()
    assert page.get_by_text("De notities zijn opgeslagen").is_visible()
    assert (
        page.get_by_label("Referentie van de eerdere aanmelding").input_value() == first.reference
    )
    assert not (v := axe_violations(page)), describe(v)
    screenshot(page, "intake-mogelijk-dubbel")
    page.get_by_role("button", name="Afsluiten als dubbel").click()
    assert page.get_by_text(f"afgesloten als dubbel van {first.reference}").is_visible()
    assert page.get_by_text("telt niet mee in de cijfers").is_visible()
    assert not (v := axe_violations(page)), describe(v)
    screenshot(page, "intake-dubbel-afgesloten")
    later.refresh_from_db()
    assert later.duplicate_of == first and later.status == "dubbel"


def test_postcode_finder_shows_the_aanmeldpunt(phone_page, demo):
    page = phone_page
    page.goto(page.base_url + "/aanmelden/postcode/")
    page.get_by_label("Uw postcode").fill("4461")
    page.get_by_role("button", name="Zoeken").click()
    assert page.get_by_role("heading", name="Integrale Vroeghulp Zeeland (GGD)").is_visible()
    assert not (v := axe_violations(page)), describe(v)
    screenshot(page, "postcode-telefoon")
    page.get_by_label("Uw postcode").fill("12")
    page.get_by_role("button", name="Zoeken").click()
    assert page.get_by_text("Vul een Nederlandse postcode in").first.is_visible()
    assert not (v := axe_violations(page)), describe(v)
