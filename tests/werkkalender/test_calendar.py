"""Working days around the Dutch holidays and a region's own closure day, in Python and in SQL,
agreeing."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.db.models import Value
from django.db.models.fields import DateField

from ivh.werkkalender.calendar import WorkCalendar
from ivh.werkkalender.models import Dag, Sluitingsdag
from ivh.werkkalender.services import calendar_extend, calendar_fill
from ivh.werkkalender.sql import WorkdaysBetween

pytestmark = pytest.mark.django_db


def _sql_between(start: date, end: date, region_id: int | None) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT ivh_workdays_between(%s, %s, %s)", [start, end, region_id])
        return cursor.fetchone()[0]


@pytest.mark.parametrize(
    "day, workday",
    [
        (date(2025, 4, 26), False),  # Koningsdag on a Saturday: 26 April (Saturday anyway)
        (date(2025, 4, 28), True),  # and the Monday after is an ordinary working day
        (date(2014, 4, 26), False),  # 27 April 2014 was a Sunday: Koningsdag moved to Saturday 26
        (date(2025, 4, 18), True),  # Good Friday: a working day
        (date(2025, 4, 21), False),  # Easter Monday
        (date(2025, 5, 29), False),  # Ascension Day
        (date(2025, 6, 9), False),  # Whit Monday
        (date(2025, 12, 25), False),
        (date(2025, 12, 26), False),
        (date(2026, 5, 5), True),  # Liberation Day outside a lustrum year
        (date(2025, 5, 5), False),  # and a day off in one
    ],
)
def test_the_stored_calendar_knows_the_dutch_days_off(day, workday):
    calendar_fill(day.year, day.year)
    assert Dag.objects.get(day=day).workday is workday
    assert WorkCalendar().is_workday(day) is workday


def test_koningsdag_on_a_sunday_moves_to_the_saturday_before():
    # 27 April 2031 is a Sunday: Koningsdag is Saturday 26 April, Monday 28 is a working day.
    calendar_fill(2031, 2031)
    assert Dag.objects.get(day=date(2031, 4, 26)).holiday == "Koningsdag"
    assert WorkCalendar().is_workday(date(2031, 4, 28))


def test_a_regions_closure_day_counts_there_and_nowhere_else(personas):
    calendar_extend()
    bridge = date(2026, 5, 15)  # the Friday after Ascension Day
    Sluitingsdag.objects.create(region=personas.region, day=bridge, reason="brugdag")
    mine = WorkCalendar.for_region(personas.region.pk)
    theirs = WorkCalendar.for_region(personas.other_region.pk)
    # Wed 13 May + 5 working days: Ascension Thu 14 and the bridge day Fri 15 do not count here.
    assert mine.add_workdays(date(2026, 5, 13), 5) == date(2026, 5, 22)
    assert theirs.add_workdays(date(2026, 5, 13), 5) == date(2026, 5, 21)
    assert [(s.day, s.reason) for s in mine.skipped(date(2026, 5, 13), date(2026, 5, 22))] == [
        (date(2026, 5, 14), "Hemelvaartsdag"),
        (bridge, "brugdag"),
    ]
    assert _sql_between(date(2026, 5, 13), date(2026, 5, 21), personas.region.pk) == 4
    assert _sql_between(date(2026, 5, 13), date(2026, 5, 21), personas.other_region.pk) == 5


def test_a_closure_day_counts_on_the_last_day_of_a_span_and_not_on_the_first(personas):
    calendar_extend()
    closed = date(2026, 12, 28)  # a Monday
    Sluitingsdag.objects.create(region=personas.region, day=closed, reason="kerst")
    calendar = WorkCalendar.for_region(personas.region.pk)
    for start, end in [
        (date(2026, 12, 24), closed),  # ends on the closure day: no working day here
        (closed, date(2026, 12, 30)),  # starts on it: the count begins the day after anyway
        (closed - timedelta(days=1), closed + timedelta(days=1)),
        (closed, closed),
    ]:
        national = WorkCalendar().workdays_between(start, end)
        inside = start < closed <= end
        assert calendar.workdays_between(start, end) == national - inside, (start, end)
        assert calendar.workdays_between(start, end) == _sql_between(
            start, end, personas.region.pk
        ), (start, end)


def test_python_and_sql_agree_on_every_span_over_the_stored_years(personas):
    calendar_extend()
    Sluitingsdag.objects.create(region=personas.region, day=date(2026, 12, 28), reason="kerst")
    calendar = WorkCalendar.for_region(personas.region.pk)
    national = WorkCalendar()
    starts = [date(2015, 1, 1) + timedelta(days=37 * i) for i in range(120)]
    spans = [(s, s + timedelta(days=n)) for s in starts for n in (1, 3, 9, 45, 200)]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a, b, ivh_workdays_between(a, b, %s), ivh_workdays_between(a, b, NULL) "
            "FROM unnest(%s::date[], %s::date[]) AS v(a, b)",
            [personas.region.pk, [a for a, _ in spans], [b for _, b in spans]],
        )
        rows = cursor.fetchall()
    assert len(rows) == len(spans)
    for a, b, regional, nationally in rows:
        assert regional == calendar.workdays_between(a, b), (a, b)
        assert nationally == national.workdays_between(a, b), (a, b)


def test_the_orm_expression_counts_like_the_function(personas):
    calendar_extend()
    value = (
        Dag.objects.filter(day=date(2026, 1, 1))
        .annotate(
            n=WorkdaysBetween(
                Value(date(2025, 12, 24), output_field=DateField()),
                Value(date(2025, 12, 31), output_field=DateField()),
                Value(None),
            )
        )
        .values_list("n", flat=True)
        .get()
    )
    assert value == 3  # Wed 24: 25 and 26 December off, 27 and 28 a weekend


def test_the_job_extends_the_calendar_idempotently():
    first = calendar_extend()
    assert calendar_extend() == first
    assert Dag.objects.count() == first
    assert Dag.objects.filter(day__year=date.today().year + 5).count() >= 365
