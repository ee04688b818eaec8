"""The second factor: a TOTP code works once; a logged-in user who has not passed the second
factor reaches no staff page; wrong codes and wrong passwords lock for a while, and each lockout
lands in the security record and in the log with the login name only."""

import logging
import secrets

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from ivh.accounts.constants import SecurityEventKind
from ivh.accounts.decorators import otp_exempt
from ivh.accounts.middleware import TwoFactorMiddleware
from ivh.accounts.models import SecurityEvent
from ivh.audit.models import AccessLogEntry
from tests.aanmelding.factories import AanmeldingFactory
from tests.accounts.factories import PASSWORD
from tests.casemanagement.factories import TrajectFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
VERIFY = reverse("accounts:2fa_verify")
SETUP = reverse("accounts:2fa_setup")


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift):06d}"


def _password_only(user) -> Client:  # noqa: ANN001
    client = Client()
    assert client.post(LOGIN, {"username": user.email, "password": PASSWORD}).status_code == 302
    return client


# --- Replay -----------------------------------------------------------------------------------


def test_a_totp_code_is_refused_the_second_time(personas):
    user = personas.casemanager
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    code = _code(device)

    first = _password_only(user)
    assert first.post(VERIFY, {"token": code}).status_code == 302
    assert first.get(reverse("core:start")).status_code == 200

    # Someone who saw the code (over a shoulder, in a proxy log) and knows the password.
    second = _password_only(user)
    replay = second.post(VERIFY, {"token": code})
    assert replay.status_code == 200
    assert "Deze code klopt niet" in replay.content.decode()
    assert second.get(reverse("core:start")).status_code == 302


# --- Unverified sessions ------------------------------------------------------------------------


@pytest.fixture
def dossier(personas):
    return TrajectFactory(region=personas.region, casemanager=personas.casemanager)


def _staff_pages(personas, dossier) -> list[str]:  # noqa: ANN001
    aanmelding = AanmeldingFactory(gemeente=personas.gemeente)
    return [
        reverse("core:start"),
        reverse("aanmelding:inbox"),
        reverse("casemanagement:intake", args=[aanmelding.pk]),
        reverse("casemanagement:traject", args=[dossier.pk]),
        reverse("casemanagement:caseload"),
        reverse("monitor:overzicht"),
        reverse("audit:access_log"),
        reverse("accounts:account"),
        reverse("admin:index"),
        reverse("admin:accounts_user_changelist"),
    ]


def test_a_user_with_a_device_who_skipped_the_code_reaches_no_staff_page(personas, dossier):
    # Every role this region has, so nothing is refused for want of a role.
    user = personas.coordinator
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    client = _password_only(user)
    before = AccessLogEntry.objects.count()
    for path in _staff_pages(personas, dossier):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url.startswith(VERIFY), path
    # Nothing was shown, so nothing was logged as shown.
    assert AccessLogEntry.objects.count() == before


def test_an_unverified_user_cannot_post_an_action_either(personas, dossier):
    user = personas.casemanager
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    client = _password_only(user)
    action = reverse("casemanagement:traject_contact", args=[dossier.pk])
    contact = {
        "contact-datum": timezone.localdate().isoformat(),
        "contact-soort": "telefonisch",
        "contact-minuten": "10",
        "contact-notitie": "Gebeld",
    }
    response = client.post(action, contact)
    assert response.status_code == 302
    assert response.url.startswith(VERIFY)
    assert not dossier.contacten.exists()
    # The same post after the code goes through: it was the second factor that stopped it.
    assert client.post(VERIFY, {"token": _code(device)}).status_code == 302
    client.post(action, contact)
    assert dossier.contacten.count() == 1


@override_settings(IVH_REQUIRE_2FA=True)
def test_with_2fa_required_a_user_without_a_device_is_sent_to_set_one_up(personas, dossier):
    client = _password_only(personas.coordinator)
    for path in _staff_pages(personas, dossier):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url.startswith(SETUP), path


