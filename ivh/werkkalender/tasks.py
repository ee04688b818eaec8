from celery import shared_task

from .services import calendar_extend


@shared_task(acks_late=True, ignore_result=False)
def extend() -> int:
    """Idempotent: rewrites the same rows with the same facts."""
    return calendar_extend()
