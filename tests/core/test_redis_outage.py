"""With Redis refusing connections, or accepting them and never answering, the public form saves
the registration and shows the receipt, staff log in, and the parents' link opens: rate limits
turn themselves off instead of answering 500. At the end: the limits themselves, Redis up.

Redis is not stopped (other test runs share it): the cache and the broker are pointed at a closed
local port ("refused") or at a local socket that accepts and never answers ("silent")."""

import contextlib
import logging
import secrets
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import date

import pytest
from django.core import signing
from django.urls import reverse

from aanmelding.forms import FORM_STARTED_SALT
from aanmelding.models import Aanmelding
from casemanagement import services as casemanagement_services
from ivh.celery import app
from ivh.core import ratelimit
from tests.accounts.factories import PASSWORD
from tests.casemanagement.factories import TrajectFactory

FORM = reverse("aanmelding:aanmelden")
LOGIN = reverse("accounts:login")


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SilentServer:
    """Accepts TCP connections and never answers: a hung Redis, or a half-open connection."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.connections: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _address = self.sock.accept()
            except OSError:
                return
            self.connections.append(conn)

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept()
        self.sock.close()
        for conn in self.connections:
            conn.close()
        self.thread.join(timeout=2)


def _point_broker(url: str) -> None:
    # Celery caches the connection pool and producer pool; forget them so the URL takes effect
    # (without closing them: the pool of the real broker is reused after the test).
    app.conf.broker_url = url
    app._pool = None
    app.amqp._producer_pool = None


def _redis_at(settings, url: str) -> Iterator[None]:
    original_broker = app.conf.broker_url
    caches = {alias: {**config} for alias, config in settings.CACHES.items()}
    for config in caches.values():
        config["LOCATION"] = url
    settings.CACHES = caches
    _point_broker(url)
    ratelimit.circuit_reset()
    yield
    ratelimit.circuit_reset()
    _point_broker(original_broker)


@pytest.fixture
def redis_refused(settings) -> Iterator[None]:
    yield from _redis_at(settings, f"redis://127.0.0.1:{_closed_port()}/0")


@pytest.fixture
def redis_silent(settings) -> Iterator[None]:
    server = SilentServer()
    try:
        yield from _redis_at(settings, f"redis://127.0.0.1:{server.port}/0")
    finally:
        server.close()


@pytest.fixture(params=["redis_refused", "redis_silent"])
def redis_down(request) -> str:
    request.getfixturevalue(request.param)
    return request.param


def _registration(**overrides: str) -> dict:
    token = str(uuid.uuid4())
    data = {
        "kanaal": "ouder",
        "kind_first_name": "Noor",
        "kind_geboortedatum": date(date.today().year - 3, 5, 1).isoformat(),
        "ouder_name": "Fatima Bakker",
        "ouder_telefoon": "06 12345678",
        "ouder_email": "fatima@example.org",
        "contact_voorkeur": "telefoon",
        "postcode": "2511 AB",
        "zorg": "Noor praat nog bijna niet.",
        "gezag": "beide_ouders",
        "andere_gezagsdrager": "akkoord",
        "toestemming_informatie": "on",
        "submission_token": token,
        "started": signing.dumps({"t": time.time() - 60, "s": token}, salt=FORM_STARTED_SALT),
    }
    data.update(overrides)
    return data


@pytest.mark.django_db(transaction=True)
def test_with_redis_down_the_public_form_saves_every_registration_and_shows_the_receipt(
    client, personas, redis_down, settings
):
    # A low limit: were the counter reachable, the second registration would be refused.
    settings.IVH_AANMELDING_RATE_PER_IP = "1/h"
    references = []
    for name in ["Noor", "Sem"]:
        started = time.monotonic()
        # transaction=True: the confirmation is offered to the (dead) broker on commit, inside
        # this request, as in production.
        response = client.post(FORM, _registration(kind_first_name=name))
        elapsed = time.monotonic() - started
        assert response.status_code == 302, response.content.decode()[:500]
        receipt = client.get(response.url).content.decode()
        aanmelding = Aanmelding.objects.get(kind_first_name=name)
        assert aanmelding.reference in receipt
        references.append(aanmelding.reference)
        # Not a benchmark: a bound. With the old 2-second socket timeouts, a silent Redis held
        # the parent for 2 s per touch (rate limit, then broker) before answering 500.
        assert elapsed < 2.0, f"{redis_down}: the form took {elapsed:.2f} s"
    assert Aanmelding.objects.count() == 2


@pytest.mark.django_db
def test_with_redis_down_staff_log_in(client, personas, redis_down, settings):
    settings.IVH_LOGIN_RATE_PER_IP = "1/h"
    response = client.post(LOGIN, {"username": personas.coordinator.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("core:start")
    assert client.get(reverse("core:start")).status_code == 200


@pytest.mark.django_db
def test_with_redis_down_the_per_account_lockout_still_holds(client, personas, redis_down):
    # The lockout lives in Postgres: turning the rate limits off does not open the account.
    email = personas.casemanager.email
    for _ in range(5):
        client.post(LOGIN, {"username": email, "password": "verkeerd"})
    response = client.post(LOGIN, {"username": email, "password": PASSWORD})
    assert response.status_code == 429
    assert client.get(reverse("core:start")).status_code == 302


@pytest.mark.django_db
def test_with_redis_down_the_parents_link_opens_and_a_wrong_one_is_refused_not_broken(
    client, personas, redis_down, settings
):
    settings.IVH_OUDERLINK_RATE_PER_IP = "1/h"
    traject = TrajectFactory(region=personas.region, casemanager=personas.casemanager)
    _link, token = casemanagement_services.ouderlink_create(
        gezin=traject.gezin, by=personas.casemanager, email=traject.gezin.ouder_email
    )
    assert client.get(reverse("casemanagement:ouder", args=["geraden"])).status_code == 404
    assert client.get(reverse("casemanagement:ouder", args=["geraden2"])).status_code == 404
    assert client.get(reverse("casemanagement:ouder", args=[token])).status_code == 200


@pytest.mark.django_db
def test_an_unreachable_cache_is_logged_once_and_left_alone_for_a_while(
    client, personas, redis_silent, caplog
):
    caplog.set_level(logging.WARNING, logger="ivh.core.ratelimit")
    started = time.monotonic()
    for _ in range(4):
        client.post(LOGIN, {"username": personas.coordinator.email, "password": "verkeerd"})
    elapsed = time.monotonic() - started
    warnings = [r for r in caplog.records if r.name == "ivh.core.ratelimit"]
    assert len(warnings) == 1
    assert "unreachable" in warnings[0].getMessage()
    # One socket timeout (0.5 s) for the four requests, not one each.
    assert elapsed < 1.5


@pytest.mark.django_db
def test_once_the_cache_is_back_the_limits_count_again(client, personas, settings):
    # The guard against a helper that swallows everything: with Redis up, limits still refuse.
    settings.IVH_LOGIN_RATE_PER_IP = "2/h"
    # A fresh address per run: counters live in Redis for the length of the window.
    address = "10.{}.{}.{}".format(*secrets.token_bytes(3))
    ratelimit.circuit_reset()
    statuses = [
        client.post(
            LOGIN, {"username": "x@example.org", "password": "x"}, REMOTE_ADDR=address
        ).status_code
        for _ in range(3)
    ]
    assert statuses == [200, 200, 429]


# --- The limits themselves, with Redis up ---------------------------------------------------


@pytest.fixture
def parents_link(personas) -> str:
    traject = TrajectFactory(region=personas.region, casemanager=personas.casemanager)
    _link, token = casemanagement_services.ouderlink_create(
        gezin=traject.gezin, by=personas.casemanager, email=traject.gezin.ouder_email
    )
    return reverse("casemanagement:ouder", args=[token])


@pytest.mark.django_db
def test_guessing_parents_links_is_stopped_after_the_limit(
    client, personas, parents_link, settings
):
    settings.IVH_OUDERLINK_RATE_PER_IP = "2/h"
    address = "10.{}.{}.{}".format(*secrets.token_bytes(3))
    guesses = [
        client.get(
            reverse("casemanagement:ouder", args=[secrets.token_urlsafe(32)]), REMOTE_ADDR=address
        ).status_code
        for _ in range(3)
    ]
    assert guesses == [404, 404, 429]
    # Stopped is stopped: a right guess from this address now gets no answer either.
    assert client.get(parents_link, REMOTE_ADDR=address).status_code == 429
    # Another address is not affected.
    assert client.get(parents_link, REMOTE_ADDR="10.250.250.250").status_code == 200


@pytest.mark.django_db
def test_a_parent_who_opens_a_valid_link_often_is_never_stopped(
    client, personas, parents_link, settings
):
    settings.IVH_OUDERLINK_RATE_PER_IP = "2/h"
    address = "10.{}.{}.{}".format(*secrets.token_bytes(3))
    statuses = {client.get(parents_link, REMOTE_ADDR=address).status_code for _ in range(5)}
    assert statuses == {200}
