"""Benchmark settings (`make bench`): production's settings as they are, with only what a
benchmark on loopback needs changed. Said in the harness's output too.

- The public form's per-address limit is lifted (IVH_AANMELDING_RATE_PER_IP): twenty clients on
  127.0.0.1 would otherwise be one office sending hundreds of registrations an hour. The form has
  no proof-of-work; its minimum fill-in time (IVH_AANMELDING_MIN_SECONDS), honeypot and signed
  start time stay on: the benchmark client fetches each form and sends it after that time.
- The URLs are the project's plus two bench-only views (bench.urls): a bare view, the floor every
  figure is compared with, and nothing else. Staff sessions are made in the database by the
  harness (bench.auth), with the second factor passed, never through a URL.
- A middleware counts the queries of each request and returns the count in a header.
- Redis: its own database (IVH_BENCH_REDIS_DB, default 2), because the harness empties the cache
  to measure cold pages; mail is kept in memory.
- HTTPS as behind a proxy: the client sends X-Forwarded-Proto: https, as the proxy would.

The harness sets SECRET_KEY, DATABASE_URL, REDIS_URL and ALLOWED_HOSTS; the defaults below let a
single bench script run by hand.
"""

import os

os.environ.setdefault("SECRET_KEY", "bench-only-key-" + "x" * 48)
os.environ.setdefault("DATABASE_URL", "postgres://ivh@127.0.0.1:54329/ivh")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:63799/0")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")

from ivh.settings.production import *  # noqa: E402, F403
from ivh.settings.production import MIDDLEWARE, REDIS_URL  # noqa: E402

IVH_ENVIRONMENT = "bench"
ROOT_URLCONF = "bench.urls"
MIDDLEWARE = ["bench.middleware.QueryCountMiddleware", *MIDDLEWARE]

_redis_base = REDIS_URL.rsplit("/", 1)[0] if REDIS_URL.count("/") > 2 else REDIS_URL
REDIS_URL = f"{_redis_base}/{os.environ.get('IVH_BENCH_REDIS_DB', '2')}"
CELERY_BROKER_URL = REDIS_URL
CACHES = {
    alias: {**config, "LOCATION": REDIS_URL, "KEY_PREFIX": "ivh-bench"}
    for alias, config in CACHES.items()  # noqa: F405
}

IVH_AANMELDING_RATE_PER_IP = "1000000/h"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# collectstatic writes the hashed and compressed files here (whitenoise serves them).
STATIC_ROOT = BASE_DIR / os.environ.get("IVH_DATA_DIR", ".data") / "bench" / "staticfiles"  # noqa: F405
# `--static finders` (the harness's quick mode, used by its test): no collectstatic, whitenoise
# serves the source folders as under the test settings.
if os.environ.get("IVH_BENCH_STATIC") == "finders":
    STORAGES = {
        **STORAGES,  # noqa: F405
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    WHITENOISE_USE_FINDERS = True
