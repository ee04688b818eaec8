from celery import shared_task

from .services import outbox_send, outbox_sweep


@shared_task(name="ivh.outbox.tasks.send", acks_late=True, ignore_result=True)
def send(message_id: int) -> None:
    """Send one outbox row; a repeat (retried task, second worker) finds it claimed or sent."""
    outbox_send(message_id=message_id)


# The outcome is kept (django-celery-results): the job overview shows what the last sweep did.
@shared_task(name="ivh.outbox.tasks.sweep", ignore_result=False)
def sweep() -> dict[str, int]:
    return outbox_sweep()
