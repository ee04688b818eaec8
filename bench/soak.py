"""`make soak`: ten minutes of mixed traffic through the real stack, to show that nothing fails
and that the web workers' memory stays flat (issue 14, item 5; docs/scaling.md, "Load and soak").

    python -m bench.soak [--minutes 10] [--users 40] [--workers 3] [--children N] ...

1. The data set of the benchmarks (bench.dataset): the national set (130,000 children) when
   `make bench` has built it for the current migrations, else a smaller one (--children,
   default 20,000), built once and reused like the bench's; a fresh copy for this run.
2. gunicorn with --workers sync workers (3, as the Dockerfile runs it) under bench.settings:
   production's settings with only the bench's documented differences (see there).
3. locust (bench/locustfile.py), headless, in a subprocess, for --minutes: parents on the public
   form (GET, the form's minimum fill-in time, POST, receipt; honeypot, signed start time and
   minimum time all on), coordinators (inbox, a registration, start page, MDO overview),
   casemanagers (caseload, a traject page, a contact moment written with a real POST) and
   gemeente officials (monitor dashboard, CSV export). Staff sessions are made in the database
   with the second factor passed (bench.auth); the people are chosen like bench.pages does.
4. Every --sample-seconds (30) the resident memory (RSS) of each gunicorn worker (psutil).

Writes bench/soak.json (requests, failures, median and p95 per endpoint, each worker's RSS at
start, middle and end) and prints the same. Exit status 0 only with zero failures, every
endpoint requested, every POST saved in the database, and (runs of 2 minutes or more) memory
flat: no worker grows more than FLAT_MB in the second half of the run.

Needs locust (the optional extra `soak`: `pip install -c constraints.txt -e '.[soak]'`).
Without DATABASE_URL and REDIS_URL it starts the local Postgres and Redis like `make bench`.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import fasteners

from bench.client import percentile
from bench.dataset import DataSets, add_run_arguments, log, with_database
from bench.runner import machine

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / os.environ.get("IVH_DATA_DIR", ".data")
NATIONAL_CHILDREN = 130_000  # what `make bench` builds; reused when it is there
SMALL_CHILDREN = 20_000  # otherwise: built in a minute or two, and reused too
# Parents, coordinators, casemanagers and officials: 20, 8, 8 and 4 of 40 users.
MIX = {"parent": 20, "coordinator": 8, "casemanager": 8, "official": 4}
# "Flat": in the second half of the run (after the warm-up: first use of each page, caches,
# imports) no worker grows more than this.
FLAT_MB = 10.0
FLAT_MIN_SECONDS = 120  # a shorter run says nothing about memory
RSS_TARGET_MB = 200.0  # issue 14
# What each role requests (locust's request names); every one must have been requested.
ENDPOINTS = {
    "parent": ["form (GET)", "form (POST)", "receipt"],
    "coordinator": ["inbox", "registration", "start page", "MDO overview"],
    "casemanager": ["caseload", "traject page", "contact (POST)"],
    "official": ["monitor dashboard", "CSV export"],
}


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="make soak ARGS=", description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0, help="how long locust runs")
    parser.add_argument(
        "--users",
        type=int,
        default=sum(MIX.values()),
        help="locust users, shared out as 20:8:8:4 over parents, coordinators, casemanagers "
        "and officials, at least one each (default 40)",
    )
    parser.add_argument("--spawn-rate", type=float, default=4.0, help="users started per second")
    parser.add_argument(
        "--think",
        type=lambda s: tuple(float(x) for x in s.split(",")),
        default=(2.0, 6.0),
        help="a staff member's pause between two pages, seconds: MIN,MAX (default 2,6)",
    )
    parser.add_argument(
        "--fill",
        type=lambda s: tuple(float(x) for x in s.split(",")),
        default=(4.0, 10.0),
        help="a parent's time on the form before sending it, seconds: MIN,MAX; at least the "
        "form's own minimum (IVH_AANMELDING_MIN_SECONDS) (default 4,10)",
    )
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (Dockerfile: 3)")
    parser.add_argument("--sample-seconds", type=float, default=30.0, help="RSS sample interval")
    parser.add_argument(
        "--children",
        type=int,
        default=None,
        help=f"the data set's size; default: {NATIONAL_CHILDREN:,} when `make bench` has built "
        f"that set for the current migrations, else {SMALL_CHILDREN:,}",
    )
    parser.add_argument("--regions", type=int, default=25)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "soak.json")
    add_run_arguments(parser)
    args = parser.parse_args(argv)
    for name in ("think", "fill"):
        low, high = getattr(args, name)
        if not 0 <= low <= high:
            parser.error(f"--{name}: MIN,MAX with 0 <= MIN <= MAX")
    return args


def user_counts(users: int) -> dict[str, int]:
    """`users` shared out in MIX's proportions (largest remainder), at least one per role (so
    never fewer than four in all)."""
    total = sum(MIX.values())
    exact = {role: users * n / total for role, n in MIX.items()}
    counts = {role: max(1, int(share)) for role, share in exact.items()}
    while sum(counts.values()) < users:
        counts[max(MIX, key=lambda role: exact[role] - counts[role])] += 1
    while sum(counts.values()) > max(users, len(MIX)):
        counts[max((r for r in MIX if counts[r] > 1), key=lambda r: counts[r] - exact[r])] -= 1
    return counts


def main(argv: list[str]) -> int:
    args = parse(argv)
    # Only looked for: importing locust would patch this process with gevent.
    if importlib.util.find_spec("locust") is None:
        raise SystemExit(
            "[soak] locust is not installed: .venv/bin/pip install -c constraints.txt -e '.[soak]'"
        )
    if not (os.environ.get("DATABASE_URL") and os.environ.get("REDIS_URL")):
        return _with_local_services(argv)
    url = os.environ["DATABASE_URL"]
    (DATA / "bench").mkdir(parents=True, exist_ok=True)
    # The bench's lock: one run at a time builds or copies the data set and loads the machine.
    lock = fasteners.InterProcessLock(str(DATA / "bench" / ".lock"))
    if not lock.acquire(timeout=1):
        log("Another bench or soak run holds the lock; waiting for it ...")
        lock.acquire()
    try:
        return _main(args, url)
    finally:
        lock.release()


def _with_local_services(argv: list[str]) -> int:
    """As scripts/bench.py: the local Postgres and Redis of `make test`, started for this run
    when DATABASE_URL / REDIS_URL are not set, and stopped again afterwards."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import devstack

    devstack.install_signal_handlers()
    services = devstack.Services()
    try:
        env = devstack.child_env(services.start(), "bench.settings")
        env["DJANGO_SETTINGS_MODULE"] = "bench.settings"
        env.setdefault("IVH_BENCH_REDIS_DB", "2")
        return devstack.supervise([sys.executable, "-m", "bench.soak", *argv], env)
    except KeyboardInterrupt:
        devstack.log("Interrupted; stopped what this run had started.")
        return 130
    finally:
        services.stop()


