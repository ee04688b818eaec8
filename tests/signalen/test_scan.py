"""The scan over stored deadlines: a signal per deadline, level and version, raised once,
resolved when its cause is gone, announced to the person responsible in working hours."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from aanmelding.constants import ContactWijze
from aanmelding.services import aanmelding_record_first_contact
from casemanagement.models import Verwijzing
from ivh.outbox.models import OutboxMessage
from ivh.outbox.services import outbox_send
from ivh.termijnen.constants import Eenheid, Niveau, PauzeReden, Regel
from ivh.termijnen.models import Termijn
from ivh.termijnen.services import (
    norm_change,
    termijn_pause,
    termijn_resume,
    termijn_start,
    termijn_waits,
)
from ivh.werkkalender.calendar import next_working_moment
from ivh.werkkalender.services import calendar_extend
from signalen.models import Signaal
from signalen.scan import scan
from tests.aanmelding.factories import AanmeldingFactory
from tests.casemanagement.factories import TrajectFactory

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")
# Monday 16 November 2026, in working hours.
MONDAY = datetime(2026, 11, 16, 10, 0, tzinfo=AMS)


@pytest.fixture(autouse=True)
def _calendar():
    calendar_extend()


def registration(personas, received: datetime):
    aanmelding = AanmeldingFactory(
        gemeente=personas.gemeente, region=personas.region, received_at=received
    )
    termijn = termijn_start(
        subject_kind="aanmelding",
        subject_id=aanmelding.pk,
        regel=Regel.EERSTE_CONTACT,
        region_id=personas.region.pk,
        started_at=received,
    )
    return aanmelding, termijn


def signal_mails():
    return OutboxMessage.objects.filter(kind="signalen.signaal")


def test_a_registration_past_its_norm_raises_one_signal_and_tells_each_coordinator_once(personas):
    # Received on Sunday 8 November: five working days ended on Friday 13.
    aanmelding, termijn = registration(personas, MONDAY - timedelta(days=8))
    first = scan(MONDAY)
    assert first.raised == {(Regel.EERSTE_CONTACT.value, Niveau.OVER.value): 1}
    again = scan(MONDAY + timedelta(minutes=5))
    assert not again.raised and again.notified == 0
    signaal = Signaal.objects.get()
    assert (signaal.level, signaal.termijn, signaal.resolved_at) == (Niveau.OVER, termijn, None)
    coordinators = {personas.coordinator.email, personas.colleague_coordinator.email}
    assert set(signal_mails().values_list("recipient", flat=True)) == coordinators
    assert signal_mails().count() == 2
    assert personas.casemanager.email not in set(signal_mails().values_list("recipient", flat=True))

    message = signal_mails().first()
    outbox_send(message_id=message.pk)
    sent = mail.outbox[-1]
    assert aanmelding.reference in sent.subject and aanmelding.reference in sent.body
    assert f"/aanmeldpunt/{aanmelding.pk}/" in sent.body
    for private in (aanmelding.kind_first_name, aanmelding.ouder_name, aanmelding.zorg):
        assert private not in sent.body and private not in sent.subject


def test_almost_due_is_shown_not_mailed_and_escalates_once(personas):
    # Received Monday 9 November: 4 of 5 working days have passed by Friday 13 November.
    _aanmelding, termijn = registration(personas, datetime(2026, 11, 9, 9, tzinfo=AMS))
    friday = datetime(2026, 11, 13, 10, tzinfo=AMS)
    assert scan(friday).raised == {(Regel.EERSTE_CONTACT.value, Niveau.BIJNA.value): 1}
    assert signal_mails().count() == 0
    result = scan(MONDAY + timedelta(days=1))  # Tuesday 17: past Monday 16, the last day
    assert result.resolved == 1
    assert result.raised == {(Regel.EERSTE_CONTACT.value, Niveau.OVER.value): 1}
    assert list(Signaal.objects.open().values_list("level", flat=True)) == [Niveau.OVER]
    assert signal_mails().count() == 2


def test_the_fact_happening_resolves_the_signal_and_an_unsent_mail_is_dropped(personas):
    aanmelding, _termijn = registration(personas, MONDAY - timedelta(days=14))
    scan(MONDAY)
    aanmelding_record_first_contact(
        aanmelding=aanmelding,
        by=personas.coordinator,
        at=MONDAY + timedelta(minutes=30),
        wijze=ContactWijze.TELEFONISCH,
    )
    # The event stopped the deadline in its own transaction, before any scan.
    assert Termijn.objects.get(pk=_termijn.pk).stopped_at == MONDAY + timedelta(minutes=30)
    assert scan(MONDAY + timedelta(hours=1)).resolved == 1
    assert Signaal.objects.open().count() == 0
    message = signal_mails().first()
    outbox_send(message_id=message.pk)
    message.refresh_from_db()
    assert message.skipped_at is not None and mail.outbox == []


def test_a_paused_clock_raises_nothing_and_its_net_wait_leaves_the_pause_out(personas):
    _aanmelding, termijn = registration(personas, MONDAY - timedelta(days=14))
    termijn_pause(
        termijn=termijn,
        reden=PauzeReden.OUDERS,
        by=personas.coordinator,
        at=MONDAY - timedelta(days=13),
    )
    assert not scan(MONDAY).raised
    assert Signaal.objects.count() == 0
    termijn_resume(termijn=termijn, by=personas.coordinator, at=MONDAY - timedelta(days=3))
    termijn.refresh_from_db()
    assert termijn_waits(termijn, until=MONDAY) == (14, 4)


def test_a_deadline_moved_by_a_changed_norm_notifies_once_more(personas):
    registration(personas, MONDAY - timedelta(days=14))  # ten working days ago
    scan(MONDAY)
    assert signal_mails().count() == 2

    def change(amount: int) -> None:
        norm_change(
            region=personas.region,
            regel=Regel.EERSTE_CONTACT,
            amount=amount,
            unit=Eenheid.WERKDAGEN,
            warn_percent=80,
            far_percent=200,
            by=personas.coordinator,
            reason=f"{amount} werkdagen",
        )

    change(7)  # still over, but a new deadline: one more signal, one more mail each
    later = scan(MONDAY + timedelta(minutes=10))
    assert later.resolved == 1 and sum(later.raised.values()) == 1
    assert signal_mails().count() == 4
    assert not scan(MONDAY + timedelta(minutes=20)).raised
    assert signal_mails().count() == 4


def test_a_referral_signals_to_the_casemanager_not_the_coordinators(personas):
    traject = TrajectFactory(region=personas.region, casemanager=personas.casemanager)
    verwijzing = Verwijzing.objects.create(
        traject=traject,
        organisatie=personas.ziekenhuis,
        referred_at=date(2026, 9, 1),
        created_by=personas.casemanager,
    )
    termijn_start(
        subject_kind="verwijzing",
        subject_id=verwijzing.pk,
        regel=Regel.VERVOLGHULP,
        region_id=personas.region.pk,
        started_at=datetime.combine(date(2026, 9, 1), time(9), tzinfo=AMS),
    )
    scan(MONDAY)
    assert list(signal_mails().values_list("recipient", flat=True)) == [personas.casemanager.email]


def test_a_breach_on_friday_night_is_mailed_on_monday_morning(personas):
    friday_night = datetime(2026, 11, 13, 23, 0, tzinfo=AMS)
    registration(personas, friday_night - timedelta(days=14))
    scan(friday_night)
    assert {m.not_before for m in signal_mails()} == {datetime(2026, 11, 16, 8, 0, tzinfo=AMS)}
    # Christmas Eve evening: the next working day is Monday 28 December.
    assert next_working_moment(datetime(2026, 12, 24, 19, tzinfo=AMS)) == datetime(
        2026, 12, 28, 8, 0, tzinfo=AMS
    )
    assert next_working_moment(datetime(2026, 12, 24, 7, tzinfo=AMS)) == datetime(
        2026, 12, 24, 8, 0, tzinfo=AMS
    )
    assert next_working_moment(MONDAY) == MONDAY


def test_the_scan_costs_the_same_queries_for_three_items_or_thirty(personas):
    def queries_for(n: int) -> int:
        for _ in range(n):
            registration(personas, MONDAY - timedelta(days=14))
        Signaal.objects.all().delete()
        OutboxMessage.objects.all().delete()
        with CaptureQueriesContext(connection) as captured:
            scan(MONDAY)
        return len(captured.captured_queries)

    few = queries_for(3)
    assert queries_for(30) == few


def test_the_casemanager_is_reminded_before_the_plan_evaluation_is_due_and_told_once_over(
    personas,
):
    agreed = datetime(2026, 5, 25, 10, tzinfo=AMS)  # six months: due on 25 November
    traject = TrajectFactory(
        region=personas.region,
        casemanager=personas.casemanager,
        received_at=agreed - timedelta(days=30),
        plan_agreed_at=agreed,
    )

    def evaluation_mails():
        return [
            m
            for m in signal_mails().filter(recipient=personas.casemanager.email)
            if Signaal.objects.get(pk=m.context["signaal_id"]).regel == Regel.EVALUATIE
        ]

    scan(MONDAY)  # 16 November: past 80 % of the six months
    [reminder] = evaluation_mails()
    assert Signaal.objects.get(pk=reminder.context["signaal_id"]).level == Niveau.BIJNA
    outbox_send(message_id=reminder.pk)
    assert "Dit is een herinnering" in mail.outbox[-1].body
    assert str(traject.gezin.reference) in mail.outbox[-1].subject
    scan(MONDAY + timedelta(hours=1))
    assert len(evaluation_mails()) == 1
    scan(MONDAY + timedelta(days=10))  # 26 November: over
    assert len(evaluation_mails()) == 2
