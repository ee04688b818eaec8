"""The benchmark's databases, all named `ivh_bench_*` on the server of DATABASE_URL.

- `ivh_bench_<M>_tpl`: migrated and empty. M is a hash of every migration file, so a new or
  changed migration makes a new template.
- `ivh_bench_<D>_<N>c<R>r`: the data set, `generate_load --children N --regions R` on a copy of
  the template, then the monitor's read model (full refresh) and VACUUM ANALYZE. D hashes the
  migrations and the generator's code. Built under a temporary name and renamed when complete,
  with what it took in the database's comment; reused while D is the same.
- `…_run`: a copy of the data set for one run (CREATE DATABASE … TEMPLATE, a file copy), so every
  run starts from the same rows although the form benchmark adds registrations and the scan
  raises signals. Dropped at the end unless --keep.

Databases of another hash (older migrations) are dropped when a new one is built; nothing that is
not named `ivh_bench_` is touched. Needs no Django: psycopg and subprocesses with their own
DATABASE_URL.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
PREFIX = "ivh_bench_"
SKIP_DIRS = {".venv", ".data", "node_modules", ".git", "staticfiles", "test-artifacts"}
# The generator's code: a change to it makes a new data set, as a migration does.
GENERATOR = ["monitor/loadgen", "monitor/management/commands/generate_load.py"]
_OWN_NAME = re.compile(r"^ivh_bench_([0-9a-f]{10})_")


def add_run_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of a run on a copy of the data set (bench.runner, bench.soak)."""
    parser.add_argument("--keep", action="store_true", help="keep the run's copy of the data")
    parser.add_argument(
        "--template-db", help="use this migrated database as the template (tests)", default=None
    )
    parser.add_argument(
        "--static",
        choices=["manifest", "finders"],
        default="manifest",
        help="manifest: collectstatic and whitenoise's compressed manifest, as in production "
        "(default); finders: serve from the source folders (quicker start, for tests)",
    )


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def _files(paths: Iterable[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_file():
            found.append(path)
        elif path.is_dir():
            found += [p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    return sorted(found)


def migration_files() -> list[Path]:
    files = []
    for path in ROOT.rglob("migrations/*.py"):
        relative = path.relative_to(ROOT)
        if not SKIP_DIRS.intersection(relative.parts):
            files.append(path)
    return sorted(files)


def digest(files: Iterable[Path]) -> str:
    h = hashlib.sha256()
    for path in files:
        h.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:10]


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


@dataclass
class Server:
    """The Postgres server of DATABASE_URL; connects to its `postgres` database."""

    url: str

    def connect(self, name: str = "postgres") -> psycopg.Connection:
        return psycopg.connect(with_database(self.url, name), autocommit=True)

    def exists(self, name: str) -> bool:
        with self.connect() as conn:
            row = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        return row is not None

    def comment(self, name: str) -> dict[str, Any] | None:
        with self.connect() as conn:
            row = conn.execute(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
                [name],
            ).fetchone()
        if row is None or not row[0]:
            return None
        try:
            return json.loads(row[0])
        except ValueError:
            return None

    def own_databases(self) -> list[str]:
        with self.connect() as conn:
            rows = conn.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE 'ivh\\_bench\\_%' ORDER BY 1"
            ).fetchall()
        return [r[0] for r in rows]

    def create(self, name: str, template: str | None = None) -> None:
        assert name.startswith(PREFIX), name
        query = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template:
            # A file copy: much faster than the default WAL_LOG strategy for gigabytes.
            query = sql.SQL("CREATE DATABASE {} TEMPLATE {} STRATEGY FILE_COPY").format(
                sql.Identifier(name), sql.Identifier(template)
            )
        # Postgres copies a template only while nobody is connected to it; a connection that is
        # just closing (a test's, a finished run's) gets a few seconds to go.
        for attempt in range(10):
            try:
                with self.connect() as conn:
                    conn.execute(query)
                return
            except psycopg.errors.ObjectInUse:
                if attempt == 9:
                    raise SystemExit(
                        f"[bench] {template} is in use by another session; cannot copy it."
                    ) from None
                time.sleep(1)

    def drop(self, name: str) -> bool:
        """Drop one of ours; False (and a message) when someone is still connected to it."""
        assert name.startswith(PREFIX), name
        try:
            with self.connect() as conn:
                conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        except psycopg.errors.ObjectInUse:
            log(f"{name} is in use; left in place.")
            return False
        return True

    def rename(self, old: str, new: str, meta: dict[str, Any]) -> None:
        assert old.startswith(PREFIX) and new.startswith(PREFIX)
        with self.connect() as conn:
            conn.execute(
                sql.SQL("ALTER DATABASE {} RENAME TO {}").format(
                    sql.Identifier(old), sql.Identifier(new)
                )
            )
            conn.execute(
                sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                    sql.Identifier(new), sql.Literal(json.dumps(meta))
                )
            )

    def size(self, name: str) -> int:
        with self.connect() as conn:
            row = conn.execute("SELECT pg_database_size(%s)", [name]).fetchone()
        return int(row[0]) if row else 0


@dataclass
class DataSet:
    name: str
    template: str
    meta: dict[str, Any]
    reused: bool
    # What this run spent on building (0 when reused).
    phases: list[tuple[str, float]] = field(default_factory=list)


