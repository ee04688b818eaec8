"""Stored deadlines: computed once per event, paused and resumed, moved by a changed norm or a
closure day, and able to explain themselves."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from ivh.termijnen.constants import Eenheid, PauzeReden, Regel
from ivh.termijnen.models import Termijn
from ivh.termijnen.services import (
    norm_change,
    norm_current,
    sluitingsdag_remove,
    sluitingsdag_set,
    termijn_pause,
    termijn_projection,
    termijn_restart,
    termijn_resume,
    termijn_start,
    termijn_stop,
)
from ivh.werkkalender.services import calendar_extend

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=AMS)


def midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=AMS)


@pytest.fixture(autouse=True)
def _calendar():
    calendar_extend()


def first_contact(personas, received: datetime, subject_id: int = 1) -> Termijn:
    return termijn_start(
        subject_kind="aanmelding",
        subject_id=subject_id,
        regel=Regel.EERSTE_CONTACT,
        region_id=personas.region.pk,
        started_at=received,
    )


def test_five_working_days_around_ascension_with_warning_and_far_levels(personas):
    # Wed 13 May 2026; Thu 14 is Ascension Day: Fri 15, Mon 18, Tue 19, Wed 20, Thu 21.
    termijn = first_contact(personas, at(date(2026, 5, 13)))
    assert termijn.due_at == midnight(date(2026, 5, 22))
    assert termijn.warn_at == midnight(date(2026, 5, 20))  # 80 %: 4 working days
    # 150 %: 8 working days; Whit Monday 25 May does not count either.
    assert termijn.far_at == midnight(date(2026, 5, 28))
    with translation.override("nl"):
        assert termijn_projection(termijn).text == (
            "uiterlijk do 21 mei: 5 werkdagen na 13 mei, Hemelvaartsdag telt niet mee"
        )


def test_starting_twice_keeps_the_first_clock(personas):
    first = first_contact(personas, at(date(2026, 5, 13)))
    again = first_contact(personas, at(date(2026, 6, 1)))
    assert again.pk == first.pk and again.started_at == first.started_at
    assert Termijn.objects.count() == 1


def test_a_pause_holds_the_clock_and_moves_the_deadline_by_the_days_it_lasted(personas):
    termijn = first_contact(personas, at(date(2026, 5, 13)))
    version = termijn.deadline_version
    termijn_pause(
        termijn=termijn,
        reden=PauzeReden.OUDERS,
        by=personas.coordinator,
        at=at(date(2026, 5, 18), 9),
    )
    termijn.refresh_from_db()
    assert (termijn.warn_at, termijn.due_at, termijn.far_at) == (None, None, None)
    with pytest.raises(ValidationError):
        termijn_pause(termijn=termijn, reden=PauzeReden.OUDERS, by=personas.coordinator)

    termijn_resume(termijn=termijn, by=personas.coordinator, at=at(date(2026, 5, 20), 9))
    termijn.refresh_from_db()
    # Paused on Mon 18 and Tue 19: two working days later, Whit Monday skipped: Tue 26 May.
    assert termijn.due_at == midnight(date(2026, 5, 27))
    assert termijn.deadline_version == version + 2
    with translation.override("nl"):
        text = termijn_projection(termijn).text
    assert text.startswith("uiterlijk di 26 mei: 5 werkdagen na 13 mei, ")
    assert "Hemelvaartsdag en Tweede pinksterdag tellen niet mee" in text
    assert text.endswith("2 dagen gepauzeerd op verzoek van de ouders")


def test_a_changed_norm_moves_the_open_deadlines_and_leaves_the_stopped_ones(personas):
    open_one = first_contact(personas, at(date(2026, 5, 13)), subject_id=1)
    stopped = first_contact(personas, at(date(2026, 5, 13)), subject_id=2)
    termijn_stop(
        subject_kind="aanmelding",
        subject_id=2,
        regel=Regel.EERSTE_CONTACT,
        at=at(date(2026, 5, 15)),
    )
    elsewhere = termijn_start(
        subject_kind="aanmelding",
        subject_id=3,
        regel=Regel.EERSTE_CONTACT,
        region_id=personas.other_region.pk,
        started_at=at(date(2026, 5, 13)),
    )
    old_norm = open_one.norm
    norm = norm_change(
        region=personas.region,
        regel=Regel.EERSTE_CONTACT,
        amount=3,
        unit=Eenheid.WERKDAGEN,
        warn_percent=80,
        far_percent=150,
        by=personas.coordinator,
        reason="afspraak met de gemeenten",
    )
    for termijn in (open_one, stopped, elsewhere):
        termijn.refresh_from_db()
    assert open_one.norm == norm and open_one.due_at == midnight(date(2026, 5, 20))
    assert open_one.deadline_version == 2
    assert open_one.deadline_reason == "norm gewijzigd: afspraak met de gemeenten"
    assert stopped.norm == old_norm and stopped.deadline_version == 1
    assert elsewhere.deadline_version == 1 and elsewhere.due_at == midnight(date(2026, 5, 22))
    assert norm_current(personas.region.pk, Regel.EERSTE_CONTACT) == norm


def test_a_closure_day_moves_working_day_deadlines_in_its_region_only(personas):
    in_days = first_contact(personas, at(date(2026, 5, 13)))
    in_weeks = termijn_start(
        subject_kind="verwijzing",
        subject_id=1,
        regel=Regel.VERVOLGHULP,
        region_id=personas.region.pk,
        started_at=at(date(2026, 5, 13)),
    )
    weeks_due = in_weeks.due_at
    sluitingsdag_set(region=personas.region, day=date(2026, 5, 15), reason="brugdag", by=None)
    in_days.refresh_from_db()
    in_weeks.refresh_from_db()
    assert in_days.due_at == midnight(date(2026, 5, 23))  # Friday 22 May is now the last day
    assert in_weeks.due_at == weeks_due and in_weeks.deadline_version == 1
    with translation.override("nl"):
        assert "Hemelvaartsdag en brugdag tellen niet mee" in termijn_projection(in_days).text

    sluitingsdag_remove(region=personas.region, day=date(2026, 5, 15))
    in_days.refresh_from_db()
    assert in_days.due_at == midnight(date(2026, 5, 22)) and in_days.deadline_version == 3


def test_weeks_and_months_count_calendar_days(personas):
    mdo = termijn_start(
        subject_kind="traject",
        subject_id=1,
        regel=Regel.MDO,
        region_id=personas.region.pk,
        started_at=at(date(2026, 1, 5)),
    )
    assert mdo.due_at == midnight(date(2026, 2, 17))  # six weeks after 5 January: 16 February
    evaluation = termijn_restart(
        subject_kind="traject",
        subject_id=1,
        regel=Regel.EVALUATIE,
        region_id=personas.region.pk,
        started_at=at(date(2026, 1, 31)),
    )
    assert evaluation.occurrence == 1
    assert evaluation.due_at == midnight(date(2026, 8, 1))  # six months: 31 July
    second = termijn_restart(
        subject_kind="traject",
        subject_id=1,
        regel=Regel.EVALUATIE,
        region_id=personas.region.pk,
        started_at=at(date(2026, 7, 20)),
    )
    evaluation.refresh_from_db()
    assert second.occurrence == 2 and evaluation.stopped_at == at(date(2026, 7, 20))


def test_a_region_without_its_own_norm_gets_the_design_default(personas):
    norm = norm_current(personas.other_region.pk, Regel.PLAN)
    assert (norm.amount, norm.unit) == (6, Eenheid.WEKEN)
    assert norm_current(personas.other_region.pk, Regel.PLAN) == norm
