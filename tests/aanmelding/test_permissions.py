"""The registration rules (aanmelding.permissions) over a persona matrix."""

import pytest
from django.contrib.auth.models import AnonymousUser

from aanmelding.models import Aanmelding
from aanmelding.permissions import AANMELDING_HANDLE, AANMELDING_VIEW
from tests.aanmelding.factories import AanmeldingFactory

pytestmark = pytest.mark.django_db

# persona → may see/handle: (this region's registration, the other region's, one without region)
EXPECTED = {
    "coordinator": (1, 0, 1),
    "colleague_coordinator": (1, 0, 1),
    "outsider_coordinator": (0, 1, 1),
    "casemanager": (0, 0, 0),
    "colleague_casemanager": (0, 0, 0),
    "outsider_casemanager": (0, 0, 0),
    "expert": (0, 0, 0),
    "gemeente_official": (0, 0, 0),
    "beheerder": (0, 0, 0),
}


@pytest.fixture
def registrations(personas):
    return (
        AanmeldingFactory(gemeente=personas.gemeente),
        AanmeldingFactory(gemeente=personas.other_gemeente),
        AanmeldingFactory(gemeente=None, postcode="9999 ZZ"),
    )


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_each_persona_sees_and_handles_what_the_rules_allow(personas, registrations, persona):
    user = getattr(personas, persona)
    for aanmelding, allowed in zip(registrations, EXPECTED[persona], strict=True):
        for rule in (AANMELDING_VIEW, AANMELDING_HANDLE):
            in_queryset = rule.filter(Aanmelding.objects.all(), user).filter(pk=aanmelding.pk)
            assert in_queryset.exists() == rule.allows(user, aanmelding)
            assert rule.allows(user, aanmelding) is bool(allowed), (persona, rule.name)


def test_anonymous_sees_nothing(registrations):
    assert not AANMELDING_VIEW.filter(Aanmelding.objects.all(), AnonymousUser()).exists()
    assert not AANMELDING_VIEW.allows(AnonymousUser(), registrations[0])
