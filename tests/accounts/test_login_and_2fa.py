import secrets
import time

import pytest
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from ivh.accounts.constants import Role
from ivh.accounts.models import RoleAssignment
from tests.accounts.factories import PASSWORD, RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")


def _token(device: TOTPDevice, offset: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift + offset):06d}"


def test_staff_logs_in_with_email_in_any_case(client, personas):
    user = personas.coordinator
    response = client.post(LOGIN, {"username": user.email.upper(), "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("core:start")
    assert client.get(reverse("core:start")).status_code == 200


def test_wrong_password_shows_a_dutch_error_and_keeps_the_email(client, personas):
    response = client.post(LOGIN, {"username": personas.coordinator.email, "password": "fout"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Deze combinatie van e-mailadres en wachtwoord kennen we niet" in content
    assert personas.coordinator.email in content


def test_a_locked_out_account_stays_locked_even_with_the_right_password(client, personas):
    email = personas.casemanager.email
    for _ in range(5):
        client.post(LOGIN, {"username": email, "password": "verkeerd"})
    response = client.post(LOGIN, {"username": email, "password": PASSWORD})
    assert response.status_code == 429
    assert "Account tijdelijk geblokkeerd" in response.content.decode()
    assert client.get(reverse("core:start")).status_code == 302  # still not logged in
    # Another account from the same address is not affected.
    other = client.post(LOGIN, {"username": personas.coordinator.email, "password": PASSWORD})
    assert other.status_code == 302


@override_settings(IVH_REQUIRE_2FA=True)
def test_2fa_is_demanded_when_the_setting_is_on(client, personas):
    client.post(LOGIN, {"username": personas.coordinator.email, "password": PASSWORD})
    response = client.get(reverse("netwerk:sociale_kaart"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:2fa_setup"))


@override_settings(IVH_REQUIRE_2FA=False)
def test_2fa_is_optional_when_the_setting_is_off(client, personas):
    client.post(LOGIN, {"username": personas.coordinator.email, "password": PASSWORD})
    assert client.get(reverse("netwerk:sociale_kaart")).status_code == 200


@override_settings(IVH_REQUIRE_2FA=True)
def test_setting_up_2fa_with_a_correct_code_unlocks_the_pages(client, personas):
    # Only a session that came through an invitation or reset link may set up the first device
    # (tests/accounts/test_enrolment.py); here the grant is given as that link gives it.
    from ivh.accounts.enrolment import SESSION_KEY

    client.post(LOGIN, {"username": personas.coordinator.email, "password": PASSWORD})
    session = client.session
    session[SESSION_KEY] = {"user": personas.coordinator.pk, "until": int(time.time()) + 60}
    session.save()
    page = client.get(reverse("accounts:2fa_setup"))
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=personas.coordinator, confirmed=False)

    wrong = client.post(
        reverse("accounts:2fa_setup"),
        {"token": "000000" if _token(device) != "000000" else "111111"},
    )
    assert "Deze code klopt niet" in wrong.content.decode()
    time.sleep(1.1)  # django-otp makes a user wait a second after a wrong code

    response = client.post(reverse("accounts:2fa_setup"), {"token": _token(device)})
    assert response.status_code == 200  # the recovery codes, shown once
    assert "Uw herstelcodes" in response.content.decode()
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("netwerk:sociale_kaart")).status_code == 200


def test_a_user_with_a_device_must_enter_a_code_even_when_2fa_is_optional(client, personas):
    device = TOTPDevice.objects.create(user=personas.casemanager, name="app", confirmed=True)
    client.post(LOGIN, {"username": personas.casemanager.email, "password": PASSWORD})
    response = client.get(reverse("core:start"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:2fa_verify"))

    bad = client.post(reverse("accounts:2fa_verify"), {"token": "12ab56"})
    assert "of een herstelcode van 8 tekens" in bad.content.decode()

    ok = client.post(
        reverse("accounts:2fa_verify") + "?next=/netwerk/sociale-kaart/",
        {"token": _token(device), "next": "/netwerk/sociale-kaart/"},
    )
    assert ok.status_code == 302
    assert ok.url == "/netwerk/sociale-kaart/"
    assert client.get(reverse("core:start")).status_code == 200


def test_verify_refuses_a_redirect_to_another_site(client, personas):
    device = TOTPDevice.objects.create(user=personas.casemanager, name="app", confirmed=True)
    client.post(LOGIN, {"username": personas.casemanager.email, "password": PASSWORD})
    response = client.post(
        reverse("accounts:2fa_verify"), {"token": _token(device), "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert response.url == reverse("core:start")


def test_logout_ends_the_session(client, personas):
    client.post(LOGIN, {"username": personas.coordinator.email, "password": PASSWORD})
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("core:start")).status_code == 302


def test_sessions_expire_after_inactivity_and_live_in_the_database(settings):
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert 0 < settings.SESSION_COOKIE_AGE <= 60 * 60


def test_role_scope_is_enforced_by_the_database(personas):
    user = UserFactory()
    bad_rows = [
        {"role": Role.COORDINATOR},  # no region
        {"role": Role.CASEMANAGER, "region": personas.region},  # no organisation
        {
            "role": Role.MDO_EXPERT,
            "region": personas.region,
            "organisatie": personas.ziekenhuis,
        },  # no discipline
        {"role": Role.GEMEENTE, "region": personas.region},  # gemeente role needs a gemeente
        {"role": Role.BEHEERDER, "region": personas.region},  # beheer has no scope
    ]
    for row in bad_rows:
        with pytest.raises(IntegrityError), transaction.atomic():
            RoleAssignment.objects.create(user=user, **row)


def test_the_same_role_cannot_be_given_twice(personas):
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignmentFactory(user=personas.beheerder, beheerder=True)


def test_login_posts_from_one_address_are_rate_limited(client, personas, settings):
    settings.IVH_LOGIN_RATE_PER_IP = "3/m"
    # A fresh address per run: counters live in Redis for the length of the window.
    address = "10.{}.{}.{}".format(*secrets.token_bytes(3))
    statuses = [
        client.post(
            LOGIN, {"username": f"x{i}@example.org", "password": "x"}, REMOTE_ADDR=address
        ).status_code
        for i in range(5)
    ]
    assert statuses[:3] == [200, 200, 200]
    assert statuses[-1] == 429


def test_beheerder_role_gives_admin_rights_on_configuration_only(personas, login):
    beheerder = personas.beheerder
    beheerder.is_staff = True
    beheerder.save()
    assert beheerder.has_perm("netwerk.change_organisatie")
    assert beheerder.has_perm("audit.view_accesslogentry")
    assert not beheerder.has_perm("audit.delete_accesslogentry")
    assert not personas.coordinator.has_perm("netwerk.change_organisatie")
    client = login(beheerder)
    assert client.get("/beheer/netwerk/organisatie/").status_code == 200
    assert client.get("/beheer/accounts/user/").status_code == 200
