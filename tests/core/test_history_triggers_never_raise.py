"""The history triggers' functions read their session settings without an exception block
(ivh.core.history), installed after every migrate, and still give the same answers: no context
outside `pghistory.context`, the context inside it, and `pgtrigger.ignore` still skips exactly
the triggers it names. Their speed is measured in bench/history_triggers.py."""

from __future__ import annotations

import hashlib
import inspect
from datetime import date

import pghistory
import pgtrigger
import pytest
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from pghistory.models import Context
from pgtrigger.compiler import UpsertTriggerSql

from casemanagement.models import Contactmoment
from ivh.core import history
from tests.casemanagement.factories import TrajectFactory

pytestmark = pytest.mark.django_db
FUNCTIONS = ('"public"._pgtrigger_should_ignore(name)', "_pgh_attach_context()")


def _definitions() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_functiondef(to_regprocedure(f)) FROM unnest(%s::text[]) AS f",
            [list(FUNCTIONS)],
        )
        return [row[0] for row in cursor.fetchall()]


def _library_functions() -> None:
    """The functions as django-pgtrigger and django-pghistory install them (as bench does)."""
    template = UpsertTriggerSql.get_template(None)  # type: ignore[arg-type]
    ignore_function = template[: template.index("$$ LANGUAGE plpgsql;") + 20]
    with connection.cursor() as cursor:
        cursor.execute(ignore_function.format(ignore_func_name='"public"._pgtrigger_should_ignore'))
    Context.install_pgh_attach_context_func()


def _contact(personas, traject) -> Contactmoment:
    return Contactmoment.objects.create(
        traject=traject,
        datum=date(2026, 11, 2),
        soort="telefonisch",
        minuten=10,
        created_by=personas.casemanager,
    )


@pytest.fixture
def traject(personas):
    return TrajectFactory(region=personas.region, casemanager=personas.casemanager)


def test_after_migrate_neither_function_catches_an_exception_per_row():
    _library_functions()
    assert all("EXCEPTION WHEN OTHERS" in d for d in _definitions())  # what they were
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")  # as migrate does
    for definition in _definitions():
        assert "EXCEPTION" not in definition
        assert "current_setting(" in definition.lower() and "TRUE)" in definition


def test_a_write_outside_a_context_has_no_context_even_after_one_ended(personas, traject):
    history.install()
    assert _contact(personas, traject).events.get().pgh_context is None
    with connection.cursor() as cursor:
        # What the settings hold once a transaction that set them has ended: empty strings.
        cursor.execute(
            "SELECT set_config('pghistory.context_id', '', true),"
            " set_config('pghistory.context_metadata', '', true),"
            " set_config('pgtrigger.ignore', '', true)"
        )
    assert _contact(personas, traject).events.get().pgh_context is None


def test_a_write_inside_a_context_gets_that_context_with_its_metadata(personas, traject):
    history.install()
    with pghistory.context(job="bulk", batch=7) as context:
        first, second = _contact(personas, traject), _contact(personas, traject)
    events = Contactmoment.pgh_event_model.objects.filter(pgh_obj_id__in=[first.pk, second.pk])
    assert {e.pgh_context_id for e in events} == {context.id}
    assert Context.objects.get(pk=context.id).metadata == {"job": "bulk", "batch": 7}


def test_pgtrigger_ignore_still_skips_the_named_trigger_and_only_that_one(personas, traject):
    history.install()
    with pgtrigger.ignore("casemanagement.Contactmoment:insert_insert"):
        skipped = _contact(personas, traject)
        skipped.minuten = 20
        skipped.save()  # the update trigger is not named: its event is written
    assert list(skipped.events.values_list("pgh_label", flat=True)) == ["update"]
    assert _contact(personas, traject).events.count() == 1  # outside: the insert event again


def test_the_libraries_functions_are_still_the_ones_replaced():
    """A new django-pgtrigger or django-pghistory may change these functions: then compare
    their new text with ivh/core/history.py, adjust it, and update the fingerprints here."""
    template = UpsertTriggerSql.get_template(None)  # type: ignore[arg-type]
    ignore_function = template[: template.index("$$ LANGUAGE plpgsql;")]
    attach_context = inspect.getsource(Context.install_pgh_attach_context_func)
    fingerprints = [
        hashlib.sha256(text.encode()).hexdigest()[:16] for text in (ignore_function, attach_context)
    ]
    assert fingerprints == ["e265efb1927c4fb4", "facc6dc9b50c055f"]
