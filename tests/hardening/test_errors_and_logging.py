"""No stack trace or debug page reaches the public: every error has a Dutch page of its own.
Errors are logged without personal data: no request body, no token from a path, no query
string, no row values quoted by Postgres, no e-mail address."""

import io
import logging

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from django.utils.log import configure_logging

from ivh.core.logfilters import PersonalDataFilter, scrub
from tests.accounts.factories import PASSWORD

TOKEN = "12.Zm9vYmFyYmF6cXV4c2VjcmV0dG9rZW52YWx1ZTEyMzQ1Njc4OTA"


@pytest.fixture
def app_log(settings):
    """Everything the configured logging writes, as it is configured at start-up."""
    configure_logging(django_settings.LOGGING_CONFIG, django_settings.LOGGING)
    buffer = io.StringIO()
    for logger in [logging.getLogger(), *logging.Logger.manager.loggerDict.values()]:
        for handler in getattr(logger, "handlers", []):
            if type(handler) is logging.StreamHandler:
                handler.setStream(buffer)
    yield buffer
    configure_logging(django_settings.LOGGING_CONFIG, django_settings.LOGGING)


# --- Error pages ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_server_error_shows_the_dutch_page_and_nothing_of_the_error(settings, app_log):
    settings.ROOT_URLCONF = "tests.hardening.boom_urls"
    assert settings.DEBUG is False
    response = Client(raise_request_exception=False).get(f"/kapot/{TOKEN}/?zoek=Noor")
    content = response.content.decode()
    assert response.status_code == 500
    assert "Er ging iets mis" in content
    for leak in ["Traceback", "IntegrityError", "Noor", "fatima", "Failing row", TOKEN]:
        assert leak not in content


@pytest.mark.django_db
def test_the_server_error_is_logged_with_its_traceback_but_without_personal_data(settings, app_log):
    settings.ROOT_URLCONF = "tests.hardening.boom_urls"
    Client(raise_request_exception=False).post(
        f"/kapot/{TOKEN}/?zoek=Noor", {"kind_first_name": "Noor", "ouder_email": "a@b.nl"}
    )
    log = app_log.getvalue()
    assert "Internal Server Error: /kapot/<token>/" in log
    assert "Traceback" in log and "IntegrityError" in log  # still useful to the developer
    assert "Failing row contains (…)" in log
    assert "Key (ouder_email)=(…)" in log
    for leak in [TOKEN, "Noor", "fatima@example.org", "06 12345678", "zoek=", "a@b.nl"]:
        assert leak not in log, leak


@pytest.mark.django_db
def test_an_unknown_page_is_the_dutch_404_without_the_url_list(client):
    response = client.get("/bestaat-niet/")
    content = response.content.decode()
    assert response.status_code == 404
    assert "Pagina niet gevonden" in content
    assert "URLconf" not in content and "Using the" not in content


@pytest.mark.django_db
def test_a_refusal_is_the_dutch_403(personas, login):
    response = login(personas.casemanager).get("/beheer/login/")
    assert response.status_code == 403
    assert "Geen toegang" in response.content.decode()


@pytest.mark.django_db
def test_an_expired_form_is_the_dutch_csrf_page_without_technical_reasons():
    response = Client(enforce_csrf_checks=True).post(
        reverse("accounts:login"), {"username": "x@example.org", "password": PASSWORD}
    )
    content = response.content.decode()
    assert response.status_code == 403
    assert "Formulier verlopen" in content
    assert "CSRF" not in content and "DEBUG" not in content


@pytest.mark.django_db
def test_a_request_for_another_host_is_the_dutch_400(client):
    response = client.get("/", HTTP_HOST="aanvaller.example")
    assert response.status_code == 400
    content = response.content.decode()
    assert "Verzoek niet begrepen" in content
    assert "DisallowedHost" not in content and "ALLOWED_HOSTS" not in content


@pytest.mark.django_db
def test_a_rate_limit_is_the_dutch_429(client, settings):
    settings.IVH_LOGIN_RATE_PER_IP = "1/m"
    import secrets

    address = "10.{}.{}.{}".format(*secrets.token_bytes(3))
    for _ in range(2):
        response = client.post(
            reverse("accounts:login"),
            {"username": "x@example.org", "password": "x"},
            REMOTE_ADDR=address,
        )
    assert response.status_code == 429
    assert "Even wachten" in response.content.decode()


# --- The log filter ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"Internal Server Error: /ouder/{TOKEN}/", "Internal Server Error: /ouder/<token>/"),
        ('"GET /aanmeldpunt/?zoek=Noor HTTP/1.1" 200', '"GET /aanmeldpunt/?… HTTP/1.1" 200'),
        (
            f"Referer https://ivh.example/account/link/{TOKEN}/?x=1",
            "Referer https://ivh.example/account/link/<token>/?…",
        ),
        ("DETAIL:  Failing row contains (3, Sem, null).", "DETAIL:  Failing row contains (…)."),
        (
            "DETAIL:  Key (email)=(jan@example.org) already exists.",
            "DETAIL:  Key (email)=(…) already exists.",
        ),
        ("SMTP refused jan.de.vries+ivh@example.org", "SMTP refused <e-mail>"),
        ("belde 06-12345678 en +31 612345678", "belde <telefoon> en <telefoon>"),
        (
            'File "/work/main/ivh/core/views.py", line 3',
            'File "/work/main/ivh/core/views.py", line 3',
        ),
    ],
)
def test_scrub_removes_what_identifies_a_person_or_opens_a_link(text, expected, db):
    assert scrub(text) == expected


def test_the_filter_takes_the_request_off_the_record(rf, db):
    request = rf.post("/aanmelden/", {"zorg": "Noor praat nog niet"})
    record = logging.LogRecord(
        "django.request", logging.ERROR, __file__, 1, "Bad Request: %s", ("/aanmelden/",), None
    )
    record.request = request
    assert PersonalDataFilter().filter(record) is True
    assert record.request is None


def test_the_filter_keeps_a_staff_login_name_in_lockout_lines_only(db):
    def through(name: str) -> str:
        record = logging.LogRecord(
            name, logging.WARNING, __file__, 1, "locked for %s", ("jan@example.org",), None
        )
        PersonalDataFilter().filter(record)
        return record.getMessage()

    assert through("axes.handlers.database") == "locked for jan@example.org"
    assert through("ivh.accounts.services") == "locked for jan@example.org"
    assert through("ivh.outbox.services") == "locked for <e-mail>"
