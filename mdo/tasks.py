from celery import shared_task

from . import services_mail


@shared_task(name="mdo.tasks.send_invitation", acks_late=True)
def send_invitation(deelnemer_id: int) -> None:
    services_mail.invitation_send(deelnemer_id=deelnemer_id)


@shared_task(name="mdo.tasks.invitation_sweep")
def invitation_sweep() -> None:
    """Invitations, updates and cancellations not yet sent, and reminders that are due."""
    services_mail.invitation_sweep()
