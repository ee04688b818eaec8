import socket

import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_health_is_ok_when_the_database_answers(client):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


TOKEN = "monitoring-token-for-tests"


def _detail(client, settings):  # noqa: ANN001, ANN202
    settings.IVH_HEALTH_DETAIL_TOKEN = TOKEN
    return client.get(reverse("health_detail"), HTTP_AUTHORIZATION=f"Bearer {TOKEN}")


def test_a_broker_outage_keeps_liveness_ok_and_shows_in_the_detail(client, settings):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{_closed_port()}/0"
    assert client.get(reverse("health")).status_code == 200
    response = _detail(client, settings)
    assert response.status_code == 503
    body = response.json()
    assert (body["status"], body["database"], body["broker"]) == ("error", "ok", "error")


def test_the_detail_reports_the_outbox_backlog(client, personas, settings):
    from ivh.outbox.models import OutboxMessage

    OutboxMessage.objects.create(key="a", kind="x", recipient="a@example.org")
    OutboxMessage.objects.create(
        key="b", kind="x", recipient="b@example.org", sent_at=timezone.now()
    )
    body = _detail(client, settings).json()
    assert body["status"] == "ok" and body["broker"] == "ok"
    assert body["outbox"]["waiting"] == 1 and body["outbox"]["failed_last_day"] == 0


def test_health_needs_no_login_and_is_not_cached(client):
    response = client.get(reverse("health"))
    # Anonymous: answered, not redirected to the login page.
    assert response.status_code == 200 and response.json()["database"] == "ok"
    assert (
        "no-cache" in response.headers["Cache-Control"]
        or "no-store" in response.headers["Cache-Control"]
    )


def test_the_detail_is_for_monitoring_and_the_beheerder_only(client, personas, settings, login):
    settings.IVH_HEALTH_DETAIL_TOKEN = TOKEN
    url = reverse("health_detail")
    assert client.get(url).status_code == 404
    assert client.get(url, HTTP_AUTHORIZATION="Bearer wrong").status_code == 404
    assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 200
    assert login(personas.coordinator).get(url).status_code == 404
    assert login(personas.beheerder).get(url).status_code == 200
    settings.IVH_HEALTH_DETAIL_TOKEN = ""
    client.logout()
    assert client.get(url, HTTP_AUTHORIZATION="Bearer ").status_code == 404


def test_security_headers_are_set(client):
    response = client.get(reverse("accounts:login"))
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "no-store" in response.headers["Cache-Control"]


def test_pages_without_their_own_cache_header_are_not_stored(client):
    assert client.get(reverse("core:home")).headers["Cache-Control"] == "no-store"
