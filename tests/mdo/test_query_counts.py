"""Query counts of the MDO page and of one family's agenda item, pinned at a realistic
meeting: families with their parents invited (most answered), two experts (one answered),
advice and actions, and a family waiting to be put on the agenda (issue 9, item 18). Each query
is named; the same count for two and for three families shows there is no query per row."""

import pytest
from django.urls import reverse

from mdo import services
from mdo.constants import Antwoord
from tests.accounts.factories import RoleAssignmentFactory
from tests.mdo.conftest import traject_with_consent

pytestmark = pytest.mark.django_db

# Every logged-in page: the session, the user, their two kinds of 2FA device, their roles;
# and at the end the session saved again (a savepoint, the UPDATE, its release).
LOGIN = 5
SESSION_SAVE = 3


def _meeting(personas, mdo, families: int) -> list:  # noqa: ANN001
    logopedist = RoleAssignmentFactory(
        expert=True, region=personas.region, organisatie=personas.ziekenhuis
    ).user
    names = ["Noor", "Sem", "Lina"][:families]
    items = []
    for i, name in enumerate(names):
        casemanager = personas.colleague_casemanager if i == 2 else personas.casemanager
        traject = traject_with_consent(personas, casemanager, first_name=name)
        item = services.agendapunt_add(
            mdo=mdo,
            traject=traject,
            by=personas.coordinator,
            vraag=f"Wat helpt {name}?",
            disciplines=["kinderarts", "logopedist"],
            minuten=30,
        )
        items.append(item)
        ouders = services.deelnemer_invite_ouders(agendapunt=item, by=personas.coordinator)
        if i < 2:
            services.deelnemer_answer(deelnemer=ouders, antwoord=Antwoord.KOMT)
    # Waiting for a place on the agenda (a candidate in the form).
    traject_with_consent(personas, personas.casemanager, first_name="Daan")
    expert = services.deelnemer_invite_expert(
        mdo=mdo, expert=personas.expert, by=personas.coordinator
    )
    services.deelnemer_invite_expert(mdo=mdo, expert=logopedist, by=personas.coordinator)
    services.deelnemer_answer(deelnemer=expert, antwoord=Antwoord.KOMT)
    services.advies_record(
        agendapunt=items[0],
        by=personas.coordinator,
        advies="Logopedie starten.",
        actie_wat="Gehoortest",
        actie_organisatie=personas.ziekenhuis,
    )
    services.advies_record(
        agendapunt=items[0], by=personas.coordinator, advies="", actie_wat="Observatie"
    )
    return items


@pytest.mark.parametrize("families", [2, 3])
def test_the_coordinators_mdo_page_query_count_is_pinned(
    personas, login, mdo, django_assert_num_queries, families
):
    _meeting(personas, mdo, families)
    client = login(personas.coordinator)
    url = reverse("mdo:detail", args=[mdo.pk])
    client.get(url)
    # The MDO with the may-manage and may-advise flags; the user's own invitation;
    # the agenda (family, casemanager, MDO consent) with its children, parents and actions
    # (3 prefetches); which summaries the user may read; one access-log entry for the page;
    # the invited people; coverage: disciplines covered, experts to propose, organisations on
    # the sociale kaart; the experts left to invite; the families waiting for an MDO that can
    # still go on the agenda: the first few with how many there are (a window count), their
    # children.
    with django_assert_num_queries(LOGIN + 15 + SESSION_SAVE):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("families", [2, 3])
def test_the_experts_mdo_page_query_count_is_pinned(
    personas, login, mdo, django_assert_num_queries, families
):
    _meeting(personas, mdo, families)
    client = login(personas.expert)
    url = reverse("mdo:detail", args=[mdo.pk])
    client.get(url)
    # The MDO with its flags; the expert's own invitation; the agenda with children, parents
    # and actions (3 prefetches); which summaries the expert may read; one access-log entry;
    # the invited people. No planning queries: the expert does not plan.
    with django_assert_num_queries(LOGIN + 9 + SESSION_SAVE):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("persona", ["coordinator", "expert"])
def test_the_agenda_item_page_query_count_is_pinned(
    personas, login, mdo, django_assert_num_queries, persona
):
    items = _meeting(personas, mdo, 3)
    client = login(getattr(personas, persona))
    url = reverse("mdo:punt", args=[mdo.pk, items[0].pk])
    client.get(url)
    # The MDO with its flags; the user's own invitation; the item with its family, casemanager
    # and who wrote the advice (may-read checked in the same query); the children; one
    # access-log entry per child (one child); the current plan; the referrals; the proposed
    # actions; the organisations for the action's "who".
    with django_assert_num_queries(LOGIN + 9 + SESSION_SAVE):
        assert client.get(url).status_code == 200