def _children(args: argparse.Namespace, datasets: DataSets) -> int:
    if args.children is not None:
        return args.children
    national = datasets.dataset_name(NATIONAL_CHILDREN, args.regions, args.seed)
    if not args.template_db and (datasets.server.comment(national) or {}).get("complete"):
        return NATIONAL_CHILDREN
    log(
        f"No national data set for these migrations; using {SMALL_CHILDREN:,} children "
        "(`make bench` builds the national one; or --children)."
    )
    return SMALL_CHILDREN


def _main(args: argparse.Namespace, url: str) -> int:
    began = time.perf_counter()
    meta: dict[str, Any] = {"machine": machine(), "load_at_start": _load()}
    datasets = DataSets(url)
    with datasets.server.connect() as conn:
        row = conn.execute("SHOW server_version").fetchone()
        meta["machine"]["postgres"] = row[0] if row else "?"
    children = _children(args, datasets)
    dataset = datasets.ensure(
        children=children, regions=args.regions, seed=args.seed, template_db=args.template_db
    )
    log(f"Data set {dataset.name} ({'reused' if dataset.reused else 'built now'}).")
    working, copy_s = datasets.working_copy(dataset)
    meta["dataset"] = {"name": dataset.name, "reused": dataset.reused, **dataset.meta}
    meta["phases"] = [[n, round(s, 1)] for n, s in dataset.phases]
    meta["phases"].append(["copy for this run", round(copy_s, 1)])

    os.environ["DATABASE_URL"] = with_database(url, working)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["SECRET_KEY"] = secrets.token_urlsafe(50)
    os.environ["IVH_BENCH_STATIC"] = args.static
    import django

    django.setup()
    try:
        report = _in_django(args, meta)
    finally:
        from django.db import connections

        connections.close_all()
        if args.keep:
            log(f"Kept {working} (DATABASE_URL={with_database(url, working)}).")
        else:
            datasets.server.drop(working)
        if args.template_db:
            datasets.server.drop(dataset.name)  # built afresh each time from a caller's database
    meta["load_at_end"] = _load()
    meta["total_s"] = round(time.perf_counter() - began, 1)
    report["meta"] = meta
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1, ensure_ascii=False, default=str) + "\n")
    log(f"Wrote {args.out}.")
    print(summary(report))
    return 0 if report["ok"] else 1


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