def test_the_middleware_lets_through_public_and_2fa_pages_only(personas):
    middleware = TwoFactorMiddleware(lambda request: HttpResponse())
    TOTPDevice.objects.create(user=personas.coordinator, name="app", confirmed=True)
    request = RequestFactory().get("/ergens/")
    request.user = personas.coordinator
    request.user.is_verified = lambda: False

    def staff_view(request):  # noqa: ANN001, ANN202
        return HttpResponse()

    def public_view(request):  # noqa: ANN001, ANN202
        return HttpResponse()

    public_view.login_required = False

    refused = middleware.process_view(request, staff_view, (), {})
    assert refused.status_code == 302 and refused.url == f"{VERIFY}?next=%2Fergens%2F"
    assert middleware.process_view(request, otp_exempt(lambda r: None), (), {}) is None
    assert middleware.process_view(request, public_view, (), {}) is None
    request.user.is_verified = lambda: True
    assert middleware.process_view(request, staff_view, (), {}) is None


# --- Lockouts ---------------------------------------------------------------------------------


def test_too_many_wrong_codes_lock_the_code_page_and_are_recorded_once(personas, settings, caplog):
    settings.IVH_2FA_RATE_PER_USER = "3/h"
    caplog.set_level(logging.INFO)
    user = personas.casemanager
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    address = "10.{}.{}.{}".format(*secrets.token_bytes(3))
    client = _password_only(user)
    wrong = "000000" if _code(device) != "000000" else "111111"

    statuses = [
        client.post(VERIFY, {"token": wrong}, REMOTE_ADDR=address).status_code for _ in range(3)
    ]
    locked = client.post(VERIFY, {"token": _code(device)}, REMOTE_ADDR=address)

    assert statuses == [200, 200, 200]
    assert locked.status_code == 429
    assert "Te veel foute codes" in locked.content.decode()
    assert client.get(reverse("core:start")).status_code == 302
    events = SecurityEvent.objects.filter(subject=user, kind=SecurityEventKind.TWO_FACTOR_LOCKED)
    assert events.count() == 1
    lines = [r.getMessage() for r in caplog.records if "locked" in r.getMessage().lower()]
    assert any(user.email in line for line in lines), lines
    assert all(address not in r.getMessage() for r in caplog.records)

    # Another account is not affected.
    other = personas.colleague_casemanager
    other_device = TOTPDevice.objects.create(user=other, name="app", confirmed=True)
    assert _password_only(other).post(VERIFY, {"token": _code(other_device)}).status_code == 302


def test_a_password_lockout_is_recorded_once_and_logged_with_the_login_name_only(
    client, personas, settings, caplog
):
    caplog.set_level(logging.INFO)
    user = personas.coordinator
    address = "10.{}.{}.{}".format(*secrets.token_bytes(3))
    for _ in range(settings.AXES_FAILURE_LIMIT + 2):
        client.post(LOGIN, {"username": user.email, "password": "verkeerd"}, REMOTE_ADDR=address)

    assert (
        SecurityEvent.objects.filter(subject=user, kind=SecurityEventKind.ACCOUNT_LOCKED).count()
        == 1
    )
    lockout_lines = [r.getMessage() for r in caplog.records if "lock" in r.getMessage().lower()]
    assert any(user.email in line for line in lockout_lines), lockout_lines
    for record in caplog.records:
        assert address not in record.getMessage()
        assert "verkeerd" not in record.getMessage()


def test_a_lockout_of_an_unknown_name_is_logged_but_files_nothing(client, personas, caplog):
    caplog.set_level(logging.WARNING)
    for _ in range(5):
        client.post(LOGIN, {"username": "niemand@example.org", "password": "verkeerd"})
    assert not SecurityEvent.objects.filter(kind=SecurityEventKind.ACCOUNT_LOCKED).exists()
    assert any(
        "niemand@example.org" in r.getMessage() and "locked" in r.getMessage().lower()
        for r in caplog.records
    )
