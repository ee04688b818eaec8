"""Profile the public form in-process on a benchmark database: the GET (rendering) and the POST
(a valid parent's registration, the payload `bench.runner.public_form` sends), each with its
statements and where the time goes (pyinstrument when installed, else cProfile).

    DATABASE_URL=postgres://…/ivh_bench_…_run IVH_BENCH_REDIS_DB=2 \\
        .venv/bin/python -m bench.profile_form [--repeat 20] [--professional] [--sql]

Each POST saves a registration (a new child each time) in that database, as the benchmark does.
The forms are fetched before the POSTs are timed or profiled: the figures are the POST's own.
IVH_PROFILE_DUMP=/tmp/form.prof writes the cProfile data to /tmp/form.prof.get and .post.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import time
import uuid
from collections.abc import Callable
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlencode

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from aanmelding.forms import sign_started  # noqa: E402
from bench.client import hidden_fields  # noqa: E402
from bench.runner import _form_data  # noqa: E402
from ivh.netwerk.models import Postcodegebied  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--professional", action="store_true", help="(GET only) that form")
    parser.add_argument("--sql", action="store_true", help="print every statement of one POST")
    parser.add_argument("--no-profile", action="store_true")
    args = parser.parse_args()

    path = reverse("aanmelding:aanmelden")
    get_path = reverse("aanmelding:aanmelden_professional") if args.professional else path
    receipt = reverse("aanmelding:ontvangen")
    postcodes = [
        f"{van} AB" for van in Postcodegebied.objects.order_by("pk").values_list("van", flat=True)
    ]
    today = timezone.localdate()
    serial = iter(range(int(time.time()) % 100_000 * 1000, 10**9))

    # One client (one handler: its middleware is loaded once, as in a worker), a new browser
    # per form: its cookies are emptied.
    shared = Client(
        HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https", HTTP_ACCEPT_LANGUAGE="nl"
    )

    def get() -> int:
        shared.cookies = SimpleCookie()
        return shared.get(get_path, secure=True).status_code

    def handed_out(n: int) -> list[tuple[SimpleCookie, dict[str, Any]]]:
        """N forms as a browser gets them (each its own CSRF cookie), filled in, with the start
        time moved back past the minimum fill-in time."""
        forms = []
        for _ in range(n):
            shared.cookies = SimpleCookie()
            hidden = hidden_fields(shared.get(path, secure=True).content)
            hidden["started"] = sign_started(
                submission_token=uuid.UUID(hidden["submission_token"]), at=time.time() - 60
            )
            data = {**_form_data(next(serial), postcodes, today), **hidden}
            forms.append((shared.cookies, data))
        return forms

    def sender(forms: list[tuple[SimpleCookie, dict[str, Any]]]) -> Callable[[], int]:
        queue = iter(forms)

        def post() -> int:
            cookies, data = next(queue)
            shared.cookies = cookies
            # Form-encoded, as a browser (and bench.client) sends it, not the test client's
            # multipart default.
            response = shared.post(
                path,
                urlencode(data, doseq=True),
                content_type="application/x-www-form-urlencoded",
                secure=True,
            )
            assert response.status_code == 302 and response["Location"].endswith(receipt), (
                response.status_code,
                response.content[:2000],
            )
            return response.status_code

        return post

    for label in ("GET", "POST"):
        action = get if label == "GET" else sender(handed_out(2 * args.repeat + 2))
        action()  # warm-up
        times = []
        cpu = time.process_time()
        for _ in range(args.repeat):
            started = time.perf_counter()
            action()
            times.append((time.perf_counter() - started) * 1000)
        cpu_ms = (time.process_time() - cpu) * 1000 / args.repeat
        print(
            f"{label} {get_path if label == 'GET' else path}: median "
            f"{statistics.median(times):.1f} ms, min {min(times):.1f} ms over {len(times)}; "
            f"{cpu_ms:.1f} ms CPU of this process per request"
        )
        with CaptureQueriesContext(connection) as captured:
            action()
        queries = captured.captured_queries
        total = sum(float(q["time"]) for q in queries) * 1000
        print(f"  {len(queries)} statements, {total:.1f} ms in the database")
        if args.sql:
            for q in queries:
                print(f"    {float(q['time']) * 1000:6.1f} ms  {q['sql'][:240]}")
        if not args.no_profile:
            _profile(action, args.repeat, label.lower())


def _profile(action: Callable[[], int], repeat: int, label: str) -> None:
    try:
        from pyinstrument import Profiler
    except ImportError:
        # IVH_PROFILE_CPU=1: attribute CPU time only (waiting for the database is left out).
        clock = time.process_time if os.environ.get("IVH_PROFILE_CPU") else time.perf_counter
        profile = cProfile.Profile(clock)
        profile.enable()
        for _ in range(repeat):
            action()
        profile.disable()
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out)
        if os.environ.get("IVH_PROFILE_DUMP"):
            stats.dump_stats(os.environ["IVH_PROFILE_DUMP"] + f".{label}")
        stats.sort_stats("cumulative").print_stats(45)
        print(out.getvalue())
    else:
        profiler = Profiler(interval=0.0005)
        profiler.start()
        for _ in range(repeat):
            action()
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    assert settings.IVH_ENVIRONMENT == "bench"
    main()
