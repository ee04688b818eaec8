"""Secrets stay out of the web server's log: gunicorn's access log masks tokens in paths and
Referers and leaves out query strings; pages opened with a token send no Referer."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from ivh.core.logsafe import safe_request_line, safe_url

ROOT = Path(__file__).resolve().parent.parent.parent
TOKEN = "12.Zm9vYmFyYmF6cXV4c2VjcmV0dG9rZW52YWx1ZTEyMzQ1Njc4OTA"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (f"/ouder/{TOKEN}/", "/ouder/<token>/"),
        (f"/mdo/antwoord/{TOKEN}/", "/mdo/antwoord/<token>/"),
        (f"/account/link/{TOKEN}/", "/account/link/<token>/"),
        (f"https://ivh.example/ouder/{TOKEN}/?x=1", "https://ivh.example/ouder/<token>/?…"),
        ("/aanmeldpunt/?zoek=Noor", "/aanmeldpunt/?…"),
        ("/static/css/app.css", "/static/css/app.css"),
        ("-", "-"),
    ],
)
def test_safe_url_masks_tokens_and_query_strings(url, expected):
    assert safe_url(url) == expected


def test_safe_request_line():
    assert safe_request_line(f"GET /ouder/{TOKEN}/?a=b HTTP/1.1") == (
        "GET /ouder/<token>/?… HTTP/1.1"
    )


@pytest.mark.django_db
def test_a_page_opened_with_a_token_sends_only_its_origin_as_referer(client):
    assert client.get(f"/ouder/{TOKEN}/").headers["Referrer-Policy"] == "strict-origin"
    assert client.get("/aanmelden/").headers["Referrer-Policy"] == "same-origin"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_gunicorns_access_log_holds_no_token_and_no_query(tmp_path):
    port = _free_port()
    log = tmp_path / "access.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.support.worker_settings",
        "IVH_WORKER_DB_NAME": connection.settings_dict["NAME"],
        "IVH_TEST_MAIL_DIR": str(tmp_path),
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "ivh.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--access-logfile",
            str(log),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=2)  # noqa: S310 - loopback
                break
            # The first request imports the URLconf (WeasyPrint among it): on a busy machine it
            # can take longer than the 2 s per try, which raises TimeoutError, not URLError.
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/ouder/{TOKEN}/?naam=Noor",
            headers={"Referer": f"http://127.0.0.1:{port}/mdo/antwoord/{TOKEN}/"},
        )
        with pytest.raises(urllib.error.HTTPError):  # an unknown link: 404
            urllib.request.urlopen(request, timeout=5)  # noqa: S310 - loopback
        deadline = time.monotonic() + 10
        while "/ouder/" not in (log.read_text() if log.exists() else ""):
            assert time.monotonic() < deadline, "no access log line"
            time.sleep(0.1)
    finally:
        server.terminate()
        server.wait(timeout=20)
    text = log.read_text()
    assert "/ouder/<token>/?…" in text and "/mdo/antwoord/<token>/" in text
    assert TOKEN not in text and "Noor" not in text