def _django_env(url: str, name: str, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {**os.environ, **(extra or {})}
    env["DATABASE_URL"] = with_database(url, name)
    env["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    env["PYTHONUNBUFFERED"] = "1"
    return env


def _run(args: list[str], env: dict[str, str], *, label: str) -> str:
    """Run a step, its progress (stderr) shown as it comes; returns its standard output."""
    log(f"{label}: {' '.join(args[1:])}")
    process = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
    )
    if process.returncode != 0:
        sys.stdout.write(process.stdout)
        raise SystemExit(f"[bench] {label} failed (exit code {process.returncode}).")
    return process.stdout


class DataSets:
    def __init__(self, url: str) -> None:
        self.url = url
        self.server = Server(url)
        self.migrations = digest(migration_files())
        self.generator = digest(migration_files() + _files(ROOT / p for p in GENERATOR))

    def template_name(self) -> str:
        return f"{PREFIX}{self.migrations}_tpl"

    def dataset_name(self, children: int, regions: int, seed: int) -> str:
        name = f"{PREFIX}{self.generator}_{children}c{regions}r"
        return name if seed == 1 else f"{name}{seed}s"

    def drop_stale(self) -> None:
        """Our databases of other hashes, and half-built ones of any."""
        current = {self.migrations, self.generator}
        for name in self.server.own_databases():
            match = _OWN_NAME.match(name)
            if match is None:
                continue
            if match.group(1) not in current or name.endswith("_build"):
                log(f"Dropping {name} (older migrations or an unfinished build).")
                self.server.drop(name)

    def ensure_template(self) -> tuple[str, float]:
        name = self.template_name()
        meta = self.server.comment(name)
        if meta and meta.get("complete"):
            return name, 0.0
        if self.server.exists(name):
            self.server.drop(name)
        building = f"{name}_build"
        self.server.drop(building)
        started = time.perf_counter()
        self.server.create(building)
        _run(
            ["manage.py", "migrate", "--noinput", "-v", "0"],
            _django_env(self.url, building),
            label="migrating the template",
        )
        seconds = time.perf_counter() - started
        self.server.rename(building, name, {"complete": True, "migrate_s": round(seconds, 1)})
        return name, seconds

    def ensure(
        self, *, children: int, regions: int, seed: int, template_db: str | None = None
    ) -> DataSet:
        """The data set for these options, built when it is missing or incomplete.

        With `template_db` (a migrated database of the caller, e.g. the test database) that
        database is the template and the data set is built afresh under an ad-hoc name."""
        phases: list[tuple[str, float]] = []
        if template_db:
            template = template_db
            name = f"{self.dataset_name(children, regions, seed)}_adhoc"
            self.server.drop(name)
        else:
            self.drop_stale()
            template, migrate_s = self.ensure_template()
            if migrate_s:
                phases.append(("migrate (template)", migrate_s))
            name = self.dataset_name(children, regions, seed)
            meta = self.server.comment(name)
            if meta and meta.get("complete"):
                return DataSet(name=name, template=template, meta=meta, reused=True)
            if self.server.exists(name):
                self.server.drop(name)
        building = f"{name}_build"
        self.server.drop(building)
        until = date.today() - timedelta(days=1)
        started = time.perf_counter()
        self.server.create(building, template=template)
        phases.append(("copy template", time.perf_counter() - started))
        env = _django_env(self.url, building)
        started = time.perf_counter()
        out = _run(
            [
                "manage.py",
                "generate_load",
                f"--children={children}",
                f"--regions={regions}",
                f"--seed={seed}",
                f"--until={until.isoformat()}",
                "--i-know-this-is-not-production",
            ],
            env,
            label="generating the data set",
        )
        phases.append(("generate_load", time.perf_counter() - started))
        generate_phases = _phases_from(out)
        rows = _rows_from(out)
        started = time.perf_counter()
        _run(["-m", "bench.prepare"], env, label="monitor read model (full refresh)")
        phases.append(("monitor read model (full)", time.perf_counter() - started))
        started = time.perf_counter()
        with self.server.connect(building) as conn:
            conn.execute("VACUUM ANALYZE")
        phases.append(("VACUUM ANALYZE", time.perf_counter() - started))
        meta = {
            "complete": True,
            "children": children,
            "regions": regions,
            "seed": seed,
            "until": until.isoformat(),
            "built_at": datetime.now().isoformat(timespec="seconds"),
            "phases": [[n, round(s, 1)] for n, s in phases],
            "generate_phases": generate_phases,
            "rows": rows,
        }
        self.server.rename(building, name, meta)
        meta["size_bytes"] = self.server.size(name)
        return DataSet(name=name, template=template, meta=meta, reused=False, phases=phases)

    def working_copy(self, dataset: DataSet) -> tuple[str, float]:
        name = f"{dataset.name}_run"
        self.server.drop(name)
        started = time.perf_counter()
        self.server.create(name, template=dataset.name)
        return name, time.perf_counter() - started


_PHASE_LINE = re.compile(r"^(\S[^\d]*?)\s+([\d.]+) s$")
_ROWS_LINE = re.compile(r"^rijen\s+([\d,.]+)$")


def _phases_from(output: str) -> list[list[Any]]:
    """The `name   12.3 s` lines generate_load prints at the end."""
    phases = []
    for line in output.splitlines():
        match = _PHASE_LINE.match(line.strip())
        if match:
            phases.append([match.group(1).strip(), float(match.group(2))])
    return phases


def _rows_from(output: str) -> int | None:
    for line in output.splitlines():
        match = _ROWS_LINE.match(line.strip())
        if match:
            return int(re.sub(r"[,.]", "", match.group(1)))
    return None
