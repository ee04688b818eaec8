"""The application's database role (docs/security-database.md): it reads and writes the dossier
tables, but may only append to and read the access log. Proven on the real Postgres, connected
as such a role."""

import runpy
import secrets
from collections.abc import Iterator

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from psycopg import errors, sql

from tests.netwerk.factories import RegionFactory

# The grants must be committed for another connection to see them.
pytestmark = pytest.mark.django_db(transaction=True)

LOG = "audit_accesslogentry"


@pytest.fixture
def app_role() -> Iterator[tuple[str, str]]:
    """A fresh login role that owns nothing (roles are per server: a random name, dropped
    afterwards with every privilege it was given)."""
    name = f"ivh_app_test_{secrets.token_hex(4)}"
    password = secrets.token_urlsafe(16)
    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}")
            .format(sql.Identifier(name), sql.Literal(password))
            .as_string(connection.connection)
        )
    try:
        yield name, password
    finally:
        with connection.cursor() as cursor:
            cursor.execute(
                sql.SQL("DROP OWNED BY {0}; DROP ROLE {0}")
                .format(sql.Identifier(name))
                .as_string(connection.connection)
            )


def _connect(role: str, password: str) -> psycopg.Connection:
    settings = connection.settings_dict
    return psycopg.connect(
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        dbname=settings["NAME"],
        user=role,
        password=password,
    )


def _on_log(template: str) -> sql.Composed:
    """A statement on the access-log table ({log} in the template)."""
    return sql.SQL(template).format(log=sql.Identifier(LOG))


def _refused(conn: psycopg.Connection, template: str, params: list | None = None) -> bool:
    """Run one statement in a savepoint; True if Postgres refused it for lack of privilege."""
    try:
        with conn.transaction():
            conn.execute(_on_log(template), params)
    except errors.InsufficientPrivilege:
        return True
    return False


INSERT_ENTRY = (
    "INSERT INTO {log} (at, actor_label, role, organisatie_name, action, object_type,"
    " object_id, client_ref, user_agent, path, view_name, query, client_refs)"
    " VALUES (now(), 'app', '', '', 'view', 't', '1', 'K-TEST', '', '/', '', '{{}}', '{{}}')"
    " RETURNING id"
)


def test_app_role_appends_to_the_access_log_but_cannot_change_empty_or_unprotect_it(app_role):
    region = RegionFactory()  # a dossier-side row to work on, committed by the owner
    role, password = app_role
    call_command("grant_app_role", role=role)

    with _connect(role, password) as conn:  # one transaction, rolled back at the end
        entry_id = conn.execute(_on_log(INSERT_ENTRY)).fetchone()[0]
        select = _on_log("SELECT client_ref FROM {log} WHERE id = %s")
        assert conn.execute(select, [entry_id]).fetchone() == ("K-TEST",)
        assert _refused(conn, "UPDATE {log} SET client_ref = 'X' WHERE id = %s", [entry_id])
        assert _refused(conn, "DELETE FROM {log} WHERE id = %s", [entry_id])
        assert _refused(conn, "TRUNCATE {log}")
        assert _refused(conn, "ALTER TABLE {log} DISABLE TRIGGER ALL")
        assert _refused(
            conn, "ALTER TABLE {log} DISABLE TRIGGER pgtrigger_accesslog_append_only_48027"
        )
        assert _refused(conn, "DROP TRIGGER pgtrigger_accesslog_append_only_48027 ON {log}")
        # pgtrigger's own switch to skip a trigger does not help without the privilege.
        conn.execute("SET LOCAL pgtrigger.ignore = '{pgtrigger_accesslog_append_only_48027}'")
        assert _refused(conn, "UPDATE {log} SET client_ref = 'X' WHERE id = %s", [entry_id])
        # Nor can it create a table of its own to own.
        assert _refused(conn, "CREATE TABLE public.ivh_app_test (id int)")

        # A normal dossier table: read and write (the history trigger writes its events too).
        assert conn.execute(
            "SELECT name FROM netwerk_region WHERE id = %s", [region.pk]
        ).fetchone() == (region.name,)
        conn.execute(
            "UPDATE netwerk_region SET aanmeldpunt_telefoon = '070 2' WHERE id = %s", [region.pk]
        )
        gemeente_id = conn.execute(
            "INSERT INTO netwerk_gemeente (name, cbs_code, region_id)"
            " VALUES ('Testdorp', 'GM9999', %s) RETURNING id",
            [region.pk],
        ).fetchone()[0]
        conn.execute("UPDATE netwerk_gemeente SET kinderen_0_6 = 10 WHERE id = %s", [gemeente_id])
        conn.execute("DELETE FROM netwerk_gemeente WHERE id = %s", [gemeente_id])
        conn.rollback()


