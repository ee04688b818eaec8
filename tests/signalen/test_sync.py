"""Deadlines follow the facts the domain records: a registration waits for its first contact,
a referral for the start of the help, a traject for its plan, its MDO and its evaluations; the
step taken stops the clock before the next scan can signal it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from casemanagement.constants import Fase
from casemanagement.feiten import SURVEY_OPEN_FOR
from casemanagement.models import Tevredenheid, Verwijzing
from ivh.termijnen.constants import Onderwerp, Regel
from ivh.termijnen.models import Termijn
from ivh.termijnen.services import termijn_waits
from ivh.termijnen.sync import termijnen_sync as sync
from ivh.werkkalender.services import calendar_extend
from signalen.models import Signaal
from tests.aanmelding.factories import AanmeldingFactory
from tests.casemanagement.factories import TrajectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _calendar():
    calendar_extend()


def clock(kind: str, pk: int, regel: str) -> Termijn:
    return Termijn.objects.get(subject_kind=kind, subject_id=pk, regel=regel)


def test_a_registration_waits_for_its_first_contact(personas):
    received = timezone.now() - timedelta(days=12)
    aanmelding = AanmeldingFactory(
        gemeente=personas.gemeente, region=personas.region, received_at=received
    )
    assert sync().started >= 1
    termijn = clock(Onderwerp.AANMELDING, aanmelding.pk, Regel.EERSTE_CONTACT)
    assert termijn.started_at == received and termijn.stopped_at is None
    assert termijn.due_at < timezone.now()

    contacted = timezone.now() - timedelta(hours=2)
    aanmelding.first_contact_at = contacted
    aanmelding.save(update_fields=["first_contact_at"])
    assert sync().stopped == 1
    termijn.refresh_from_db()
    assert termijn.stopped_at == contacted
    # Days in the Netherlands: 11 or 12, depending on the hour the test runs.
    days = (timezone.localdate(contacted) - timezone.localdate(received)).days
    assert termijn_waits(termijn) == (days, days)


def test_sync_twice_changes_nothing_the_second_time(personas):
    AanmeldingFactory(gemeente=personas.gemeente, region=personas.region)
    TrajectFactory(region=personas.region, casemanager=personas.casemanager)
    first = sync()
    assert first.started > 0
    count = Termijn.objects.count()
    again = sync()
    assert (again.started, again.stopped, again.restarted) == (0, 0, 0)
    assert Termijn.objects.count() == count


def test_a_closed_traject_gets_its_history_without_any_signal(personas):
    from signalen.scan import scan

    traject = TrajectFactory(
        region=personas.region,
        casemanager=personas.casemanager,
        received_at=timezone.now() - timedelta(days=400),
        fase=Fase.AFGESLOTEN,
        closed_at=timezone.now() - timedelta(days=100),
    )
    scan()
    clocks = Termijn.objects.filter(subject_kind=Onderwerp.TRAJECT, subject_id=traject.pk)
    assert {c.regel for c in clocks} == {Regel.PLAN, Regel.DOORLOOPTIJD}
    assert all(c.stopped_at == traject.closed_at for c in clocks)
    assert not Signaal.objects.exists()


def test_a_referral_waits_for_the_help_to_start_and_so_does_the_whole_way(personas):
    traject = TrajectFactory(region=personas.region, casemanager=personas.casemanager)
    referred = timezone.localdate() - timedelta(days=70)
    verwijzing = Verwijzing.objects.create(
        traject=traject,
        organisatie=personas.ziekenhuis,
        referred_at=referred,
        created_by=personas.casemanager,
    )
    sync()
    waiting = clock(Onderwerp.VERWIJZING, verwijzing.pk, Regel.VERVOLGHULP)
    assert timezone.localdate(waiting.started_at) == referred and waiting.stopped_at is None
    assert clock(Onderwerp.TRAJECT, traject.pk, Regel.DOORLOOPTIJD).stopped_at is None

    verwijzing.started_at = timezone.localdate() - timedelta(days=1)
    verwijzing.save(update_fields=["started_at"])
    assert sync().stopped == 2
    waiting.refresh_from_db()
    assert timezone.localdate(waiting.stopped_at) == verwijzing.started_at
    whole_way = clock(Onderwerp.TRAJECT, traject.pk, Regel.DOORLOOPTIJD)
    assert timezone.localdate(whole_way.stopped_at) == verwijzing.started_at


def test_an_mdo_is_waited_for_only_when_the_traject_needs_one(personas):
    without = TrajectFactory(region=personas.region, casemanager=personas.casemanager)
    needs = TrajectFactory(region=personas.region, casemanager=personas.casemanager, fase=Fase.MDO)
    sync()
    assert not Termijn.objects.filter(subject_id=without.pk, regel=Regel.MDO).exists()
    waiting = clock(Onderwerp.TRAJECT, needs.pk, Regel.MDO)
    assert waiting.started_at == needs.received_at
    needs.first_mdo_held_at = timezone.now()
    needs.save(update_fields=["first_mdo_held_at"])
    sync()
    waiting.refresh_from_db()
    assert waiting.stopped_at == needs.first_mdo_held_at


def test_the_evaluation_starts_again_from_each_new_agreement(personas):
    agreed = timezone.now() - timedelta(days=200)
    traject = TrajectFactory(
        region=personas.region,
        casemanager=personas.casemanager,
        received_at=agreed - timedelta(days=60),
        plan_agreed_at=agreed,
    )
    sync()
    first = clock(Onderwerp.TRAJECT, traject.pk, Regel.EVALUATIE)
    assert first.started_at == agreed and first.occurrence == 1
    assert clock(Onderwerp.TRAJECT, traject.pk, Regel.PLAN).stopped_at == agreed

    traject.plan_agreed_at = agreed  # the first agreement stays the first ...
    traject.save()
    later = timezone.now() - timedelta(days=1)
    _agree(traject, later, personas)  # ... and a new version is agreed
    assert sync().restarted == 1
    first.refresh_from_db()
    second = Termijn.objects.get(subject_id=traject.pk, regel=Regel.EVALUATIE, occurrence=2)
    assert first.stopped_at == later and second.started_at == later and second.stopped_at is None


def _agree(traject, at, personas) -> None:
    from casemanagement.constants import AkkoordWijze
    from casemanagement.models import Ondersteuningsplan, PlanAkkoord, PlanVersie

    plan, _ = Ondersteuningsplan.objects.get_or_create(gezin=traject.gezin)
    versie = PlanVersie.objects.create(
        plan=plan,
        nummer=plan.versies.count() + 1,
        gezinsvraag="?",
        evaluatie_datum=timezone.localdate() + timedelta(days=180),
        created_by=personas.casemanager,
    )
    PlanAkkoord.objects.create(versie=versie, agreed_at=at, wijze=AkkoordWijze.choices[0][0])


def test_an_unanswered_survey_stops_counting_once_it_has_had_its_time(personas):
    """Eight weeks after the invitation an unanswered survey counts as not answered: its
    deadline stops (over the norm) instead of signalling for ever."""
    now = timezone.now()
    old = TrajectFactory(region=personas.region, fase=Fase.AFGESLOTEN, closed_at=now)
    recent = TrajectFactory(region=personas.region, fase=Fase.AFGESLOTEN, closed_at=now)
    Tevredenheid.objects.create(traject=old, invited_at=now - timedelta(weeks=9))
    Tevredenheid.objects.create(traject=recent, invited_at=now - timedelta(weeks=3))
    sync()
    closed = clock(Onderwerp.TRAJECT, old.pk, Regel.TEVREDENHEID)
    assert closed.stopped_at == now - timedelta(weeks=9) + SURVEY_OPEN_FOR
    assert closed.stopped_at > closed.due_at  # counted as not answered in time
    assert clock(Onderwerp.TRAJECT, recent.pk, Regel.TEVREDENHEID).stopped_at is None
