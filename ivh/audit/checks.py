"""`manage.py check --deploy --database default`: warns when the application's database role
could rewrite or empty the access log (docs/security-database.md)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register
from django.db import connections


@register(Tags.database, deploy=True)
def check_app_role_cannot_rewrite_access_log(
    app_configs: Iterable[AppConfig] | None = None,
    databases: Iterable[str] | None = None,
    **kwargs: Any,
) -> list[CheckMessage]:
    # Database checks run only when asked for (--database); the owner role may of course.
    if not databases or settings.IVH_DB_ROLE == "owner":
        return []
    from .models import AccessLogEntry

    messages: list[CheckMessage] = []
    for alias in databases:
        with connections[alias].cursor() as cursor:
            cursor.execute(
                "SELECT has_table_privilege(c.oid, 'UPDATE') OR has_table_privilege(c.oid, 'DELETE')"
                " OR has_table_privilege(c.oid, 'TRUNCATE')"
                " OR pg_has_role(c.relowner, 'MEMBER')"
                " FROM pg_class c WHERE c.oid = to_regclass(%s)",
                [AccessLogEntry._meta.db_table],
            )
            row = cursor.fetchone()
        if row and row[0]:
            messages.append(
                Warning(
                    "The application's database role can change, empty or unprotect the "
                    "access log.",
                    hint=(
                        "Run the application as a role that owns nothing (DATABASE_URL) and "
                        "migrate as the owner (IVH_DB_ROLE=owner, DATABASE_MIGRATE_URL), then "
                        "run `manage.py grant_app_role`. See docs/security-database.md."
                    ),
                    id="ivh_audit.W001",
                )
            )
    return messages
