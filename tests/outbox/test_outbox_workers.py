"""The outbox with real Celery workers on the real Redis broker: a broker outage, one row
handed to two workers, and a worker killed in the middle of sending."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from casemanagement import services as cm_services
from ivh.celery import app
from ivh.outbox.models import OutboxMessage
from tests.casemanagement.factories import TrajectFactory
from tests.support.broker import broker_down
from tests.support.workers import WorkerProcess

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def _wait(condition, timeout: float = 30) -> bool:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def _mails(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.log"))


@pytest.fixture
def link_mail(personas):
    """The parents' link mail of a fresh traject: one outbox row, queued on commit."""

    def make() -> OutboxMessage:
        traject = TrajectFactory(region=personas.region, casemanager=personas.casemanager)
        traject.gezin.ouder_email = "ouder@example.org"
        traject.gezin.save()
        link = cm_services.ouderlink_send(traject=traject, by=personas.casemanager)
        return OutboxMessage.objects.get(key=f"casemanagement.ouderlink:{link.pk}")

    return make


@pytest.fixture
def clean_queue():
    app.control.purge()
    yield
    app.control.purge()


def test_parents_links_made_while_the_broker_is_down_are_sent_once_by_the_sweep(
    personas, link_mail, clean_queue
):
    with broker_down():
        rows = [link_mail(), link_mail()]  # both commits offer their task to a dead broker
    assert mail.outbox == []
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        app.send_task("ivh.outbox.tasks.sweep")
        assert _wait(lambda: len(mail.outbox) == 2)
        app.send_task("ivh.outbox.tasks.sweep")
        time.sleep(1)
    assert sorted(m.to[0] for m in mail.outbox) == ["ouder@example.org"] * 2
    assert all(OutboxMessage.objects.get(pk=row.pk).sent_at is not None for row in rows)


def test_the_same_row_handed_to_two_workers_is_sent_once(link_mail, clean_queue, tmp_path):
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    workers = [
        WorkerProcess(name, mail_dir, tmp_path, IVH_TEST_MAIL_DELAY="2").start()
        for name in ("een", "twee")
    ]
    try:
        message = link_mail()  # queued once on commit ...
        app.send_task("ivh.outbox.tasks.send", args=[message.pk])  # ... and a second time
        app.send_task("ivh.outbox.tasks.send", args=[message.pk])
        assert _wait(lambda: OutboxMessage.objects.get(pk=message.pk).sent_at is not None)
        time.sleep(3)  # time for a second, wrong send to finish
    finally:
        for worker in workers:
            worker.stop()
    assert len(_mails(mail_dir)) == 1
    assert OutboxMessage.objects.get(pk=message.pk).attempts == 1


@override_settings(IVH_OUTBOX_LEASE_SECONDS=6)
def test_a_worker_killed_while_sending_leaves_one_mail_after_restart(
    link_mail, clean_queue, tmp_path
):
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    worker = WorkerProcess("traag", mail_dir, tmp_path, IVH_TEST_MAIL_DELAY="30").start()
    try:
        message = link_mail()
        assert _wait(lambda: any(mail_dir.glob("sending-*")))
        worker.kill()
    finally:
        worker.stop()
    message.refresh_from_db()
    assert message.sent_at is None and message.attempts == 1 and _mails(mail_dir) == []
    claim_ends = message.claimed_until

    worker = WorkerProcess("opnieuw", mail_dir, tmp_path, IVH_TEST_MAIL_DELAY="0").start()
    try:
        # While the dead worker's claim holds, nothing is sent twice (checked when the new
        # worker started within the claim: on a loaded machine starting takes longer) ...
        app.send_task("ivh.outbox.tasks.sweep")
        time.sleep(1)
        if timezone.now() < claim_ends:
            assert _mails(mail_dir) == []
        # ... and after it expires the sweep sends the mail, once.
        time.sleep(max((claim_ends - timezone.now()).total_seconds(), 0) + 0.5)
        app.send_task("ivh.outbox.tasks.sweep")
        assert _wait(lambda: OutboxMessage.objects.get(pk=message.pk).sent_at is not None)
        app.send_task("ivh.outbox.tasks.sweep")
        time.sleep(1.5)
    finally:
        worker.stop()
    assert len(_mails(mail_dir)) == 1
    assert reverse("casemanagement:ouder", args=["x"]).startswith("/ouder/")
