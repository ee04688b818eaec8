"""A deadline put on hold has no due day until it resumes; the signals overview still shows its
open signal (marked "gepauzeerd"), after the running deadlines of the same level."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from ivh.termijnen.constants import PauzeReden, Regel
from ivh.termijnen.models import Termijn
from ivh.termijnen.services import termijn_pause, termijn_start
from ivh.werkkalender.services import calendar_extend
from signalen.models import Signaal
from signalen.scan import scan
from signalen.selectors import open_signals
from tests.casemanagement.factories import TrajectFactory

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")


def test_a_held_deadline_with_an_open_signal_is_listed_after_the_running_ones(personas, login):
    calendar_extend()
    trajecten = [
        TrajectFactory(region=personas.region, casemanager=personas.casemanager) for _ in range(3)
    ]
    for traject in trajecten:
        termijn_start(
            subject_kind="traject",
            subject_id=traject.pk,
            regel=Regel.PLAN,
            region_id=personas.region.pk,
            started_at=datetime(2026, 1, 5, 9, tzinfo=AMS),
        )
    scan()
    held = Termijn.objects.get(subject_id=trajecten[0].pk, regel=Regel.PLAN)
    termijn_pause(termijn=held, reden=PauzeReden.OUDERS, by=personas.casemanager)
    held.refresh_from_db()
    assert held.due_at is None
    assert Signaal.objects.open().filter(termijn=held).exists()

    rows = open_signals(personas.coordinator, regel=Regel.PLAN)
    levels = {row.signaal.level for row in rows}
    assert len(levels) == 1, "one level, so the order within it is the deadline's"
    assert [row.signaal.termijn_id for row in rows][-1] == held.pk

    response = login(personas.coordinator).get(reverse("signalen:overzicht"))
    assert response.status_code == 200
    assert "gepauzeerd" in response.content.decode()
