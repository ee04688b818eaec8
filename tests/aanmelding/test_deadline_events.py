"""The first-contact deadline follows the registration's own events, in their transaction: no
scan is needed for a page or a signal to see it."""

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from aanmelding.constants import ContactWijze
from aanmelding.models import Aanmelding
from aanmelding.services import aanmelding_forward, aanmelding_record_first_contact
from casemanagement.services import traject_start_from_aanmelding
from ivh.termijnen.constants import Eenheid, Onderwerp, Regel
from ivh.termijnen.models import Termijn
from ivh.termijnen.services import norm_change

pytestmark = pytest.mark.django_db


def deadline(aanmelding: Aanmelding, regel: Regel = Regel.EERSTE_CONTACT) -> Termijn:
    return Termijn.objects.get(
        subject_kind=Onderwerp.AANMELDING, subject_id=aanmelding.pk, regel=regel
    )


@pytest.fixture
def submitted(client, personas, form_data) -> Aanmelding:
    response = client.post(reverse("aanmelding:aanmelden"), form_data())
    assert response.status_code == 302
    return Aanmelding.objects.get()


def test_a_registration_has_its_deadline_from_the_moment_it_is_saved(submitted, personas):
    termijn = deadline(submitted)
    assert termijn.region_id == personas.region.pk
    assert termijn.started_at == submitted.received_at
    assert termijn.stopped_at is None and termijn.due_at > submitted.received_at


def test_recording_first_contact_stops_the_deadline_in_the_same_transaction(submitted, personas):
    at = timezone.now()
    with pytest.raises(RuntimeError), transaction.atomic():
        aanmelding_record_first_contact(
            aanmelding=submitted, by=personas.coordinator, at=at, wijze=ContactWijze.TELEFONISCH
        )
        assert deadline(submitted).stopped_at == at
        raise RuntimeError("the event is rolled back")
    # Rolled back together with the fact.
    assert deadline(submitted).stopped_at is None
    aanmelding_record_first_contact(
        aanmelding=submitted, by=personas.coordinator, at=at, wijze=ContactWijze.TELEFONISCH
    )
    assert deadline(submitted).stopped_at == at


def test_forwarding_to_another_region_puts_the_deadline_on_that_regions_norm(submitted, personas):
    norm_change(
        region=personas.other_region,
        regel=Regel.EERSTE_CONTACT,
        amount=10,
        unit=Eenheid.WERKDAGEN,
        warn_percent=80,
        far_percent=150,
        by=personas.beheerder,
        reason="Zeeland: meer reistijd",
    )
    before = deadline(submitted)
    aanmelding_forward(
        aanmelding=submitted,
        by=personas.coordinator,
        region=personas.other_region,
        naar="",
        reden="Woont in Middelburg",
    )
    after = deadline(submitted)
    assert after.region_id == personas.other_region.pk
    assert after.norm.amount == 10
    assert after.due_at > before.due_at
    assert after.deadline_version == before.deadline_version + 1
    assert "doorgestuurd" in after.deadline_reason


def test_starting_a_traject_starts_the_plan_and_end_to_end_deadlines(submitted, personas):
    aanmelding_record_first_contact(
        aanmelding=submitted,
        by=personas.coordinator,
        at=timezone.now(),
        wijze=ContactWijze.TELEFONISCH,
    )
    traject = traject_start_from_aanmelding(
        aanmelding=submitted, by=personas.coordinator, casemanager=personas.casemanager
    )
    running = set(
        Termijn.objects.open()
        .filter(subject_kind=Onderwerp.TRAJECT, subject_id=traject.pk)
        .values_list("regel", flat=True)
    )
    assert running == {Regel.PLAN, Regel.DOORLOOPTIJD}
    assert deadline(submitted).stopped_at is not None
