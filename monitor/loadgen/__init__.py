"""A national-scale synthetic data set: `python manage.py generate_load --children N`.

25 regions (one per veiligheidsregio) with the 342 gemeenten of 2024 (real names and CBS codes),
their sociale kaart and staff, and N children registered over ten years with everything the work
records: intake, trajecten, MDOs, plans and agreements, referrals, contacts, closures, surveys,
the deadlines with their pauses and signals, and the access log. Invented from a seed: the same
seed and the same last day (`until`) give the same data set, row for row.

How it is written. Every row is made in Python first, with ids counted from each table's
sequence (the tables are locked for the run), and written with COPY (psycopg 3
`cursor.copy`), phase by phase, in one transaction: a failed run leaves nothing behind. The
foreign keys are checked at the end of each COPY. The deadlines are projected with a table of
working days that gives the same days as `ivh.termijnen.projection.project` (tested), because
`project` itself walks the calendar a day at a time and writes an explanation per deadline.

History (django-pghistory). The history triggers fire on COPY as on any insert. Measured on
20,000 contacts before `ivh.core.history`: 6.9 s (each row caught two exceptions: the trigger's
functions read session settings that nobody set), 0.9 s with the settings set, 0.3 s with the
history triggers skipped, 0.13 s with every trigger off (`session_replication_role = replica`,
which also turns off the foreign-key checks and needs a superuser). Since then the functions
read the settings without raising (bench/history_triggers.py), set or not. The run still sets
pghistory's context for its transaction (`{"command": "generate_load", "seed": …}`), so every
generated row has its "insert" event with that context, as it would have in a database that
grew by use, and `pgtrigger.ignore` to an empty list; `--no-history` skips those events through
`pgtrigger.ignore` (no superuser needed; the foreign keys are still checked). Replica mode is not
used: the foreign-key checks are this generator's proof that its ids fit together.

What it refuses: see `guard` (production settings; a database with a generated set already;
real or demo registrations without `--append`).
"""

from __future__ import annotations

import json
import random
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from . import accesslog, deadlines, families, network
from .calendar import FastCalendar, start_of
from .guard import check_database
from .schema import make_tables
from .tables import Tables

__all__ = ["Progress", "Result", "generate"]

Reporter = Callable[[str], None]


@dataclass
class Result:
    as_of: datetime
    counts: dict[str, int]
    phases: list[tuple[str, float]] = field(default_factory=list)
    seconds: float = 0.0


class Progress:
    """One line per phase and per table written, with the time it took."""

    def __init__(self, write: Reporter | None = None) -> None:
        self.write = write or (lambda line: None)
        self.phases: list[tuple[str, float]] = []

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        self.write(f"{name} …")
        started = time.perf_counter()
        yield
        seconds = time.perf_counter() - started
        self.phases.append((name, seconds))
        self.write(f"{name}: {seconds:.1f} s")

    def table(self, name: str, rows: int, seconds: float) -> None:
        self.write(f"  {name}: {rows:,} rows in {seconds:.1f} s")


def generate(
    *,
    children: int,
    regions: int = 25,
    seed: int = 1,
    until: date | None = None,
    history: bool = True,
    append: bool = False,
    progress: Progress | None = None,
) -> Result:
    """Build the data set in one transaction. `until` is the last day with facts (default
    yesterday); everything is recorded as it stands at the start of the next day (`as_of`)."""
    progress = progress or Progress()
    today = timezone.localdate()
    until = until or today - timedelta(days=1)
    if until >= today:
        raise ValueError("until must lie before today: the facts are in the past.")
    if not 1 <= regions <= len(network.VEILIGHEIDSREGIO):
        raise ValueError(f"regions must be 1–{len(network.VEILIGHEIDSREGIO)}.")
    as_of = start_of(until + timedelta(days=1))
    started = time.perf_counter()
    with transaction.atomic():
        check_database(append=append)
        tables = make_tables()
        previous = _prepare_session(tables, seed=seed, history=history)
        with progress.phase("voorbereiden"):
            tables.lock_and_number()
            calendar = FastCalendar(
                date(until.year - families.YEARS - 1, 1, 1), date(until.year + 3, 12, 31)
            )
        with progress.phase("netwerk"):
            net = network.build(
                tables=tables,
                seed=seed,
                n_regions=regions,
                expected_trajecten_per_year=children * 0.79 / families.YEARS,
                window_start=until.replace(year=until.year - families.YEARS),
            )
            tables.write(progress.table)
        with progress.phase("gezinnen"):
            made = families.build(
                tables=tables,
                network=net,
                seed=seed,
                children=children,
                as_of=as_of,
                calendar=calendar,
            )
        with progress.phase("gezinnen schrijven"):
            tables.write(progress.table)
        with progress.phase("termijnen en signalen"):
            deadlines.build(
                tables=tables,
                network=net,
                families=made,
                seed=seed,
                as_of=as_of,
                calendar=calendar,
            )
            tables.write(progress.table)
        with progress.phase("toegangslog"):
            accesslog.build(
                tables=tables,
                network=net,
                families=made,
                seed=seed,
                as_of=as_of,
                calendar=calendar,
            )
            tables.write(progress.table)
        with progress.phase("afronden"):
            tables.finish()
        _restore_session(previous)
    return Result(
        as_of=as_of,
        counts=tables.counts(),
        phases=progress.phases,
        seconds=time.perf_counter() - started,
    )


SESSION_SETTINGS = ("pghistory.context_id", "pghistory.context_metadata", "pgtrigger.ignore")


def _prepare_session(tables: Tables, *, seed: int, history: bool) -> list[str]:
    """Settings for this transaction: foreign keys checked per statement, and the history
    triggers either given their context (the generated rows' events say where they came from)
    or skipped (see the module docstring). Returns the values they had, for `_restore_session`."""
    names = [t.name for t in tables.order]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT " + ", ".join(["COALESCE(current_setting(%s, true), '')"] * 3),
            list(SESSION_SETTINGS),
        )
        row = cursor.fetchone()
        previous = list(row) if row else ["", "", ""]
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        if history:
            rng = random.Random(f"{seed}:history")
            values = [
                str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                json.dumps({"command": "generate_load", "seed": seed}),
                "{}",
            ]
        else:
            # The insert triggers pgtrigger installed on these tables: pghistory's events.
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND (tgtype & 4) <> 0"
                " AND tgname LIKE 'pgtrigger\\_%%' AND tgrelid = ANY(%s::regclass[])",
                [names],
            )
            skipped = sorted(r[0] for r in cursor.fetchall())
            values = previous[:2] + ["{" + ",".join(skipped) + "}"]
        _set(cursor, values)
    return previous


def _restore_session(previous: list[str]) -> None:
    """Give back the settings as they were, for whatever else the caller's transaction does
    (a test, or --append inside a larger job)."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        _set(cursor, previous)


def _set(cursor: Any, values: list[str]) -> None:
    cursor.execute(
        "SELECT " + ", ".join(["set_config(%s, %s, true)"] * len(SESSION_SETTINGS)),
        [v for pair in zip(SESSION_SETTINGS, values, strict=True) for v in pair],
    )
