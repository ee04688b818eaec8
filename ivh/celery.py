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
    # The stored working calendar: past years for the monitor, coming years for deadlines.
    "werkkalender-bijwerken": {
        "task": "ivh.werkkalender.tasks.extend",
        "schedule": crontab(hour=2, minute=41),
        "options": {"expires": 3600, "time_limit": 600},
    },
    # Waiting times: raise, resolve and announce signals (signalen.scan). Hourly; the mails
    # themselves wait for working hours.
    "signalen-scan": {
        "task": "signalen.tasks.scan",
        "schedule": crontab(minute=7),
        "options": {"expires": 3000, "time_limit": 300},
    },
    # The daily overview per person, on working days (the task skips the other days).
    "signalen-dagoverzicht": {
        "task": "signalen.tasks.dagoverzicht",
        "schedule": crontab(hour=7, minute=30),
        "options": {"expires": 3600, "time_limit": 600},
    },
    # The monitor's read model: everything again at night, what changed every quarter hour.
    "monitor-volledig": {
        "task": "monitor.tasks.verversen_volledig",
        "schedule": crontab(hour=1, minute=23),
        "options": {"expires": 3600, "time_limit": 1800},
    },
    "monitor-bijwerken": {
        "task": "monitor.tasks.verversen",
        "schedule": crontab(minute="*/15"),
        "options": {"expires": 840, "time_limit": 300},
    },
    # Retention (bewaring): anonymise what has passed its term, and delete the access log past
    # its own; before the monitor's nightly rebuild, which keeps the facts it froze.
    "bewaring-dagelijks": {
        "task": "bewaring.tasks.dagelijks",
        "schedule": crontab(hour=0, minute=53),
        "options": {"expires": 3600, "time_limit": 3600},
    },
    # The outbox: every e-mail the broker never delivered, that is scheduled for now (MDO
    # and survey reminders), that a dead worker left behind, or whose retry is due.
    "uitgaande-berichten": {
        "task": "ivh.outbox.tasks.sweep",
        "schedule": 60.0,
        "options": {"expires": 55, "time_limit": 240},
    },
}
