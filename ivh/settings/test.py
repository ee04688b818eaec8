"""Test settings: the same real Postgres and Redis, mail kept in memory, fast hashing."""

from .base import *  # noqa: F403
from .env import env_int

DEBUG = False
IVH_REQUIRE_2FA = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests use their own Redis database, so a dev worker on the same server never sees test tasks.
_redis_base = REDIS_URL.rsplit("/", 1)[0] if REDIS_URL.count("/") > 2 else REDIS_URL  # noqa: F405
REDIS_URL = f"{_redis_base}/{env_int('IVH_TEST_REDIS_DB', 1)}"
CELERY_BROKER_URL = REDIS_URL
CACHES["default"]["LOCATION"] = REDIS_URL  # noqa: F405
CACHES["default"]["KEY_PREFIX"] = "ivh-test"  # noqa: F405
CACHES["ratelimit"]["LOCATION"] = REDIS_URL  # noqa: F405
CACHES["ratelimit"]["KEY_PREFIX"] = "ivh-test"  # noqa: F405
# Tests of the broker path use a real worker; everything else runs tasks only when asked.
CELERY_TASK_ALWAYS_EAGER = False
IVH_ENVIRONMENT = "test"
# The suite logs in many times from 127.0.0.1; the rate-limit test sets its own low limit.
IVH_LOGIN_RATE_PER_IP = "10000/h"
# Static files come from the finders; no collectstatic needed to run the suite.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
IVH_AANMELDING_RATE_PER_IP = "10000/h"
IVH_OUDERLINK_RATE_PER_IP = "10000/h"
IVH_2FA_RATE_PER_USER = "10000/h"

# The replica alias exists in tests as a mirror of the test database (a second connection to the
# same database); reads go there only in tests that switch IVH_READ_REPLICA on, with committed data.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
IVH_READ_REPLICA = False
