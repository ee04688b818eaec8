"""Staff are told what needs them, as each chose (directly, in the daily overview, or not at
all): a family assigned to them, a question from the parents, an MDO action waiting for the plan.
No mail holds the child's data or the parents' question itself."""

import pytest
from django.core import mail

from casemanagement import services as cm
from ivh.outbox.models import Delivery, DigestItem, OutboxMessage
from ivh.outbox.services import outbox_send
from ivh.outbox.staff import preferences_save
from mdo import services

pytestmark = pytest.mark.django_db


def rows(kind: str):
    return OutboxMessage.objects.filter(kind=kind)


def test_a_reassigned_family_is_announced_to_the_new_casemanager_only(personas, traject):
    cm.traject_assign_casemanager(
        traject=traject, casemanager=personas.colleague_casemanager, by=personas.coordinator
    )
    assigned = rows("casemanagement.toegewezen")
    assert list(assigned.values_list("recipient", flat=True)) == [
        personas.colleague_casemanager.email
    ]
    assert outbox_send(message_id=assigned.get().pk) == "sent"
    assert traject.gezin.reference in mail.outbox[-1].body


def test_a_question_of_the_parents_reaches_the_casemanager_without_its_text(personas, traject):
    cm.oudervraag_create(
        traject=traject, tekst="Mag Noor al naar de peuterspeelzaal?", terugbellen=True
    )
    message = rows("casemanagement.oudervraag").get()
    assert message.recipient == personas.casemanager.email
    assert outbox_send(message_id=message.pk) == "sent"
    sent = mail.outbox[-1]
    assert traject.gezin.reference in sent.subject and "teruggebeld" in sent.body
    assert "peuterspeelzaal" not in sent.body and "Noor" not in sent.body
    # Answered before the mail went out: not sent any more.
    second = cm.oudervraag_create(traject=traject, tekst="Nog iets", terugbellen=False)
    cm.oudervraag_handle(vraag=second, by=personas.casemanager)
    late = rows("casemanagement.oudervraag").exclude(pk=message.pk).get()
    assert outbox_send(message_id=late.pk) == "skipped"


def test_an_mdo_action_waits_for_the_casemanager_until_it_is_taken_over(personas, mdo, traject):
    item = services.agendapunt_add(
        mdo=mdo,
        traject=traject,
        by=personas.coordinator,
        vraag="?",
        disciplines=["logopedist"],
        minuten=30,
    )
    services.advies_record(
        agendapunt=item, by=personas.coordinator, advies="Logopedie", actie_wat="Gehoortest"
    )
    message = rows("mdo.advies_wacht").get()
    assert message.recipient == personas.casemanager.email
    services.adviesactie_accept(actie=item.acties.get(), by=personas.casemanager)
    assert outbox_send(message_id=message.pk) == "skipped"


def test_the_overview_or_nothing_as_the_casemanager_chose(personas, mdo, traject):
    preferences_save(
        user=personas.casemanager,
        choices={"casemanagement.oudervraag": Delivery.DIGEST, "mdo.advies_wacht": Delivery.OFF},
    )
    cm.oudervraag_create(traject=traject, tekst="Vraag", terugbellen=False)
    assert not rows("casemanagement.oudervraag").exists()
    held = DigestItem.objects.get(user=personas.casemanager)
    assert held.kind == "casemanagement.oudervraag"

    item = services.agendapunt_add(
        mdo=mdo,
        traject=traject,
        by=personas.coordinator,
        vraag="?",
        disciplines=["logopedist"],
        minuten=30,
    )
    services.advies_record(
        agendapunt=item, by=personas.coordinator, advies="Logopedie", actie_wat="Gehoortest"
    )
    assert not rows("mdo.advies_wacht").exists()
    assert DigestItem.objects.filter(user=personas.casemanager).count() == 1
