"""Benchmark: the monitor on the national data set.

Uses the database in DATABASE_URL as it is (it must hold a data set made by
`manage.py generate_load`; with `--generate N` it makes one first, which takes minutes), and
measures:
- the read model: a full rebuild and an increment (`monitor.readmodel`);
- the protected cube of the largest region for one year, computed without cache, and warming
  the cache for every region (what the refresh job does after each refresh);
- the dashboard page for one gemeente official and for the coordinator of the largest region:
  median and 95th percentile over repeated requests, and the number of queries per request.
Targets (issue 11): median under 100 ms, p95 under 250 ms, a query count that does not depend on
the size of the data. `make bench` (bench/runner.py) calls `readmodel_figures` for the read model
and measures the dashboard itself, over HTTP through gunicorn.

    DJANGO_SETTINGS_MODULE=ivh.settings.test DATABASE_URL=postgres://.../ivh_load \\
        .venv/bin/python bench/monitor_dashboard.py [--requests 40] [--generate 130000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ivh.settings.test")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from aanmelding.models import Aanmelding  # noqa: E402
from ivh.accounts.constants import Role  # noqa: E402
from ivh.accounts.models import RoleAssignment  # noqa: E402
from ivh.netwerk.models import Region  # noqa: E402
from monitor.dashboard import warm  # noqa: E402
from monitor.figures import region_year  # noqa: E402
from monitor.protect import protect  # noqa: E402
from monitor.readmodel import refresh_full, refresh_increment  # noqa: E402


def requests(label: str, client: Client, url: str, params: dict, n: int) -> None:
    # The first request after a refresh builds this dashboard from the warmed slices.
    start = time.perf_counter()
    client.get(url, params)
    first = (time.perf_counter() - start) * 1000
    times, queries = [], set()
    for _ in range(n):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url, params)
            times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
        queries.add(len(captured.captured_queries))
    times.sort()
    p95 = times[max(0, round(0.95 * len(times)) - 1)]
    print(
        f"  {label:44} first {first:6.1f} ms  median {statistics.median(times):6.1f} ms  "
        f"p95 {p95:6.1f} ms  queries {sorted(queries)}"
    )


def readmodel_figures(*, full: bool, say=print) -> list[dict]:  # noqa: ANN001
    """The read model and the cache on the data set in the database: a full rebuild (when
    `full`), an increment, the cube of the largest region and its protection, and warming the
    cache for every region. Also called by `make bench` (bench/runner.py), in its own process.
    Returns one dict per step: label, ms, queries."""
    figures: list[dict] = []

    def step(label: str, fn):  # noqa: ANN001, ANN202
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            result = fn()
            seconds = time.perf_counter() - start
        say(f"  {label:44} {seconds:7.2f} s  {len(captured.captured_queries):4d} queries")
        figures.append({"label": label, "ms": round(seconds * 1000, 1), "queries": len(captured)})
        return result

    say("Read model")
    if full:
        rows = step("full rebuild", refresh_full).rows
        say(f"    rows: {rows}")
    step("increment", refresh_increment)
    largest = Region.objects.annotate(n=Count("aanmeldingen")).order_by("-n", "pk").first()
    assert largest is not None
    year = timezone.localdate().year - 1
    say(f"Cube of the largest region ({largest.name}, {largest.gemeenten.count()} gemeenten)")
    figures_ = step(f"cube {year} of {largest.name} (database)", lambda: region_year(largest, year))
    say(f"    cells: {len(figures_.cube.cells)}, relations: {len(figures_.cube.relations)}")
    step("protection", lambda: protect(figures_.cube))
    cache.clear()
    step("warm the cache: every region, two years", warm)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--generate", type=int, default=0, help="first generate N children")
    args = parser.parse_args()
    setup_test_environment()
    if args.generate:
        call_command("migrate", verbosity=0)
        call_command("generate_load", children=args.generate)
    children = Aanmelding.objects.counted().count()
    regions = Region.objects.count()
    print(f"Data set: {children} registrations in {regions} regions")
    if not children:
        sys.exit("No data: run manage.py generate_load first (or pass --generate N).")
    readmodel_figures(full=True)
    largest = Region.objects.annotate(n=Count("aanmeldingen")).order_by("-n", "pk").first()
    assert largest is not None
    year = timezone.localdate().year - 1

    print(f"Dashboard, {args.requests} requests each (after one)")
    url = reverse("monitor:overzicht")
    half = {"soort": "halfjaar", "jaar": year, "helft": 2}
    official = (
        RoleAssignment.objects.filter(role=Role.GEMEENTE, gemeente__region=largest)
        .select_related("user", "gemeente")
        .first()
    )
    coordinator = RoleAssignment.objects.filter(role=Role.COORDINATOR, region=largest).first()
    assert official is not None and coordinator is not None
    client = Client()
    client.force_login(official.user)
    requests(f"gemeente {official.gemeente.name}, half-year", client, url, half, args.requests)
    requests(f"gemeente {official.gemeente.name}, default", client, url, {}, args.requests)
    client = Client()
    client.force_login(coordinator.user)
    requests(f"coordinator {largest.name}, half-year", client, url, half, args.requests)
    requests(
        f"coordinator {largest.name}, year",
        client,
        url,
        {"soort": "jaar", "jaar": year},
        args.requests,
    )


if __name__ == "__main__":
    main()
