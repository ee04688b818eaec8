"""History triggers that never raise (issue 16, "also found" 2).

Every row written to a tracked table fires pghistory's trigger, which calls two functions the
libraries install in the database, and each read a session setting inside an exception block:

- `_pgtrigger_should_ignore` (django-pgtrigger) reads `pgtrigger.ignore`;
- `_pgh_attach_context` (django-pghistory) reads `pghistory.context_id` and
  `pghistory.context_metadata`, and upserts the context row when both are set.

They read with `current_setting(name)`, which raises when the setting was never set in the
session, and cast the text to `text[]`, `uuid` and `jsonb`, which raises on the empty string a
setting keeps once a transaction that set it has ended. The exception is caught, so nothing
fails, but a caught exception rolls back a subtransaction: per row, twice. Inserting 20,000
contacts took 5.1 s that way, against 0.1 s without the triggers (bench/history_triggers.py).

No value of the settings avoids it: the empty string still fails the casts and a valid context
id would attach every write to one shared context row (and lock it). So the two functions are
replaced, after every `migrate` (pgtrigger re-creates its function with each trigger it
installs), by versions that read with `missing_ok` and treat an empty setting as unset. They
return the same answers; they never enter an exception block. A tracked write outside
`pghistory.context` still gets no context, one inside it still gets its context.

When django-pghistory or django-pgtrigger change these functions, `tests/core/
test_history_triggers_never_raise.py` fails on the pinned source: compare and adjust.
"""

from __future__ import annotations

from typing import Any

from django.db import connections
from pgtrigger import features
from pgtrigger.utils import quote


def _should_ignore_sql(schema: str) -> str:
    """pgtrigger's `_pgtrigger_should_ignore(trigger_name)`: is this trigger in the list?"""
    return f"""
        CREATE OR REPLACE FUNCTION {schema}._pgtrigger_should_ignore(trigger_name NAME)
        RETURNS BOOLEAN AS $$
            DECLARE
                _pgtrigger_ignore TEXT[] :=
                    NULLIF(CURRENT_SETTING('pgtrigger.ignore', TRUE), '')::TEXT[];
            BEGIN
                RETURN COALESCE(trigger_name = ANY(_pgtrigger_ignore), FALSE);
            END;
        $$ LANGUAGE plpgsql
    """


ATTACH_CONTEXT_SQL = """
    CREATE OR REPLACE FUNCTION _pgh_attach_context()
    RETURNS pghistory_context.id%TYPE AS $$
        DECLARE
            _pgh_context_id UUID :=
                NULLIF(CURRENT_SETTING('pghistory.context_id', TRUE), '')::UUID;
            _pgh_context_metadata JSONB :=
                NULLIF(CURRENT_SETTING('pghistory.context_metadata', TRUE), '')::JSONB;
        BEGIN
            IF _pgh_context_id IS NOT NULL AND _pgh_context_metadata IS NOT NULL THEN
                INSERT INTO pghistory_context (id, metadata, created_at, updated_at)
                    VALUES (_pgh_context_id, _pgh_context_metadata, NOW(), NOW())
                    ON CONFLICT (id) DO UPDATE
                        SET metadata = EXCLUDED.metadata,
                            updated_at = EXCLUDED.updated_at
                        WHERE pghistory_context.metadata != EXCLUDED.metadata;
                RETURN _pgh_context_id;
            END IF;
            RETURN NULL;
        END;
    $$ LANGUAGE plpgsql
"""


def install(using: str = "default") -> list[str]:
    """Replace the functions the libraries installed in database `using` (those not installed,
    e.g. before their migrations ran, are left alone). Returns the names replaced."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return []
    schema = quote(features.schema())
    replaced = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT to_regprocedure(%s) IS NOT NULL, to_regprocedure('_pgh_attach_context()')"
            " IS NOT NULL AND to_regclass(%s) IS NOT NULL",
            [f"{schema}._pgtrigger_should_ignore(name)", "pghistory_context"],
        )
        row = cursor.fetchone()
        has_ignore, has_context = row if row else (False, False)
        if has_ignore:
            cursor.execute(_should_ignore_sql(schema))
            replaced.append("_pgtrigger_should_ignore")
        if has_context:
            cursor.execute(ATTACH_CONTEXT_SQL)
            replaced.append("_pgh_attach_context")
    return replaced


def install_after_migrate(using: str = "default", **kwargs: Any) -> None:
    """post_migrate receiver (see `ivh.core.apps`)."""
    install(using)
