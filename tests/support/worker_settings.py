"""Settings for a Celery worker started as a separate process by an integration test: the
test database of the running test session, and mail written to files in a folder."""

import os

from ivh.settings.test import *  # noqa: F403

DATABASES["default"]["NAME"] = os.environ["IVH_WORKER_DB_NAME"]  # noqa: F405
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
EMAIL_BACKEND = "tests.support.mail.SlowFileBackend"
EMAIL_FILE_PATH = os.environ["IVH_TEST_MAIL_DIR"]
