"""Benchmark: the inzage (AVG art. 15) of a well-used file, as PDF and as JSON.

Before the PDF grouped the access log, 500 log rows took 28.8 s and 622 hit the 30 s worker
timeout. This builds one family with two children and N access-log rows in a throwaway
database, requests the PDF and the JSON export as the region's coordinator, and prints the wall
time, size, pages and number of queries of each.

    DJANGO_SETTINGS_MODULE=ivh.settings.test DATABASE_URL=postgres://... \\
        .venv/bin/python bench/inzage_pdf.py [--rows 10000] [--repeat 3] [--json out.json]

Two spreads of the same number of rows:
- "dense": two people reading 25 times a day (few lines once grouped, ~N/100);
- "spread": six people reading one to three times a day over years (many lines, ~N/4).

It cleans up after itself: the data lives in its own database (`ivh_bench_scratch_inzage`),
created for the run and dropped at the end, also on failure. The access log is append-only, so rolling
back or deleting rows is not an option there.
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import os
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ivh.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_databases,
    setup_test_environment,
    teardown_databases,
    teardown_test_environment,
)
from django.urls import reverse  # noqa: E402


def build(rows: int, spread: str):  # noqa: ANN201
    from ivh.audit.models import AccessLogEntry
    from tests.accounts.factories import RoleAssignmentFactory
    from tests.casemanagement.factories import KindFactory, TrajectFactory
    from tests.netwerk.factories import OrganisatieFactory, RegionFactory

    region = RegionFactory(name=f"Bench {spread}", slug=f"bench-{spread}")
    mee = OrganisatieFactory(name=f"MEE Bench {spread}", mee=True, regions=[region])
    coordinator = RoleAssignmentFactory(coordinator=True, region=region).user
    readers = [
        RoleAssignmentFactory(casemanager=True, region=region, organisatie=mee).user
        for _ in range(6)
    ]
    traject = TrajectFactory(region=region, casemanager=readers[0])
    KindFactory(gezin=traject.gezin)
    refs = list(traject.gezin.kinderen.values_list("reference", flat=True))

    start = datetime(2026, 1, 1, 8, 0, tzinfo=UTC)
    entries: list[AccessLogEntry] = []
    reads = 0
    while len(entries) < rows:
        if spread == "dense":
            user = readers[reads // 25 % 2]
            at = start - timedelta(days=reads // 50, minutes=reads % 50)
        else:
            user = readers[reads % 6]
            at = start - timedelta(days=reads // 12, minutes=reads % 12)
        entries += [
            AccessLogEntry(
                at=at,
                user=user,
                actor_label=user.email,
                role="Casemanager",
                organisatie_name=mee.name,
                action="view",
                object_type="casemanagement.traject",
                object_id=str(traject.pk),
                client_ref=ref,
                region_id=region.pk,
                path=f"/trajecten/{traject.pk}/",
            )
            for ref in refs
        ]
        reads += 1
    AccessLogEntry.objects.bulk_create(entries[:rows], batch_size=2000)
    return coordinator, traject


def measure(client: Client, url: str, formaat: str) -> tuple[float, int, int, str]:
    with CaptureQueriesContext(connection) as queries:
        began = time.perf_counter()
        response = client.get(url, {"formaat": formaat})
        body = b"".join(response.streaming_content) if response.streaming else response.content
        elapsed = time.perf_counter() - began
    assert response.status_code == 200, response.status_code
    extra = ""
    if formaat == "pdf":
        from pypdf import PdfReader

        extra = f"{len(PdfReader(io.BytesIO(body)).pages)} pages"
    return elapsed, len(body), len(queries.captured_queries), extra


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--keepdb",
        action="store_true",
        help="use ivh_bench_scratch_inzage as it is (make bench copies it from its migrated "
        "template) instead of migrating a new one, and leave it for the caller to drop",
    )
    parser.add_argument("--json", help="also write the figures to this file (make bench)")
    args = parser.parse_args()
    # WeasyPrint logs a line per page at INFO; only the timings matter here.
    logging.getLogger("weasyprint").setLevel(logging.WARNING)

    db = settings.DATABASES["default"]
    db.setdefault("TEST", {})["NAME"] = "ivh_bench_scratch_inzage"
    setup_test_environment()
    old_config = setup_databases(verbosity=0, interactive=False, keepdb=args.keepdb)
    figures = []
    try:
        print(f"inzage of one family with {args.rows} access-log rows (best of {args.repeat})")
        for spread in ("dense", "spread"):
            coordinator, traject = build(args.rows, spread)
            client = Client()
            client.force_login(coordinator)
            url = reverse("casemanagement:inzage", args=[traject.pk])
            for formaat in ("pdf", "json"):
                runs = [measure(client, url, formaat) for _ in range(args.repeat)]
                best = min(runs)
                figures.append(
                    {
                        "spread": spread,
                        "formaat": formaat,
                        "ms": [round(r[0] * 1000, 1) for r in runs],
                        "bytes": best[1],
                        "queries": best[2],
                        "extra": best[3],
                    }
                )
                print(
                    f"  {spread:6} {formaat:4} {best[0]:6.2f} s  {best[1] / 1024:8.0f} KiB  "
                    f"{best[2]:3d} queries  {best[3]}"
                )
        if args.json:
            out = {"rows": args.rows, "repeat": args.repeat, "figures": figures}
            Path(args.json).write_text(json.dumps(out, indent=1))
    finally:
        teardown_databases(old_config, verbosity=0, keepdb=args.keepdb)
        teardown_test_environment()


if __name__ == "__main__":
    main()
