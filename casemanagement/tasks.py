from celery import shared_task

from . import services_mail


@shared_task(name="casemanagement.tasks.send_ouderlink", acks_late=True)
def send_ouderlink(link_id: int, token: str) -> None:
    services_mail.ouderlink_send_mail(link_id=link_id, token=token)


@shared_task(name="casemanagement.tasks.send_survey_invitation", acks_late=True)
def send_survey_invitation(traject_id: int) -> None:
    services_mail.survey_send(traject_id=traject_id)


@shared_task(name="casemanagement.tasks.survey_sweep")
def survey_sweep() -> None:
    """Survey invitations that were not sent, and the one reminder a week later."""
    services_mail.survey_sweep()
