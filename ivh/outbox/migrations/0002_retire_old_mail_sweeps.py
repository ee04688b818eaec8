"""The three mail sweeps that the outbox replaces are removed from django-celery-beat's table,
so a database that ran them before does not keep queueing tasks that no longer exist."""

from django.db import migrations

OLD_TASKS = [
    "aanmelding.tasks.sweep_unsent_confirmations",
    "mdo.tasks.invitation_sweep",
    "casemanagement.tasks.survey_sweep",
]


def retire(apps, schema_editor):  # noqa: ANN001
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(task__in=OLD_TASKS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("outbox", "0001_outbox"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(retire, migrations.RunPython.noop)]
