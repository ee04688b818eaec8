"""`make bench`: every benchmark on the national data set, through the real stack.

    python scripts/bench.py [--children 130000] [--only inbox,dashboard] [--requests 60] ...

(scripts/bench.py starts the local Postgres and Redis like `make test` unless DATABASE_URL and
REDIS_URL are set, then runs `python -m bench.runner` with the same arguments.)

1. The data set (bench.dataset): `generate_load --children N` in a database named after a hash
   of the migrations, built once from a migrated template and reused; a fresh copy per run.
2. In this process, on that copy: the signal scan as the hourly job runs it now, the monitor's
   read model increment, the cube of the largest region and warming the cache.
3. gunicorn with 2 sync workers under bench.settings (production's settings; see there for the
   few differences), and from this process over loopback: the bare view (the floor), each page
   as its user (5 warm-up requests, then 60 measured; and 3 times the first request after the
   cache is emptied), the public form at 20 concurrent clients, the bare view at the same
   concurrency, and the workers' resident memory after it all.
4. In throwaway databases, the older scripts: the scan over 100,000 open deadlines
   (bench/signalen_scan.py) and the inzage PDF of a well-used file (bench/inzage_pdf.py).

Writes bench/results.json (a list: name, median_ms, p95_ms, queries, per_second, ratio to the
bare view, notes, and cold_ms, server_ms, target, met where they apply), the machine and data set
beside it in results.meta.json, and prints the same as a table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import fasteners
import psutil

from bench.dataset import DataSets, add_run_arguments, log, with_database

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / os.environ.get("IVH_DATA_DIR", ".data")
FORM_CLIENTS = 20
FORM_TARGET_PER_S, FORM_TARGET_P95_MS = 150.0, 150.0
SCAN_TARGET_MS = 5000.0
GENERATE_TARGET_S = 600.0
RSS_TARGET_MB = 200.0


@dataclass
class Result:
    name: str
    median_ms: float | None = None
    p95_ms: float | None = None
    queries: int | None = None
    per_second: float | None = None
    ratio: float | None = None
    notes: str = ""
    cold_ms: float | None = None
    server_ms: float | None = None
    target: str = ""
    met: bool | None = None
    key: str = ""
    rss_mb: float | None = None

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        for name in ("median_ms", "p95_ms", "cold_ms", "server_ms", "per_second", "ratio"):
            if data[name] is not None:
                data[name] = round(data[name], 1 if name != "ratio" else 2)
        return data


@dataclass
class Run:
    args: argparse.Namespace
    results: list[Result] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)

    def wants(self, key: str) -> bool:
        if not self.args.only:
            return True
        return any(key.startswith(token) for token in self.args.only)

    def add(self, result: Result) -> Result:
        self.results.append(result)
        shown = f"{result.median_ms:.1f} ms" if result.median_ms is not None else result.notes
        log(f"  {result.name}: {shown}")
        return result


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="make bench ARGS=", description=__doc__.split("\n")[0])
    parser.add_argument("--children", type=int, default=130_000)
    parser.add_argument("--regions", type=int, default=25)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--only",
        type=lambda s: [t.strip() for t in s.split(",") if t.strip()],
        default=[],
        help="comma-separated keys (or their beginnings): inbox, registration, caseload, "
        "traject, mdo, accesslog, region-trajecten, start, dashboard, form, scan, readmodel, "
        "scan-100k, inzage. The bare view always runs.",
    )
    parser.add_argument("--requests", type=int, default=60, help="measured requests per page")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--cold", type=int, default=3, help="cold requests per page")
    parser.add_argument("--clients", type=int, default=FORM_CLIENTS)
    parser.add_argument("--form-posts", type=int, default=30, help="forms sent per client")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--scan-items", type=int, default=100_000)
    parser.add_argument("--inzage-rows", type=int, default=10_000)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.json")
    add_run_arguments(parser)
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse(argv)
    url = os.environ.get("DATABASE_URL")
    if not url:
        raise SystemExit("[bench] DATABASE_URL is not set (scripts/bench.py sets it).")
    (DATA / "bench").mkdir(parents=True, exist_ok=True)
    lock = fasteners.InterProcessLock(str(DATA / "bench" / ".lock"))
    if not lock.acquire(timeout=1):
        log("Another bench run holds the lock; waiting for it ...")
        lock.acquire()
    try:
        return _main(args, url)
    finally:
        lock.release()


def _main(args: argparse.Namespace, url: str) -> int:
    began = time.perf_counter()
    run = Run(args)
    run.meta["machine"] = machine()
    run.meta["load_at_start"] = [round(x, 2) for x in os.getloadavg()]
    datasets = DataSets(url)
    with datasets.server.connect() as conn:
        row = conn.execute("SHOW server_version").fetchone()
        run.meta["machine"]["postgres"] = row[0] if row else "?"
    dataset = datasets.ensure(
        children=args.children, regions=args.regions, seed=args.seed, template_db=args.template_db
    )
    log(f"Data set {dataset.name} ({'reused' if dataset.reused else 'built now'}).")
    working, copy_s = datasets.working_copy(dataset)
    run.meta["dataset"] = {"name": dataset.name, "reused": dataset.reused, **dataset.meta}
    run.meta["phases"] = [[n, round(s, 1)] for n, s in dataset.phases]
    run.meta["phases"].append(["copy for this run", round(copy_s, 1)])
    dataset_results(run, dataset.meta, dataset.reused, copy_s)

    os.environ["DATABASE_URL"] = with_database(url, working)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["SECRET_KEY"] = secrets.token_urlsafe(50)
    os.environ["IVH_BENCH_STATIC"] = args.static
    import django

    django.setup()
    try:
        _in_django(run, args)
    finally:
        from django.db import connections

        connections.close_all()
        if args.keep:
            log(f"Kept {working} (DATABASE_URL={with_database(url, working)}).")
        else:
            datasets.server.drop(working)
    # The older scripts get a copy of the migrated template rather than migrating their own.
    template = None if args.template_db else dataset.template
    if run.wants("scan-100k"):
        scratch_signalen(run, args, datasets, template)
    if run.wants("inzage"):
        scratch_inzage(run, args, datasets, template)
    if args.template_db:
        datasets.server.drop(dataset.name)  # built afresh each time from a caller's database

    run.meta["load_at_end"] = [round(x, 2) for x in os.getloadavg()]
    run.meta["total_s"] = round(time.perf_counter() - began, 1)
    write(run, args.out)
    print(table(run))
    print(summary(run))
    return 0


def machine() -> dict[str, Any]:
    cpu = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        "date": date.today().isoformat(),
    }


def dataset_results(run: Run, meta: dict[str, Any], reused: bool, copy_s: float) -> None:
    phases = dict(meta.get("phases", []))
    seconds = phases.get("generate_load")
    if seconds is not None:
        when = f"built {meta.get('built_at', '?')}" + (", reused" if reused else "")
        run.add(
            Result(
                key="dataset",
                name=f"generate_load --children {meta.get('children')}",
                median_ms=seconds * 1000,
                notes=f"{when}; {meta.get('rows') or '?'} rows; one run",
                target="< 10 min",
                met=seconds < GENERATE_TARGET_S,
            )
        )
    full = phases.get("monitor read model (full)")
    if full is not None:
        run.add(
            Result(
                key="readmodel",
                name="monitor read model, full rebuild (with the data set)",
                median_ms=full * 1000,
                notes="one run",
            )
        )
    run.add(
        Result(
            key="dataset",
            name="copy of the data set for this run",
            median_ms=copy_s * 1000,
            notes="CREATE DATABASE … TEMPLATE (file copy)",
        )
    )


# --- everything that needs Django -------------------------------------------------------


def _in_django(run: Run, args: argparse.Namespace) -> None:
    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command

    from bench.auth import staff_session_key
    from bench.pages import make_plan
    from bench.server import Gunicorn

    if args.static == "manifest":
        started = time.perf_counter()
        call_command("collectstatic", interactive=False, verbosity=0)
        run.meta["phases"].append(["collectstatic", round(time.perf_counter() - started, 1)])
    plan = make_plan()
    run.meta["plan"] = plan.about
    for line in plan.about:
        log(line)
    if run.wants("scan"):
        signal_scan(run)
    if run.wants("readmodel"):
        readmodel(run)

    pages = [p for p in plan.pages if run.wants(p.key)]
    http = bool(pages) or run.wants("form") or not args.only
    if not http:
        return
    log(
        "bench.settings: production's settings, except the public form's per-address limit "
        f"(IVH_AANMELDING_RATE_PER_IP={settings.IVH_AANMELDING_RATE_PER_IP}), lifted for this "
        "run; the form has no proof-of-work, and its honeypot, signed start time and "
        f"{settings.IVH_AANMELDING_MIN_SECONDS}-s minimum stay on."
    )
    env = {**os.environ}
    server = Gunicorn(workers=args.workers, env=env, log_dir=DATA / "bench" / "gunicorn")
    log(f"Starting gunicorn ({args.workers} workers) on 127.0.0.1:{server.port} ...")
    client = server.start()
    try:
        cookie = settings.SESSION_COOKIE_NAME
        sessions: dict[int, dict[str, str]] = {}
        for page in pages:
            if page.user is not None and page.user.pk not in sessions:
                sessions[page.user.pk] = {cookie: staff_session_key(page.user)}
        rss_start = server.worker_rss_mb()
        bare = bare_view(run, client, args)
        for page in pages:
            measure_page(run, client, page, sessions, args, bare, cache.clear)
        if run.wants("form"):
            public_form(run, client, args)
        memory(run, server, rss_start)
    finally:
        server.stop()


def signal_scan(run: Run) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from signalen.scan import scan

    now = timezone.now()
    log("Signal scan (the data set, now) ...")
    for label, at in (("now", now), ("again an hour later", now + timedelta(hours=1))):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            result = scan(at)
            ms = (time.perf_counter() - started) * 1000
        first = label == "now"
        run.add(
            Result(
                key="scan",
                name=f"signal scan, data set ({label})",
                median_ms=ms,
                queries=len(captured),
                notes=(
                    f"raised {sum(result.raised.values())}, resolved {result.resolved}, "
                    f"started {result.started}, stopped {result.stopped}, "
                    f"mails {result.notified}; one run, in-process"
                ),
                target="< 5 s" if first else "",
                met=ms < SCAN_TARGET_MS if first else None,
            )
        )


def readmodel(run: Run) -> None:
    from bench.monitor_dashboard import readmodel_figures

    log("Monitor read model ...")
    for step in readmodel_figures(full=False, say=lambda line: log(line.strip())):
        run.add(
            Result(
                key="readmodel",
                name=f"monitor: {step['label']}",
                median_ms=step["ms"],
                queries=step["queries"],
                notes="one run, in-process",
            )
        )


def bare_view(run: Run, client: Any, args: argparse.Namespace) -> float:
    from bench.client import measure

    sample = measure(
        client, "/bench/bare/", cookies=None, warmup=args.warmup, requests=args.requests
    )
    run.add(
        Result(
            key="bare",
            name="bare Django view (the floor)",
            median_ms=sample.median,
            p95_ms=sample.p95,
            queries=sample.query_count,
            ratio=1.0,
            server_ms=statistics.median(sample.server_ms),
            notes="every middleware, no work of its own",
        )
    )
    return sample.median


def measure_page(
    run: Run,
    client: Any,
    page: Any,
    sessions: dict[int, dict[str, str]],
    args: argparse.Namespace,
    bare: float,
    clear: Callable[[], None],
) -> None:
    from bench.client import RequestFailed, measure, measure_cold

    cookies = sessions.get(page.user.pk) if page.user is not None else None
    try:
        cold = measure_cold(client, page.path, cookies=cookies, clear=clear, times=args.cold)
        sample = measure(
            client, page.path, cookies=cookies, warmup=args.warmup, requests=args.requests
        )
    except RequestFailed as exc:
        run.add(Result(key=page.key, name=page.name, notes=f"FAILED: {exc}", met=False))
        return
    met = None
    target = ""
    if page.target_ms is not None:
        target = f"median < {page.target_ms:.0f} ms"
        met = sample.median < page.target_ms
        if page.p95_target_ms is not None:
            target += f", p95 < {page.p95_target_ms:.0f} ms"
            met = met and sample.p95 < page.p95_target_ms
    notes = [page.path]
    if sample.query_note():
        notes.append(sample.query_note())
    run.add(
        Result(
            key=page.key,
            name=page.name,
            median_ms=sample.median,
            p95_ms=sample.p95,
            queries=sample.query_count,
            ratio=sample.median / bare,
            cold_ms=cold.median if args.cold else None,
            server_ms=statistics.median(sample.server_ms) if sample.server_ms else None,
            notes="; ".join(notes),
            target=target,
            met=met,
        )
    )


def _form_data(i: int, postcodes: list[str], today: date) -> dict[str, str | list[str]]:
    """A parent's registration: a different child each time (the form recognises a resend)."""
    return {
        "kind_first_name": f"Bench{i}",
        "kind_geboortedatum": (today - timedelta(days=400 + i % 1500)).isoformat(),
        "ouder_name": f"Ouder Bench {i}",
        "ouder_telefoon": "06 12345678",
        "ouder_email": f"ouder{i}@bench.example.org",
        "contact_voorkeur": "geen",
        "postcode": postcodes[i % len(postcodes)],
        "zorg": "Hij praat nog weinig en is vaak boos als hij iets niet kan zeggen.",
        "zorg_domeinen": ["spraak_taal", "gedrag"],
        "betrokken": "Consultatiebureau",
        "gezag": "beide_ouders",
        "andere_gezagsdrager": "akkoord",
        "toestemming_informatie": "on",
        "toestemming_mdo": "on",
        "website": "",
    }


