"""The application's log: a refused request is one line, without a traceback (issue 9, item 17).
The logging configuration of the settings is applied as Django applies it at start-up, with
DEBUG on as under `make run` (Django's own console handler is active then)."""

import io
import logging

import pytest
from django.conf import settings as django_settings
from django.utils.log import configure_logging

pytestmark = pytest.mark.django_db


class _Log:
    def __init__(self) -> None:
        self.buffer = io.StringIO()

    def lines(self) -> list[str]:
        return [line for line in self.buffer.getvalue().splitlines() if line.strip()]


@pytest.fixture
def app_log(settings):
    """Everything the configured logging writes to the console, with DEBUG on."""
    settings.DEBUG = True
    configure_logging(django_settings.LOGGING_CONFIG, django_settings.LOGGING)
    log = _Log()
    loggers = [logging.getLogger(), *logging.Logger.manager.loggerDict.values()]
    for logger in loggers:
        for handler in getattr(logger, "handlers", []):
            if type(handler) is logging.StreamHandler:
                handler.setStream(log.buffer)
    yield log
    settings.DEBUG = False
    configure_logging(django_settings.LOGGING_CONFIG, django_settings.LOGGING)


def test_a_refused_request_is_one_log_line_without_traceback(app_log, personas, login):
    response = login(personas.casemanager).get("/beheer/login/")
    assert response.status_code == 403
    lines = app_log.lines()
    assert len(lines) == 1, "\n".join(lines)
    assert "Forbidden" in lines[0] and "/beheer/login/" in lines[0]


def test_a_csrf_refusal_is_one_log_line(app_log, db):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/account/inloggen/", {"username": "x"})
    assert response.status_code == 403
    lines = app_log.lines()
    assert len(lines) == 1, lines
    assert "CSRF" in lines[0]


def test_a_server_error_keeps_its_traceback(app_log):
    try:
        raise ValueError("kapot")
    except ValueError:
        logging.getLogger("django.request").error(
            "Internal Server Error: /x", exc_info=True, extra={"status_code": 500}
        )
    err = app_log.buffer.getvalue()
    assert "Traceback" in err and "kapot" in err
