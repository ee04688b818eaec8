"""Run by bench.dataset on a freshly generated data set: the stored working-day calendar and the
monitor's read model, as the periodic jobs would have left them (`python -m bench.prepare`, with
DATABASE_URL set). The calendar is filled by a migration already; a template that is a test
database may have lost it to a flush."""

import json
import os
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from ivh.werkkalender.services import calendar_extend  # noqa: E402
from monitor.readmodel import refresh_full  # noqa: E402

if __name__ == "__main__":
    started = time.perf_counter()
    calendar_extend()
    rows = refresh_full().rows
    print(json.dumps({"seconds": round(time.perf_counter() - started, 1), "rows": rows}))