# --- everything that needs Django -------------------------------------------------------


@dataclass
class Memory:
    """RSS samples of each gunicorn worker, by pid (a restarted worker is a new pid)."""

    samples: list[dict[str, Any]] = field(default_factory=list)

    def sample(self, server: Any, at: float) -> dict[str, Any]:
        import psutil

        rss: dict[str, float] = {}
        for pid in server.worker_pids():
            try:
                rss[str(pid)] = round(psutil.Process(pid).memory_info().rss / 2**20, 1)
            except psutil.NoSuchProcess:
                continue
        row = {"t": round(at, 1), "rss_mb": rss, "load": _load()}
        self.samples.append(row)
        return row

    def workers(self, seconds: float) -> list[dict[str, Any]]:
        """Per worker: RSS at its first sample, at the middle of the run and at the end."""
        pids = list(dict.fromkeys(pid for s in self.samples for pid in s["rss_mb"]))
        rows = []
        for pid in pids:
            seen = [(s["t"], s["rss_mb"][pid]) for s in self.samples if pid in s["rss_mb"]]
            start, end = seen[0][1], seen[-1][1]
            middle = min(seen, key=lambda tv: abs(tv[0] - seconds / 2))[1]
            rows.append(
                {
                    "pid": int(pid),
                    "start_mb": start,
                    "middle_mb": middle,
                    "end_mb": end,
                    "max_mb": max(v for _, v in seen),
                    "growth_mb": round(end - start, 1),
                    "second_half_growth_mb": round(end - middle, 1),
                    "samples": len(seen),
                    "whole_run": seen[0][0] <= 0 and seen[-1][0] >= seconds,
                }
            )
        return rows


def _in_django(args: argparse.Namespace, meta: dict[str, Any]) -> dict[str, Any]:
    from django.conf import settings
    from django.core.management import call_command

    from aanmelding.models import Aanmelding
    from bench.server import Gunicorn
    from casemanagement.models import Contactmoment

    if args.static == "manifest":
        started = time.perf_counter()
        call_command("collectstatic", interactive=False, verbosity=0)
        meta["phases"].append(["collectstatic", round(time.perf_counter() - started, 1)])
    counts = user_counts(args.users)
    settings_note = (
        "bench.settings: production's settings, except the public form's per-address limit "
        f"(IVH_AANMELDING_RATE_PER_IP={settings.IVH_AANMELDING_RATE_PER_IP}), lifted: every "
        "parent comes from 127.0.0.1; no proof-of-work exists, and the form's honeypot, signed "
        f"start time and {settings.IVH_AANMELDING_MIN_SECONDS}-s minimum stay on. No Celery "
        "worker runs: the outbox rows are written, their tasks wait in Redis."
    )
    log(settings_note)
    meta["settings"] = settings_note
    env = {**os.environ}
    server = Gunicorn(workers=args.workers, env=env, log_dir=DATA / "bench" / "soak")
    log(f"Starting gunicorn ({args.workers} workers) on 127.0.0.1:{server.port} ...")
    server.start()
    try:
        with tempfile.TemporaryDirectory(prefix="ivh-soak-") as tmp:
            config = soak_config(args, counts, server.port)
            meta["plan"] = config.pop("about")
            for line in meta["plan"]:
                log(line)
            config_path = Path(tmp) / "config.json"  # session keys: in a private directory
            config_path.write_text(json.dumps(config))
            results_path = Path(tmp) / "results.json"
            before = (Aanmelding.objects.count(), Contactmoment.objects.count())
            memory = Memory()
            seconds = args.minutes * 60
            run_locust(args, counts, server, config_path, results_path, memory, seconds)
            saved = (
                Aanmelding.objects.count() - before[0],
                Contactmoment.objects.count() - before[1],
            )
            if not results_path.exists():
                raise SystemExit(
                    f"[soak] locust wrote no results; see {DATA / 'bench' / 'soak' / 'locust.log'}"
                )
            raw = json.loads(results_path.read_text())
    finally:
        server.stop()
    return report_from(raw, memory, seconds, args, counts, saved)


