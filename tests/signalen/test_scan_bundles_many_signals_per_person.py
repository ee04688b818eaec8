"""The scan's messages are written in the database from the signals it raised (who is
responsible, their address, their choice), and a person with more than BUNDLE_ABOVE new signals
in one scan gets one mail with the counts instead of a mail per signal. Nothing twice: a rerun
raises and writes nothing new."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from aanmelding.constants import ContactWijze
from aanmelding.services import aanmelding_record_first_contact
from ivh.accounts.models import RoleAssignment
from ivh.outbox.models import Delivery, DigestItem, OutboxMessage
from ivh.outbox.services import outbox_send
from ivh.outbox.staff import preferences_save
from ivh.termijnen.constants import Regel
from ivh.termijnen.services import termijn_start
from ivh.werkkalender.services import calendar_extend
from signalen.digest import BUNDLE_ABOVE, BUNDLE_MAIL, bundle_mail_key
from signalen.models import Signaal
from signalen.outbox import SIGNAAL_MAIL, signaal_mail_key
from signalen.scan import scan
from tests.aanmelding.factories import AanmeldingFactory

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")
MONDAY = datetime(2026, 11, 16, 10, 0, tzinfo=AMS)  # in working hours


@pytest.fixture(autouse=True)
def _calendar():
    calendar_extend()


def registrations(personas, n: int):
    """`n` registrations whose first contact is over the norm by Monday (received on Sunday
    8 November: five working days ended on Friday 13)."""
    received = MONDAY - timedelta(days=8)
    out = []
    for _ in range(n):
        aanmelding = AanmeldingFactory(
            gemeente=personas.gemeente, region=personas.region, received_at=received
        )
        termijn_start(
            subject_kind="aanmelding",
            subject_id=aanmelding.pk,
            regel=Regel.EERSTE_CONTACT,
            region_id=personas.region.pk,
            started_at=received,
        )
        out.append(aanmelding)
    return out


def mails_to(user):
    return OutboxMessage.objects.filter(recipient=user.email)


def test_a_person_with_more_than_five_new_signals_gets_one_mail_with_their_counts(personas):
    made = registrations(personas, BUNDLE_ABOVE + 1)
    result = scan(MONDAY)
    assert sum(result.raised.values()) == BUNDLE_ABOVE + 1
    for coordinator in (personas.coordinator, personas.colleague_coordinator):
        [bundle] = mails_to(coordinator)
        assert bundle.kind == BUNDLE_MAIL
        ids = sorted(Signaal.objects.values_list("pk", flat=True))
        assert sorted(bundle.context["signaal_ids"]) == ids
        assert bundle.key == bundle_mail_key(coordinator.pk, ids[0])
    # Refusals: the region's casemanagers and the other region's coordinator are told nothing.
    for user in (personas.casemanager, personas.outsider_coordinator):
        assert not mails_to(user).exists()

    assert outbox_send(message_id=mails_to(personas.coordinator).get().pk) == "sent"
    sent = mail.outbox[-1]
    assert sent.subject == f"{BUNDLE_ABOVE + 1} nieuwe signalen"
    assert f"eerste contact na aanmelding, over de norm: {BUNDLE_ABOVE + 1}" in sent.body
    assert "/signalen/" in sent.body
    for aanmelding in made:  # no child's data, not even a reference: the counts only
        for private in (aanmelding.kind_first_name, aanmelding.ouder_name, aanmelding.zorg):
            assert private not in sent.body and private not in sent.subject


def test_up_to_five_new_signals_are_mailed_one_by_one_with_the_python_keys(personas):
    registrations(personas, BUNDLE_ABOVE)
    scan(MONDAY)
    mails = mails_to(personas.coordinator)
    assert mails.count() == BUNDLE_ABOVE
    assert set(mails.values_list("kind", flat=True)) == {SIGNAAL_MAIL}
    assert {m.key for m in mails} == {
        signaal_mail_key(s.pk, personas.coordinator.pk) for s in Signaal.objects.all()
    }
    assert {m.context["signaal_id"] for m in mails} == set(
        Signaal.objects.values_list("pk", flat=True)
    )


def test_a_rerun_and_a_later_scan_write_nothing_new(personas):
    registrations(personas, BUNDLE_ABOVE + 3)
    scan(MONDAY)
    before = list(OutboxMessage.objects.order_by("pk").values_list("pk", "key"))
    assert len(before) == 2  # one bundle per coordinator
    again = scan(MONDAY)
    later = scan(MONDAY + timedelta(hours=1))
    assert again.notified == later.notified == 0
    assert list(OutboxMessage.objects.order_by("pk").values_list("pk", "key")) == before


def test_signals_resolved_before_the_bundle_was_sent_leave_nothing_to_send(personas):
    made = registrations(personas, BUNDLE_ABOVE + 1)
    scan(MONDAY)
    for aanmelding in made:
        aanmelding_record_first_contact(
            aanmelding=aanmelding,
            by=personas.coordinator,
            at=MONDAY + timedelta(minutes=5),
            wijze=ContactWijze.TELEFONISCH,
        )
    scan(MONDAY + timedelta(minutes=10))
    bundle = mails_to(personas.coordinator).get()
    assert outbox_send(message_id=bundle.pk) == "skipped"
    assert mail.outbox == []


def test_a_coordinator_who_left_the_region_is_not_sent_its_bundle(personas):
    registrations(personas, BUNDLE_ABOVE + 1)
    scan(MONDAY)
    RoleAssignment.objects.filter(user=personas.coordinator).update(active=False)
    bundle = mails_to(personas.coordinator).get()
    assert outbox_send(message_id=bundle.pk) == "skipped"
    colleague = mails_to(personas.colleague_coordinator).get()
    assert outbox_send(message_id=colleague.pk) == "sent"


def test_inactive_people_and_those_without_an_address_are_told_nothing(personas):
    personas.colleague_coordinator.is_active = False
    personas.colleague_coordinator.save()
    registrations(personas, 2)
    scan(MONDAY)
    assert mails_to(personas.coordinator).count() == 2
    assert not mails_to(personas.colleague_coordinator).exists()


def test_who_chose_the_overview_gets_every_signal_held_there_not_a_bundle(personas):
    preferences_save(user=personas.coordinator, choices={SIGNAAL_MAIL: Delivery.DIGEST})
    registrations(personas, BUNDLE_ABOVE + 1)
    scan(MONDAY)
    assert not mails_to(personas.coordinator).exists()
    held = DigestItem.objects.filter(user=personas.coordinator)
    assert held.count() == BUNDLE_ABOVE + 1
    assert {i.key for i in held} == {
        signaal_mail_key(s.pk, personas.coordinator.pk) for s in Signaal.objects.all()
    }
    assert mails_to(personas.colleague_coordinator).get().kind == BUNDLE_MAIL


def test_the_messages_are_derived_in_the_database_in_two_statements_however_many(personas):
    """No address or key travels from Python to the database: the recipients are joined there."""

    def statements(n: int) -> list[str]:
        Signaal.objects.all().delete()
        OutboxMessage.objects.all().delete()
        registrations(personas, n)
        with CaptureQueriesContext(connection) as captured:
            scan(MONDAY)
        return [q["sql"] for q in captured.captured_queries]

    few, many = statements(2), statements(30)
    assert len(few) == len(many)
    writes = [sql for sql in many if "INSERT INTO outbox_" in sql]
    assert len(writes) == 2  # the mails, the items held for the overview
    for sql in many:
        assert personas.coordinator.email not in sql
        assert signaal_mail_key(Signaal.objects.first().pk, personas.coordinator.pk) not in sql
