"""Parents' links made before signed tokens are revoked: their tokens were written to the access
log's `path` when used (scrubbed by audit.0004, but still in older backups and exports), and
anyone holding such a token could act as the parent while the link ran (30 days). The
casemanager sends a new link from the traject page when the parents need one."""

from django.db import migrations
from django.utils import timezone


def revoke(apps, schema_editor):  # noqa: ANN001
    OuderLink = apps.get_model("casemanagement", "OuderLink")
    OuderLink.objects.filter(nonce="", revoked_at__isnull=True).update(revoked_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [("casemanagement", "0005_retention_ready_and_gemeente_snapshot")]

    operations = [migrations.RunPython(revoke, migrations.RunPython.noop)]
