"""Taking an MDO action into a plan the parents agreed to makes a new version: the agenda-item
page says so before, the message after, and the parents get their mail once."""

import pytest
from django.urls import reverse
from django.utils import timezone

from casemanagement import services as cm
from casemanagement.constants import AkkoordWijze
from ivh.outbox.models import OutboxMessage
from mdo import services
from mdo.constants import AdviesactieStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(personas, mdo, traject):
    traject.gezin.ouder_email = "ouders@example.org"
    traject.gezin.save()
    versie = cm.plan_save_version(
        traject=traject,
        by=personas.casemanager,
        gezinsvraag="Hoe helpen we Noor praten?",
        doelen=[{"domein": "spraak_taal", "omschrijving": "20 woordjes"}],
        acties=[],
        evaluatie_datum=timezone.localdate().replace(year=timezone.localdate().year + 1),
        wijziging="",
    )
    cm.plan_record_agreement(
        versie=versie, traject=traject, by=personas.casemanager, wijze=AkkoordWijze.choices[0][0]
    )
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
    return item


def punt(item) -> str:
    return reverse("mdo:punt", args=[item.mdo_id, item.pk])


def test_the_page_warns_before_the_agreement_is_undone(personas, login, item):
    page = login(personas.casemanager).get(punt(item)).content.decode()
    assert "De ouders moeten daarna opnieuw akkoord geven" in page


def test_accepting_says_the_parents_must_agree_again_and_mails_them_once(personas, login, item):
    client = login(personas.casemanager)
    actie = item.acties.get()
    response = client.post(
        reverse("mdo:adviesactie_accept", args=[item.mdo_id, item.pk]),
        {"adviesactie": actie.pk},
        follow=True,
    )
    assert "De ouders moeten opnieuw akkoord geven; zij krijgen een e-mail" in (
        response.content.decode()
    )
    actie.refresh_from_db()
    assert actie.status == AdviesactieStatus.OVERGENOMEN
    assert OutboxMessage.objects.filter(kind="casemanagement.plan_nieuw").count() == 1
    # Nothing left to take over: no warning any more.
    assert "opnieuw akkoord geven" not in client.get(punt(item)).content.decode()


def test_no_warning_when_the_parents_had_not_agreed(personas, login, mdo):
    from tests.mdo.conftest import traject_with_consent

    other = traject_with_consent(personas, personas.casemanager, first_name="Sem")
    item = services.agendapunt_add(
        mdo=mdo,
        traject=other,
        by=personas.coordinator,
        vraag="?",
        disciplines=["logopedist"],
        minuten=30,
    )
    services.advies_record(
        agendapunt=item, by=personas.coordinator, advies="Logopedie", actie_wat="Gehoortest"
    )
    assert "opnieuw akkoord" not in login(personas.casemanager).get(punt(item)).content.decode()
