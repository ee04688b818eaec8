"""Recovery codes made before this migration were stored as typed; from now on the database holds
only their digest (ivh.accounts.recovery). A stored value shorter than a digest is a code."""

from django.db import migrations

from ivh.accounts.recovery import DIGEST_LENGTH, recovery_code_digest


def codes_to_digests(apps, schema_editor):
    StaticToken = apps.get_model("otp_static", "StaticToken")
    for token in StaticToken.objects.exclude(token__regex=rf"^[0-9a-f]{{{DIGEST_LENGTH}}}$"):
        token.token = recovery_code_digest(token.token)
        token.save(update_fields=["token"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_security_event_lockouts"),
        ("otp_static", "0003_add_timestamps"),
    ]

    # Not reversible: a digest cannot become the code again.
    operations = [migrations.RunPython(codes_to_digests, migrations.RunPython.noop)]