def public_form(run: Run, client: Any, args: argparse.Namespace) -> None:
    """Each of N clients fetches its forms (as a parent's browser would), waits until the
    form's minimum fill-in time has passed, and then all send them at once."""
    from django.conf import settings
    from django.urls import reverse
    from django.utils import timezone

    from aanmelding.forms import AanmeldForm, sign_started
    from aanmelding.models import Aanmelding
    from bench.client import hidden_fields, run_concurrently
    from ivh.netwerk.models import Postcodegebied

    today = timezone.localdate()
    postcodes = [
        f"{van} AB" for van in Postcodegebied.objects.order_by("pk").values_list("van", flat=True)
    ]
    # Preflight in-process: the data this client sends is a valid form today.
    import uuid

    token = uuid.uuid4()
    probe = AanmeldForm(
        {
            **_form_data(0, postcodes, today),
            "submission_token": str(token),
            "started": sign_started(submission_token=token, at=time.time() - 60),
        }
    )
    if not probe.is_valid() or probe.is_spam():
        run.add(Result(key="form", name="public form POST", notes=f"FAILED: {probe.errors}"))
        return
    path = reverse("aanmelding:aanmelden")
    receipt = reverse("aanmelding:ontvangen")
    n = args.clients
    per = args.form_posts
    log(f"Public form: {n} clients fetch {per} forms each ...")
    fetched: list[list[tuple[dict[str, str], dict[str, str]]]] = [[] for _ in range(n)]
    csrf_cookie = settings.CSRF_COOKIE_NAME

    def fetch_job(c: int) -> Callable[[], Any]:
        def job() -> Any:
            jar = fetched[c][0][1] if fetched[c] else {}
            response = client.get(path, cookies=jar or None)
            if response.status == 200:
                cookies = {
                    **jar,
                    **{k: v for k, v in response.cookies().items() if k == csrf_cookie},
                }
                fetched[c].append((hidden_fields(response.body), cookies))
            return response

        return job

    gets = run_concurrently(
        [[fetch_job(c) for _ in range(per)] for c in range(n)],
        expect=lambda r: r.status == 200,
    )
    bare_concurrent = concurrent_bare(client, n, per)
    # The form refuses one sent back sooner than this after it was handed out.
    time.sleep(settings.IVH_AANMELDING_MIN_SECONDS + 0.5)
    before = Aanmelding.objects.count()
    counter = iter(range(1, n * per + 1))

    def post_job(c: int, k: int) -> Callable[[], Any]:
        def job() -> Any:
            hidden, cookies = fetched[c][k]
            data = {**_form_data(next(counter), postcodes, today), **hidden}
            return client.request("POST", path, cookies=cookies, form=data)

        return job

    def sent(response: Any) -> bool:
        return response.status == 302 and response.headers.get("Location", "").endswith(receipt)

    log(f"Public form: {n} clients send {per} forms each ...")
    posts = run_concurrently(
        [[post_job(c, k) for k in range(len(fetched[c]))] for c in range(n)], expect=sent
    )
    saved = Aanmelding.objects.count() - before
    switched = (
        f"per-address limit off (IVH_AANMELDING_RATE_PER_IP={settings.IVH_AANMELDING_RATE_PER_IP}); "
        f"no proof-of-work exists; honeypot, signed start time and the "
        f"{settings.IVH_AANMELDING_MIN_SECONDS}-s minimum stay on"
    )
    run.add(
        Result(
            key="bare",
            name=f"bare Django view, {n} clients",
            median_ms=bare_concurrent.sample.median,
            p95_ms=bare_concurrent.sample.p95,
            per_second=bare_concurrent.per_second,
            ratio=1.0,
            notes=f"{len(bare_concurrent.sample.times_ms)} requests"
            + (f"; {len(bare_concurrent.errors)} errors" if bare_concurrent.errors else ""),
        )
    )
    bare_ms = bare_concurrent.sample.median
    run.add(
        Result(
            key="form",
            name=f"public form GET, {n} clients",
            median_ms=gets.sample.median,
            p95_ms=gets.sample.p95,
            queries=gets.sample.query_count,
            per_second=gets.per_second,
            ratio=gets.sample.median / bare_ms,
            notes=f"{len(gets.sample.times_ms)} forms"
            + (f"; {len(gets.errors)} errors: {gets.errors[:3]}" if gets.errors else ""),
        )
    )
    errors = f"; {len(posts.errors)} errors: {posts.errors[:3]}" if posts.errors else ""
    run.add(
        Result(
            key="form",
            name=f"public form POST, {n} clients",
            median_ms=posts.sample.median if posts.sample.times_ms else None,
            p95_ms=posts.sample.p95 if posts.sample.times_ms else None,
            queries=posts.sample.query_count,
            per_second=posts.per_second,
            ratio=posts.sample.median / bare_ms if posts.sample.times_ms else None,
            notes=f"{len(posts.sample.times_ms)} sent, {saved} saved{errors}; {switched}",
            target=f">= {FORM_TARGET_PER_S:.0f}/s, p95 < {FORM_TARGET_P95_MS:.0f} ms",
            met=bool(
                posts.sample.times_ms
                and not posts.errors
                and posts.per_second >= FORM_TARGET_PER_S
                and posts.sample.p95 < FORM_TARGET_P95_MS
            ),
        )
    )


