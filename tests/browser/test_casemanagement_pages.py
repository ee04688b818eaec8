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


# --- issue 9, item 6: several goals in one version; the parents agree again ------------------


def test_casemanager_adds_goals_and_an_action_in_one_go_and_the_parents_are_asked_again(
    page, browser, live_server, demo
):
    from casemanagement.outbox import PLAN_MAIL
    from ivh.outbox.models import OutboxMessage

    traject = Traject.objects.get(aanmelding__kind_first_name="Adam")
    traject.gezin.ouder_email = "ouder@example.org"
    traject.gezin.save()
    v1 = services.plan_current(traject.gezin)
    services.plan_record_agreement(
        versie=v1, traject=traject, by=traject.casemanager, wijze="gesprek"
    )
    goals_before = len(v1.doelen)
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    log_in(page, "casemanager1@demo.ivh.nl", "ivh-demo-2026")
    page.goto(page.base_url + f"/trajecten/{traject.pk}/plan/")
    # Said before saving, not after.
    assert page.get_by_role("heading", name="De ouders moeten opnieuw akkoord geven").is_visible()

    # Two more goals and one more action, added in the page (no round trip, nothing saved).
    rows = page.locator("[data-formset=doelen] [data-formset-row]")
    before = rows.count()
    page.evaluate("window.zelfdePagina = true")
    page.get_by_role("button", name="Nog een doel").click()
    page.get_by_role("button", name="Nog een doel").click()
    assert rows.count() == before + 2
    assert page.evaluate("window.zelfdePagina") is True  # added in the page, not sent
    assert page.locator("#id_doelen-TOTAL_FORMS").input_value() == str(before + 2)
    assert traject.gezin.plan.versies.count() == 1
    page.locator(f"#id_doelen-{before - 1}-omschrijving").fill("Adam slaapt de nacht door")
    page.locator(f"#id_doelen-{before - 1}-domein").select_option("slapen_eten")
    page.locator(f"#id_doelen-{before}-omschrijving").fill("Adam wijst aan wat hij wil")
    page.locator(f"#id_doelen-{before + 1}-omschrijving").fill("Adam speelt even alleen")
    page.locator(f"#id_doelen-{before + 1}-domein").select_option("sociaal_emotioneel")
    acties = page.locator("[data-formset=acties] [data-formset-row]")
    n_acties = acties.count()
    page.get_by_role("button", name="Nog een actie").click()
    new = acties.nth(n_acties)
    new.get_by_label("Wat").fill("Elke avond samen een boekje lezen")
    new.get_by_label("Wie").select_option("ouders")
    page.locator("#id_plan-wijziging").fill("Drie doelen en een actie erbij")
    assert not (v := axe_violations(page)), describe(v)
    screenshot(page, "plan-meer-doelen")
    page.get_by_role("button", name="Plan opslaan").click()

    assert page.get_by_text("Versie 2 van het plan is opgeslagen").is_visible()
    assert page.get_by_text("De ouders moeten opnieuw akkoord geven").is_visible()
    screenshot(page, "plan-opgeslagen-akkoord-opnieuw")
    versies = list(traject.gezin.plan.versies.order_by("nummer"))
    assert [v.nummer for v in versies] == [1, 2]  # one version for all of it
    doelen = [d["omschrijving"] for d in versies[1].doelen]
    assert len(doelen) == goals_before + 3
    assert doelen[-3:] == [
        "Adam slaapt de nacht door",
        "Adam wijst aan wat hij wil",
        "Adam speelt even alleen",
    ]
    assert versies[1].acties[-1]["wat"] == "Elke avond samen een boekje lezen"
    assert OutboxMessage.objects.filter(kind=PLAN_MAIL, context__versie_id=versies[1].pk).exists()
    assert not [text for text in console if "Content Security Policy" in text], console

    # The parent, on a phone, is asked to agree to the new version.
    context = browser.new_context(
        viewport={"width": 360, "height": 780}, locale="nl-NL", is_mobile=True, has_touch=True
    )
    phone = context.new_page()
    _link, token = services.ouderlink_create(
        gezin=traject.gezin, by=traject.casemanager, email="ouder@example.org"
    )
    phone.goto(live_server.url + f"/ouder/{token}/")
    assert phone.get_by_text("Er is een nieuwe versie van het plan.").is_visible()
    assert phone.get_by_text("Adam speelt even alleen").is_visible()
    assert not (v := axe_violations(phone)), describe(v)
    screenshot(phone, "ouder-nieuwe-planversie-telefoon")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.get_by_role("button", name="Ik ben akkoord met dit plan").click()
    assert phone.get_by_text("akkoord gegaan met dit plan").first.is_visible()
    assert hasattr(services.plan_current(traject.gezin), "akkoord")
    context.close()


