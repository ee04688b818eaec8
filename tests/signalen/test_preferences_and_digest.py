"""Staff choose per kind of message: directly, in the daily overview, or not at all (signals
cannot be switched off). The overview is one mail per person on working days, only when there
is something to say, and without any child's data."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse

from ivh.outbox import registry
from ivh.outbox.models import Delivery, DigestItem, NotificationPreference, OutboxMessage
from ivh.outbox.registry import Rendered
from ivh.outbox.services import outbox_send
from ivh.outbox.staff import notify_staff, preferences_save
from ivh.termijnen.constants import Regel
from ivh.termijnen.services import termijn_start
from ivh.werkkalender.services import calendar_extend
from signalen.digest import digest_put
from signalen.outbox import DIGEST_MAIL, SIGNAAL_MAIL
from signalen.scan import scan
from tests.aanmelding.factories import AanmeldingFactory

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")
TUESDAY = datetime(2026, 11, 17, 10, tzinfo=AMS)
TEST_KIND = "tests.melding"


@pytest.fixture
def test_kind(monkeypatch):
    """A switchable kind of staff message, as the domain apps declare theirs."""
    monkeypatch.setitem(
        registry._staff_kinds,
        TEST_KIND,
        registry.StaffKind(TEST_KIND, "Testmelding", lambda ctx: f"Melding {ctx['n']}", False),
    )
    monkeypatch.setitem(
        registry._renderers, TEST_KIND, lambda message: Rendered("Melding", "Er is iets.")
    )
    return TEST_KIND


def test_without_a_choice_a_message_is_mailed_directly(personas, test_kind):
    assert notify_staff(user=personas.casemanager, kind=test_kind, key="k1", context={"n": 1})
    assert (
        OutboxMessage.objects.filter(kind=test_kind, recipient=personas.casemanager.email).count()
        == 1
    )
    assert not notify_staff(user=personas.casemanager, kind=test_kind, key="k1", context={"n": 1})
    assert OutboxMessage.objects.filter(kind=test_kind).count() == 1


def test_a_message_switched_off_is_not_sent_but_a_signal_cannot_be_switched_off(
    personas, test_kind
):
    preferences_save(
        user=personas.coordinator, choices={test_kind: Delivery.OFF, SIGNAAL_MAIL: Delivery.OFF}
    )
    assert not notify_staff(user=personas.coordinator, kind=test_kind, key="k", context={"n": 1})
    assert not OutboxMessage.objects.filter(kind=test_kind).exists()
    assert (
        NotificationPreference.objects.get(user=personas.coordinator, kind=SIGNAAL_MAIL).delivery
        == Delivery.DIRECT
    )


def test_the_daily_overview_holds_the_chosen_messages_and_the_signal_counts(personas, test_kind):
    calendar_extend()
    preferences_save(
        user=personas.coordinator,
        choices={test_kind: Delivery.DIGEST, SIGNAAL_MAIL: Delivery.DIGEST},
    )
    notify_staff(user=personas.coordinator, kind=test_kind, key="k2", context={"n": 7})
    aanmelding = AanmeldingFactory(gemeente=personas.gemeente, region=personas.region)
    termijn_start(
        subject_kind="aanmelding",
        subject_id=aanmelding.pk,
        regel=Regel.EERSTE_CONTACT,
        region_id=personas.region.pk,
        started_at=TUESDAY - timedelta(days=9),
    )
    scan(TUESDAY)
    mine = OutboxMessage.objects.filter(recipient=personas.coordinator.email)
    assert not mine.filter(kind__in=[test_kind, SIGNAAL_MAIL]).exists()
    assert DigestItem.objects.filter(user=personas.coordinator).count() == 2

    digest_put(TUESDAY)
    digest_put(TUESDAY + timedelta(hours=1))  # once per person and day
    overview = mine.get(kind=DIGEST_MAIL)
    assert outbox_send(message_id=overview.pk) == "sent"
    body = mail.outbox[-1].body
    assert "Melding 7" in body
    assert f"Eerste contact na aanmelding: over de norm ({aanmelding.reference})" in body
    assert "eerste contact na aanmelding, over de norm: 1" in body
    for private in (aanmelding.kind_first_name, aanmelding.ouder_name, aanmelding.zorg):
        assert private not in body
    assert not DigestItem.objects.filter(user=personas.coordinator, digested_at__isnull=True)


def test_no_overview_on_a_day_off_and_none_when_there_is_nothing_to_say(personas, test_kind):
    calendar_extend()
    preferences_save(user=personas.casemanager, choices={test_kind: Delivery.DIGEST})
    notify_staff(user=personas.casemanager, kind=test_kind, key="k3", context={"n": 1})
    saturday = datetime(2026, 11, 21, 10, tzinfo=AMS)
    assert digest_put(saturday) == 0
    assert digest_put(TUESDAY) == 1  # queued for the person with a held item ...
    DigestItem.objects.update(digested_at=TUESDAY)  # ... which went out before it was sent
    overview = OutboxMessage.objects.get(kind=DIGEST_MAIL)
    assert outbox_send(message_id=overview.pk) == "skipped"  # nothing to say: no mail
    assert mail.outbox == []


def test_the_preferences_page_offers_no_off_for_signals_and_saves_the_choices(
    personas, login, test_kind
):
    client = login(personas.casemanager)
    page = client.get(reverse("outbox:voorkeuren"))
    form = page.context["form"]
    assert [c[0] for c in form.fields[SIGNAAL_MAIL].choices] == [Delivery.DIRECT, Delivery.DIGEST]
    assert Delivery.OFF in [c[0] for c in form.fields[test_kind].choices]
    data = {name: field.initial for name, field in form.fields.items()}
    data.update({SIGNAAL_MAIL: Delivery.DIGEST, test_kind: Delivery.OFF})
    response = client.post(reverse("outbox:voorkeuren"), data)
    assert response.status_code == 302
    saved = dict(
        NotificationPreference.objects.filter(user=personas.casemanager).values_list(
            "kind", "delivery"
        )
    )
    assert saved[SIGNAAL_MAIL] == Delivery.DIGEST and saved[test_kind] == Delivery.OFF
    assert {v for k, v in saved.items() if k not in (SIGNAAL_MAIL, test_kind)} == {Delivery.DIRECT}
    refused = client.post(reverse("outbox:voorkeuren"), {**data, SIGNAAL_MAIL: Delivery.OFF})
    assert refused.status_code == 200 and refused.context["form"].errors


def test_the_preferences_page_needs_a_login(client, db):
    response = client.get(reverse("outbox:voorkeuren"))
    assert response.status_code == 302