def soak_config(args: argparse.Namespace, counts: dict[str, int], port: int) -> dict[str, Any]:
    """What the locust users need: a session per staff user, the paths each role opens, a
    parent's form. The people are chosen as bench.pages chooses them, over the largest regions
    rather than the largest one only."""
    import uuid

    from django.conf import settings
    from django.db.models import Count, Q
    from django.urls import reverse
    from django.utils import timezone

    from aanmelding.constants import OPEN_STATUSES, Status
    from aanmelding.forms import AanmeldForm, sign_started
    from aanmelding.models import Aanmelding
    from bench.auth import staff_session_key
    from bench.runner import _form_data
    from casemanagement.models import Traject
    from ivh.accounts.constants import Role
    from ivh.accounts.models import RoleAssignment, User
    from ivh.netwerk.models import Gemeente, Postcodegebied, Region

    regions = list(Region.objects.annotate(n=Count("aanmeldingen")).order_by("-n", "pk"))
    if not regions:
        raise SystemExit("[soak] The database holds no region: no data set?")

    def first_of(role: str, **scope: Any) -> User | None:
        found = (
            RoleAssignment.objects.filter(role=role, **scope)
            .select_related("user")
            .order_by("user__email", "pk")
            .first()
        )
        return found.user if found is not None else None

    def sessions(people: list[Any], n: int) -> list[tuple[Any, str]]:
        """n sessions, one per locust user, over the people (one person may have several, as
        in two browsers) — each a separate login, as the server sees it."""
        if not people:
            raise SystemExit("[soak] The data set lacks people for a role.")
        return [
            (people[i % len(people)], staff_session_key(people[i % len(people)][0]))
            for i in range(n)
        ]

    # Coordinators: the first coordinator of each region, the largest regions first.
    coordinators = []
    for region in regions:
        user = first_of(Role.COORDINATOR, region=region)
        if user is None:
            continue
        in_region = Aanmelding.objects.filter(region=region)
        picked = list(
            in_region.filter(status=Status.IN_BEHANDELING)
            .order_by("received_at", "pk")
            .values_list("pk", flat=True)[:5]
        ) or list(
            in_region.filter(status__in=OPEN_STATUSES)
            .order_by("received_at", "pk")
            .values_list("pk", flat=True)[:5]
        )
        if picked:
            coordinators.append((user, region, picked))
        if len(coordinators) == counts["coordinator"]:
            break
    # Casemanagers: the largest caseloads of those regions (bench.pages: the busiest one).
    casemanagers = []
    for user in (
        User.objects.filter(
            role_assignments__role=Role.CASEMANAGER,
            role_assignments__region__in=[r for _, r, _ in coordinators] or regions[:1],
        )
        .annotate(n=Count("trajecten", filter=Q(trajecten__closed_at__isnull=True), distinct=True))
        .filter(n__gt=0)
        .order_by("-n", "pk")[: counts["casemanager"]]
    ):
        trajecten = list(
            Traject.objects.filter(casemanager=user, closed_at__isnull=True)
            .annotate(n=Count("contacten"))
            .order_by("-n", "pk")
            .values_list("pk", flat=True)[:5]
        )
        casemanagers.append((user, trajecten))
    # Officials: the official of the largest gemeente of each of the largest regions.
    officials = []
    for region in regions:
        gemeente = (
            Gemeente.objects.filter(region=region)
            .annotate(n=Count("aanmeldingen"))
            .order_by("-n", "pk")
            .first()
        )
        user = first_of(Role.GEMEENTE, gemeente=gemeente) if gemeente else None
        if user is not None:
            officials.append((user, gemeente))
        if len(officials) == counts["official"]:
            break

    # A parent's registration: checked in-process first, as the form benchmark does.
    today = timezone.localdate()
    postcodes = [
        f"{van} AB" for van in Postcodegebied.objects.order_by("pk").values_list("van", flat=True)
    ]
    if not postcodes:
        raise SystemExit("[soak] The data set has no postcode areas.")
    base = _form_data(0, postcodes, today)
    token = uuid.uuid4()
    probe = AanmeldForm(
        {
            **base,
            "submission_token": str(token),
            "started": sign_started(submission_token=token, at=time.time() - 60),
        }
    )
    if not probe.is_valid() or probe.is_spam():
        raise SystemExit(f"[soak] The parents' form data is refused: {probe.errors.as_json()}")
    minimum = float(settings.IVH_AANMELDING_MIN_SECONDS)
    fill = (max(args.fill[0], minimum + 0.5), max(args.fill[1], minimum + 0.5))

    config: dict[str, Any] = {
        "host": f"http://127.0.0.1:{port}",
        "origin": f"https://127.0.0.1:{port}",
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "counts": counts,
        "think": list(args.think),
        "parent": {
            "form": reverse("aanmelding:aanmelden"),
            "receipt": reverse("aanmelding:ontvangen"),
            "fill": list(fill),
            "data": base,
            "postcodes": postcodes,
            # Dates of birth between about one and five years ago, as the form benchmark sends.
            "birth_dates": [(today - timedelta(days=400 + d)).isoformat() for d in range(1500)],
        },
        "coordinator": [
            {
                "session": key,
                "inbox": reverse("aanmelding:inbox"),
                "registrations": [reverse("casemanagement:intake", args=[pk]) for pk in picked],
                "start": reverse("core:start"),
                "mdo": reverse("mdo:overzicht"),
            }
            for (_user, _region, picked), key in sessions(coordinators, counts["coordinator"])
        ],
        "casemanager": [
            {
                "session": key,
                "caseload": reverse("casemanagement:caseload"),
                "trajecten": [
                    {
                        "page": reverse("casemanagement:traject", args=[pk]),
                        "contact": reverse("casemanagement:traject_contact", args=[pk]),
                    }
                    for pk in trajecten
                ],
                "today": today.isoformat(),
            }
            for (_user, trajecten), key in sessions(casemanagers, counts["casemanager"])
        ],
        "official": [
            {
                "session": key,
                "dashboard": reverse("monitor:overzicht"),
                "csv": reverse("monitor:csv"),
            }
            for (_user, _gemeente), key in sessions(officials, counts["official"])
        ],
    }
    config["about"] = [
        f"users: {counts['parent']} parents, {counts['coordinator']} coordinators, "
        f"{counts['casemanager']} casemanagers, {counts['official']} officials",
        "coordinators of "
        + ", ".join(f"{r.name} ({u.email})" for u, r, _ in coordinators)
        + f"; casemanagers {', '.join(f'{u.email} ({len(t)} trajecten opened)' for u, t in casemanagers)}"
        + f"; officials of {', '.join(g.name for _, g in officials)}",
        f"staff pause {args.think[0]:g}-{args.think[1]:g} s between pages; a parent fills "
        f"the form in {fill[0]:g}-{fill[1]:g} s (the form's minimum: {minimum:g} s)",
    ]
    return config


