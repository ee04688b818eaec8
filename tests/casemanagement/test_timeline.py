"""The traject's timeline is assembled from registered providers, newest entry first."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from casemanagement import timeline
from casemanagement.timeline import TimelineItem, register_timeline_provider, traject_timeline

pytestmark = pytest.mark.django_db


@pytest.fixture
def providers(monkeypatch):
    """The registry as the app has it, restored after the test."""
    monkeypatch.setattr(timeline, "_providers", list(timeline.timeline_providers()))


def test_a_registered_provider_s_entries_are_merged_newest_first(providers, traject):
    now = timezone.now()

    def elsewhere(traject):
        return [
            TimelineItem(now + timedelta(minutes=1), "elders", "Nieuwste", url="/elders/1/"),
            TimelineItem(traject.received_at - timedelta(days=1), "elders", "Oudste"),
        ]

    register_timeline_provider(elsewhere)
    entries = traject_timeline(traject)
    assert (entries[0].titel, entries[0].url) == ("Nieuwste", "/elders/1/")
    assert entries[-1].titel == "Oudste"
    assert [e.soort for e in entries[1:-1]] == ["contact", "aanmelding"]  # intake, registration


def test_registering_a_provider_twice_shows_its_entries_once(providers, traject):
    def elsewhere(traject):
        return [TimelineItem(timezone.now(), "elders", "Eén keer")]

    register_timeline_provider(elsewhere)
    register_timeline_provider(elsewhere)
    assert [e.titel for e in traject_timeline(traject)].count("Eén keer") == 1


def test_a_date_only_entry_sorts_after_the_timed_entries_of_that_day(providers, traject):
    day = timezone.localdate(traject.received_at)

    def elsewhere(traject):
        return [TimelineItem(date(day.year, day.month, day.day), "elders", "Die dag")]

    register_timeline_provider(elsewhere)
    soorten = [e.soort for e in traject_timeline(traject)]
    assert soorten.index("elders") < soorten.index("aanmelding")