def concurrent_bare(client: Any, n: int, per: int) -> Any:
    from bench.client import run_concurrently

    return run_concurrently(
        [[lambda: client.get("/bench/bare/")] * per for _ in range(n)],
        expect=lambda r: r.status == 200,
    )


def memory(run: Run, server: Any, at_start: list[float]) -> None:
    after = server.worker_rss_mb()
    if not after:
        return
    run.add(
        Result(
            key="memory",
            name="web worker resident memory (RSS), after the run",
            notes=(
                "workers: "
                + ", ".join(f"{mb:.0f} MB" for mb in after)
                + " (at start: "
                + ", ".join(f"{mb:.0f} MB" for mb in at_start)
                + ")"
            ),
            target="< 200 MB",
            met=max(after) < RSS_TARGET_MB,
            rss_mb=round(max(after), 1),
        )
    )


# --- the older scripts, in throwaway databases ------------------------------------------


def _script(
    script: str, extra: list[str], datasets: DataSets, template: str | None
) -> dict[str, Any] | None:
    """Run one of the older scripts in its own database `ivh_bench_scratch_<name>`, a copy of
    the migrated template when there is one; returns what it wrote with --json."""
    scratch = f"ivh_bench_scratch_{script.split('_')[0]}"
    datasets.server.drop(scratch)
    if template is not None:
        datasets.server.create(scratch, template=template)
        extra = [*extra, "--keepdb"]
    url = with_database(datasets.url, scratch)
    try:
        return _run_script(script, extra, url)
    finally:
        datasets.server.drop(scratch)


