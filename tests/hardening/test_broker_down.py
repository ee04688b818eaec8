"""With only the Celery broker gone (the cache still up) — a port that refuses connections, or a
socket that accepts and never answers — opening a dossier still writes its access-log entry and
the public form still saves the registration and answers within two seconds; the confirmation
waits in the outbox for the sweep. (tests/core/test_redis_outage.py covers Redis as a whole,
cache included.)"""

import time
from collections.abc import Iterator

import pytest
from django.urls import reverse

from aanmelding.models import Aanmelding
from ivh.audit.models import AccessLogEntry
from ivh.celery import app
from ivh.outbox.models import OutboxMessage
from tests.casemanagement.factories import TrajectFactory
from tests.core.test_redis_outage import (
    SilentServer,
    _closed_port,
    _point_broker,
    _registration,
)

pytestmark = pytest.mark.django_db(transaction=True)

# Not a benchmark: a bound that a hanging publish (kombu's defaults wait for ever, or retry
# with seconds of sleep) would break.
BOUND_SECONDS = 2.0


@pytest.fixture(params=["refused", "silent"])
def broker_down(request) -> Iterator[str]:
    original = app.conf.broker_url
    server = SilentServer() if request.param == "silent" else None
    port = server.port if server else _closed_port()
    _point_broker(f"redis://127.0.0.1:{port}/0")
    try:
        yield request.param
    finally:
        _point_broker(original)
        if server:
            server.close()


def test_opening_a_dossier_writes_the_access_log_with_the_broker_down(personas, login, broker_down):
    traject = TrajectFactory(region=personas.region, casemanager=personas.casemanager)
    client = login(personas.casemanager)

    started = time.monotonic()
    response = client.get(reverse("casemanagement:traject", args=[traject.pk]))
    elapsed = time.monotonic() - started

    assert response.status_code == 200
    assert traject.gezin.reference in response.content.decode()
    entry = AccessLogEntry.objects.get(
        user=personas.casemanager, view_name="casemanagement:traject"
    )
    assert entry.client_ref == traject.gezin.kinderen.get().reference
    assert elapsed < BOUND_SECONDS, f"{broker_down}: {elapsed:.2f} s"


def test_the_public_form_saves_and_answers_with_the_broker_down(client, personas, broker_down):
    started = time.monotonic()
    response = client.post(reverse("aanmelding:aanmelden"), _registration())
    elapsed = time.monotonic() - started

    assert response.status_code == 302, response.content.decode()[:300]
    aanmelding = Aanmelding.objects.get(kind_first_name="Noor")
    assert aanmelding.reference in client.get(response.url).content.decode()
    # The confirmation to the parent was written in the same transaction; the broker never got
    # it, so it waits unsent for the sweep (ivh.outbox.tasks.sweep).
    waiting = OutboxMessage.objects.filter(key__contains=f":{aanmelding.pk}:")
    assert waiting.exists()
    assert not waiting.filter(sent_at__isnull=False).exists()
    assert elapsed < BOUND_SECONDS, f"{broker_down}: {elapsed:.2f} s"
