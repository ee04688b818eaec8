"""`make soak` for a few seconds on a tiny data set: every kind of user does what it does, every
endpoint is requested, nothing fails, and what the POSTs sent is in the database. The figures
are not asserted (timing belongs to the benchmarks). Needs locust, the optional extra `soak`:
without it (CI, `make test`) the run is skipped."""

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.soak import ENDPOINTS, user_counts
from tests.bench.test_harness import bench_env, migrated_template  # noqa: F401 (a fixture)

ROOT = Path(__file__).resolve().parents[2]


def test_the_users_are_shared_out_twenty_eight_eight_four_with_each_role_at_least_once() -> None:
    assert user_counts(40) == {"parent": 20, "coordinator": 8, "casemanager": 8, "official": 4}
    assert user_counts(4) == {"parent": 1, "coordinator": 1, "casemanager": 1, "official": 1}
    assert user_counts(10) == {"parent": 5, "coordinator": 2, "casemanager": 2, "official": 1}
    assert sum(user_counts(37).values()) == 37


def test_a_short_soak_requests_every_endpoint_without_failures_and_saves_every_post(
    migrated_template: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    # Looked for, not imported: importing locust patches the process with gevent (threads
    # become greenlets), which would break Django's per-thread connections for the rest of the
    # suite. So not pytest.importorskip.
    if importlib.util.find_spec("locust") is None:
        pytest.skip("locust is not installed (the optional extra `soak`)")
    env = bench_env()
    out = tmp_path / "soak.json"
    process = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.soak",
            "--children=300",
            "--regions=1",
            # One of each: the fewest users that request every endpoint.
            "--users=4",
            "--spawn-rate=4",
            "--minutes=0.4",
            "--think=0.2,0.5",
            "--fill=3.5,4",
            "--sample-seconds=3",
            "--workers=2",
            "--static=finders",
            f"--template-db={migrated_template}",
            f"--out={out}",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert process.returncode == 0, (process.stdout + process.stderr)[-4000:]

    report = json.loads(out.read_text())
    assert report["ok"] is True
    assert report["users"] == {"parent": 1, "coordinator": 1, "casemanager": 1, "official": 1}
    endpoints = {e["name"]: e for e in report["endpoints"]}
    expected = {f"{role}: {short}" for role, names in ENDPOINTS.items() for short in names}
    assert set(endpoints) == expected
    assert "parent: form (POST)" in expected and "casemanager: contact (POST)" in expected
    for name, endpoint in endpoints.items():
        assert endpoint["requests"] >= 1, name
        assert endpoint["failures"] == 0, (name, endpoint["failure_kinds"])
        assert endpoint["median_ms"] > 0 and endpoint["p95_ms"] >= endpoint["median_ms"], name
    assert report["failures"] == 0 and report["unexpected_endpoints"] == []
    assert report["user_errors"] == {}
    # locust's own count agrees with the runner's.
    assert report["locust"] == {"requests": report["requests"], "failures": 0}
    # Every POST that was answered as sent is a row in the database.
    written = report["written"]
    assert written["registrations_saved"] == written["registrations_sent"] >= 1
    assert written["contacts_saved"] == written["contacts_sent"] >= 1
    # Each worker's memory at start, middle and end; too short a run to call it flat.
    memory = report["memory"]
    assert len(memory["workers"]) == 2
    for worker in memory["workers"]:
        assert worker["start_mb"] > 0 and 0 < worker["end_mb"] <= worker["max_mb"]
        assert worker["whole_run"] is True
    assert memory["flat"] is None
    assert len(memory["samples"]) >= 3
    # The table on standard output shows the same.
    assert "| casemanager: contact (POST) |" in process.stdout
    assert "Result: OK" in process.stdout
