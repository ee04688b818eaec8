from celery import shared_task

from .dashboard import warm
from .readmodel import refresh_full, refresh_increment


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=1500,
    time_limit=1800,
    ignore_result=False,
)
def verversen_volledig() -> dict[str, int]:
    """Nightly: every fact again (and the facts whose source is gone removed). Idempotent."""
    rows = refresh_full().rows
    rows["gecached"] = warm()
    return rows


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=240,
    time_limit=300,
    ignore_result=False,
)
def verversen() -> dict[str, int]:
    """Every quarter of an hour: what can have changed since the last refresh. Idempotent."""
    rows = refresh_increment().rows
    rows["gecached"] = warm()
    return rows
