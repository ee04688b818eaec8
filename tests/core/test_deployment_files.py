"""docker-compose.yml and the Dockerfile describe this project (Docker itself does not run here)."""

import re
from pathlib import Path

import yaml
from django.conf import settings

from ivh.celery import app

ROOT = Path(settings.BASE_DIR)


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_has_the_production_like_services():
    services = _compose()["services"]
    assert {"postgres", "redis", "web", "worker", "beat", "migrate"} <= set(services)
    assert services["postgres"]["image"].startswith("postgres:")
    assert services["redis"]["image"].startswith("redis:")


def test_compose_commands_match_the_project():
    services = _compose()["services"]
    web = services["web"]["command"]
    assert web[0] == "gunicorn" and web[1] == "ivh.wsgi:application"
    assert (ROOT / "ivh" / "wsgi.py").exists()
    assert services["worker"]["command"][:4] == ["celery", "-A", "ivh", "worker"]
    beat = services["beat"]["command"]
    assert beat[:4] == ["celery", "-A", "ivh", "beat"]
    assert "django_celery_beat.schedulers:DatabaseScheduler" in beat
    assert app.main == "ivh"
    assert services["migrate"]["command"] == [
        "sh",
        "-c",
        "python manage.py migrate --noinput && python manage.py grant_app_role",
    ]


def test_compose_runs_the_app_as_its_own_role_and_migrates_as_the_owner():
    services = _compose()["services"]
    for name in ["web", "worker", "beat"]:
        assert services[name]["environment"]["DATABASE_URL"].startswith("postgres://ivh_app:")
    migrate = services["migrate"]["environment"]
    assert migrate["IVH_DB_ROLE"] == "owner"
    assert migrate["DATABASE_MIGRATE_URL"].startswith("postgres://ivh:")
    init = (ROOT / "deploy" / "postgres-init" / "10-app-role.sh").read_text()
    assert "CREATE ROLE ivh_app" in init and "NOSUPERUSER" in init


def test_compose_gives_every_app_service_the_settings_production_requires():
    services = _compose()["services"]
    for name in ["web", "worker", "beat", "migrate"]:
        env = services[name]["environment"]
        assert env["DJANGO_SETTINGS_MODULE"] == "ivh.settings.production", name
        for required in ["SECRET_KEY", "DATABASE_URL", "REDIS_URL", "ALLOWED_HOSTS"]:
            assert env.get(required), (name, required)
        assert "@postgres:5432/" in env["DATABASE_URL"]
        assert env["REDIS_URL"].startswith("redis://redis:6379")


def test_dockerfile_installs_the_pinned_dependencies_and_runs_gunicorn():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.11", dockerfile, re.M)
    assert "pip install -c constraints.txt ." in dockerfile
    assert "collectstatic --noinput" in dockerfile
    assert '"gunicorn", "ivh.wsgi:application"' in dockerfile
    assert "USER ivh" in dockerfile
    for pinned in ["gunicorn", "celery", "django-celery-beat"]:
        assert re.search(rf"^{pinned}==", (ROOT / "constraints.txt").read_text(), re.M | re.I), (
            pinned
        )
