"""Sessions end on the server: after 30 minutes without activity and 12 hours after the login,
whatever the browser keeps. Logging in gives a new session id. The page warns before the
inactivity limit and "Blijf ingelogd" keeps the session (but not past the 12 hours)."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ivh.accounts.sessions import LOGIN_AT
from tests.accounts.factories import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
START = reverse("core:start")
STATUS = reverse("accounts:session_status")
EXTEND = reverse("accounts:session_extend")


def _logged_in(client: Client, user) -> None:  # noqa: ANN001
    response = client.post(LOGIN, {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302


def _is_logged_out(response) -> bool:  # noqa: ANN001
    return response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_logging_in_gives_the_session_a_new_id(client, personas):
    client.get(LOGIN)  # an anonymous session with a key the visitor (or an attacker) knows
    session = client.session
    session["voor_het_inloggen"] = True
    session.save()
    before = session.session_key
    assert Session.objects.filter(session_key=before).exists()

    _logged_in(client, personas.coordinator)

    after = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()
    assert client.get(START).status_code == 200


def test_the_session_ends_after_30_minutes_without_activity(client, personas, settings):
    # The cookie and the session row would live a day: the middleware alone ends the session.
    settings.SESSION_COOKIE_AGE = 24 * 3600
    assert settings.IVH_SESSION_IDLE_SECONDS == 30 * 60
    with time_machine.travel(timezone.now(), tick=False) as clock:
        _logged_in(client, personas.coordinator)
        clock.shift(timedelta(minutes=29))
        assert client.get(START).status_code == 200  # activity: the 30 minutes start again
        clock.shift(timedelta(minutes=29))
        assert client.get(START).status_code == 200
        clock.shift(timedelta(minutes=30, seconds=1))
        response = client.get(START)
    assert _is_logged_out(response)
    # Ended on the server: the old cookie does not come back to life.
    assert _is_logged_out(client.get(START))
    page = client.get(response.url)
    assert "U bent automatisch uitgelogd" in page.content.decode()


def test_the_session_ends_12_hours_after_the_login_however_active(client, personas, settings):
    settings.SESSION_COOKIE_AGE = 24 * 3600
    with time_machine.travel(timezone.now(), tick=False) as clock:
        _logged_in(client, personas.coordinator)
        for _ in range(35):  # every 20 minutes for 11 h 40 min
            clock.shift(timedelta(minutes=20))
            assert client.get(START).status_code == 200
        clock.shift(timedelta(minutes=19))  # 11 h 59 min
        assert client.get(START).status_code == 200
        clock.shift(timedelta(minutes=1))  # 12 h
        assert _is_logged_out(client.get(START))


def test_asking_how_long_is_left_does_not_keep_the_session_alive(client, personas):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        _logged_in(client, personas.coordinator)
        clock.shift(timedelta(minutes=20))
        status = client.get(STATUS)
        assert status.json() == {"remaining": 10 * 60, "warning": 5 * 60}
        clock.shift(timedelta(minutes=10, seconds=1))
        assert _is_logged_out(client.get(START))


def test_blijf_ingelogd_counts_as_activity_but_not_past_the_absolute_limit(client, personas):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        _logged_in(client, personas.coordinator)
        clock.shift(timedelta(minutes=26))
        assert client.post(EXTEND).json()["remaining"] == 30 * 60
        clock.shift(timedelta(minutes=26))  # 52 minutes after the login, 26 after the click
        assert client.get(START).status_code == 200

        for _ in range(33):  # active every 20 minutes until 11 h 52 min after the login
            clock.shift(timedelta(minutes=20))
            assert client.get(START).status_code == 200
        assert client.post(EXTEND).json()["remaining"] == 8 * 60
        clock.shift(timedelta(minutes=8))
        assert _is_logged_out(client.get(START))


def test_the_extend_endpoint_needs_a_session_a_post_and_a_csrf_token(client, personas):
    assert _is_logged_out(client.post(EXTEND))
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(personas.coordinator)
    assert csrf_client.get(EXTEND).status_code == 405
    assert csrf_client.post(EXTEND).status_code == 403


def test_a_session_without_a_login_stamp_is_ended(client, personas):
    _logged_in(client, personas.coordinator)
    session = client.session
    del session[LOGIN_AT]
    session.save()
    assert _is_logged_out(client.get(START))


def test_the_page_carries_the_warning_with_the_seconds_left(client, personas):
    with time_machine.travel(timezone.now(), tick=False):
        _logged_in(client, personas.coordinator)
        content = client.get(START).content.decode()
    assert 'id="sessie-waarschuwing"' in content
    assert 'data-remaining="1800"' in content
    assert 'data-warning="300"' in content
    assert f'data-status-url="{STATUS}"' in content
    assert f'data-extend-url="{EXTEND}"' in content
    assert "Blijf ingelogd" in content
    assert "js/sessie.js" in content


def test_public_pages_carry_no_warning_for_visitors(client):
    content = client.get(reverse("aanmelding:aanmelden")).content.decode()
    assert "sessie-waarschuwing" not in content
    assert "sessie.js" not in content


def test_the_warning_works_before_the_second_factor_too(client, personas):
    # On the 2FA page itself the script must get an answer, not a redirect to that same page.
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=personas.coordinator, name="app", confirmed=True)
    _logged_in(client, personas.coordinator)
    assert client.get(START).url.startswith(reverse("accounts:2fa_verify"))
    assert client.get(STATUS).json()["remaining"] == 30 * 60
