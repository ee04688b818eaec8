"""Headers and cookies as production sends them: the security settings are read from
`ivh.settings.production` (in a child process, with the environment production demands) and
put in force for test-client requests over https to the login page, the public form, a
coordinator's inbox and a dossier page."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.factories import PASSWORD
from tests.casemanagement.factories import TrajectFactory

ROOT = Path(__file__).resolve().parents[2]
PROD_ENV = {
    "DJANGO_SETTINGS_MODULE": "ivh.settings.production",
    "SECRET_KEY": "t3st-Only-9fK2pQ7vLx4mZ8rW1nB6yH0cJ5dE2gA7sU3kV9oP1iT4",
    "DATABASE_URL": "postgres://ivh@127.0.0.1:5432/ivh",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "ALLOWED_HOSTS": "ivh.example.nl",
}
HOST = "ivh.example.nl"
# Every setting that shapes a security header or cookie, taken from production as it is.
PREFIXES = ("SECURE_", "SESSION_COOKIE_", "CSRF_COOKIE_")
NAMES = ("DEBUG", "X_FRAME_OPTIONS", "CONTENT_SECURITY_POLICY", "ALLOWED_HOSTS", "IVH_REQUIRE_2FA")
READ = (
    "import json; from django.conf import settings as s; "
    f"print(json.dumps({{n: getattr(s, n) for n in dir(s) if n.startswith({PREFIXES!r}) "
    f"or n in {NAMES!r}}}, default=list))"
)


@pytest.fixture(scope="module")
def production_values() -> dict:
    env = {k: v for k, v in os.environ.items() if k not in PROD_ENV}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", READ],
        cwd=ROOT,
        env={**env, **PROD_ENV},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def production(settings, production_values) -> None:
    for name, value in production_values.items():
        setattr(settings, name, tuple(value) if name == "SECURE_PROXY_SSL_HEADER" else value)


def _https() -> Client:
    # As behind the reverse proxy that production expects (SECURE_PROXY_SSL_HEADER).
    return Client(HTTP_HOST=HOST, HTTP_X_FORWARDED_PROTO="https", secure=True)


def _verified(user) -> Client:  # noqa: ANN001
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    client = _https()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def _csp(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def assert_production_headers(response) -> None:  # noqa: ANN001
    headers = response.headers
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    csp = _csp(headers["Content-Security-Policy"])
    for directive in ["default-src", "script-src", "style-src", "img-src", "font-src"]:
        assert csp[directive][0] == "'self'", directive
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["connect-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert "upgrade-insecure-requests" in csp
    everything = headers["Content-Security-Policy"]
    assert "unsafe-" not in everything and "*" not in everything and "http" not in everything
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["Cross-Origin-Resource-Policy"] == "same-origin"
    for feature in ["camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"]:
        assert feature in headers["Permissions-Policy"]
    assert headers["Cache-Control"] == "no-store" or "no-store" in headers["Cache-Control"]


def test_production_runs_without_debug_and_with_2fa(production_values):
    assert production_values["DEBUG"] is False
    assert production_values["IVH_REQUIRE_2FA"] is True


@pytest.mark.django_db
def test_plain_http_is_sent_to_https(production):
    response = Client(HTTP_HOST=HOST).get(reverse("accounts:login"))
    assert response.status_code == 301
    assert response.url == f"https://{HOST}{reverse('accounts:login')}"


@pytest.mark.django_db
def test_the_public_pages_send_every_header(production):
    for path in [reverse("accounts:login"), reverse("aanmelding:aanmelden"), "/"]:
        response = _https().get(path, follow=False)
        assert response.status_code in (200, 302), path
        assert_production_headers(response)


@pytest.mark.django_db
def test_the_inbox_and_a_dossier_send_every_header(production, personas):
    traject = TrajectFactory(region=personas.region, casemanager=personas.casemanager)
    coordinator = _verified(personas.coordinator)
    inbox = coordinator.get(reverse("aanmelding:inbox"))
    assert inbox.status_code == 200
    assert_production_headers(inbox)
    dossier = _verified(personas.casemanager).get(
        reverse("casemanagement:traject", args=[traject.pk])
    )
    assert dossier.status_code == 200
    assert traject.gezin.reference in dossier.content.decode()
    assert_production_headers(dossier)


def _cookie(response, name: str) -> str:  # noqa: ANN001
    assert name in response.cookies, list(response.cookies)
    return response.cookies[name].output()


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_host_only_secure_httponly_and_samesite(production, personas):
    client = _https()
    form = client.get(reverse("accounts:login"))
    csrf = _cookie(form, "__Host-csrftoken")
    login = client.post(
        reverse("accounts:login"),
        {"username": personas.coordinator.email, "password": PASSWORD},
    )
    assert login.status_code == 302
    session = _cookie(login, "__Host-sessionid")
    for cookie in (csrf, session):
        assert "Secure" in cookie
        assert "HttpOnly" in cookie
        assert "SameSite=Lax" in cookie
        assert "Path=/" in cookie
        assert "Domain=" not in cookie  # __Host-: bound to this host only
    # The session cookie ends with the browser; the server ends the session itself.
    assert "expires=" not in session.lower() and "max-age" not in session.lower()
