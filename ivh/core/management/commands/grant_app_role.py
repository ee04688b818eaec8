"""Give the application's database role exactly the privileges it needs, and no more.

Run as the owner of the schema (IVH_DB_ROLE=owner, DATABASE_MIGRATE_URL) after every
`manage.py migrate`; it is idempotent. See docs/security-database.md.

The application role may read and write the dossier tables, but on an append-only table (the
access log) only INSERT and SELECT: it cannot UPDATE, DELETE or TRUNCATE it, and since it owns
nothing it cannot ALTER the table, disable or drop its trigger either.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.utils import CursorWrapper
from psycopg import sql

from ivh.accounts.models import SecurityEvent
from ivh.audit.models import AccessLogEntry

# Tables the application only appends to and reads: rewriting or emptying them would erase the
# trail they exist for.
APPEND_ONLY_MODELS = [AccessLogEntry, SecurityEvent]


def _statements(*, role: str, owner: str, schema: str, database: str) -> list[sql.Composed]:
    names = {
        "role": sql.Identifier(role),
        "owner": sql.Identifier(owner),
        "schema": sql.Identifier(schema),
        "database": sql.Identifier(database),
    }
    templates = [
        "GRANT CONNECT ON DATABASE {database} TO {role}",
        # Before Postgres 15 every role may create tables in `public` (and would own them).
        "REVOKE CREATE ON SCHEMA {schema} FROM PUBLIC",
        "REVOKE ALL ON SCHEMA {schema} FROM {role}",
        "GRANT USAGE ON SCHEMA {schema} TO {role}",
        # From a clean slate, so a privilege granted by hand earlier does not survive.
        "REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {role}",
        "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {role}",
        "REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {role}",
        "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {role}",
        # Tables and sequences that later migrations create get the same, without waiting for
        # this command (it still runs after each migrate, for the append-only tables).
        "ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema}"
        " GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role}",
        "ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema}"
        " GRANT USAGE, SELECT ON SEQUENCES TO {role}",
    ]
    statements = [sql.SQL(t).format(**names) for t in templates]
    for model in APPEND_ONLY_MODELS:
        statements.append(
            sql.SQL("REVOKE UPDATE, DELETE, TRUNCATE ON TABLE {schema}.{table} FROM {role}").format(
                table=sql.Identifier(model._meta.db_table), **names
            )
        )
    return statements


class Command(BaseCommand):
    help = (
        "Grant the application's database role (the user of DATABASE_URL) read and write on "
        "every table, but only INSERT and SELECT on the access log. Run as the owner after "
        "every migrate."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--role", help="The application's role (default: the user in DATABASE_URL)."
        )
        parser.add_argument("--schema", default="public")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(
        self, *args: Any, role: str | None, schema: str, database: str, **options: object
    ) -> None:
        role = role or settings.IVH_DB_APP_ROLE
        connection = connections[database]
        with transaction.atomic(using=database), connection.cursor() as cursor:
            owner = self._check_role(cursor, role=role, schema=schema)
            for statement in _statements(
                role=role,
                owner=owner,
                schema=schema,
                database=connection.settings_dict["NAME"],
            ):
                cursor.execute(statement.as_string(connection.connection))
            for model in APPEND_ONLY_MODELS:
                self._verify_append_only(
                    cursor, role=role, schema=schema, table=model._meta.db_table
                )
        self.stdout.write(
            f"Role {role!r}: read and write on every table in schema {schema!r}; "
            f"INSERT and SELECT only on {', '.join(m._meta.db_table for m in APPEND_ONLY_MODELS)}."
        )

    def _check_role(self, cursor: CursorWrapper, *, role: str, schema: str) -> str:
        """Refuse a role that could undo the protection: the owner itself, a superuser, a
        member of the owner role, or a role that owns tables. Returns the owner (current user)."""
        cursor.execute(
            "SELECT current_user, r.rolsuper, pg_has_role(r.oid, current_user, 'MEMBER'),"
            " (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            "   WHERE n.nspname = %s AND c.relowner = r.oid)"
            " FROM pg_roles r WHERE r.rolname = %s",
            [schema, role],
        )
        row = cursor.fetchone()
        if row is None:
            raise CommandError(
                f"Database role {role!r} does not exist. Create it first (see "
                "docs/security-database.md): CREATE ROLE ... LOGIN PASSWORD '...';"
            )
        owner, superuser, member_of_owner, owned = row
        if role == owner:
            raise CommandError(
                f"The application role {role!r} is the role running this command (the owner). "
                "Set DATABASE_URL to a separate role that owns nothing, and run this command "
                "with IVH_DB_ROLE=owner and DATABASE_MIGRATE_URL."
            )
        if superuser:
            raise CommandError(f"Role {role!r} is a superuser: it can do anything.")
        if member_of_owner:
            raise CommandError(
                f"Role {role!r} is a member of the owner role {owner!r} and would act as owner."
            )
        if owned:
            raise CommandError(
                f"Role {role!r} owns {owned} table(s) in schema {schema!r}; an owner can alter "
                f"them. Run REASSIGN OWNED BY {role} TO {owner}; as the owner first."
            )
        return owner

    def _verify_append_only(
        self, cursor: CursorWrapper, *, role: str, schema: str, table: str
    ) -> None:
        cursor.execute(
            "SELECT has_table_privilege(%s, c.oid, 'UPDATE')"
            " OR has_table_privilege(%s, c.oid, 'DELETE')"
            " OR has_table_privilege(%s, c.oid, 'TRUNCATE')"
            " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = %s AND c.relname = %s",
            [role, role, role, schema, table],
        )
        row = cursor.fetchone()
        if row is None:
            raise CommandError(f"Table {schema}.{table} does not exist: run migrate first.")
        if row[0]:
            # E.g. through a grant to PUBLIC or to a group the role belongs to.
            raise CommandError(
                f"Role {role!r} can still change {table} (a grant to PUBLIC or to a group it "
                "belongs to?). Revoke that grant and run this command again."
            )
