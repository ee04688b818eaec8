"""The traject rules (casemanagement.permissions) over a persona matrix: the queryset filter
and the object predicate agree, and each persona gets exactly what the design allows."""

from datetime import timedelta

import pytest
from django.utils import timezone

from casemanagement import services
from casemanagement.models import Traject
from casemanagement.permissions import (
    TRAJECT_MANAGE,
    TRAJECT_SUBSTITUTE,
    TRAJECT_VIEW,
    TRAJECT_WORK,
)
from tests.accounts.factories import RoleAssignmentFactory
from tests.casemanagement.factories import TrajectFactory

pytestmark = pytest.mark.django_db

RULES = [TRAJECT_VIEW, TRAJECT_WORK, TRAJECT_MANAGE, TRAJECT_SUBSTITUTE]


@pytest.fixture
def world(personas):
    """The absent casemanager works in two regions; their colleague covers for them in the
    first region only, and is a casemanager in both."""
    absent = personas.casemanager
    substitute = personas.colleague_casemanager
    for user in (absent, substitute):
        RoleAssignmentFactory(
            user=user,
            casemanager=True,
            region=personas.other_region,
            organisatie=personas.other_organisatie,
        )
    here = TrajectFactory(region=personas.region, casemanager=absent)
    there = TrajectFactory(region=personas.other_region, casemanager=absent)
    today = timezone.localdate()
    services.vervanging_create(
        afwezige=absent,
        vervanger=substitute,
        region_id=personas.region.pk,
        van=today,
        tot=today + timedelta(days=7),
        reden="Verlof",
        by=personas.coordinator,
    )
    return here, there


# persona → (view, work, manage, substitute) for (the traject here, the traject there)
EXPECTED = {
    "casemanager": ((1, 1, 0, 0), (1, 1, 0, 0)),
    "colleague_casemanager": ((1, 1, 0, 1), (0, 0, 0, 0)),
    "coordinator": ((1, 0, 1, 0), (0, 0, 0, 0)),
    "colleague_coordinator": ((1, 0, 1, 0), (0, 0, 0, 0)),
    "outsider_coordinator": ((0, 0, 0, 0), (1, 0, 1, 0)),
    "outsider_casemanager": ((0, 0, 0, 0), (0, 0, 0, 0)),
    "expert": ((0, 0, 0, 0), (0, 0, 0, 0)),
    "gemeente_official": ((0, 0, 0, 0), (0, 0, 0, 0)),
    "beheerder": ((0, 0, 0, 0), (0, 0, 0, 0)),
}


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_each_persona_gets_what_the_rules_allow_and_filter_and_predicate_agree(
    personas, world, persona
):
    user = getattr(personas, persona)
    for traject, expected in zip(world, EXPECTED[persona], strict=True):
        for rule, allowed in zip(RULES, expected, strict=True):
            in_queryset = rule.filter(Traject.objects.all(), user).filter(pk=traject.pk).exists()
            predicate = rule.allows(user, traject)
            assert in_queryset == predicate, (rule.name, traject.region)
            assert predicate is bool(allowed), (persona, rule.name, traject.region.name)


def test_anonymous_gets_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    for rule in RULES:
        assert not rule.filter(Traject.objects.all(), AnonymousUser()).exists()
        assert not rule.allows(AnonymousUser(), world[0])


def test_a_substitution_in_one_region_opens_nothing_in_another(personas, login, world):
    """Regression: a substitution arranged in region A let the substitute open the absent
    casemanager's family in region B."""
    here, there = world
    client = login(personas.colleague_casemanager)
    assert client.get(f"/trajecten/{here.pk}/").status_code == 200
    assert client.get(f"/trajecten/{there.pk}/").status_code == 404
    assert not Traject.objects.visible_to(personas.colleague_casemanager).filter(pk=there.pk)


def test_an_inactive_user_gets_nothing(personas, world):
    personas.casemanager.is_active = False
    for rule in RULES:
        assert not rule.allows(personas.casemanager, world[0])


def test_a_casemanager_whose_role_ended_no_longer_sees_their_families(personas, world):
    personas.casemanager.role_assignments.update(active=False)
    user = type(personas.casemanager).objects.get(pk=personas.casemanager.pk)
    assert not TRAJECT_VIEW.allows(user, world[0])


def test_a_casemanager_who_moved_region_no_longer_sees_the_old_regions_families(personas):
    traject = TrajectFactory(region=personas.region, casemanager=personas.casemanager)
    moved = personas.casemanager
    moved.role_assignments.update(active=False)
    RoleAssignmentFactory(
        user=moved,
        casemanager=True,
        region=personas.other_region,
        organisatie=personas.other_organisatie,
    )
    user = type(moved).objects.get(pk=moved.pk)
    assert not TRAJECT_VIEW.allows(user, traject)
    assert not TRAJECT_WORK.allows(user, traject)
