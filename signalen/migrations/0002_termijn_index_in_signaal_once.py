"""A signal's deadline needs no index of its own: the unique (termijn, level, deadline_version)
of `signaal_once` starts with it."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('signalen', '0001_signaal'),
        ('termijnen', '0004_next_deadline_index'),
    ]

    operations = [
        migrations.AlterField(
            model_name='signaal',
            name='termijn',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='signalen', to='termijnen.termijn'),
        ),
    ]
