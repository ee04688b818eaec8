"""Benchmark: the signal scan over many open deadlines.

Builds N open deadlines (default 100,000) spread over the rules, 25 regions and two years of
start dates in a throwaway database (`bench_<name>`, dropped at the end), with two coordinators
per region, and runs the scan three times:
- "eerste scan": raises the signals for every deadline past its warning and writes the mails;
- "herhaling": the same moment again (nothing new: the claim is the unique constraint);
- "een uur later": what changed in an hour.
It prints the wall time and the number of queries per step and per rule. The target: the first
scan under 5 seconds, and a query count that does not depend on N. `make bench` runs it too
(bench/runner.py) and takes its figures from `--json PATH`.

    DJANGO_SETTINGS_MODULE=ivh.settings.test DATABASE_URL=postgres://... \\
        .venv/bin/python bench/signalen_scan.py [--items 100000] [--json out.json]

The throwaway database is `ivh_bench_scratch_signalen` (every benchmark database is named
`ivh_bench_*`); `--name ivh_bench_scratch_signalen_<you>` gives each engineer sharing a server
their own. "mails" counts the messages written: a mail per signal and person, or one bundle per
person with more than `signalen.digest.BUNDLE_ABOVE` new signals.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ivh.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_databases,
    setup_test_environment,
    teardown_databases,
    teardown_test_environment,
)
from django.utils import timezone  # noqa: E402

from ivh.accounts.constants import Role  # noqa: E402
from ivh.accounts.models import RoleAssignment, User  # noqa: E402
from ivh.netwerk.models import Region  # noqa: E402
from ivh.termijnen.constants import Regel  # noqa: E402
from ivh.termijnen.models import Termijn  # noqa: E402
from ivh.termijnen.services import norm_current  # noqa: E402
from signalen.scan import scan  # noqa: E402

REGIONS = 25


def build(items: int) -> None:
    regions = [
        Region.objects.create(name=f"Regio {i}", slug=f"regio-{i}", aanmeldpunt_name="x")
        for i in range(REGIONS)
    ]
    for region in regions:
        for n in range(2):
            user = User.objects.create(email=f"coordinator{n}@{region.slug}.test", full_name="C")
            RoleAssignment.objects.create(user=user, role=Role.COORDINATOR, region=region)
    norms = {(r.pk, regel): norm_current(r.pk, regel) for r in regions for regel in Regel}
    now = timezone.now()
    rules = list(Regel)
    # The deadlines themselves are set in SQL below, from the start and a spread of budgets.
    rows = []
    for i in range(items):
        region = regions[i % REGIONS]
        regel = rules[i % len(rules)]
        started = now - timedelta(days=(i * 7) % 730, hours=i % 24)
        rows.append(
            Termijn(
                subject_kind="traject",
                subject_id=i + 1,
                regel=regel,
                region=region,
                norm=norms[region.pk, regel],
                started_at=started,
                warn_at=started + timedelta(days=24),
                due_at=started + timedelta(days=30),
                far_at=started + timedelta(days=45),
            )
        )
    Termijn.objects.bulk_create(rows, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def measure(label: str, at: object) -> dict:
    with CaptureQueriesContext(connection) as captured:
        start = time.perf_counter()
        result = scan(at)  # type: ignore[arg-type]
        elapsed = time.perf_counter() - start
    raised = sum(result.raised.values())
    print(
        f"  {label:14} {elapsed:6.2f} s  {len(captured.captured_queries):3d} queries  "
        f"{raised:6d} raised  {result.resolved:6d} resolved  {result.notified:6d} mails"
    )
    per_rule = Counter(result.queries)
    print("    queries per rule: " + ", ".join(f"{k} {v}" for k, v in sorted(per_rule.items())))
    return {
        "label": label,
        "ms": round(elapsed * 1000, 1),
        "queries": len(captured.captured_queries),
        "raised": raised,
        "resolved": result.resolved,
        "notified": result.notified,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument(
        "--keepdb",
        action="store_true",
        help="use ivh_bench_scratch_signalen as it is (make bench copies it from its migrated "
        "template) instead of migrating a new one, and leave it for the caller to drop",
    )
    parser.add_argument(
        "--name",
        default="ivh_bench_scratch_signalen",
        help="the throwaway database (default %(default)s); give each engineer sharing a "
        "server their own, e.g. ivh_bench_scratch_signalen_<you>",
    )
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    if not args.name.startswith("ivh_bench_"):
        parser.error("--name must start with ivh_bench_ (every benchmark database does)")
    db = settings.DATABASES["default"]
    db.setdefault("TEST", {})["NAME"] = args.name
    setup_test_environment()
    old_config = setup_databases(verbosity=0, interactive=False, keepdb=args.keepdb)
    try:
        start = time.perf_counter()
        build(args.items)
        built = time.perf_counter() - start
        print(f"{args.items} open deadlines built in {built:.1f} s")
        now = timezone.now()
        steps = [
            measure("eerste scan", now),
            measure("herhaling", now),
            measure("een uur later", now + timedelta(hours=1)),
        ]
        if args.json:
            out = {"items": args.items, "build_s": round(built, 1), "steps": steps}
            Path(args.json).write_text(json.dumps(out, indent=1))
    finally:
        teardown_databases(old_config, verbosity=0, keepdb=args.keepdb)
        teardown_test_environment()


if __name__ == "__main__":
    main()
