"""A plan version stores its first day (its evaluation, or an open action's day if earlier) when
it is written, and the lists of trajecten sort on that stored day and on the running deadlines
from an index, instead of reading every version's actions of every open traject of a region.
The migration gives the versions written before the same day."""

import json
from datetime import date, timedelta

import pytest
from django.db import connection
from django.db.models import F
from django.utils import timezone

from casemanagement import selectors
from casemanagement.constants import ActieStatus
from casemanagement.models import PlanVersie, Traject, plan_next_day
from ivh.termijnen.constants import Regel
from tests.casemanagement.deadline_helpers import deadline, plan, referral_deadline
from tests.casemanagement.factories import TrajectFactory
from tests.support.migrations import latest_of, migrate_to

pytestmark = pytest.mark.django_db

BEFORE = [("casemanagement", "0009_integrity_constraints_and_protect")]
AFTER = [("casemanagement", "0010_plan_next_day_and_region_index")]
EVALUATIE = date(2027, 3, 1)

ACTION_SETS = [
    [],
    [("Logopedie", date(2027, 1, 10), ActieStatus.OPEN)],
    [("Fysiotherapie", date(2027, 2, 1), ActieStatus.BEZIG)],
    # Done and dropped actions ask nothing any more, however early their day.
    [("Klaar", date(2026, 1, 1), ActieStatus.KLAAR), ("Weg", date(2026, 2, 1), "vervallen")],
    [("Zonder dag", None, ActieStatus.OPEN), ("Later", date(2027, 6, 1), ActieStatus.OPEN)],
    [
        ("Eerst", date(2026, 12, 1), ActieStatus.BEZIG),
        ("Daarna", date(2026, 12, 20), ActieStatus.OPEN),
        ("Klaar", date(2026, 11, 1), ActieStatus.KLAAR),
    ],
]
EXPECTED = [
    EVALUATIE,
    date(2027, 1, 10),
    date(2027, 2, 1),
    EVALUATIE,
    EVALUATIE,
    date(2026, 12, 1),
]


@pytest.mark.parametrize(("acties", "expected"), list(zip(ACTION_SETS, EXPECTED, strict=True)))
def test_a_version_stores_the_first_day_it_asks_something_by(personas, acties, expected):
    traject = TrajectFactory(region=personas.region, casemanager=personas.casemanager)
    versie = plan(traject, personas.casemanager, EVALUATIE, acties)
    versie.refresh_from_db()
    assert versie.volgende_dag == expected


def _as_json(acties: list[tuple]) -> str:
    return json.dumps(
        [
            {
                "wat": wat,
                "wie": "ouders",
                "wanneer": wanneer.isoformat() if wanneer else "",
                "status": status,
            }
            for wat, wanneer, status in acties
        ]
    )


def test_the_migration_gives_versions_written_before_the_same_day(personas):
    traject = TrajectFactory(region=personas.region, casemanager=personas.casemanager)
    first = plan(traject, personas.casemanager, EVALUATIE)
    migrate_to(BEFORE)
    try:
        with connection.cursor() as cursor:
            for nummer, acties in enumerate(ACTION_SETS, start=2):
                cursor.execute(
                    "INSERT INTO casemanagement_planversie (plan_id, nummer, gezinsvraag, doelen,"
                    " acties, evaluatie_datum, wijziging, created_by_id, created_at)"
                    " VALUES (%s, %s, 'Vraag', '[]', %s::jsonb, %s, '', %s, now())",
                    [first.plan_id, nummer, _as_json(acties), EVALUATIE, personas.casemanager.pk],
                )
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    finally:
        migrate_to(AFTER)
        migrate_to(latest_of("casemanagement"))

    stored = dict(
        PlanVersie.objects.filter(plan_id=first.plan_id).values_list("nummer", "volgende_dag")
    )
    assert stored == {1: EVALUATIE} | {n: day for n, day in enumerate(EXPECTED, start=2)}
    for versie in PlanVersie.objects.filter(plan_id=first.plan_id):
        assert versie.volgende_dag == plan_next_day(versie.evaluatie_datum, versie.acties)


def _ordering_sql(personas) -> str:  # noqa: ANN001
    ordered = (
        Traject.objects.visible_to(personas.coordinator)
        .open()
        .annotate(volgende_dag=selectors._next_day())
        .order_by(F("volgende_dag").asc(nulls_last=True), "received_at", "pk")
        .values_list("pk", flat=True)
    )
    sql, params = ordered.query.sql_with_params()
    with connection.cursor() as cursor:
        return cursor.mogrify(sql, params)


def test_the_list_sorts_on_the_stored_day_and_the_deadline_index(personas):
    today = timezone.localdate()
    for i in range(3):
        traject = TrajectFactory(region=personas.region, casemanager=personas.casemanager)
        plan(traject, personas.casemanager, today + timedelta(days=30 + i))
        deadline(traject, Regel.MDO, today + timedelta(days=i))
        referral_deadline(traject, personas.mee, personas.casemanager, today + timedelta(days=9))
    sql = _ordering_sql(personas)
    # The day is read, not computed from every version's actions.
    assert "jsonb_array_elements" not in sql
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        # "The first by day" from an index's order, not a sort: what the indexes are for, and
        # a plan that does not depend on the statistics other tests left behind.
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("EXPLAIN " + sql)
        plan_text = "\n".join(row[0] for row in cursor.fetchall())
    assert "Index Only Scan using planversie_current" in plan_text, plan_text
    # The traject's own running deadline from the index. (Its referrals' join order depends on
    # the table sizes: at national scale the bench's plan reads them from it too.)
    assert "Index Only Scan using termijn_next_with_day" in plan_text, plan_text
