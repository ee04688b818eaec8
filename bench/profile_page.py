"""Profile one page in-process on a benchmark database: where the time goes (pyinstrument when it
is installed, else cProfile) and every query with its time, slowest first, so the slow ones can
be taken to EXPLAIN ANALYZE.

    make bench ARGS="--keep"          # keeps ivh_bench_…_run and prints its DATABASE_URL
    DATABASE_URL=postgres://…/ivh_bench_…_run IVH_BENCH_REDIS_DB=2 \\
        .venv/bin/python -m bench.profile_page /mdo/ --as coordinator [--repeat 5] [--explain]

`--as` names a user of the benchmark's plan (coordinator, casemanager, official), an e-mail
address or `anonymous`; the page is requested as that user with the second factor passed, like the benchmark.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.auth import staff_session_key  # noqa: E402
from bench.pages import make_plan  # noqa: E402
from ivh.accounts.models import User  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path")
    parser.add_argument("--as", dest="who", default="coordinator")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE the 3 slowest")
    parser.add_argument("--top", type=int, default=12, help="queries to list")
    args = parser.parse_args()

    client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    user = None
    if "@" in args.who:
        user = User.objects.get(email=args.who)
    elif args.who != "anonymous":
        user = getattr(make_plan(), args.who)
    if user is not None:
        client.cookies[settings.SESSION_COOKIE_NAME] = staff_session_key(user)

    def get() -> int:
        response = client.get(args.path, secure=True)
        if response.streaming:
            b"".join(response.streaming_content)
        return response.status_code

    status = get()  # warm-up
    assert status == 200, f"{args.path}: status {status}"
    times = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        get()
        times.append((time.perf_counter() - started) * 1000)
    print(f"{args.path} as {user.email if user else 'anonymous'}: {sorted(times)} ms")

    with CaptureQueriesContext(connection) as captured:
        get()
    queries = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))
    total = sum(float(q["time"]) for q in queries) * 1000
    print(f"\n{len(queries)} queries, {total:.1f} ms in the database; slowest first:")
    for q in queries[: args.top]:
        print(f"  {float(q['time']) * 1000:7.1f} ms  {q['sql'][:300]}")

    try:
        from pyinstrument import Profiler
    except ImportError:
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(args.repeat):
            get()
        profile.disable()
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(40)
        print(out.getvalue())
    else:
        profiler = Profiler(interval=0.0005)
        profiler.start()
        for _ in range(args.repeat):
            get()
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False, show_all=False))

    if args.explain:
        with connection.cursor() as cursor:
            for q in queries[:3]:
                sql = q["sql"]
                if not sql.lstrip().upper().startswith("SELECT"):
                    continue
                # The captured SQL has its parameters in place (psycopg 3 client-side binding).
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                print("\n" + sql[:500])
                print("\n".join(r[0] for r in cursor.fetchall()))


if __name__ == "__main__":
    main()