def test_without_javascript_nog_een_doel_shows_the_form_again_with_an_empty_row(
    browser, live_server, demo
):
    traject = Traject.objects.get(aanmelding__kind_first_name="Adam")
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="nl-NL", java_script_enabled=False
    )
    page = context.new_page()
    page.base_url = live_server.url
    log_in(page, "casemanager1@demo.ivh.nl", "ivh-demo-2026")
    page.goto(page.base_url + f"/trajecten/{traject.pk}/plan/")
    rows = page.locator("[data-formset=doelen] [data-formset-row]")
    before = rows.count()
    page.locator(f"#id_doelen-{before - 1}-omschrijving").fill("Adam slaapt de nacht door")
    page.get_by_role("button", name="Nog een doel").click()
    assert rows.count() == before + 1
    assert page.locator(f"#id_doelen-{before - 1}-omschrijving").input_value() == (
        "Adam slaapt de nacht door"
    )
    assert page.locator(f"#id_doelen-{before}-omschrijving").input_value() == ""
    assert not page.get_by_text("Er ging iets mis").count()
    assert traject.gezin.plan.versies.count() == 1  # nothing saved yet
    page.locator(f"#id_doelen-{before}-omschrijving").fill("Adam wijst aan wat hij wil")
    screenshot(page, "plan-zonder-javascript")
    page.get_by_role("button", name="Plan opslaan").click()
    assert page.get_by_text("Versie 2 van het plan is opgeslagen").is_visible()
    doelen = [d["omschrijving"] for d in services.plan_current(traject.gezin).doelen]
    assert doelen[-2:] == ["Adam slaapt de nacht door", "Adam wijst aan wat hij wil"]
    context.close()


# --- issue 9, item 7: who opened the file, grouped, on the parents' phone --------------------


def test_parent_sees_who_opened_the_file_grouped_per_person_and_day_on_a_phone(phone_page, demo):
    from datetime import timedelta

    from ivh.audit.models import AccessLogEntry

    page = phone_page
    traject = Traject.objects.get(aanmelding__kind_first_name="Adam")
    cm = traject.casemanager
    kind = traject.gezin.kinderen.first()
    base = timezone.now().replace(microsecond=0)
    # Ten minutes of normal work: 27 page views by the casemanager today, a few yesterday.
    AccessLogEntry.objects.bulk_create(
        AccessLogEntry(
            at=at,
            user=cm,
            actor_label=cm.email,
            role="Casemanager",
            organisatie_name="MEE (demo)",
            action="view",
            object_type="casemanagement.traject",
            object_id=str(traject.pk),
            client_ref=kind.reference,
        )
        for at in [base - timedelta(seconds=20 * i) for i in range(1, 28)]
        + [base - timedelta(days=1, minutes=i) for i in range(3)]
    )
    _link, token = services.ouderlink_create(
        gezin=traject.gezin, by=cm, email=traject.gezin.ouder_email or "ouder@example.org"
    )
    page.goto(page.base_url + f"/ouder/{token}/")
    section = page.locator("section", has=page.get_by_role("heading", name="Wie heeft uw dossier"))
    lines = section.locator("details")
    today = timezone.localdate()
    assert section.get_by_text(f"{cm.full_name}, casemanager, 27× op").is_visible()
    assert section.get_by_text(f"{cm.full_name}, casemanager, 3× op").is_visible()
    # A line per person and day: the parents' own visit, today, yesterday. Newest first.
    texts = [lines.nth(i).locator("summary").inner_text() for i in range(lines.count())]
    assert len(texts) == 3, texts
    assert texts[0].startswith("U zelf (via deze link)") and "27×" in texts[1] and "3×" in texts[2]
    assert str(today.day) in texts[1]
    # The times on request.
    times = lines.nth(1).get_by_text("Tijden")
    assert not times.is_visible()
    lines.nth(1).locator("summary").click()
    assert times.is_visible()
    assert times.inner_text().count(":") == 1 + 27
    section.scroll_into_view_if_needed()
    assert not (v := axe_violations(page)), describe(v)
    screenshot(page, "ouder-wie-heeft-geopend-telefoon")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
