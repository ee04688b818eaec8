from datetime import timedelta

import pytest
from django.utils import timezone

from casemanagement.constants import Fase
from tests.aanmelding.factories import AanmeldingFactory
from tests.casemanagement.factories import TrajectFactory
from tests.mdo.factories import MdoFactory


def traject_with_consent(
    personas, casemanager, *, mdo_consent: bool = True, first_name: str = "Noor"
):
    """An open traject in phase MDO that came from a registration with (or without) the
    parents' consent to discuss their child in an MDO. Registered a week ago: a traject waiting
    for its MDO was registered before any meeting the tests hold (the database keeps the dates in
    order)."""
    aanmelding = AanmeldingFactory(
        received_at=timezone.now() - timedelta(days=7),
        gemeente=personas.gemeente,
        kind_first_name=first_name,
        zorg="Noor praat nog weinig en schrikt van geluid.",
        toestemmingen={"mdo": mdo_consent},
    )
    traject = TrajectFactory(
        region=personas.region,
        casemanager=casemanager,
        aanmelding=aanmelding,
        fase=Fase.MDO,
        received_at=aanmelding.received_at,
        kind__first_name=first_name,
        kind__reference=aanmelding.reference,
    )
    traject.gezin.ouder_email = aanmelding.ouder_email
    traject.gezin.save()
    return traject


@pytest.fixture
def traject(personas):
    return traject_with_consent(personas, personas.casemanager)


@pytest.fixture
def mdo(personas):
    return MdoFactory(region=personas.region, created_by=personas.coordinator)
