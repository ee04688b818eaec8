"""The group that makes someone the privacy officer (functionaris gegevensbescherming): it holds
the one permission `audit.read_whole_log`. A superuser puts the officer's account in it (the
admin records that in the security log); a beheerder cannot (docs/security.md)."""

from django.db import migrations

GROUP = "Functionaris gegevensbescherming"


def create_group(apps, schema_editor):  # noqa: ANN001, ANN201
    # Django makes permissions after all migrations have run; this one is needed now (the
    # post-migrate step then finds it and leaves it as it is).
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _created = ContentType.objects.get_or_create(
        app_label="audit", model="accesslogentry"
    )
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type,
        codename="read_whole_log",
        defaults={"name": "Mag het hele toegangslog lezen"},
    )
    group, _created = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(permission)


def remove_group(apps, schema_editor):  # noqa: ANN001, ANN201
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0005_reason_and_privacy_officer"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