def test_tables_created_by_later_migrations_are_granted_by_default(app_role):
    role, password = app_role
    call_command("grant_app_role", role=role)
    with connection.cursor() as cursor:  # as the owner, like a later migration
        cursor.execute("CREATE TABLE ivh_later_table (id int)")
    try:
        with _connect(role, password) as conn:
            conn.execute("INSERT INTO ivh_later_table VALUES (1)")
            assert conn.execute("SELECT count(*) FROM ivh_later_table").fetchone() == (1,)
            conn.rollback()
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE ivh_later_table")


def test_grant_refuses_to_give_the_owner_role_itself(app_role):
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        owner = cursor.fetchone()[0]
    with pytest.raises(CommandError, match="is the role running this command"):
        call_command("grant_app_role", role=owner)


def test_grant_refuses_a_role_that_would_act_as_the_owner(app_role):
    role, _password = app_role
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        owner = cursor.fetchone()[0]
        cursor.execute(
            sql.SQL("GRANT {} TO {}")
            .format(sql.Identifier(owner), sql.Identifier(role))
            .as_string(connection.connection)
        )
    with pytest.raises(CommandError, match="member of the owner role"):
        call_command("grant_app_role", role=role)


def test_grant_refuses_an_unknown_role():
    with pytest.raises(CommandError, match="does not exist"):
        call_command("grant_app_role", role="ivh_bestaat_niet")


# --- settings: which URL each role uses ----------------------------------------------------


def _settings(monkeypatch: pytest.MonkeyPatch, **env: str) -> dict:
    for name in ("DATABASE_URL", "DATABASE_MIGRATE_URL", "IVH_DB_ROLE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    # A fresh copy of the module, run beside the one already loaded (hence runpy's warning).
    return runpy.run_module("ivh.settings.base")


APP_URL = "postgres://ivh_app:a@db:5432/ivh"
OWNER_URL = "postgres://ivh_owner:o@db:5432/ivh"


@pytest.mark.django_db(transaction=False)
@pytest.mark.filterwarnings("ignore:.*found in sys.modules:RuntimeWarning")
def test_the_application_connects_with_database_url(monkeypatch):
    conf = _settings(monkeypatch, DATABASE_URL=APP_URL, DATABASE_MIGRATE_URL=OWNER_URL)
    assert conf["DATABASES"]["default"]["USER"] == "ivh_app"
    assert conf["IVH_DB_APP_ROLE"] == "ivh_app"


@pytest.mark.django_db(transaction=False)
@pytest.mark.filterwarnings("ignore:.*found in sys.modules:RuntimeWarning")
def test_migrations_connect_as_the_owner_when_asked(monkeypatch):
    conf = _settings(
        monkeypatch, DATABASE_URL=APP_URL, DATABASE_MIGRATE_URL=OWNER_URL, IVH_DB_ROLE="owner"
    )
    assert conf["DATABASES"]["default"]["USER"] == "ivh_owner"
    assert conf["IVH_DB_APP_ROLE"] == "ivh_app"


@pytest.mark.django_db(transaction=False)
@pytest.mark.filterwarnings("ignore:.*found in sys.modules:RuntimeWarning")
def test_without_a_migrate_url_one_role_does_both_as_before(monkeypatch):
    conf = _settings(monkeypatch, DATABASE_URL=APP_URL)
    assert conf["DATABASES"]["default"]["USER"] == "ivh_app"


@pytest.mark.django_db(transaction=False)
@pytest.mark.filterwarnings("ignore:.*found in sys.modules:RuntimeWarning")
def test_owner_mode_without_a_migrate_url_refuses_to_start(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="DATABASE_MIGRATE_URL"):
        _settings(monkeypatch, DATABASE_URL=APP_URL, IVH_DB_ROLE="owner")
