"""The coordinator plans an MDO with two families and invites experts; the expert reads the
agenda and records advice; the casemanager takes the advice into the plan."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from casemanagement.constants import Fase
from casemanagement.models import Traject
from casemanagement.services import plan_current, traject_set_fase
from ivh.accounts.models import User
from mdo.models import Mdo

from .conftest import axe_violations, describe, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db: None) -> None:
    call_command("seed_demo")


def _new_page(browser, live_server):  # noqa: ANN001, ANN202
    page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL").new_page()
    page.set_default_timeout(15000)
    page.base_url = live_server.url
    return page


def test_coordinator_plans_expert_advises_casemanager_takes_it_into_the_plan(
    page, browser, live_server, demo
):
    adam = Traject.objects.get(aanmelding__kind_first_name="Adam")
    tweede = Traject.objects.get(aanmelding__kind_first_name="Eva")
    eva = User.objects.get(email="expert@demo.ivh.nl")
    joost = User.objects.get(email="logopedist@demo.ivh.nl")
    versie_voor = plan_current(adam.gezin).nummer
    # Their casemanagers ask for an MDO: only families waiting for one are offered.
    for traject in (adam, tweede):
        traject_set_fase(traject=traject, by=traject.casemanager, fase=Fase.MDO)

    log_in(page, "coordinator@demo.ivh.nl", "ivh-demo-2026")
    page.get_by_role("link", name="MDO's").first.click()
    assert page.get_by_role(
        "heading", name="Wachtlijst: gezinnen die een MDO nodig hebben"
    ).is_visible()
    assert not (v := axe_violations(page)), describe(v)
    screenshot(page, "mdo-overzicht")

    page.get_by_role("link", name="MDO plannen").click()
    day = timezone.localdate() + timedelta(days=3)
    page.locator("#id_datum").fill(day.isoformat())
    page.locator("#id_tijd").fill("10:00")
    page.locator("#id_locatie").fill("CJG Centrum, zaal 2")
    page.get_by_role("button", name="MDO plannen").click()
    assert page.get_by_text("Het MDO is gepland").is_visible()

    for traject, vraag, disciplines in (
        (adam, "Wat is er nodig voor het contact maken van Adam?", ["Kinderarts", "Logopedist"]),
        (tweede, "Welke hulp past bij dit gezin?", ["Kinderarts"]),
    ):
        page.get_by_text("Gezin op de agenda zetten").click()
        page.locator("#id_punt-traject").select_option(str(traject.pk))
        page.get_by_label("Vraag aan het team").fill(vraag)
        for label in disciplines:
            page.get_by_label(label, exact=True).check()
        page.get_by_role("button", name="Op de agenda zetten").click()
        assert page.get_by_text("Het gezin staat op de agenda").is_visible()

    # Both disciplines are uncovered, with the region's experts proposed.
    assert page.get_by_text("Nog niet gedekt").is_visible()
    assert page.get_by_text("Eva Visser").first.is_visible()
    for expert in (eva, joost):
        page.locator("#id_expert-expert").select_option(str(expert.pk))
        page.get_by_role("button", name="Deskundige uitnodigen").click()
        assert page.get_by_text("krijgt een uitnodiging per e-mail").is_visible()
    assert page.get_by_text("Alle nodige disciplines zijn uitgenodigd").is_visible()
    assert not (v := axe_violations(page)), describe(v)
    screenshot(page, "mdo-planning")
    mdo = Mdo.objects.get(starts_at__date=day, locatie="CJG Centrum, zaal 2")
    assert mdo.agendapunten.count() == 2

    expert_page = _new_page(browser, live_server)
    log_in(expert_page, "expert@demo.ivh.nl", "ivh-demo-2026")
    expert_page.get_by_role("link", name="MDO's").first.click()
    expert_page.locator(f"a[href='/mdo/{mdo.pk}/']").click()
    expert_page.get_by_role("button", name="Ik kom").click()
    expert_page.get_by_role("link", name=adam.gezin.reference).click()
    assert expert_page.get_by_text("Adam maakt weinig contact").is_visible()
    expert_page.get_by_label("Advies van het team").fill("Gehoor laten testen; daarna logopedie.")
    expert_page.get_by_label("Afgesproken actie (wat)").fill("Gehoortest bij de audiologie")
    expert_page.get_by_role("button", name="Advies opslaan").click()
    assert expert_page.get_by_text("Het advies is opgeslagen").is_visible()
    assert not (v := axe_violations(expert_page)), describe(v)
    screenshot(expert_page, "mdo-advies-expert")
    expert_page.context.close()

    cm_page = _new_page(browser, live_server)
    log_in(cm_page, "casemanager1@demo.ivh.nl", "ivh-demo-2026")
    cm_page.goto(live_server.url + f"/mdo/{mdo.pk}/")
    assert cm_page.get_by_text("Ander gezin").is_visible()  # the other family is not theirs
    cm_page.get_by_role("link", name=adam.gezin.reference).click()
    cm_page.get_by_role("button", name="In het plan zetten").click()
    assert cm_page.get_by_text("De actie staat nu in het plan van het gezin").is_visible()
    screenshot(cm_page, "mdo-advies-casemanager")
    cm_page.context.close()

    plan = plan_current(adam.gezin)
    assert plan.nummer == versie_voor + 1
    assert plan.acties[-1]["wat"] == "Gehoortest bij de audiologie"


def test_the_answer_page_works_on_a_phone(phone_page, demo):
    from mdo.tokens import antwoord_token

    ouders = Mdo.objects.get(status="gepland").deelnemers.get(soort="ouder")
    page = phone_page
    page.goto(page.base_url + f"/mdo/antwoord/{antwoord_token(ouders)}/")
    assert page.get_by_role(
        "heading", name="Uitnodiging voor het gesprek over uw kind"
    ).is_visible()
    assert not (v := axe_violations(page)), describe(v)
    page.get_by_role("button", name="Ik kom").click()
    assert page.get_by_text("Uw antwoord is opgeslagen").is_visible()
    screenshot(page, "mdo-antwoord-telefoon")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    ouders.refresh_from_db()
    assert ouders.antwoord == "komt"


def test_coordinator_moves_an_mdo_and_sees_who_has_not_answered_the_new_time(
    page, browser, live_server, demo
):
    from ivh.core.werkdagen import is_werkdag
    from ivh.outbox.models import OutboxMessage
    from mdo import services

    mdo = Mdo.objects.get(status="gepland")
    ouders = mdo.deelnemers.get(soort="ouder")
    reference = ouders.agendapunt.traject.gezin.reference
    staff = list(mdo.deelnemers.exclude(soort="ouder"))
    # Everyone had said they would come to the old time.
    for deelnemer in [ouders, *staff]:
        services.deelnemer_answer(deelnemer=deelnemer, antwoord="komt")
    expert = mdo.deelnemers.get(user__email="expert@demo.ivh.nl")

    log_in(page, "coordinator@demo.ivh.nl", "ivh-demo-2026")
    page.goto(page.base_url + f"/mdo/{mdo.pk}/")
    assert page.get_by_text("Ouders uitgenodigd: Komt").is_visible()
    assert page.locator("#zonder-antwoord").count() == 0
    page.get_by_role("link", name="Tijd of plaats wijzigen").click()
    assert page.get_by_text("dan vervallen alle antwoorden").is_visible()
    new_day = timezone.localtime(mdo.starts_at).date() + timedelta(days=1)
    while not is_werkdag(new_day):
        new_day += timedelta(days=1)
    page.locator("#id_datum").fill(new_day.isoformat())
    page.locator("#id_tijd").fill("09:30")
    page.get_by_role("button", name="Wijziging opslaan").click()
    assert page.get_by_text("Het MDO is gewijzigd").is_visible()

    waiting = page.locator("#zonder-antwoord")
    assert waiting.get_by_text("Nog geen antwoord op de nieuwe tijd").is_visible()
    for deelnemer in staff:
        assert deelnemer.name in waiting.inner_text()
    assert f"ouders van {reference}" in waiting.inner_text()
    assert page.get_by_text("Ouders uitgenodigd: Nog geen antwoord").is_visible()
    assert not (v := axe_violations(page)), describe(v)
    screenshot(page, "mdo-verplaatst-coordinator")
    # One update per person for this change, asking again.
    mdo.refresh_from_db()
    keys = OutboxMessage.objects.filter(key__startswith="mdo.uitnodiging:").values_list(
        "key", flat=True
    )
    assert {f"mdo.uitnodiging:{d.pk}:{mdo.sequence}" for d in [ouders, *staff]} <= set(keys)

    page.get_by_role("link", name="MDO's").first.click()
    assert page.get_by_text("Verplaatst; nog geen antwoord op de nieuwe tijd:").is_visible()
    assert not (v := axe_violations(page)), describe(v)
    screenshot(page, "mdo-verplaatst-overzicht")

    # The expert is asked again and answers for the new time.
    expert_page = _new_page(browser, live_server)
    log_in(expert_page, "expert@demo.ivh.nl", "ivh-demo-2026")
    expert_page.goto(live_server.url + f"/mdo/{mdo.pk}/")
    assert expert_page.get_by_text("De tijd of plaats is veranderd").is_visible()
    assert expert_page.locator("#zonder-antwoord").count() == 0
    screenshot(expert_page, "mdo-verplaatst-expert")
    expert_page.get_by_role("button", name="Ik kom").click()
    assert expert_page.get_by_text("Uw antwoord is opgeslagen").is_visible()
    expert_page.context.close()

    page.goto(page.base_url + f"/mdo/{mdo.pk}/")
    assert expert.name not in page.locator("#zonder-antwoord").inner_text()
    assert f"ouders van {reference}" in page.locator("#zonder-antwoord").inner_text()
    screenshot(page, "mdo-verplaatst-na-antwoord")


def test_coordinator_sees_a_closed_family_on_the_agenda_as_a_problem_and_takes_it_off(page, demo):
    from casemanagement.services import traject_close

    mdo = Mdo.objects.get(status="gepland")
    item = mdo.agendapunten.get()
    traject = item.traject
    traject_close(
        traject=traject,
        by=traject.casemanager,
        reden="verhuisd",
        doelen_behaald="deels",
        toelichting="",
    )
    log_in(page, "coordinator@demo.ivh.nl", "ivh-demo-2026")
    page.goto(page.base_url + "/mdo/")
    assert page.get_by_text("1 gezin kan niet besproken worden").is_visible()
    page.goto(page.base_url + f"/mdo/{mdo.pk}/")
    assert page.get_by_text("1 gezin op de agenda kan niet besproken worden").is_visible()
    assert page.get_by_text("Het traject van dit gezin is afgesloten.").is_visible()
    assert page.get_by_text("Ouders uitgenodigd: ").count() == 0
    assert not (v := axe_violations(page)), describe(v)
    screenshot(page, "mdo-probleem-op-agenda")
    page.get_by_role("button", name=f"Van de agenda halen – {traject.gezin.reference}").click()
    assert page.get_by_text("Het gezin staat niet meer op de agenda").is_visible()
    assert not mdo.agendapunten.exists()


def test_planning_on_a_weekend_or_christmas_warns_before_and_after_saving(page, demo):
    from datetime import date

    from ivh.core.werkdagen import is_werkdag

    today = timezone.localdate()
    christmas = date(today.year, 12, 25)
    if christmas <= today + timedelta(days=1):
        christmas = date(today.year + 1, 12, 25)
    saturday = today + timedelta(days=2)
    saturday += timedelta(days=(5 - saturday.weekday()) % 7)
    werkdag = today + timedelta(days=2)
    while not is_werkdag(werkdag):
        werkdag += timedelta(days=1)

    log_in(page, "coordinator@demo.ivh.nl", "ivh-demo-2026")
    page.goto(page.base_url + "/mdo/nieuw/")
    warning = page.locator("#datum-waarschuwing")
    assert warning.is_hidden()
    page.locator("#id_datum").fill(saturday.isoformat())
    assert warning.is_visible() and "zaterdag" in warning.inner_text()
    page.locator("#id_datum").fill(werkdag.isoformat())
    assert warning.is_hidden()
    page.locator("#id_datum").fill(christmas.isoformat())
    assert "geen werkdag (Eerste kerstdag)" in warning.inner_text()
    assert not (v := axe_violations(page)), describe(v)
    screenshot(page, "mdo-plannen-kerstdag")

    page.locator("#id_tijd").fill("10:00")
    page.locator("#id_locatie").fill("CJG Centrum, zaal 2")
    page.get_by_role("button", name="MDO plannen").click()
    assert page.get_by_text("Het MDO is gepland").is_visible()
    assert page.get_by_text("is geen werkdag (Eerste kerstdag)").first.is_visible()
    # Recording it as held is not offered before it starts.
    assert page.get_by_role("link", name="MDO vastleggen als gehouden").count() == 0
    assert page.get_by_text("Vanaf het begin van het overleg").is_visible()
    screenshot(page, "mdo-gepland-kerstdag")
