"""Local development: debug on, 2FA optional so the demo accounts log in with a password."""

from .base import *  # noqa: F403
from .env import env_bool, env_str

DEBUG = env_bool("DEBUG", True)
IVH_REQUIRE_2FA = env_bool("IVH_REQUIRE_2FA", False)
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = BASE_DIR / env_str("IVH_DATA_DIR", ".data") / "mail"  # noqa: F405
IVH_ENVIRONMENT = "dev"