def run_locust(
    args: argparse.Namespace,
    counts: dict[str, int],
    server: Any,
    config_path: Path,
    results_path: Path,
    memory: Memory,
    seconds: float,
) -> None:
    """locust in a subprocess (gevent's patching stays out of this process), while this one
    samples the workers' memory."""
    log_path = DATA / "bench" / "soak" / "locust.log"
    env = {
        **os.environ,
        "IVH_SOAK_CONFIG": str(config_path),
        "IVH_SOAK_RESULTS": str(results_path),
        "PYTHONPATH": str(ROOT),
    }
    command = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(ROOT / "bench" / "locustfile.py"),
        "--headless",
        "--users",
        str(sum(counts.values())),
        "--spawn-rate",
        str(args.spawn_rate),
        "--run-time",
        f"{max(1, round(seconds))}s",
        # At the end each user finishes the step it is in (a parent sends the form it fills in).
        "--stop-timeout",
        "30",
        "--host",
        f"http://127.0.0.1:{server.port}",
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    log(
        f"locust: {sum(counts.values())} users for {seconds / 60:g} min "
        f"(log: {log_path.relative_to(ROOT) if log_path.is_relative_to(ROOT) else log_path}) ..."
    )
    memory.sample(server, 0.0)
    with log_path.open("w") as out:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        started = time.monotonic()
        next_sample = args.sample_seconds
        try:
            while process.poll() is None:
                elapsed = time.monotonic() - started
                if elapsed >= next_sample and elapsed <= seconds:
                    row = memory.sample(server, elapsed)
                    log(
                        f"  {elapsed / 60:4.1f} min: RSS "
                        + ", ".join(f"{mb:.0f}" for mb in row["rss_mb"].values())
                        + f" MB; load {row['load'][0]}"
                    )
                    next_sample += args.sample_seconds
                time.sleep(0.2)
        finally:
            if process.poll() is None:
                process.terminate()
                process.wait(timeout=30)
    # The end of the run (locust stops at `seconds`; its users finish their step after that).
    memory.sample(server, max(seconds, time.monotonic() - started))
    if process.returncode not in (0, 1):  # 1: locust saw failures, reported below
        log(f"locust exited with {process.returncode}; see {log_path}")


