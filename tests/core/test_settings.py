"""Production settings refuse to start without their secrets; `check --deploy` is clean."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROD_ENV = {
    "DJANGO_SETTINGS_MODULE": "ivh.settings.production",
    "SECRET_KEY": "t3st-Only-9fK2pQ7vLx4mZ8rW1nB6yH0cJ5dE2gA7sU3kV9oP1iT4",
    "DATABASE_URL": "postgres://ivh@127.0.0.1:5432/ivh",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "ALLOWED_HOSTS": "ivh.example.nl",
}


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    # The browser tests' DJANGO_ALLOW_ASYNC_UNSAFE must not leak into a production check.
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in PROD_ENV and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_nothing_under_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PROD_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_each_secret():
    for missing in ["SECRET_KEY", "DATABASE_URL", "REDIS_URL", "ALLOWED_HOSTS"]:
        env = {k: v for k, v in PROD_ENV.items() if k != missing}
        result = _manage("check", env=env)
        assert result.returncode != 0, missing
        assert f"Environment variable {missing} is required" in result.stderr, missing


def test_production_refuses_a_short_secret_key():
    result = _manage("check", env={**PROD_ENV, "SECRET_KEY": "short"})
    assert result.returncode != 0
    assert "SECRET_KEY must be a random string" in result.stderr


def test_production_requires_2fa_by_default():
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.IVH_REQUIRE_2FA)",
        env=PROD_ENV,
    )
    assert result.stdout.strip().splitlines()[-1] == "True", result.stderr


def test_dutch_is_the_default_language_and_amsterdam_the_time_zone(settings):
    assert settings.LANGUAGE_CODE == "nl"
    assert settings.TIME_ZONE == "Europe/Amsterdam"
    assert ("en", "Engels") in [(code, str(name)) for code, name in settings.LANGUAGES]


def test_models_and_migrations_agree(db):
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
