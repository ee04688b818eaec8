"""A broker outage loses no registration and sends nothing twice; with the broker up, a real
Celery worker on the real Redis sends the confirmation."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.urls import reverse

from aanmelding.models import Aanmelding
from ivh.celery import app
from ivh.outbox.services import outbox_sweep
from tests.support.broker import closed_port, use_broker

URL = reverse("aanmelding:aanmelden")


# Kept under these names for the other tests that import them.
_closed_port = closed_port
_use_broker = use_broker


@pytest.fixture
def broker_down():
    original = app.conf.broker_url
    _use_broker(f"redis://127.0.0.1:{_closed_port()}/0")
    yield
    _use_broker(original)


@pytest.mark.django_db
def test_with_the_broker_down_the_registration_is_saved_and_the_mail_follows_once(
    client, personas, form_data, broker_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(URL, form_data())
    assert len(callbacks) == 1  # the confirmation was offered to the (dead) broker
    assert response.status_code == 302
    receipt = client.get(response.url)
    aanmelding = Aanmelding.objects.get()
    assert aanmelding.reference in receipt.content.decode()
    assert aanmelding.confirmation_sent_at is None
    assert mail.outbox == []

    # Later the periodic sweep sends it, once.
    assert outbox_sweep() == {"sent": 1}
    assert outbox_sweep() == {}
    assert len(mail.outbox) == 1
    assert aanmelding.reference in mail.outbox[0].subject


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_the_confirmation_from_the_redis_queue(client, personas, form_data):
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        response = client.post(URL, form_data(ouder_email="ouder@example.org"))
        assert response.status_code == 302
        deadline = time.monotonic() + 30
        while not mail.outbox and time.monotonic() < deadline:
            time.sleep(0.1)
    aanmelding = Aanmelding.objects.get()
    assert [m.to for m in mail.outbox] == [["ouder@example.org"]]
    assert "Noor" not in mail.outbox[0].body
    aanmelding.refresh_from_db()
    assert aanmelding.confirmation_sent_at is not None
