"""What must always hold is held by the database too (issue 13, item 7): the child's age at
registration, dates in order, one open traject per family, and dossier parts that cannot be
deleted from under their dossier."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from aanmelding.models import Aanmelding
from bewaring.registry import blank_expression
from casemanagement.constants import Fase
from casemanagement.models import Contactmoment, Gezin, Kind, Traject
from mdo import services as mdo_services
from tests.aanmelding.factories import AanmeldingFactory
from tests.casemanagement.factories import TrajectFactory
from tests.mdo.factories import MdoFactory

pytestmark = pytest.mark.django_db


def _refused(make) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_a_child_born_after_the_registration_is_refused_by_the_database():
    received = timezone.now() - timedelta(days=30)
    _refused(
        lambda: AanmeldingFactory(
            received_at=received, kind_geboortedatum=received.date() + timedelta(days=3)
        )
    )
    # A newborn registered on the day of birth is fine.
    assert AanmeldingFactory(received_at=received, kind_geboortedatum=received.date()).pk


def test_a_child_of_eight_at_registration_is_refused_by_the_database():
    received = timezone.now()
    _refused(
        lambda: AanmeldingFactory(
            received_at=received,
            kind_geboortedatum=received.date().replace(year=received.year - 8),
        )
    )


def test_the_oldest_child_the_form_takes_still_fits_after_its_birth_date_is_anonymised():
    """Six years and 364 days old at registration; the retention step moves the birth date to
    the first of its month, which the constraint must still allow."""
    received = timezone.make_aware(timezone.datetime(2026, 3, 30, 10, 0))
    born = date(2019, 3, 31)
    aanmelding = AanmeldingFactory(received_at=received, kind_geboortedatum=born)
    method = Aanmelding.RETENTION_BLANK["kind_geboortedatum"]
    Aanmelding.objects.filter(pk=aanmelding.pk).update(
        kind_geboortedatum=blank_expression(Aanmelding, "kind_geboortedatum", method, received)
    )
    aanmelding.refresh_from_db()
    assert aanmelding.kind_geboortedatum == date(2019, 3, 1)


@pytest.mark.parametrize(
    "field",
    ["first_contact_at", "casemanager_assigned_at", "first_mdo_held_at", "plan_agreed_at"],
)
def test_a_traject_milestone_before_its_registration_is_refused(personas, field):
    traject = TrajectFactory(region=personas.region, casemanager=personas.casemanager)
    setattr(traject, field, traject.received_at - timedelta(hours=1))
    _refused(lambda: traject.save(update_fields=[field]))


def test_a_traject_cannot_close_before_it_was_registered(personas):
    traject = TrajectFactory(region=personas.region)
    traject.fase = Fase.AFGESLOTEN
    traject.closed_at = traject.received_at - timedelta(days=1)
    _refused(lambda: traject.save(update_fields=["fase", "closed_at"]))
    traject.closed_at = traject.received_at + timedelta(days=40)
    traject.save(update_fields=["fase", "closed_at"])


def test_a_family_has_one_open_traject_at_a_time(personas):
    first = TrajectFactory(region=personas.region)
    _refused(lambda: TrajectFactory(region=personas.region, gezin=first.gezin))
    first.fase = Fase.AFGESLOTEN
    first.closed_at = timezone.now()
    first.save(update_fields=["fase", "closed_at"])
    second = TrajectFactory(region=personas.region, gezin=first.gezin)
    assert list(Traject.objects.filter(gezin=first.gezin).open()) == [second]


def test_dossier_parts_cannot_be_deleted_from_under_their_dossier(personas):
    traject = TrajectFactory(region=personas.region, casemanager=personas.casemanager)
    Contactmoment.objects.create(
        traject=traject,
        datum=date.today(),
        soort="telefoon",
        minuten=10,
        created_by=personas.casemanager,
    )
    with pytest.raises(ProtectedError), transaction.atomic():
        Traject.objects.filter(pk=traject.pk).delete()
    with pytest.raises(ProtectedError), transaction.atomic():
        Gezin.objects.filter(pk=traject.gezin_id).delete()
    assert Kind.objects.filter(gezin=traject.gezin).exists()
    assert Contactmoment.objects.filter(traject=traject).exists()


def test_an_mdo_cannot_be_recorded_for_a_family_registered_after_it_started(personas):
    start = timezone.now() - timedelta(hours=2)
    mdo = MdoFactory(region=personas.region, created_by=personas.coordinator, starts_at=start)
    traject = TrajectFactory(
        region=personas.region,
        casemanager=personas.casemanager,
        fase=Fase.MDO,
        received_at=start + timedelta(minutes=30),
    )
    mdo.agendapunten.create(traject=traject, vraag="Hoe verder?")
    with pytest.raises(ValidationError, match=traject.gezin.reference):
        mdo_services.mdo_hold(
            mdo=mdo, by=personas.coordinator, aanwezig=set(), ouders_aanwezig=set(), notulen=""
        )
    traject.refresh_from_db()
    assert traject.first_mdo_held_at is None


def test_a_family_with_the_teams_advice_stays_on_the_agenda(personas):
    mdo = MdoFactory(region=personas.region, created_by=personas.coordinator)
    traject = TrajectFactory(
        region=personas.region, casemanager=personas.casemanager, fase=Fase.MDO
    )
    item = mdo.agendapunten.create(traject=traject, vraag="Hoe verder?")
    item.acties.create(wat="Gehoortest", proposed_by=personas.coordinator)
    with pytest.raises(ValidationError, match="al een advies"):
        mdo_services.agendapunt_remove(agendapunt=item, by=personas.coordinator)
    assert item.acties.exists()
