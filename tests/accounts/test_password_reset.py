"""'Wachtwoord vergeten?': the same answer for every address, rate limited per requester and
per address, recorded as a security event for a known account."""

import secrets

import pytest
from django.urls import reverse

from ivh.accounts.constants import SecurityEventKind
from ivh.accounts.models import AccountLink, SecurityEvent, User
from ivh.outbox.models import OutboxMessage
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

RESET = reverse("accounts:password_reset")
SENT = reverse("accounts:password_reset_sent")


def fresh_ip() -> str:
    # Counters live in Redis for the length of the window: a fresh address per test run.
    return "10.{}.{}.{}".format(*secrets.token_bytes(3))


def test_the_answer_is_the_same_for_known_and_unknown_addresses(client, personas):
    ip = fresh_ip()
    known = client.post(RESET, {"email": personas.coordinator.email}, REMOTE_ADDR=ip)
    unknown = client.post(RESET, {"email": "niemand@example.org"}, REMOTE_ADDR=ip)
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url == SENT
    page = client.get(SENT).content.decode()
    assert "Als dit adres bij ons bekend is, krijgt u een e-mail" in page

    message = OutboxMessage.objects.get()
    assert message.kind == "accounts.wachtwoord_herstel"
    assert message.recipient == personas.coordinator.email
    event = SecurityEvent.objects.get(kind=SecurityEventKind.PASSWORD_RESET_REQUESTED)
    assert event.subject == personas.coordinator
    assert event.actor is None
    assert event.ip_address == ip


def test_inactive_accounts_and_accounts_without_a_password_get_nothing(client):
    UserFactory(email="weg@example.org", is_active=False)
    User.objects.create_user("uitgenodigd@example.org", None, full_name="Nog niet begonnen")
    for email in ("weg@example.org", "uitgenodigd@example.org"):
        response = client.post(RESET, {"email": email}, REMOTE_ADDR=fresh_ip())
        assert response.url == SENT
    assert not OutboxMessage.objects.exists()
    assert not AccountLink.objects.exists()


def test_one_address_gets_a_few_links_at_most_and_nobody_can_tell(client, settings):
    settings.IVH_PASSWORD_RESET_RATE_PER_ADDRESS = "2/h"
    user = UserFactory(email=f"vaak-{secrets.token_hex(4)}@example.org")
    answers = [
        client.post(RESET, {"email": user.email.upper()}, REMOTE_ADDR=fresh_ip()).url
        for _ in range(4)
    ]
    assert answers == [SENT] * 4
    assert AccountLink.objects.filter(user=user).count() == 2
    assert OutboxMessage.objects.count() == 2


def test_one_requester_is_refused_after_too_many_requests(client, settings):
    settings.IVH_LOGIN_RATE_PER_IP = "3/h"
    ip = fresh_ip()
    statuses = [
        client.post(RESET, {"email": f"x{i}@example.org"}, REMOTE_ADDR=ip).status_code
        for i in range(5)
    ]
    assert statuses[:3] == [302, 302, 302]
    assert statuses[-1] == 429


def test_the_login_page_offers_the_reset(client):
    page = client.get(reverse("accounts:login")).content.decode()
    assert RESET in page
    assert "Wachtwoord vergeten?" in page
