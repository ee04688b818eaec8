"""The MDO reminder goes out at 8:00 on the working day two working days before the meeting,
on the region's own calendar."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from ivh.outbox.models import OutboxMessage
from ivh.werkkalender.models import Sluitingsdag
from ivh.werkkalender.services import calendar_extend
from mdo import services
from mdo.outbox import REMINDER
from tests.mdo.factories import MdoFactory

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")


@pytest.fixture(autouse=True)
def _calendar():
    calendar_extend()


def reminder_for(personas, starts_at: datetime) -> datetime | None:
    mdo = MdoFactory(region=personas.region, created_by=personas.coordinator, starts_at=starts_at)
    deelnemer = services.deelnemer_invite_expert(
        mdo=mdo, expert=personas.expert, by=personas.coordinator
    )
    row = OutboxMessage.objects.filter(kind=REMINDER, key__contains=f":{deelnemer.pk}:").first()
    return row.not_before if row else None


@pytest.mark.parametrize(
    ("meeting", "reminded"),
    [
        # Wednesday → Monday.
        (datetime(2027, 3, 17, 14, tzinfo=AMS), datetime(2027, 3, 15, 8, tzinfo=AMS)),
        # Monday → the Thursday before (the weekend does not count).
        (datetime(2027, 3, 22, 10, tzinfo=AMS), datetime(2027, 3, 18, 8, tzinfo=AMS)),
        # Tuesday after Easter Monday (29 March 2027) → Thursday 25 March.
        (datetime(2027, 3, 30, 10, tzinfo=AMS), datetime(2027, 3, 25, 8, tzinfo=AMS)),
    ],
)
def test_the_reminder_lies_two_working_days_before_the_meeting(personas, meeting, reminded):
    assert reminder_for(personas, meeting) == reminded


def test_a_closure_day_of_the_region_does_not_count(personas):
    Sluitingsdag.objects.create(region=personas.region, day=date(2027, 3, 15), reason="Studiedag")
    # Wednesday 17 → Tuesday 16 (1), Monday 15 is closed, Friday 12 (2).
    assert reminder_for(personas, datetime(2027, 3, 17, 14, tzinfo=AMS)) == datetime(
        2027, 3, 12, 8, tzinfo=AMS
    )


def test_a_meeting_planned_closer_than_that_gets_no_reminder(personas):
    tomorrow = timezone.localtime() + timedelta(days=1)
    assert reminder_for(personas, tomorrow.replace(hour=14, minute=0)) is None
