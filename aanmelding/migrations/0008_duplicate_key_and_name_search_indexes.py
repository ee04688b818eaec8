"""Indexes for the aanmeldpunt inbox at national scale (issue 16): the likely-duplicate key
(LOWER(first name), birth date) and trigram indexes for the search by name, whose `icontains`
Django writes as UPPER(column) LIKE '%TERM%'.

pg_trgm is installed here: no earlier migration creates it (it is a trusted extension, so the
database owner may). Built in the migration's transaction, not CONCURRENTLY: on the national
data set (134,000 registrations) the three indexes take a few seconds, and a migration that
other migrations' tests unapply inside a transaction must be able to run there."""

import django.contrib.postgres.indexes
import django.db.models.functions.text
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("aanmelding", "0007_integrity_constraints_and_protect"),
    ]

    operations = [
        TrigramExtension(),
        migrations.AddIndex(
            model_name="aanmelding",
            index=models.Index(
                django.db.models.functions.text.Lower("kind_first_name"),
                models.F("kind_geboortedatum"),
                name="aanmelding_dubbel_sleutel",
            ),
        ),
        migrations.AddIndex(
            model_name="aanmelding",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.indexes.OpClass(
                    django.db.models.functions.text.Upper("kind_first_name"), name="gin_trgm_ops"
                ),
                name="aanmelding_kind_naam_trgm",
            ),
        ),
        migrations.AddIndex(
            model_name="aanmelding",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.indexes.OpClass(
                    django.db.models.functions.text.Upper("ouder_name"), name="gin_trgm_ops"
                ),
                name="aanmelding_ouder_naam_trgm",
            ),
        ),
    ]
