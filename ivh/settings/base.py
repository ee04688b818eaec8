"""Settings shared by every environment. Everything configurable comes from the environment."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("SECRET_KEY", "insecure-development-key-do-not-use-in-production")
DEBUG = False
IVH_ENVIRONMENT = "base"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.humanize",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "pgtrigger",
    "pghistory",
    "django_celery_beat",
    "django_celery_results",
    "django_ratelimit",
    "crispy_forms",
    "crispy_bootstrap5",
    "ivh.core",
    "ivh.accounts",
    "ivh.netwerk",
    "ivh.audit",
    "ivh.outbox",
    "ivh.werkkalender",
    "ivh.termijnen",
    "aanmelding",
    "casemanagement",
    "mdo",
    "netwerkwerk",
    "signalen",
    "werkplek",
    "monitor",
    "kwaliteit",
    "bewaring",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "ivh.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every view needs a login unless it is marked @login_not_required (public pages).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "ivh.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Ends sessions past the inactivity or absolute limit (after messages: it tells why).
    "ivh.accounts.middleware.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "pghistory.middleware.HistoryMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ivh.urls"
WSGI_APPLICATION = "ivh.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "werkplek.context_processors.navigation",
            ],
        },
    },
]

# The only database is Postgres (tests too): history triggers and constraints depend on it.
# Two roles (docs/security-database.md): the application connects with DATABASE_URL as a role
# that owns nothing and may only INSERT and SELECT the access log; migrations run as the owner,
# with IVH_DB_ROLE=owner and DATABASE_MIGRATE_URL, followed by `manage.py grant_app_role`.
# Without those variables (development, tests) one role does both, as before.
IVH_DB_ROLE = env_str("IVH_DB_ROLE", "app")
if IVH_DB_ROLE not in ("app", "owner"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("IVH_DB_ROLE must be 'app' (the default) or 'owner'.")
_DATABASE_URL = env_str("DATABASE_URL", "postgres://ivh@127.0.0.1:54329/ivh")
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_MIGRATE_URL", required=True) if IVH_DB_ROLE == "owner" else _DATABASE_URL,
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# The role the application runs as: `grant_app_role` grants to it.
IVH_DB_APP_ROLE = dj_database_url.parse(_DATABASE_URL)["USER"]
# A streaming replica for the monitor's reads (ivh.core.dbrouter, docs/scaling.md); optional.
_REPLICA_URL = env_str("DATABASE_REPLICA_URL", "")
if _REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        _REPLICA_URL, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60), conn_health_checks=True
    )
IVH_READ_REPLICA = bool(_REPLICA_URL)
DATABASE_ROUTERS = ["ivh.core.dbrouter.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:63799/0")

# Redis is a cache and broker only; nothing that must survive lives there.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "ivh",
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "ivh.accounts.backends.RolePermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    # Offline breached-password check: Django's common list, zxcvbn's breach-derived list and
    # Dutch words, also with digits and signs around them (ivh.accounts.passwords).
    {"NAME": "ivh.accounts.passwords.BreachedPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Argon2id first: new passwords are hashed with it, and an older hash (PBKDF2) is rehashed with
# it the next time its owner logs in. The others stay so those older hashes still verify.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:start"
LOGOUT_REDIRECT_URL = "accounts:login"

# Two-factor authentication (TOTP) for every staff account when on.
IVH_REQUIRE_2FA = env_bool("IVH_REQUIRE_2FA", True)
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "IVH-coördinatie")

# Staff account links (ivh.accounts): an invitation works this many days, a password-reset
# link this many hours; resets asked per address and links sent per account are limited.
IVH_INVITATION_DAYS = env_int("IVH_INVITATION_DAYS", 7)
IVH_PASSWORD_RESET_HOURS = env_int("IVH_PASSWORD_RESET_HOURS", 2)
IVH_PASSWORD_RESET_RATE_PER_ADDRESS = env_str("IVH_PASSWORD_RESET_RATE_PER_ADDRESS", "3/h")
IVH_ACCOUNT_LINKS_PER_HOUR = env_int("IVH_ACCOUNT_LINKS_PER_HOUR", 5)

# Lockout after repeated failed logins, per account: a locked account stays locked for the
# cool-off period even with the right password, or until a beheerder unlocks it.
AXES_FAILURE_LIMIT = env_int("IVH_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("IVH_LOGIN_LOCKOUT_MINUTES", 60))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
# axes.W006 ("AXES_LOCKOUT_PARAMETERS does not contain 'ip_address'"): on purpose. Per-IP
# throttling of the login form is done with a higher limit by django-ratelimit (see
# ivh.accounts.views): locking by IP at 5 failures would lock a whole office behind one NAT.
# django_ratelimit.W001: Django's own RedisCache increments atomically, which is all it needs.
SILENCED_SYSTEM_CHECKS = ["axes.W006", "django_ratelimit.W001"]
IVH_LOGIN_RATE_PER_IP = env_str("IVH_LOGIN_RATE_PER_IP", "30/h")
# Wrong second-factor codes (app or recovery code) per account; over it the code page refuses
# for the rest of the hour and the security record notes it. django-otp also slows each device
# down after every wrong code, in the database.
IVH_2FA_RATE_PER_USER = env_str("IVH_2FA_RATE_PER_USER", "10/h")
# Rate limits count in Redis; if Redis is down or silent they are off and the login still works
# (per-account lockout lives in Postgres). django-ratelimit's own fail-open covers only DNS
# errors; ivh.core.ratelimit catches the rest.
RATELIMIT_FAIL_OPEN = True
RATELIMIT_VIEW = "ivh.core.views.rate_limited"

# Sessions live in the database, not in Redis, and end after inactivity.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = env_int("IVH_SESSION_IDLE_MINUTES", 30) * 60
# Enforced by ivh.accounts.middleware.SessionTimeoutMiddleware on every request, whatever the
# cookie or the session row says: 30 minutes without activity, 12 hours after the login. The
# page warns this many seconds before the inactivity limit, with a "Blijf ingelogd" button.
IVH_SESSION_IDLE_SECONDS = SESSION_COOKIE_AGE
IVH_SESSION_ABSOLUTE_HOURS = env_int("IVH_SESSION_ABSOLUTE_HOURS", 12)
IVH_SESSION_WARNING_SECONDS = env_int("IVH_SESSION_WARNING_SECONDS", 5 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Strict CSP: nothing is loaded from anywhere but this origin; no inline scripts or styles.
CONTENT_SECURITY_POLICY: dict[str, dict[str, object]] = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Bootstrap draws form controls with data: SVGs; QR codes for 2FA are inline SVG.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("Engels"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
# Off: a thousands separator would also land in ids, years and form values (pk 1217 → "1.217").
# Large counts use |intcomma (django.contrib.humanize), which follows the locale.
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "IVH-coördinatie <noreply@ivh.example>")
# The outbox (ivh.outbox): a sender holds a row this long; after that a dead worker's row is
# taken again by the sweep. Failed sends are retried with backoff up to this many attempts.
IVH_OUTBOX_LEASE_SECONDS = env_int("IVH_OUTBOX_LEASE_SECONDS", 300)
IVH_OUTBOX_MAX_ATTEMPTS = env_int("IVH_OUTBOX_MAX_ATTEMPTS", 8)
IVH_OUTBOX_SWEEP_BATCH = env_int("IVH_OUTBOX_SWEEP_BATCH", 500)

# Celery: Redis is the broker. Short timeouts so that a dead or silent broker never hangs a
# web request; the database row is the truth and periodic sweeps re-send what was not sent.
CELERY_BROKER_URL = REDIS_URL
# One second: with a silent Redis the public form (rate-limit check + this publish) still
# answers within two seconds (tests/core/test_redis_outage.py). The worker's BRPOP runs in the
# event loop and does not depend on socket_timeout.
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_timeout": 1,
    "socket_connect_timeout": 1,
    "max_retries": 1,
    # kombu sleeps interval_start (default 2 s) before that one reconnect: with Redis stopped
    # every publish on commit took 2 s. Retry at once instead.
    "interval_start": 0,
}
CELERY_TASK_PUBLISH_RETRY = False
CELERY_TASK_IGNORE_RESULT = True
# The periodic jobs keep their outcome (ignore_result=False on those tasks), so the beheerder and
# the coordinator see when each ran, how long it took and what it did; kept for two weeks (the
# beat's own `celery.backend_cleanup` removes older ones).
CELERY_RESULT_BACKEND = "django-db"
CELERY_RESULT_EXTENDED = True
CELERY_RESULT_EXPIRES = 14 * 24 * 3600
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_ALWAYS_EAGER = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # A refused request (403, 404, CSRF, disallowed host) is one line without its traceback;
    # server errors keep theirs.
    # Nothing personal in the log: no request object, no token from a path, no query string,
    # no row values quoted by Postgres, no e-mail address (ivh.core.logfilters.PersonalDataFilter).
    "filters": {
        "refusals_on_one_line": {"()": "ivh.core.logfilters.RefusalsOnOneLine"},
        "personal_data": {"()": "ivh.core.logfilters.PersonalDataFilter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["refusals_on_one_line", "personal_data"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's default configuration gives "django" handlers of its own (a console one
        # under DEBUG) on top of the root's: every record was printed twice. Only ours.
        "django": {"handlers": [], "level": env_str("LOG_LEVEL", "INFO"), "propagate": True},
        "axes": {"level": "WARNING"},
        # WeasyPrint logs a line per page at INFO.
        "weasyprint": {"level": "WARNING"},
    },
}

# /health/detail/ (broker, outbox backlog) for a monitoring system that sends this bearer token;
# without it only a logged-in beheerder reads it.
IVH_HEALTH_DETAIL_TOKEN = env_str("IVH_HEALTH_DETAIL_TOKEN", "")

# Public base URL used in e-mails (links back to the application).
IVH_BASE_URL = env_str("IVH_BASE_URL", "http://127.0.0.1:8000")

# Public registration form: saved registrations per IP address (django-ratelimit rate). Only
# saved ones and obvious robots count, not a form sent back for a typing mistake; 30 an hour
# leaves room for an office (consultatiebureau, kinderopvang) behind one address.
IVH_AANMELDING_RATE_PER_IP = env_str("IVH_AANMELDING_RATE_PER_IP", "30/h")
# Spam protection: a form sent back faster than this many seconds is refused.
IVH_AANMELDING_MIN_SECONDS = env_int("IVH_AANMELDING_MIN_SECONDS", 3)
# A casemanager may correct their own contact note for this many hours.
IVH_CONTACT_EDIT_HOURS = env_int("IVH_CONTACT_EDIT_HOURS", 48)
# A parent's personal link works for this many days.
IVH_OUDERLINK_DAYS = env_int("IVH_OUDERLINK_DAYS", 30)
# MDO: invited experts read the case summaries from this many days before the meeting until this
# many days after it; the reminder goes out this many hours before.
IVH_MDO_INZAGE_DAGEN_VOOR = env_int("IVH_MDO_INZAGE_DAGEN_VOOR", 7)
IVH_MDO_INZAGE_DAGEN_NA = env_int("IVH_MDO_INZAGE_DAGEN_NA", 14)
IVH_MDO_HERINNERING_WERKDAGEN = env_int("IVH_MDO_HERINNERING_WERKDAGEN", 2)

# --- Client address, fail-open rate limits, anti-bot (security review, issue 15) -------------
# Number of trusted reverse proxies in front of gunicorn. 0: no proxy, X-Forwarded-For is
# ignored and REMOTE_ADDR is the client. 1: one proxy (nginx, Caddy, Traefik) that appends the
# client's address to X-Forwarded-For; the right-most entry is used. See ivh.core.clientip and
# docs/keuzes.md. Rate limits, the login lockout and the access log all use this address.
IVH_TRUSTED_PROXY_HOPS = env_int("IVH_TRUSTED_PROXY_HOPS", 0)
RATELIMIT_IP_META_KEY = "ivh.core.clientip.client_ip"
AXES_CLIENT_IP_CALLABLE = "ivh.core.clientip.client_ip"
# The lockout counts per account, not per spelling of the e-mail address.
AXES_USERNAME_CALLABLE = "ivh.accounts.forms.axes_username"
# Rate-limit counters in their own cache alias with short timeouts: a silent Redis costs at most
# half a second before the limits turn themselves off (ivh.core.ratelimit).
CACHES["ratelimit"] = {
    **CACHES["default"],
    "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
}
RATELIMIT_USE_CACHE = "ratelimit"
# Failed look-ups of a parent's personal link per IP address (a valid link never counts).
IVH_OUDERLINK_RATE_PER_IP = env_str("IVH_OUDERLINK_RATE_PER_IP", "20/h")
# The public form's signed start time is valid this many hours; older, the form is handed back
# with a fresh one and everything typed kept.
IVH_AANMELDING_MAX_HOURS = env_int("IVH_AANMELDING_MAX_HOURS", 4)
# General phone number shown when a rate limit stops a parent and the region is not known
# (empty: the numbers of all regions' aanmeldpunten are shown).
IVH_AANMELDPUNT_TELEFOON = env_str("IVH_AANMELDPUNT_TELEFOON", "")

# Stuurgroep documents (netwerkwerk): stored here, outside static and media, served only by the
# download view after its access check. Back this directory up with the database.
IVH_PRIVATE_MEDIA_ROOT = Path(
    env_str("IVH_PRIVATE_MEDIA_ROOT", str(BASE_DIR / env_str("IVH_DATA_DIR", ".data") / "private"))
)
IVH_STUURGROEP_MAX_UPLOAD_MB = env_int("IVH_STUURGROEP_MAX_UPLOAD_MB", 20)

# Retention (bewaring, docs/retention.md). Registrations that never became a traject are
# anonymised this many months after closing (per outcome: "verwezen=24,doorgestuurd=6");
# closed dossiers this many years after their last traject closed (Jeugdwet; per region, by
# slug: "zeeland=15"); access-log entries are deleted after their own term (at least 20 years:
# the definer function refuses less), and only once no client they name is still kept.
IVH_BEWARING_AANMELDING_MAANDEN = env_int("IVH_BEWARING_AANMELDING_MAANDEN", 12)
IVH_BEWARING_AANMELDING_MAANDEN_PER_UITKOMST = env_list(
    "IVH_BEWARING_AANMELDING_MAANDEN_PER_UITKOMST", []
)
IVH_BEWARING_DOSSIER_JAREN = env_int("IVH_BEWARING_DOSSIER_JAREN", 20)
IVH_BEWARING_DOSSIER_JAREN_PER_REGIO = env_list("IVH_BEWARING_DOSSIER_JAREN_PER_REGIO", [])
IVH_BEWARING_TOEGANGSLOG_JAREN = env_int("IVH_BEWARING_TOEGANGSLOG_JAREN", 21)
# The daily job only counts (a dry run) while this is on: for the first weeks of a region.
IVH_BEWARING_PROEF = env_bool("IVH_BEWARING_PROEF", False)
# At most this many dossiers a run; the rest follow the next night.
IVH_BEWARING_MAX_PER_BATCH = env_int("IVH_BEWARING_MAX_PER_BATCH", 2000)
# How far ahead the retention calendar looks, in months.
IVH_BEWARING_KALENDER_MAANDEN = env_int("IVH_BEWARING_KALENDER_MAANDEN", 12)
