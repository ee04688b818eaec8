"""The periodic jobs report when they ran, how long they took and what they did: the scan run by
a real worker on the real broker leaves its outcome, and the job page shows it."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.urls import reverse
from django_celery_beat.models import IntervalSchedule, PeriodicTask
from django_celery_results.models import TaskResult

from ivh.celery import app

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_the_scan_run_by_a_worker_shows_on_the_job_page(personas, login):
    every_hour, _ = IntervalSchedule.objects.get_or_create(every=1, period="hours")
    PeriodicTask.objects.create(
        name="signalen-scan", task="signalen.tasks.scan", interval=every_hour
    )
    app.control.purge()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        app.send_task("signalen.tasks.scan")
        deadline = time.monotonic() + 30
        while not TaskResult.objects.filter(task_name="signalen.tasks.scan").exists():
            assert time.monotonic() < deadline, "the scan left no outcome"
            time.sleep(0.2)
    result = TaskResult.objects.get(task_name="signalen.tasks.scan")
    assert result.status == "SUCCESS" and '"raised": 0' in result.result

    page = login(personas.coordinator).get(reverse("signalen:taken"))
    assert page.status_code == 200
    job = next(j for j in page.context["jobs"] if j.task == "signalen.tasks.scan")
    assert job.status == "SUCCESS" and job.seconds is not None and job.last_run_at
    assert '"raised": 0' in page.content.decode().replace("&quot;", '"')


@pytest.mark.parametrize("persona", ["expert", "gemeente_official"])
def test_the_job_page_is_not_for_experts_or_the_gemeente(personas, login, persona):
    assert login(getattr(personas, persona)).get(reverse("signalen:taken")).status_code == 403


def test_the_beheerder_sees_the_job_page(personas, login):
    assert login(personas.beheerder).get(reverse("signalen:taken")).status_code == 200
