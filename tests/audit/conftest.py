import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group

from ivh.accounts.models import User
from ivh.audit.constants import PRIVACY_OFFICER_GROUP
from tests.accounts.factories import UserFactory

# The migration that makes the privacy officer's group (its module name starts with a digit).
group_migration = importlib.import_module("ivh.audit.migrations.0006_privacy_officer_group")


def privacy_officer_group() -> Group:
    """The group as migration audit.0006 makes it. A test that flushes the database (a
    transactional test) removes rows that migrations made, so it is made again when missing."""
    group_migration.create_group(apps, None)
    return Group.objects.get(name=PRIVACY_OFFICER_GROUP)


@pytest.fixture
def make_privacy_officer(db: None):  # noqa: ANN201
    """An account without any role, in the privacy officer's group."""

    def make(**fields: object) -> User:
        user = UserFactory(**fields)
        user.groups.add(privacy_officer_group())
        return User.objects.get(pk=user.pk)  # no cached permissions

    return make
