"""The Celery app. Periodic jobs are listed here, in one place, each with a time limit."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ivh.settings.dev")

app = Celery("ivh")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# django-celery-beat's DatabaseScheduler copies these into the database on start, where a
# beheerder can pause or re-time them in the admin.
app.conf.beat_schedule = {
    "sessies-opruimen": {
        "task": "ivh.core.tasks.clear_expired_sessions",
        "schedule": crontab(hour=3, minute=17),
        "options": {"expires": 3600, "time_limit": 600},
    },
    # Confirmation e-mails that could not be queued when the broker was down.
    "aanmelding-bevestigingen-nasturen": {
        "task": "aanmelding.tasks.sweep_unsent_confirmations",
        "schedule": 300.0,
        "options": {"expires": 240, "time_limit": 240},
    },
    # MDO invitations, updates and cancellations not sent yet, and reminders before the MDO.
    "mdo-uitnodigingen": {
        "task": "mdo.tasks.invitation_sweep",
        "schedule": 300.0,
        "options": {"expires": 240, "time_limit": 240},
    },
    # Satisfaction survey invitations not yet sent, and the one reminder a week later.
    "tevredenheid-uitnodigingen": {
        "task": "casemanagement.tasks.survey_sweep",
        "schedule": crontab(minute=23),
        "options": {"expires": 3000, "time_limit": 600},
    },
}
