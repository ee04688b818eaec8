"""What the functioneel beheerder sees of the libraries' admin pages: Dutch headings and model
names, and nothing they never need (issue 9, item 16).

- django-celery-beat: the periodic jobs, their intervals and crontabs under "Geplande taken";
  the clocked and solar schedules (never used here) are gone, also from the job form.
- django-celery-results: each job's outcome under "Uitkomsten van geplande taken"; group
  results (never used here) are hidden.
- django-axes: the failed logins (delete one to lift a lockout) and the login history under
  "Inlogbeveiliging"; the separate failure log repeats the attempts and is hidden.
- django-otp: devices are reset from the account page (`two_factor_reset`), so the device
  pages are hidden; Django's groups are unused (rights follow from roles,
  `ivh.accounts.backends`), so they are hidden too.

The names are set on the models' options at run time. Migrations read `Meta` as written
(`_meta.original_attrs`), so this creates no migration in the libraries' apps.

Imported by the admin's autodiscovery, after the libraries' own admin modules (ivh.core comes
after them in INSTALLED_APPS).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_celery_beat.admin import PeriodicTaskAdmin
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)
from django_celery_results.models import GroupResult, TaskResult
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise as StrPromise

APP_NAMES: dict[str, StrPromise] = {
    "django_celery_beat": _("Geplande taken"),
    "axes": _("Inlogbeveiliging"),
    "django_celery_results": _("Uitkomsten van geplande taken"),
}

MODEL_NAMES: dict[type[models.Model], tuple[StrPromise, StrPromise]] = {
    PeriodicTask: (_("geplande taak"), _("geplande taken")),
    IntervalSchedule: (_("interval"), _("intervallen")),
    CrontabSchedule: (_("tijdschema (crontab)"), _("tijdschema's (crontab)")),
    AccessAttempt: (_("mislukte inlogpoging"), _("mislukte inlogpogingen en blokkades")),
    AccessLog: (_("inlogmoment"), _("inloggeschiedenis")),
    TaskResult: (_("uitkomst van een taak"), _("uitkomsten van taken")),
}

HIDDEN: tuple[type[models.Model], ...] = (
    ClockedSchedule,
    SolarSchedule,
    AccessFailureLog,
    GroupResult,
    TOTPDevice,
    StaticDevice,
    Group,
)


def _relabel() -> None:
    for app_label, name in APP_NAMES.items():
        try:
            apps.get_app_config(app_label).verbose_name = name
        except LookupError:  # not installed in these settings
            continue
    for model, (singular, plural) in MODEL_NAMES.items():
        model._meta.verbose_name = singular
        model._meta.verbose_name_plural = plural


class GeplandeTaakAdmin(PeriodicTaskAdmin):
    """The library's admin without the clocked and solar schedules."""

    fieldsets = tuple(
        (
            title,
            {
                **options,
                "fields": tuple(f for f in options["fields"] if f not in ("solar", "clocked")),
            },
        )
        for title, options in PeriodicTaskAdmin.fieldsets
    )


def _hide() -> None:
    for model in HIDDEN:
        if admin.site.is_registered(model):
            admin.site.unregister(model)
    if admin.site.is_registered(PeriodicTask):
        admin.site.unregister(PeriodicTask)
    admin.site.register(PeriodicTask, GeplandeTaakAdmin)


_relabel()
_hide()
