"""The actions of the MDO page and of a family's agenda item, one POST view each: who may do
each one, who is refused (and then nothing changes), GET refused, junk answered kindly."""

import pytest
from django.urls import reverse

from casemanagement.models import PlanVersie
from ivh.outbox.models import OutboxMessage
from mdo import services
from mdo.constants import AdviesactieStatus, MdoStatus
from mdo.models import Adviesactie, Agendapunt, Deelnemer, Mdo
from tests.accounts.factories import RoleAssignmentFactory
from tests.mdo.conftest import traject_with_consent

pytestmark = pytest.mark.django_db

# Arabic-Indic digits are digits to int() (٣ is 3): so long that no row has that id.
JUNK_IDS = ["²", "٣" * 12, "abc", str(2**63), "9" * 30, "-1", "0", "", "1\x00"]


@pytest.fixture
def meeting(personas, mdo, traject):
    """A planned MDO (starts in three days: the experts' window is open) with two families on
    the agenda, the first with invited parents and a proposed action; the expert is invited
    (the casemanager is, with their family), another expert of the region is not; a third
    family waits for an MDO."""
    item = services.agendapunt_add(
        mdo=mdo,
        traject=traject,
        by=personas.coordinator,
        vraag="?",
        disciplines=["kinderarts"],
        minuten=30,
    )
    second = services.agendapunt_add(
        mdo=mdo,
        traject=traject_with_consent(personas, personas.casemanager, first_name="Sem"),
        by=personas.coordinator,
        vraag="?",
        disciplines=["logopedist"],
        minuten=30,
    )
    ouders = services.deelnemer_invite_ouders(agendapunt=item, by=personas.coordinator)
    expert = services.deelnemer_invite_expert(
        mdo=mdo, expert=personas.expert, by=personas.coordinator
    )
    services.advies_record(
        agendapunt=item, by=personas.coordinator, advies="Logopedie", actie_wat="Gehoortest"
    )
    other_expert = RoleAssignmentFactory(
        expert=True, region=personas.region, organisatie=personas.ziekenhuis
    ).user
    waiting = traject_with_consent(personas, personas.casemanager, first_name="Lotte")
    return {
        "mdo": mdo,
        "item": item,
        "second": second,
        "ouders": ouders,
        "expert": expert,
        "actie": item.acties.get(),
        "other_expert": other_expert,
        "waiting": waiting,
    }


def state(mdo: Mdo) -> tuple:
    """Everything an action of the MDO pages can change."""
    return (
        Mdo.objects.values().get(pk=mdo.pk),
        list(Agendapunt.objects.filter(mdo=mdo).order_by("pk").values()),
        list(Deelnemer.objects.filter(mdo=mdo).order_by("pk").values()),
        list(Adviesactie.objects.order_by("pk").values()),
        PlanVersie.objects.count(),
        OutboxMessage.objects.count(),
    )


def valid_post(personas, meeting, action: str) -> dict:
    return {
        "agendapunt_add": {
            "punt-traject": meeting["waiting"].pk,
            "punt-vraag": "Hoe verder?",
            "punt-disciplines": ["kinderarts"],
            "punt-minuten": "30",
        },
        "expert_invite": {"expert-expert": meeting["other_expert"].pk},
        "ouders_invite": {"punt": meeting["second"].pk},
        "agendapunt_remove": {"punt": meeting["second"].pk},
        "deelnemer_withdraw": {"deelnemer": meeting["expert"].pk},
        "annuleren": {},
        "mijn_antwoord": {"antwoord": "komt"},
        "advies": {"advies": "Fysiotherapie", "actie_wat": ""},
        "adviesactie_accept": {"adviesactie": meeting["actie"].pk},
        "adviesactie_decline": {"adviesactie": meeting["actie"].pk},
    }[action]


MEETING_ACTIONS = [
    "agendapunt_add",
    "expert_invite",
    "ouders_invite",
    "agendapunt_remove",
    "deelnemer_withdraw",
    "annuleren",
    "mijn_antwoord",
]
ITEM_ACTIONS = ["advies", "adviesactie_accept", "adviesactie_decline"]
MANAGE = MEETING_ACTIONS[:-1]


