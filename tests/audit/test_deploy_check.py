"""`check --deploy --database default` warns when the application runs as a role that could
rewrite the access log (docs/security-database.md)."""

import pytest

from ivh.audit.checks import check_app_role_cannot_rewrite_access_log

pytestmark = pytest.mark.django_db


def test_warns_when_the_application_role_owns_the_access_log():
    # The test database is created by its owner: the situation the warning is for.
    [warning] = check_app_role_cannot_rewrite_access_log(databases=["default"])
    assert warning.id == "ivh_audit.W001"


def test_stays_silent_without_a_database_or_for_the_owner_role(settings):
    assert check_app_role_cannot_rewrite_access_log(databases=None) == []
    settings.IVH_DB_ROLE = "owner"
    assert check_app_role_cannot_rewrite_access_log(databases=["default"]) == []
