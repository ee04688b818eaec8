"""A person opens the pages in Chromium: public pages, login per demo role, 2FA, sociale kaart."""

import pytest
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from ivh.accounts.models import User

from .conftest import axe_violations, describe, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "ivh-demo-2026"


@pytest.fixture
def demo(transactional_db: None) -> None:
    call_command("seed_demo")


def test_public_home_and_login_have_no_accessibility_violations(page):
    page.goto(page.base_url + "/")
    assert page.get_by_role("heading", name="Integrale Vroeghulp").is_visible()
    assert not (v := axe_violations(page)), describe(v)
    screenshot(page, "home")
    page.get_by_role("link", name="Inloggen").click()
    assert page.get_by_role("heading", name="Inloggen").is_visible()
    assert not (v := axe_violations(page)), describe(v)
    screenshot(page, "login")


def test_login_error_is_shown_in_dutch_and_accessible(page, demo):
    log_in(page, "coordinator@demo.ivh.nl", "verkeerd-wachtwoord")
    assert page.get_by_text(
        "Deze combinatie van e-mailadres en wachtwoord kennen we niet"
    ).first.is_visible()
    assert page.get_by_label("E-mailadres").input_value() == "coordinator@demo.ivh.nl"
    assert not (v := axe_violations(page)), describe(v)
    screenshot(page, "login-error")


@pytest.mark.parametrize(
    "email, heading",
    [
        ("coordinator@demo.ivh.nl", "Regio Haaglanden"),
        ("casemanager1@demo.ivh.nl", "MEE Zuid-Holland (demo) – Haaglanden"),
        ("expert@demo.ivh.nl", "Kinderarts, Ziekenhuis Haaglanden, kindergeneeskunde (demo)"),
        ("gemeente@demo.ivh.nl", "'s-Gravenhage (GM0518)"),
        ("beheer@demo.ivh.nl", "Beheer"),
        ("coordinator.zeeland@demo.ivh.nl", "Regio Zeeland"),
    ],
)
def test_each_demo_account_logs_in_and_sees_its_start_page(page, demo, email, heading):
    log_in(page, email, DEMO_PASSWORD)
    page.wait_for_url("**/start/")
    assert page.get_by_role("heading", name=heading).is_visible()
    assert not (v := axe_violations(page)), describe(v)
    screenshot(page, "start-" + email.split("@")[0])


def test_coordinator_finds_and_edits_an_organisation_on_the_sociale_kaart(page, demo):
    log_in(page, "coordinator@demo.ivh.nl", DEMO_PASSWORD)
    # The coordinator's sociale kaart sits in the "Netwerk" menu.
    page.get_by_role("button", name="Netwerk", exact=True).click()
    page.get_by_role("link", name="Sociale kaart").first.click()
    page.get_by_label("Discipline").select_option("logopedist")
    page.get_by_role("button", name="Zoeken").click()
    assert page.get_by_role("link", name="Logopediepraktijk Het Praatje (demo)").is_visible()
    assert page.get_by_role("link", name="GGD Zeeland (demo)").count() == 0
    assert not (v := axe_violations(page)), describe(v)
    screenshot(page, "sociale-kaart")

    page.get_by_role("link", name="Logopediepraktijk Het Praatje (demo)").click()
    page.get_by_role("link", name="Bewerken").click()
    page.get_by_label("Gemelde wachttijd (weken)").first.fill("5")
    assert not (v := axe_violations(page)), describe(v)
    screenshot(page, "organisatie-bewerken")
    page.get_by_role("button", name="Opslaan").click()
    assert page.get_by_text("zijn opgeslagen").is_visible()
    assert page.get_by_text("5 weken").first.is_visible()


def test_2fa_setup_needs_an_invitation_not_just_a_password(page, demo, settings):
    import re

    from django.core import mail
    from django_otp.oath import totp

    from ivh.accounts.services import staff_invitation_send
    from ivh.outbox.models import OutboxMessage
    from ivh.outbox.services import outbox_send

    settings.IVH_REQUIRE_2FA = True
    # With only the password, nobody can set up the second factor.
    log_in(page, "casemanager2@demo.ivh.nl", DEMO_PASSWORD)
    assert page.get_by_text("nieuwe uitnodiging").first.is_visible()
    assert not TOTPDevice.objects.filter(user__email="casemanager2@demo.ivh.nl").exists()
    page.context.clear_cookies()

    user = User.objects.get(email="casemanager2@demo.ivh.nl")
    link = staff_invitation_send(user=user, by=User.objects.get(email="beheer@demo.ivh.nl"))
    outbox_send(message_id=OutboxMessage.objects.get(key=f"accounts.link.{link.pk}").pk)
    path = re.search(r"/account/link/\S+/", mail.outbox[-1].body).group(0)
    page.goto(page.base_url + path)
    assert not (v := axe_violations(page)), describe(v)
    page.locator("#id_new_password1").fill("Paardenbloem-Zonnig-2026")
    page.locator("#id_new_password2").fill("Paardenbloem-Zonnig-2026")
    page.get_by_role("button", name="Wachtwoord opslaan").click()
    page.wait_for_url("**/tweestapsverificatie/instellen/**")
    assert page.locator(".qr-code svg").is_visible()
    assert not (v := axe_violations(page)), describe(v)
    screenshot(page, "2fa-instellen")
    device = TOTPDevice.objects.get(user=user)
    page.get_by_label("Code uit uw authenticator-app").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Bevestigen").click()
    assert page.get_by_role("heading", name="Uw herstelcodes").is_visible()
    assert page.get_by_text("Tweestapsverificatie staat aan").is_visible()
    assert page.locator("#herstelcodes li").count() == 10
    assert not (v := axe_violations(page)), describe(v)
    screenshot(page, "2fa-herstelcodes")
    page.get_by_role("link", name="Ik heb de codes bewaard").click()
    page.wait_for_url("**/start/")


def test_the_admin_answers_a_user_without_admin_rights_with_the_friendly_403_page(page, demo):
    log_in(page, "coordinator@demo.ivh.nl", DEMO_PASSWORD)
    page.wait_for_url("**/start/")
    # Before the fix: ERR_TOO_MANY_REDIRECTS (the admin and the login page sent the user back
    # and forth), which Playwright raises as an error here.
    response = page.goto(page.base_url + "/beheer/")
    assert response is not None and response.status == 403
    assert page.get_by_role("heading", name="Geen toegang").is_visible()
    assert page.get_by_role("link", name="Naar de startpagina").is_visible()
    assert not (v := axe_violations(page)), describe(v)
    screenshot(page, "beheer-geen-toegang")


def test_the_beheerder_sees_the_admin_in_dutch(page, demo):
    beheerder = User.objects.get(email="beheer@demo.ivh.nl")
    if not beheerder.is_staff:
        beheerder.is_staff = True
        beheerder.save(update_fields=["is_staff"])
    log_in(page, "beheer@demo.ivh.nl", DEMO_PASSWORD)
    page.wait_for_url("**/start/")
    page.goto(page.base_url + "/beheer/")
    body = page.locator("body").inner_text()
    for english in ("AXES", "Access attempts", "PERIODIC TASKS", "Clocked", "Solar events"):
        assert english.lower() not in body.lower()
    assert "GEPLANDE TAKEN" in body.upper()
    screenshot(page, "beheer-index")
