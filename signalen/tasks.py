from celery import shared_task

from .digest import digest_put
from .scan import scan as run_scan


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=240,
    time_limit=300,
    ignore_result=False,
)
def scan() -> dict[str, int]:
    """Idempotent: a second run (or a run in a second worker) raises and sends nothing new."""
    result = run_scan()
    return {
        "raised": sum(result.raised.values()),
        "resolved": result.resolved,
        "notified": result.notified,
    }


@shared_task(acks_late=True, ignore_result=False)
def dagoverzicht() -> int:
    """Idempotent: one overview per person and day, whatever the number of runs."""
    return digest_put()
