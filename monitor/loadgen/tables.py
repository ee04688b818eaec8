"""Rows in memory, written with COPY: one buffer per table, ids handed out by the generator.

The generator links rows by id before anything is written (a traject names its registration,
a signal its deadline), so each table's ids come from a counter that starts at the table's
sequence; `Tables.write` copies every buffer in dependency order and moves the sequences past the
ids used. The tables are locked for the transaction, so no other session takes an id in between.

A column the generator does not name is filled from the model: its constant default (an empty
list, False, "") or NULL. A NOT NULL column without such a default stops the run with the name of
the column, so a field added to a model later is noticed here rather than written wrong.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models
from psycopg import sql
from psycopg.types.json import Jsonb

_NO_DEFAULT = object()


def _constant_default(f: models.Field) -> object:
    """The value a column gets when the generator does not name it, or _NO_DEFAULT."""
    if f.has_default():
        default = f.default
        if default in (list, dict):
            return default()
        if not callable(default):
            return default
        return _NO_DEFAULT
    if f.null:
        return None
    if f.empty_strings_allowed:
        # A text column Django itself fills with "" when nothing is given.
        return ""
    return _NO_DEFAULT


class Table:
    """The rows of one table, in the column order given; ids from the table's sequence."""

    def __init__(self, model: type[models.Model], columns: Sequence[str]) -> None:
        self.model = model
        self.name = model._meta.db_table
        by_attname = {f.attname: f for f in model._meta.concrete_fields}
        unknown = [c for c in columns if c not in by_attname]
        if unknown:
            raise ValueError(f"{self.name}: no such columns {unknown}")
        self.columns = list(columns)
        self.extra: dict[str, object] = {}
        missing = []
        for attname, f in by_attname.items():
            if attname in self.columns:
                continue
            value = _constant_default(f)
            if value is _NO_DEFAULT:
                missing.append(attname)
            else:
                self.extra[attname] = value
        if missing:
            raise ValueError(
                f"{self.name}: the generator must fill {missing} (NOT NULL without a default)"
            )
        self._json = {
            i
            for i, c in enumerate([*self.columns, *self.extra])
            if isinstance(by_attname[c], models.JSONField)
        }
        self.rows: list[tuple[Any, ...]] = []
        self.written = 0
        self.has_id = "id" in self.columns
        self._next_id = 0
        self.first_id = 0

    def start_ids(self, first: int) -> None:
        self._next_id = self.first_id = first

    def new_id(self) -> int:
        value = self._next_id
        self._next_id += 1
        return value

    @property
    def last_id(self) -> int:
        return self._next_id - 1

    def add(self, *values: Any) -> None:
        self.rows.append(values)

    def encoded(self) -> Iterable[tuple[Any, ...]]:
        extra = tuple(self.extra.values())
        json = self._json
        for row in self.rows:
            full = row + extra if extra else row
            if json:
                full = tuple(Jsonb(v) if i in json else v for i, v in enumerate(full))
            yield full


@dataclass
class Tables:
    """Every table the generator writes, in the order it writes them (parents first)."""

    order: list[Table] = field(default_factory=list)
    by_model: dict[type[models.Model], Table] = field(default_factory=dict)

    def add(self, model: type[models.Model], columns: Sequence[str]) -> Table:
        table = Table(model, columns)
        self.order.append(table)
        self.by_model[model] = table
        return table

    def __getitem__(self, model: type[models.Model]) -> Table:
        return self.by_model[model]

    def lock_and_number(self) -> None:
        """Lock the tables against other writers and start each id counter past both the
        highest id and the sequence (which never moves back)."""
        with _raw().cursor() as cursor:
            for table in self.order:
                name = sql.Identifier(table.name)
                cursor.execute(sql.SQL("LOCK TABLE {} IN SHARE ROW EXCLUSIVE MODE").format(name))
                if table.has_id:
                    cursor.execute(
                        sql.SQL(
                            "SELECT GREATEST((SELECT COALESCE(MAX(id), 0) + 1 FROM {}),"
                            " nextval(pg_get_serial_sequence(%s, 'id')))"
                        ).format(name),
                        [table.name],
                    )
                    row = cursor.fetchone()
                    assert row is not None
                    table.start_ids(row[0])

    def write(self, report: Callable[[str, int, float], None]) -> None:
        """COPY every buffer that holds rows, then let the rows go (their ids stay used)."""
        raw = _raw()
        for table in self.order:
            if not table.rows:
                continue
            started = time.perf_counter()
            columns = [*table.columns, *table.extra]
            statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
                sql.Identifier(table.name), sql.SQL(", ").join(map(sql.Identifier, columns))
            )
            with raw.cursor() as cursor, cursor.copy(statement) as copy:
                for row in table.encoded():
                    copy.write_row(row)
            report(table.name, len(table.rows), time.perf_counter() - started)
            table.written += len(table.rows)
            table.rows = []

    def finish(self) -> None:
        """Move each id sequence past the ids used, and refresh the planner's statistics."""
        with _raw().cursor() as cursor:
            for table in self.order:
                if table.has_id and table.written:
                    cursor.execute(
                        "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)",
                        [table.name, table.last_id],
                    )
            for table in self.order:
                if table.written:
                    cursor.execute(sql.SQL("ANALYZE {}").format(sql.Identifier(table.name)))

    def counts(self) -> dict[str, int]:
        return {t.name: t.written for t in self.order}


def _raw() -> Any:
    """The psycopg connection under Django's (COPY is not part of Django's cursor API)."""
    connection.ensure_connection()
    return connection.connection