def report_from(
    raw: dict[str, Any],
    memory: Memory,
    seconds: float,
    args: argparse.Namespace,
    counts: dict[str, int],
    saved: tuple[int, int],
) -> dict[str, Any]:
    endpoints = []
    for role, names in ENDPOINTS.items():
        for short in names:
            name = f"{role}: {short}"
            entry = raw["endpoints"].get(name, {"times": [], "failures": {}})
            times = [ms for _, ms in entry["times"]]
            half = seconds / 2
            first = [ms for t, ms in entry["times"] if t < half]
            second = [ms for t, ms in entry["times"] if t >= half]
            failures = sum(entry["failures"].values())
            endpoints.append(
                {
                    "name": name,
                    "requests": len(times) + failures,
                    "failures": failures,
                    "failure_kinds": entry["failures"],
                    "median_ms": round(statistics.median(times), 1) if times else None,
                    "p95_ms": round(percentile(times, 0.95), 1) if times else None,
                    "max_ms": round(max(times), 1) if times else None,
                    "median_first_half_ms": round(statistics.median(first), 1) if first else None,
                    "median_second_half_ms": round(statistics.median(second), 1)
                    if second
                    else None,
                    "p95_second_half_ms": round(percentile(second, 0.95), 1) if second else None,
                    "per_second": round((len(times) + failures) / seconds, 2),
                }
            )
    unexpected = sorted(set(raw["endpoints"]) - {e["name"] for e in endpoints})
    workers = memory.workers(seconds)
    judged = seconds >= FLAT_MIN_SECONDS
    # A worker that was not there from start to end was restarted: that is a finding too.
    flat = (
        all(w["second_half_growth_mb"] <= FLAT_MB and w["whole_run"] for w in workers)
        if judged
        else None
    )
    posts = {e["name"]: e["requests"] - e["failures"] for e in endpoints}
    written = {
        "registrations_saved": saved[0],
        "registrations_sent": posts["parent: form (POST)"],
        "contacts_saved": saved[1],
        "contacts_sent": posts["casemanager: contact (POST)"],
    }
    total = sum(e["requests"] for e in endpoints)
    failures = sum(e["failures"] for e in endpoints)
    errors = raw.get("errors", {})
    ok = (
        failures == 0
        and not errors
        and not unexpected
        and all(e["requests"] > 0 for e in endpoints)
        and written["registrations_saved"] == written["registrations_sent"]
        and written["contacts_saved"] == written["contacts_sent"]
        and flat is not False
    )
    return {
        "ok": ok,
        "minutes": args.minutes,
        "users": counts,
        "workers": args.workers,
        "requests": total,
        "failures": failures,
        "per_second": round(total / seconds, 2),
        "endpoints": endpoints,
        "unexpected_endpoints": unexpected,
        "user_errors": errors,
        "written": written,
        "locust": raw.get("locust", {}),
        "memory": {
            "flat": flat,
            "criterion": f"no worker grows more than {FLAT_MB:g} MB in the second half, none is "
            f"restarted (judged on runs of {FLAT_MIN_SECONDS // 60} minutes or more)",
            "target_mb": RSS_TARGET_MB,
            "max_mb": max((w["max_mb"] for w in workers), default=None),
            "workers": workers,
            "samples": memory.samples,
        },
    }