def action_url(meeting, action: str) -> str:
    if action in ITEM_ACTIONS:
        return reverse(f"mdo:{action}", args=[meeting["mdo"].pk, meeting["item"].pk])
    return reverse(f"mdo:{action}", args=[meeting["mdo"].pk])


STRANGERS = ["colleague_casemanager", "outsider_coordinator", "gemeente_official", "beheerder"]
REFUSALS = (
    [(a, p, 404) for a in MEETING_ACTIONS + ITEM_ACTIONS for p in STRANGERS]
    # They see the meeting (invited, or their family is on it) but do not plan it.
    + [(a, p, 403) for a in MANAGE for p in ("casemanager", "expert")]
    # The coordinator is not invited: there is no answer of theirs to give.
    + [("mijn_antwoord", "coordinator", 403)]
    # The casemanager reads the family but does not advise the team's advice.
    + [("advies", "casemanager", 403)]
    # The proposed action is for the family's casemanager to take into the plan.
    + [
        (a, p, 403)
        for a in ("adviesactie_accept", "adviesactie_decline")
        for p in ("coordinator", "expert")
    ]
)
GRANTS = (
    [(a, "coordinator") for a in MANAGE]
    + [("mijn_antwoord", "expert"), ("mijn_antwoord", "casemanager")]
    + [("advies", "coordinator"), ("advies", "expert")]
    + [("adviesactie_accept", "casemanager"), ("adviesactie_decline", "casemanager")]
)


@pytest.mark.parametrize("action, persona, status", REFUSALS)
def test_who_may_not_do_an_action_is_refused_and_nothing_changes(
    personas, login, meeting, action, persona, status
):
    before = state(meeting["mdo"])
    response = login(getattr(personas, persona)).post(
        action_url(meeting, action), valid_post(personas, meeting, action)
    )
    assert response.status_code == status
    assert state(meeting["mdo"]) == before


@pytest.mark.parametrize("action, persona", GRANTS)
def test_who_may_do_an_action_does_it(personas, login, meeting, action, persona):
    before = state(meeting["mdo"])
    response = login(getattr(personas, persona)).post(
        action_url(meeting, action), valid_post(personas, meeting, action)
    )
    assert response.status_code == 302
    page = "mdo:punt" if action in ITEM_ACTIONS else "mdo:detail"
    assert response.url == reverse(
        page, args=[meeting["mdo"].pk, meeting["item"].pk][: 2 if page == "mdo:punt" else 1]
    )
    assert state(meeting["mdo"]) != before


@pytest.mark.parametrize("action", MEETING_ACTIONS + ITEM_ACTIONS)
def test_an_action_url_answers_a_get_with_405(personas, login, meeting, action):
    assert login(personas.coordinator).get(action_url(meeting, action)).status_code == 405


def test_the_mdo_pages_themselves_take_no_post(personas, login, meeting):
    client = login(personas.coordinator)
    assert client.post(reverse("mdo:detail", args=[meeting["mdo"].pk])).status_code == 405
    item_page = reverse("mdo:punt", args=[meeting["mdo"].pk, meeting["item"].pk])
    assert client.post(item_page, {"actie": "advies"}).status_code == 405


ID_FIELDS = [
    ("ouders_invite", "punt", "coordinator"),
    ("agendapunt_remove", "punt", "coordinator"),
    ("deelnemer_withdraw", "deelnemer", "coordinator"),
    ("expert_invite", "expert-expert", "coordinator"),
    ("agendapunt_add", "punt-traject", "coordinator"),
    ("adviesactie_accept", "adviesactie", "casemanager"),
    ("adviesactie_decline", "adviesactie", "casemanager"),
    ("advies", "actie_organisatie", "coordinator"),
    ("mijn_antwoord", "antwoord", "expert"),
]


