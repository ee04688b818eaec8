"""Production: refuses to start without its secrets and endpoints; HTTPS only."""

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .env import env_bool, env_int, env_list, env_str

SECRET_KEY = env_str("SECRET_KEY", required=True)
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("insecure"):
    raise ImproperlyConfigured("SECRET_KEY must be a random string of at least 50 characters.")
env_str("DATABASE_URL", required=True)
# The application runs as a role that owns nothing; migrations as the owner, with a URL of their
# own (docs/security-database.md). The same role in both would undo that separation.
_MIGRATE_URL = env_str("DATABASE_MIGRATE_URL")
if _MIGRATE_URL and dj_database_url.parse(_MIGRATE_URL)["USER"] == IVH_DB_APP_ROLE:  # noqa: F405
    raise ImproperlyConfigured(
        "DATABASE_URL and DATABASE_MIGRATE_URL use the same database role; the application "
        "must run as a role that owns nothing."
    )
env_str("REDIS_URL", required=True)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", required=True)

DEBUG = False
IVH_REQUIRE_2FA = env_bool("IVH_REQUIRE_2FA", True)

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
if env_bool("USE_X_FORWARDED_PROTO", True):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# The same strict policy as everywhere, plus: a stray http:// reference is fetched over https.
_directives: dict[str, object] = dict(CONTENT_SECURITY_POLICY["DIRECTIVES"])  # noqa: F405
_directives["upgrade-insecure-requests"] = True
CONTENT_SECURITY_POLICY = {"DIRECTIVES": _directives}
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"

STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
}
IVH_ENVIRONMENT = "production"