def summary(report: dict[str, Any]) -> str:
    lines = [
        "",
        "| endpoint | requests | failures | per s | median ms | p95 ms "
        "| median 1st / 2nd half | p95 2nd half |",
        "|---|--:|--:|--:|--:|--:|--:|--:|",
    ]

    def ms(value: float | None) -> str:
        return "" if value is None else f"{value:.0f}" if value >= 100 else f"{value:.1f}"

    for e in report["endpoints"]:
        lines.append(
            f"| {e['name']} | {e['requests']} | {e['failures']} | {e['per_second']:.2f} | "
            f"{ms(e['median_ms'])} | {ms(e['p95_ms'])} | "
            f"{ms(e['median_first_half_ms'])} / {ms(e['median_second_half_ms'])} | "
            f"{ms(e['p95_second_half_ms'])} |"
        )
    lines.append(
        f"| all | {report['requests']} | {report['failures']} | {report['per_second']:.2f} |  |  |  |  |"
    )
    for e in report["endpoints"]:
        for kind, n in e["failure_kinds"].items():
            lines.append(f"Failure, {e['name']}: {kind} ({n}x)")
    for kind, n in report["user_errors"].items():
        lines.append(f"Error in a locust user: {kind} ({n}x)")
    mem = report["memory"]
    lines += [
        "",
        "| worker | RSS start MB | middle | end | growth | 2nd half | max |",
        "|---|--:|--:|--:|--:|--:|--:|",
    ]
    for w in mem["workers"]:
        lines.append(
            f"| {w['pid']}{'' if w['whole_run'] else ' (not the whole run)'} | {w['start_mb']:.0f} "
            f"| {w['middle_mb']:.0f} | {w['end_mb']:.0f} | {w['growth_mb']:+.0f} "
            f"| {w['second_half_growth_mb']:+.0f} | {w['max_mb']:.0f} |"
        )
    meta = report.get("meta", {})
    m = meta.get("machine", {})
    ds = meta.get("dataset", {})
    written = report["written"]
    flat = {True: "yes", False: "NO", None: "not judged (run too short)"}[mem["flat"]]
    lines += [
        "",
        f"Written: {written['registrations_saved']} registrations "
        f"({written['registrations_sent']} sent), {written['contacts_saved']} contact moments "
        f"({written['contacts_sent']} sent).",
        f"Memory flat ({mem['criterion']}): {flat}; largest worker {mem['max_mb']} MB "
        f"(target < {mem['target_mb']:.0f} MB).",
        f"Machine: {m.get('cpu')}, {m.get('cores')} cores, {m.get('memory_gb')} GB; Python "
        f"{m.get('python')}; Postgres {m.get('postgres', '?')}; load average "
        f"{meta.get('load_at_start', ['?'])[0]} at start, {meta.get('load_at_end', ['?'])[0]} at "
        "the end.",
        f"Data set: {ds.get('name')} ({ds.get('children')} children, {ds.get('regions')} regions; "
        f"{'reused' if ds.get('reused') else 'built now'}).",
        f"Result: {'OK' if report['ok'] else 'FAILED'}",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main(sys.argv[1:]))
