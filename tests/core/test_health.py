import socket

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_health_is_ok_when_database_and_broker_answer(client):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


def test_health_is_503_when_the_broker_is_down(client, settings):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{_closed_port()}/0"
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "broker": "error"}


def test_health_needs_no_login_and_is_not_cached(client):
    response = client.get(reverse("health"))
    assert (
        "no-cache" in response.headers["Cache-Control"]
        or "no-store" in response.headers["Cache-Control"]
    )


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
