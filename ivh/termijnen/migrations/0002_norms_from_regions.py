from datetime import datetime, timezone

from django.db import migrations

EPOCH = datetime(2000, 1, 1, tzinfo=timezone.utc)


def seed(apps, schema_editor):
    """Each region's norms as they stood on its settings page become the first version."""
    Region = apps.get_model("netwerk", "Region")
    Norm = apps.get_model("termijnen", "Norm")
    for region in Region.objects.all():
        for regel, amount, unit in [
            ("eerste_contact", region.norm_eerste_contact_werkdagen, "werkdagen"),
            ("mdo", region.norm_mdo_weken, "weken"),
            ("vervolghulp", region.norm_vervolghulp_weken, "weken"),
            ("evaluatie", region.evaluatie_maanden, "maanden"),
        ]:
            Norm.objects.get_or_create(
                region=region,
                regel=regel,
                valid_from=EPOCH,
                defaults={"amount": amount, "unit": unit, "reason": "overgenomen van de regio"},
            )


class Migration(migrations.Migration):
    dependencies = [("termijnen", "0001_norms_and_deadlines"), ("netwerk", "0002_naming_scheme")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
