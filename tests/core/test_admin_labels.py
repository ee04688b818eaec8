"""The admin as a functioneel beheerder sees it: Dutch headings and model names, and no
library pages they never need (issue 9, item 16)."""

import re

import pytest
from django.contrib import admin
from django.utils import translation
from django.utils.text import camel_case_to_spaces

pytestmark = pytest.mark.django_db

# What the issue saw, and the other English names of the libraries' admin pages.
ENGLISH = [
    "AXES",
    "Axes",
    "Access attempts",
    "Access failures",
    "Access logs",
    "PERIODIC TASKS",
    "Periodic Tasks",
    "Periodic tasks",
    "Clocked",
    "Solar events",
    "Crontabs",
    "Intervals",
    "TOTP devices",
    "Static devices",
    "Otp_Totp",
    "Otp_Static",
    "Groups",
    "Celery Results",
    "Task results",
    "Group results",
]


@pytest.fixture
def beheerder(personas):
    personas.beheerder.is_staff = True
    personas.beheerder.save()
    return personas.beheerder


@pytest.fixture
def superuser(db):
    from ivh.accounts.models import User

    return User.objects.create_superuser(
        "root@example.org", "een-lang-wachtwoord-1", full_name="Root"
    )


def test_the_admin_index_shows_no_english_or_library_names_even_to_a_superuser(superuser, login):
    content = login(superuser).get("/beheer/").content.decode()
    shown = [word for word in ENGLISH if re.search(rf">\s*{re.escape(word)}\s*<", content)]
    assert shown == []
    assert "Uitkomsten van taken" in content


def test_the_admin_index_shows_no_english_or_library_names(beheerder, login):
    response = login(beheerder).get("/beheer/")
    assert response.status_code == 200
    content = response.content.decode()
    shown = [word for word in ENGLISH if re.search(rf">\s*{re.escape(word)}\s*<", content)]
    assert shown == []
    for heading in ("Geplande taken", "Inlogbeveiliging", "Gebruikers en rollen"):
        assert heading in content
    assert "Mislukte inlogpogingen" in content


@pytest.mark.parametrize(
    "path",
    [
        "django_celery_beat/clockedschedule/",
        "django_celery_beat/solarschedule/",
        "otp_totp/totpdevice/",
        "auth/group/",
    ],
)
def test_pages_a_beheerder_never_needs_are_gone(beheerder, login, path):
    assert login(beheerder).get(f"/beheer/{path}").status_code == 404


def test_the_periodic_task_form_offers_no_clocked_or_solar_schedule(beheerder, login):
    content = login(beheerder).get("/beheer/django_celery_beat/periodictask/add/").content.decode()
    assert 'name="interval"' in content and 'name="crontab"' in content
    assert 'name="solar"' not in content and 'name="clocked"' not in content


def test_every_app_and_model_in_the_admin_has_a_name_of_its_own():
    """No heading or model name is the one Django derives from the code (a sign nobody named
    it): "Otp_Totp", "access attempts"."""
    with translation.override("nl"):
        for model in admin.site._registry:
            opts = model._meta
            config = opts.app_config
            named_app = (
                "verbose_name" in type(config).__dict__
                or str(config.verbose_name) != config.label.title()
            )
            assert named_app, config.label
            derived = camel_case_to_spaces(model.__name__)
            named = "verbose_name" in opts.original_attrs or str(opts.verbose_name) != derived
            assert named, opts.label
            named_plural = (
                "verbose_name_plural" in opts.original_attrs
                or str(opts.verbose_name_plural) != derived + "s"
            )
            assert named_plural, opts.label
