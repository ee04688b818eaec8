from celery import shared_task

from . import services_mail


@shared_task(name="aanmelding.tasks.send_confirmation", acks_late=True)
def send_confirmation(aanmelding_id: int) -> None:
    services_mail.aanmelding_send_confirmation(aanmelding_id=aanmelding_id)


@shared_task(name="aanmelding.tasks.sweep_unsent_confirmations")
def sweep_unsent_confirmations() -> None:
    """Send the confirmations that could not be queued (broker down) or whose task was lost."""
    services_mail.aanmelding_sweep_unsent_confirmations()
