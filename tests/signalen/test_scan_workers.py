"""The scan as the beat runs it: a task in real Celery workers on the real Redis broker. Two
workers scanning at the same moment still raise one signal and write one notification per
person responsible."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from ivh.celery import app
from ivh.outbox.models import OutboxMessage
from ivh.termijnen.constants import Regel
from ivh.termijnen.services import termijn_start
from ivh.werkkalender.services import calendar_extend
from signalen.models import Signaal
from tests.aanmelding.factories import AanmeldingFactory
from tests.support.workers import WorkerProcess

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def _finished(workers: list[WorkerProcess], count: int, timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = sum(w.log.read_text().count("signalen.tasks.scan[") for w in workers)
        succeeded = sum(w.log.read_text().count("succeeded") for w in workers)
        if done and succeeded >= count:
            return True
        time.sleep(0.2)
    return False


def test_two_workers_scanning_at_once_raise_one_signal_and_notify_once(personas, tmp_path):
    calendar_extend()
    app.control.purge()
    aanmeldingen = [
        AanmeldingFactory(gemeente=personas.gemeente, region=personas.region) for _ in range(3)
    ]
    for aanmelding in aanmeldingen:
        termijn_start(
            subject_kind="aanmelding",
            subject_id=aanmelding.pk,
            regel=Regel.EERSTE_CONTACT,
            region_id=personas.region.pk,
            started_at=timezone.now() - timedelta(days=30),
        )
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    workers = [WorkerProcess(name, mail_dir, tmp_path).start() for name in ("een", "twee")]
    try:
        for _ in range(4):
            app.send_task("signalen.tasks.scan")
        assert _finished(workers, 4), [w.log.read_text()[-2000:] for w in workers]
    finally:
        for worker in workers:
            worker.stop()
    assert Signaal.objects.count() == 3
    notifications = OutboxMessage.objects.filter(kind="signalen.signaal")
    # One per registration and coordinator of the region (two), however many scans ran.
    assert notifications.count() == 6
    assert notifications.values("key").distinct().count() == 6
    app.control.purge()
