"""The public form under load on an existing database, without the rest of `make bench`: gunicorn
as the benchmark starts it (bench.server), the bare view at the same concurrency and the form's
GET and POST at N clients (`bench.runner.public_form`, unchanged), printed as the same table.

    DATABASE_URL=postgres://…/ivh_bench_…_run IVH_BENCH_REDIS_DB=2 \\
        .venv/bin/python -m bench.form_load [--clients 20] [--form-posts 30] [--workers 2] [--rounds 3]

Every POST saves a registration in that database, as in the benchmark. The static files are
collected once into IVH_DATA_DIR/bench/staticfiles (whitenoise's manifest, as in production).
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import sys
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--form-posts", type=int, default=30)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=1, help="measure the form this many times")
    parser.add_argument("--static", choices=["manifest", "finders"], default="manifest")
    args = parser.parse_args(argv)
    if not os.environ.get("DATABASE_URL"):
        raise SystemExit("DATABASE_URL is not set")
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ["IVH_BENCH_STATIC"] = args.static

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from bench.dataset import log
    from bench.runner import Run, public_form, table
    from bench.server import Gunicorn

    if args.static == "manifest":
        call_command("collectstatic", interactive=False, verbosity=0)
    data = ROOT / os.environ.get("IVH_DATA_DIR", ".data")
    run_args = argparse.Namespace(only=["form"], clients=args.clients, form_posts=args.form_posts)
    run = Run(run_args)
    server = Gunicorn(
        workers=args.workers, env={**os.environ}, log_dir=data / "bench" / "gunicorn-form"
    )
    log(f"Starting gunicorn ({args.workers} workers) on 127.0.0.1:{server.port} ...")
    client = server.start()
    # The time the server itself spent on each request (the bench middleware's header), beside
    # what the clients measured: the difference is queueing for a worker and the machine.
    import bench.client

    measured: list[tuple[Any, list[float]]] = []
    original = bench.client.run_concurrently

    from django.db import connection

    def database_backends() -> list[int]:
        # The Postgres processes serving this database (the workers keep theirs open for
        # DATABASE_CONN_MAX_AGE), not this process's own.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            return [row[0] for row in cursor.fetchall()]

    def cpu_seconds() -> tuple[float, float, float]:
        def used(pids: list[int]) -> float:
            total = 0.0
            for pid in pids:
                try:
                    times = psutil.Process(pid).cpu_times()
                except psutil.Error:
                    continue
                total += times.user + times.system
            return total

        own = psutil.Process().cpu_times()
        return (
            used(server.worker_pids()),
            used(database_backends()),
            own.user + own.system,
        )

    def recording(*a: Any, **kw: Any) -> Any:
        before = cpu_seconds()
        result = original(*a, **kw)
        after = cpu_seconds()
        n = max(len(result.sample.times_ms), 1)
        cpu = [(b - a) * 1000 / n for a, b in zip(before, after, strict=True)]
        measured.append((result, cpu))
        return result

    bench.client.run_concurrently = recording
    try:
        for _ in range(args.rounds):
            public_form(run, client, run_args)
    finally:
        bench.client.run_concurrently = original
        server.stop()
    for label, (result, cpu) in zip(["GET", "bare", "POST"] * args.rounds, measured, strict=True):
        server_ms = sorted(result.sample.server_ms)
        if server_ms:
            log(
                f"{label}: server-side median {statistics.median(server_ms):.1f} ms, "
                f"p95 {server_ms[int(len(server_ms) * 0.95) - 1]:.1f} ms; "
                f"{result.per_second:.1f}/s; CPU per request: workers {cpu[0]:.1f} ms, "
                f"Postgres {cpu[1]:.1f} ms, this client {cpu[2]:.1f} ms"
            )
    assert settings.IVH_ENVIRONMENT == "bench"
    print(table(run))
    print(f"load average at the end: {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main(sys.argv[1:]))
