"""A plan version's first day (`PlanVersie.volgende_dag`, see `plan_next_day`) stored for the
versions written before, the index that finds a plan's current version with it, and a region's
trajecten by phase."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('aanmelding', '0008_duplicate_key_and_name_search_indexes'),
        ('casemanagement', '0009_integrity_constraints_and_protect'),
        ('netwerk', '0005_kinderen_bron_database_default'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='planversie',
            name='volgende_dag',
            field=models.DateField(editable=False, null=True, verbose_name='eerstvolgende dag'),
        ),
        # The same day `plan_next_day` computes: the evaluation or the earliest day of an action
        # that is open or under way. Versions are never changed, so the immutability trigger is
        # skipped for exactly this statement.
        migrations.RunSQL(
            """
            SET LOCAL pgtrigger.ignore = '{pgtrigger_planversie_immutable_5f197}';
            UPDATE casemanagement_planversie AS v SET volgende_dag = LEAST(
                v.evaluatie_datum,
                (SELECT MIN(NULLIF(actie.value ->> 'wanneer', '')::date)
                   FROM jsonb_array_elements(v.acties) AS actie
                  WHERE actie.value ->> 'status' IN ('open', 'bezig'))
            );
            RESET pgtrigger.ignore;
            """,
            migrations.RunSQL.noop,
        ),
        migrations.AlterField(
            model_name='planversie',
            name='volgende_dag',
            field=models.DateField(editable=False, verbose_name='eerstvolgende dag'),
        ),
        migrations.AddIndex(
            model_name='planversie',
            index=models.Index(fields=['plan', '-nummer'], include=('volgende_dag',), name='planversie_current'),
        ),
        migrations.AddIndex(
            model_name='traject',
            index=models.Index(fields=['region', 'fase'], name='traject_region_fase'),
        ),
    ]
