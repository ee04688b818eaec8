"""The Celery configuration, and a real worker on the real Redis broker."""

import time
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.contrib.sessions.models import Session
from django.utils import timezone

from ivh.celery import app
from ivh.core.tasks import clear_expired_sessions


def test_broker_timeouts_are_short_so_a_dead_broker_cannot_hang_a_request():
    assert app.conf.broker_connection_timeout <= 3
    options = app.conf.broker_transport_options
    assert options["socket_timeout"] <= 3
    assert options["socket_connect_timeout"] <= 3
    assert app.conf.task_publish_retry is False


def test_every_periodic_job_names_a_registered_task_with_a_time_limit():
    app.loader.import_default_modules()
    for name, entry in app.conf.beat_schedule.items():
        assert entry["task"] in app.tasks, name
        assert entry["options"]["time_limit"] > 0, name


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_session_cleanup_from_the_redis_broker():
    Session.objects.create(
        session_key="verlopen", session_data="x", expire_date=timezone.now() - timedelta(days=1)
    )
    Session.objects.create(
        session_key="geldig", session_data="x", expire_date=timezone.now() + timedelta(days=1)
    )
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        clear_expired_sessions.delay()
        deadline = time.monotonic() + 30
        while (
            Session.objects.filter(session_key="verlopen").exists() and time.monotonic() < deadline
        ):
            time.sleep(0.1)
    assert list(Session.objects.values_list("session_key", flat=True)) == ["geldig"]