def _run_script(script: str, extra: list[str], url: str) -> dict[str, Any] | None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.json"
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "ivh.settings.test",
            # The bench's own Redis database, not the test suite's.
            "IVH_TEST_REDIS_DB": os.environ.get("IVH_BENCH_REDIS_DB", "2"),
            "PYTHONUNBUFFERED": "1",
        }
        log(f"{script} {' '.join(extra)} ...")
        process = subprocess.run(
            [sys.executable, f"bench/{script}", *extra, "--json", str(out)],
            cwd=ROOT,
            env=env,
            stdout=sys.stderr,
        )
        if process.returncode != 0 or not out.exists():
            return None
        return json.loads(out.read_text())


def scratch_signalen(
    run: Run, args: argparse.Namespace, datasets: DataSets, template: str | None
) -> None:
    figures = _script("signalen_scan.py", [f"--items={args.scan_items}"], datasets, template)
    if figures is None:
        run.add(Result(key="scan-100k", name="signal scan, open deadlines", notes="FAILED"))
        return
    for step in figures["steps"]:
        first = step["label"] == "eerste scan"
        run.add(
            Result(
                key="scan-100k",
                name=f"signal scan, {figures['items']:,} open deadlines ({step['label']})",
                median_ms=step["ms"],
                queries=step["queries"],
                notes=f"raised {step['raised']}, resolved {step['resolved']}, "
                f"mails {step['notified']}; one run (bench/signalen_scan.py)",
                target="< 5 s" if first else "",
                met=step["ms"] < SCAN_TARGET_MS if first else None,
            )
        )


