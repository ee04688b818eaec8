"""Benchmark: 20,000 contacts written to a history-tracked table (issue 16, "also found" 2).

One INSERT … SELECT of N contacts (default 20,000) for an existing traject, so what is measured
is the database's work per row: the insert, its indexes and foreign keys, and pghistory's
trigger with the two functions it calls (`_pgtrigger_should_ignore`, `_pgh_attach_context`).
Each case runs in its own transaction that is rolled back: the database is left as it was, the
functions included. The cases:

- "bibliotheken, zonder context": the functions as django-pgtrigger and django-pghistory install
  them, outside `pghistory.context` (every job, task and command): two caught exceptions a row;
- "bibliotheken, context gezet": the same with the settings set (pghistory.context and
  `pgtrigger.ignore` = '{}'), the workaround `monitor.loadgen` uses;
- "ivh.core.history, zonder context" and "…, met context": the functions as `ivh.core.history`
  installs them after every migrate;
- "zonder historietrigger": the insert trigger skipped (`pgtrigger.ignore`): the floor.

    DATABASE_URL=postgres://…/ivh_nat_<you> .venv/bin/python -m bench.history_triggers \\
        [--rows 20000] [--repeat 3] [--json out.json]

Any migrated database with a traject and a user will do; the national copy is the realistic
one. It prints the median wall time of each case (the machine is shared: compare medians).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ivh.settings.test")

import django  # noqa: E402

django.setup()

import pghistory  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from pghistory.models import Context  # noqa: E402
from pgtrigger.compiler import UpsertTriggerSql  # noqa: E402

from casemanagement.models import Contactmoment  # noqa: E402
from ivh.core import history  # noqa: E402

INSERT = f"""
    INSERT INTO {Contactmoment._meta.db_table}
        (datum, soort, minuten, notitie, created_at, created_by_id, traject_id)
    SELECT current_date, 'telefonisch', 10, '', now(), %(user)s, %(traject)s
    FROM generate_series(1, %(rows)s)
"""  # noqa: S608  # nosec B608 (the table name from the model, values as parameters)


def _library_functions() -> None:
    """The two functions as the libraries install them (in this transaction only)."""
    template = UpsertTriggerSql.get_template(None)  # type: ignore[arg-type]
    ignore_function = template[: template.index("$$ LANGUAGE plpgsql;") + 20]
    with connection.cursor() as cursor:
        cursor.execute(ignore_function.format(ignore_func_name='"public"._pgtrigger_should_ignore'))
    Context.install_pgh_attach_context_func()


def _set(**settings: str) -> None:
    with connection.cursor() as cursor:
        for name, value in settings.items():
            cursor.execute("SELECT set_config(%s, %s, true)", [name.replace("__", "."), value])


def _insert_trigger() -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal"
            " AND tgname LIKE 'pgtrigger\\_insert\\_%%'",
            [Contactmoment._meta.db_table],
        )
        row = cursor.fetchone()
    if row is None:
        raise SystemExit("No history insert trigger on the contacts table: is it migrated?")
    return str(row[0])


Case = tuple[str, Callable[[], None], Callable[[], AbstractContextManager[object]]]


def cases() -> list[Case]:
    trigger = _insert_trigger()

    def library() -> None:
        _library_functions()

    def library_with_settings() -> None:
        _library_functions()
        _set(pgtrigger__ignore="{}")

    def ours() -> None:
        history.install()

    def skipped() -> None:
        history.install()
        _set(pgtrigger__ignore="{" + trigger + "}")

    def context() -> AbstractContextManager[object]:
        return pghistory.context(bench="history_triggers")

    return [
        ("bibliotheken, zonder context", library, nullcontext),
        ("bibliotheken, context gezet", library_with_settings, context),
        ("ivh.core.history, zonder context", ours, nullcontext),
        ("ivh.core.history, met context", ours, context),
        ("zonder historietrigger", skipped, nullcontext),
    ]


def measure(
    prepare: Callable[[], None],
    around: Callable[[], AbstractContextManager[object]],
    params: dict[str, int],
) -> float:
    with around(), transaction.atomic():
        prepare()
        start = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(INSERT, params)
        elapsed = time.perf_counter() - start
        transaction.set_rollback(True)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT min(id) FROM accounts_user), (SELECT min(id) FROM "
            "casemanagement_traject)"
        )
        user, traject = cursor.fetchone() or (None, None)
    if user is None or traject is None:
        raise SystemExit("Needs a database with at least one user and one traject.")
    params = {"user": user, "traject": traject, "rows": args.rows}
    print(f"{args.rows} contacten in één INSERT … SELECT, mediaan van {args.repeat}:")
    figures = {}
    all_cases = cases()
    times: dict[str, list[float]] = {label: [] for label, _, _ in all_cases}
    for _ in range(args.repeat):  # interleaved: a busy moment hits every case alike
        for label, prepare, around in all_cases:
            times[label].append(measure(prepare, around, params))
    for label, values in times.items():
        figures[label] = round(statistics.median(values) * 1000)
        print(f"  {label:34} {figures[label]:6d} ms   ({', '.join(f'{v:.2f}' for v in values)} s)")
    if args.json:
        Path(args.json).write_text(json.dumps({"rows": args.rows, "ms": figures}, indent=1))


if __name__ == "__main__":
    main()
