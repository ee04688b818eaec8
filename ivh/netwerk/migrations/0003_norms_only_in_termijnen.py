"""The region's four norm columns go: the versioned norms (`termijnen.Norm`) are the only source.

`termijnen.0002_norms_from_regions` copied every region's columns into a first norm version; a
region created after that has a norm row only once something read it (`norm_current` then stores
the DESIGN default). So first, every column value that differs from the default and has no norm
row for its rule becomes the region's first version, as 0002 did. Where a norm row exists it
wins: the deadlines, the scan and the norms page ran on it, and `norm_change` kept the columns in
step with it. Backwards, the columns are filled from the current norms again.
"""

from datetime import datetime, timezone

import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations

EPOCH = datetime(2000, 1, 1, tzinfo=timezone.utc)

# (rule, column, unit, DESIGN default)
COLUMNS = [
    ("eerste_contact", "norm_eerste_contact_werkdagen", "werkdagen", 5),
    ("mdo", "norm_mdo_weken", "weken", 6),
    ("vervolghulp", "norm_vervolghulp_weken", "weken", 8),
    ("evaluatie", "evaluatie_maanden", "maanden", 6),
]


def _current(Norm, region, regel):
    return (
        Norm.objects.filter(region=region, regel=regel, valid_from__lte=datetime.now(timezone.utc))
        .order_by("-valid_from")
        .first()
    )


def columns_to_norms(apps, schema_editor):
    Region = apps.get_model("netwerk", "Region")
    Norm = apps.get_model("termijnen", "Norm")
    for region in Region.objects.order_by("pk"):
        for regel, column, unit, default in COLUMNS:
            value = getattr(region, column)
            if value == default or Norm.objects.filter(region=region, regel=regel).exists():
                continue
            Norm.objects.create(
                region=region,
                regel=regel,
                amount=value,
                unit=unit,
                valid_from=EPOCH,
                reason="overgenomen van de regio",
            )


def norms_to_columns(apps, schema_editor):
    Region = apps.get_model("netwerk", "Region")
    Norm = apps.get_model("termijnen", "Norm")
    for region in Region.objects.order_by("pk"):
        values = {}
        for regel, column, _unit, default in COLUMNS:
            norm = _current(Norm, region, regel)
            values[column] = norm.amount if norm is not None else default
        Region.objects.filter(pk=region.pk).update(**values)


class Migration(migrations.Migration):

    dependencies = [
        ('netwerk', '0002_naming_scheme'),
        # After the first copy (0002) and with the norm table as it is now.
        ('termijnen', '0003_subject_kinds'),
    ]

    operations = [
        migrations.RunPython(columns_to_norms, norms_to_columns),
        pgtrigger.migrations.RemoveTrigger(
            model_name='region',
            name='insert_insert',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='region',
            name='update_update',
        ),
        migrations.RemoveConstraint(
            model_name='region',
            name='region_norms_positive',
        ),
        migrations.RemoveField(
            model_name='region',
            name='evaluatie_maanden',
        ),
        migrations.RemoveField(
            model_name='region',
            name='norm_eerste_contact_werkdagen',
        ),
        migrations.RemoveField(
            model_name='region',
            name='norm_mdo_weken',
        ),
        migrations.RemoveField(
            model_name='region',
            name='norm_vervolghulp_weken',
        ),
        migrations.RemoveField(
            model_name='regionevent',
            name='evaluatie_maanden',
        ),
        migrations.RemoveField(
            model_name='regionevent',
            name='norm_eerste_contact_werkdagen',
        ),
        migrations.RemoveField(
            model_name='regionevent',
            name='norm_mdo_weken',
        ),
        migrations.RemoveField(
            model_name='regionevent',
            name='norm_vervolghulp_weken',
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='region',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "netwerk_regionevent" ("aanmeldpunt_adres", "aanmeldpunt_bereikbaar", "aanmeldpunt_email", "aanmeldpunt_name", "aanmeldpunt_telefoon", "aanmeldpunt_website", "id", "name", "organisatie_model", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "prevalentie_procent", "slug") VALUES (NEW."aanmeldpunt_adres", NEW."aanmeldpunt_bereikbaar", NEW."aanmeldpunt_email", NEW."aanmeldpunt_name", NEW."aanmeldpunt_telefoon", NEW."aanmeldpunt_website", NEW."id", NEW."name", NEW."organisatie_model", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."prevalentie_procent", NEW."slug"); RETURN NULL;', hash='e984d1550a80bf9557009bc2d7958b64c0d851b6', operation='INSERT', pgid='pgtrigger_insert_insert_85340', table='netwerk_region', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='region',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "netwerk_regionevent" ("aanmeldpunt_adres", "aanmeldpunt_bereikbaar", "aanmeldpunt_email", "aanmeldpunt_name", "aanmeldpunt_telefoon", "aanmeldpunt_website", "id", "name", "organisatie_model", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "prevalentie_procent", "slug") VALUES (NEW."aanmeldpunt_adres", NEW."aanmeldpunt_bereikbaar", NEW."aanmeldpunt_email", NEW."aanmeldpunt_name", NEW."aanmeldpunt_telefoon", NEW."aanmeldpunt_website", NEW."id", NEW."name", NEW."organisatie_model", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."prevalentie_procent", NEW."slug"); RETURN NULL;', hash='2bbde6377ed3aebdb547b0b3f4e7b44cc58c6377', operation='UPDATE', pgid='pgtrigger_update_update_28da9', table='netwerk_region', when='AFTER')),
        ),
    ]