def scratch_inzage(
    run: Run, args: argparse.Namespace, datasets: DataSets, template: str | None
) -> None:
    extra = [f"--rows={args.inzage_rows}", "--repeat=3"]
    figures = _script("inzage_pdf.py", extra, datasets, template)
    if figures is None:
        run.add(Result(key="inzage", name="inzage export", notes="FAILED"))
        return
    for f in figures["figures"]:
        run.add(
            Result(
                key="inzage",
                name=f"inzage {f['formaat'].upper()}, {figures['rows']:,} log rows ({f['spread']})",
                median_ms=statistics.median(f["ms"]),
                p95_ms=max(f["ms"]),
                queries=f["queries"],
                notes=f"{len(f['ms'])} runs, in-process (bench/inzage_pdf.py); "
                f"{f['bytes'] / 1024:.0f} KiB {f['extra']}".strip(),
            )
        )


# --- output -------------------------------------------------------------------------------


def write(run: Run, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    rows = [r.as_json() for r in run.results]
    out.write_text(json.dumps(rows, indent=1, ensure_ascii=False) + "\n")
    meta = out.with_name(out.stem + ".meta.json")
    meta.write_text(json.dumps(run.meta, indent=1, ensure_ascii=False, default=str) + "\n")
    log(f"Wrote {out} and {meta.name}.")


def _ms(value: float | None) -> str:
    if value is None:
        return ""
    if value >= 10_000:
        return f"{value / 1000:.1f} s"
    return f"{value:.1f}" if value < 100 else f"{value:.0f}"


def table(run: Run) -> str:
    head = (
        "| benchmark | median ms | p95 ms | cold ms | × bare | queries | per s | target | notes |"
    )
    lines = [head, "|---|--:|--:|--:|--:|--:|--:|---|---|"]
    for r in run.results:
        target = r.target + (" ✔" if r.met else " ✘" if r.met is False else "")
        lines.append(
            "| "
            + " | ".join(
                [
                    r.name,
                    _ms(r.median_ms),
                    _ms(r.p95_ms),
                    _ms(r.cold_ms),
                    f"{r.ratio:.1f}" if r.ratio is not None else "",
                    str(r.queries) if r.queries is not None else "",
                    f"{r.per_second:.1f}" if r.per_second is not None else "",
                    target.strip(),
                    r.notes.replace("|", "/"),
                ]
            )
            + " |"
        )
    return "\n".join(lines)


def summary(run: Run) -> str:
    m = run.meta["machine"]
    ds = run.meta.get("dataset", {})
    missed = [r.name for r in run.results if r.met is False]
    lines = [
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB; Python {m['python']}; "
        f"Postgres {m.get('postgres', '?')}; {m['system']}; load average {run.meta['load_at_start'][0]} at start, "
        f"{run.meta['load_at_end'][0]} at the end.",
        f"Data set: {ds.get('name')} ({ds.get('children')} children, {ds.get('regions')} "
        f"regions, until {ds.get('until')}; {'reused' if ds.get('reused') else 'built now'}).",
        "Phases: " + ", ".join(f"{n} {s:.0f} s" for n, s in run.meta.get("phases", [])),
        f"Total: {run.meta['total_s'] / 60:.1f} min.",
        "Targets missed: " + ("; ".join(missed) if missed else "none"),
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main(sys.argv[1:]))
