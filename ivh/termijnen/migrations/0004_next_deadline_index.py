"""The index a caseload reads its next deadlines from: running, with a day, first due first."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('netwerk', '0005_kinderen_bron_database_default'),
        ('termijnen', '0003_subject_kinds'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='termijn',
            index=models.Index(condition=models.Q(('due_at__isnull', False), ('stopped_at__isnull', True), models.Q(('regel', 'doorlooptijd'), _negated=True)), fields=['subject_kind', 'subject_id', 'due_at', 'id'], include=('regel',), name='termijn_next_with_day'),
        ),
    ]