@pytest.mark.parametrize(
    "action, field, persona, junk",
    [
        (*row, junk)
        for row in ID_FIELDS
        for junk in JUNK_IDS
        # No organisation is a valid answer for the advice's action.
        if not (row[1] == "actie_organisatie" and junk == "")
    ],
)
def test_a_junk_id_gets_a_friendly_error_and_changes_nothing(
    personas, login, meeting, action, field, persona, junk
):
    data = {**valid_post(personas, meeting, action), field: junk}
    if action == "advies":
        data["actie_wat"] = "Een actie"
    before = state(meeting["mdo"])
    response = login(getattr(personas, persona)).post(action_url(meeting, action), data)
    assert response.status_code == 400
    assert "alert-danger" in response.content.decode()
    assert state(meeting["mdo"]) == before


def test_another_meetings_family_or_invitation_cannot_be_named(personas, login, meeting):
    other = Mdo.objects.create(
        region=personas.region,
        starts_at=meeting["mdo"].starts_at,
        duur_minuten=60,
        locatie="Elders",
        created_by=personas.coordinator,
    )
    elsewhere = services.agendapunt_add(
        mdo=other,
        traject=meeting["waiting"],
        by=personas.coordinator,
        vraag="?",
        disciplines=["kinderarts"],
        minuten=30,
    )
    invited = services.deelnemer_invite_expert(
        mdo=other, expert=personas.expert, by=personas.coordinator
    )
    client = login(personas.coordinator)
    before = state(other)
    for action, data in (
        ("agendapunt_remove", {"punt": elsewhere.pk}),
        ("ouders_invite", {"punt": elsewhere.pk}),
        ("deelnemer_withdraw", {"deelnemer": invited.pk}),
    ):
        assert client.post(action_url(meeting, action), data).status_code == 400, action
    assert state(other) == before


def test_an_invalid_agenda_item_keeps_what_was_typed(personas, login, meeting):
    response = login(personas.coordinator).post(
        action_url(meeting, "agendapunt_add"),
        {
            "punt-traject": meeting["waiting"].pk,
            "punt-vraag": "Wat heeft Lotte nodig?",
            "punt-minuten": "²",
        },
    )
    assert response.status_code == 400
    assert response.context["open_action"] == "punt"
    assert "Wat heeft Lotte nodig?</textarea>" in response.content.decode()


def test_a_cancelled_meeting_refuses_new_families_with_the_reason(personas, login, meeting):
    services.mdo_cancel(mdo=meeting["mdo"], by=personas.coordinator)
    response = login(personas.coordinator).post(
        action_url(meeting, "agendapunt_add"), valid_post(personas, meeting, "agendapunt_add")
    )
    assert response.status_code == 400
    assert not meeting["mdo"].agendapunten.filter(traject=meeting["waiting"]).exists()
    assert Mdo.objects.get(pk=meeting["mdo"].pk).status == MdoStatus.GEANNULEERD


def test_a_proposed_action_is_decided_once(personas, login, meeting):
    client = login(personas.casemanager)
    data = valid_post(personas, meeting, "adviesactie_accept")
    assert client.post(action_url(meeting, "adviesactie_decline"), data).status_code == 302
    again = client.post(action_url(meeting, "adviesactie_accept"), data)
    assert again.status_code == 400
    assert "Over deze actie is al besloten." in again.content.decode()
    assert Adviesactie.objects.get().status == AdviesactieStatus.AFGEWEZEN


@pytest.mark.parametrize("junk", ["²", "٣", str(2**63), "abc", ""])
def test_planning_for_a_junk_region_plans_for_the_coordinators_own(personas, login, junk):
    response = login(personas.coordinator).get(reverse("mdo:nieuw"), {"regio": junk})
    assert response.status_code == 200
    assert response.context["region"] == personas.region


def test_planning_for_another_coordinators_region_is_not_possible(personas, login):
    response = login(personas.coordinator).get(
        reverse("mdo:nieuw"), {"regio": personas.other_region.pk}
    )
    assert response.context["region"] == personas.region


def test_a_coordinator_of_two_regions_chooses_one(personas, login):
    RoleAssignmentFactory(coordinator=True, region=personas.other_region, user=personas.coordinator)
    response = login(personas.coordinator).get(
        reverse("mdo:nieuw"), {"regio": personas.other_region.pk}
    )
    assert response.context["region"] == personas.other_region
