"""The restore test script (docs/backup.md) run against the test database: dump, restore into a
fresh database, the application starts on it and a dossier reads back; a broken dump fails."""

import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from django.urls import reverse

from tests.casemanagement.factories import TrajectFactory

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "restore_test.py"

# The data must be committed for pg_dump to see it.
pytestmark = pytest.mark.django_db(transaction=True)


def _database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


def _run(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env["DJANGO_SETTINGS_MODULE"] = "ivh.settings.test"
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--database-url", _database_url(), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _leftover_databases() -> list[str]:
    with psycopg.connect(_database_url()) as conn:
        rows = conn.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s",
            [connection.settings_dict["NAME"] + "_hersteltest_%"],
        ).fetchall()
    return [row[0] for row in rows]


def test_a_dump_restores_into_a_fresh_database_where_the_app_starts_and_a_dossier_reads_back(
    personas, login
):
    traject = TrajectFactory(region=personas.region, casemanager=personas.casemanager)
    # An access-log entry too: its count must survive the round trip.
    page = login(personas.casemanager).get(reverse("casemanagement:traject", args=[traject.pk]))
    assert page.status_code == 200

    started = time.monotonic()
    result = _run()
    elapsed = time.monotonic() - started

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert f"gezin {traject.gezin.reference} 1 1" in output
    assert "manage.py migrate --check: ok" in output
    assert "manage.py check: ok" in output
    assert f"dossier {traject.gezin.reference} reads back" in output
    assert _leftover_databases() == []
    assert elapsed < 30, f"{elapsed:.1f} s"


def test_a_broken_dump_fails_the_restore_test(personas, tmp_path):
    TrajectFactory(region=personas.region, casemanager=personas.casemanager)
    broken = tmp_path / "kapot.dump"
    broken.write_bytes(b"PGDMP" + os.urandom(2000))
    result = _run("--dump", str(broken))
    assert result.returncode == 1
    assert "FAILED" in result.stdout
    assert _leftover_databases() == []
