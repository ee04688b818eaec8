"""Subjects created in the transaction (a registration from the public form) get their deadlines
from `termijnen_starten`: the same deadlines `termijnen_bijwerken` would start, in two
statements per rule however many subjects and regions (issue 16: the public form's throughput)."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from aanmelding.models import Aanmelding
from ivh.termijnen.constants import Eenheid, Onderwerp, Regel
from ivh.termijnen.models import Norm, Termijn
from ivh.termijnen.services import norm_change, sluitingsdag_set
from ivh.termijnen.sync import termijnen_bijwerken, termijnen_starten
from ivh.werkkalender.services import calendar_extend
from tests.aanmelding.factories import AanmeldingFactory

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")
# A Wednesday, with the Thursday after it a closure day of the region (below).
RECEIVED = datetime.combine(date(2026, 6, 10), time(10), tzinfo=AMS)
FIELDS = (
    "region_id",
    "norm_id",
    "occurrence",
    "started_at",
    "warn_at",
    "due_at",
    "far_at",
    "deadline_version",
    "stopped_at",
)


@pytest.fixture(autouse=True)
def _calendar():
    calendar_extend()


@pytest.fixture
def registrations(personas) -> list[Aanmelding]:
    """Five registrations in two regions: one region with a closure day in the window and a
    norm of its own, one that never had a norm (its default is written on first use); one
    registration contacted at once (its deadline starts stopped), one outside every region."""
    sluitingsdag_set(
        region=personas.region, day=date(2026, 6, 11), reason="brugdag", by=personas.beheerder
    )
    norm_change(
        region=personas.region,
        regel=Regel.EERSTE_CONTACT,
        amount=4,
        unit=Eenheid.WERKDAGEN,
        warn_percent=75,
        far_percent=200,
        by=personas.beheerder,
        reason="sneller",
    )
    Norm.objects.filter(region=personas.other_region).delete()
    made = [
        AanmeldingFactory(gemeente=personas.gemeente, received_at=RECEIVED),
        AanmeldingFactory(gemeente=personas.gemeente, received_at=RECEIVED + timedelta(days=1)),
        AanmeldingFactory(gemeente=personas.gemeente, received_at=RECEIVED, gecontacteerd=True),
        AanmeldingFactory(gemeente=personas.other_gemeente, received_at=RECEIVED),
        AanmeldingFactory(gemeente=None, received_at=RECEIVED),
    ]
    assert not Termijn.objects.filter(subject_kind=Onderwerp.AANMELDING).exists()
    return made


def _deadlines(ids: list[int]) -> dict[int, tuple]:
    return {
        t.subject_id: tuple(getattr(t, name) for name in FIELDS)
        for t in Termijn.objects.filter(subject_kind=Onderwerp.AANMELDING, subject_id__in=ids)
    }


def test_new_registrations_get_the_deadlines_the_full_sync_would_give_them(registrations):
    ids = [a.pk for a in registrations]
    termijnen_starten(Onderwerp.AANMELDING, ids)
    started = _deadlines(ids)
    Termijn.objects.filter(subject_kind=Onderwerp.AANMELDING).delete()
    termijnen_bijwerken(Onderwerp.AANMELDING, ids)
    assert started == _deadlines(ids)
    # Checked against the cases it must cover, not only against each other:
    first, next_day, contacted, elsewhere, outside = registrations
    assert outside.pk not in started  # no region, no norm: no deadline until forwarded
    assert started[contacted.pk][FIELDS.index("stopped_at")] == contacted.first_contact_at
    # Four working days from Wednesday 10 June with Thursday 11 closed: Fri, Mon, Tue, Wed 17.
    assert started[first.pk][FIELDS.index("due_at")] == datetime(2026, 6, 18, tzinfo=AMS)
    default = Norm.objects.get(region=elsewhere.region, regel=Regel.EERSTE_CONTACT)
    assert started[elsewhere.pk][FIELDS.index("norm_id")] == default.pk
    assert default.amount == 5


def test_a_deadline_that_exists_already_is_left_as_it_is(registrations):
    first = registrations[0]
    termijnen_starten(Onderwerp.AANMELDING, [first.pk])
    before = _deadlines([first.pk])
    termijnen_starten(Onderwerp.AANMELDING, [first.pk])
    assert _deadlines([first.pk]) == before
    assert Termijn.objects.filter(subject_id=first.pk).count() == 1


def test_the_statements_do_not_grow_with_the_number_of_registrations(registrations, personas):
    # Both regions have their norm already (the default is written once, the first time).
    termijnen_starten(Onderwerp.AANMELDING, [registrations[3].pk])
    with CaptureQueriesContext(connection) as one:
        termijnen_starten(Onderwerp.AANMELDING, [registrations[0].pk])
    with CaptureQueriesContext(connection) as many:
        termijnen_starten(Onderwerp.AANMELDING, [a.pk for a in registrations[1:]])
    # 1 the registrations' facts with their region's norm and closure days, 2 one insert.
    assert len(one) == len(many) == 2, [q["sql"][:80] for q in many.captured_queries]
    assert Termijn.objects.filter(subject_kind=Onderwerp.AANMELDING).count() == 4
