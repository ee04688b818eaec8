"""The MDO rules (mdo.permissions) over a persona matrix: the queryset filter and the object
predicate agree, and each persona gets exactly what the design allows."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from aanmelding.models import Toestemming
from mdo import services
from mdo.models import Agendapunt, Mdo
from mdo.permissions import AGENDAPUNT_READ, MDO_ADVISE, MDO_MANAGE, MDO_VIEW
from tests.mdo.conftest import traject_with_consent
from tests.mdo.factories import MdoFactory

pytestmark = pytest.mark.django_db

MDO_RULES = [MDO_VIEW, MDO_MANAGE, MDO_ADVISE]

# persona → (view, manage, advise) of the MDO; read the own family's item; read the other's.
EXPECTED = {
    "coordinator": ((1, 1, 1), 1, 1),
    "colleague_coordinator": ((1, 1, 1), 1, 1),
    "casemanager": ((1, 0, 0), 1, 0),
    "colleague_casemanager": ((1, 0, 0), 0, 1),
    "expert": ((1, 0, 1), 1, 1),
    "outsider_coordinator": ((0, 0, 0), 0, 0),
    "outsider_casemanager": ((0, 0, 0), 0, 0),
    "gemeente_official": ((0, 0, 0), 0, 0),
    "beheerder": ((0, 0, 0), 0, 0),
}


@pytest.fixture
def agenda(personas, mdo):
    own = traject_with_consent(personas, personas.casemanager)
    other = traject_with_consent(personas, personas.colleague_casemanager, first_name="Sem")
    items = [
        services.agendapunt_add(
            mdo=mdo,
            traject=t,
            by=personas.coordinator,
            vraag="?",
            disciplines=["kinderarts"],
            minuten=30,
        )
        for t in (own, other)
    ]
    services.deelnemer_invite_expert(mdo=mdo, expert=personas.expert, by=personas.coordinator)
    return items


def _check(rule, model, user, obj) -> bool:
    in_queryset = rule.filter(model.objects.all(), user).filter(pk=obj.pk).exists()
    predicate = rule.allows(user, obj)
    assert in_queryset == predicate, rule.name
    return predicate


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_each_persona_gets_what_the_rules_allow_and_filter_and_predicate_agree(
    personas, mdo, agenda, persona
):
    user = getattr(personas, persona)
    expected_mdo, own_item, other_item = EXPECTED[persona]
    for rule, allowed in zip(MDO_RULES, expected_mdo, strict=True):
        assert _check(rule, Mdo, user, mdo) is bool(allowed), (persona, rule.name)
    assert _check(AGENDAPUNT_READ, Agendapunt, user, agenda[0]) is bool(own_item)
    assert _check(AGENDAPUNT_READ, Agendapunt, user, agenda[1]) is bool(other_item)


def test_anonymous_gets_nothing(mdo, agenda):
    for rule in MDO_RULES:
        assert not _check(rule, Mdo, AnonymousUser(), mdo)
    assert not _check(AGENDAPUNT_READ, Agendapunt, AnonymousUser(), agenda[0])


@pytest.mark.parametrize(
    ("start_in", "readable"),
    [
        (timedelta(days=6), True),
        (timedelta(days=8), False),  # opens 7 days before
        (-timedelta(days=13), True),
        # 14 days after the end (the meeting lasts 2 hours) it closes
        (-timedelta(days=14, hours=2, minutes=1), False),
    ],
)
def test_the_expert_window_is_counted_in_the_database(personas, mdo, agenda, start_in, readable):
    Mdo.objects.filter(pk=mdo.pk).update(starts_at=timezone.now() + start_in)
    mdo.refresh_from_db()
    assert _check(AGENDAPUNT_READ, Agendapunt, personas.expert, agenda[0]) is readable
    assert _check(MDO_ADVISE, Mdo, personas.expert, mdo) is readable
    assert mdo.inzage_open() is readable  # the Python view of the same window agrees


def test_withdrawn_consent_or_invitation_or_a_cancelled_meeting_closes_the_summary(
    personas, mdo, agenda
):
    expert = personas.expert
    Toestemming.objects.filter(aanmelding=agenda[0].traject.aanmelding, doel="mdo").update(
        withdrawn_at=timezone.now()
    )
    assert not _check(AGENDAPUNT_READ, Agendapunt, expert, agenda[0])
    assert _check(AGENDAPUNT_READ, Agendapunt, expert, agenda[1])
    Mdo.objects.filter(pk=mdo.pk).update(status="geannuleerd")
    assert not _check(AGENDAPUNT_READ, Agendapunt, expert, agenda[1])
    Mdo.objects.filter(pk=mdo.pk).update(status="gepland")
    services.deelnemer_withdraw(deelnemer=mdo.deelnemers.get(user=expert), by=personas.coordinator)
    assert not _check(AGENDAPUNT_READ, Agendapunt, expert, agenda[1])
    assert not _check(MDO_VIEW, Mdo, expert, mdo)


def test_an_mdo_of_another_region_is_invisible_to_the_expert_of_this_one(personas, agenda):
    elsewhere = MdoFactory(region=personas.other_region, created_by=personas.outsider_coordinator)
    assert not _check(MDO_VIEW, Mdo, personas.expert, elsewhere)
