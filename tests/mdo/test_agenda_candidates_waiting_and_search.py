"""The "add a family" form of a planned MDO offers the families waiting for an MDO (phase MDO,
the parents' consent, not on this agenda), the first few of them with a search by reference or
first name, instead of every open family of the region (issue 16)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from casemanagement.constants import Fase
from casemanagement.models import Traject
from ivh.audit.constants import AccessAction
from ivh.audit.models import AccessLogEntry
from mdo import services
from mdo.models import Agendapunt
from tests.aanmelding.factories import AanmeldingFactory
from tests.casemanagement.factories import KindFactory, TrajectFactory
from tests.mdo.conftest import traject_with_consent
from tests.mdo.factories import MdoFactory

pytestmark = pytest.mark.django_db


def _page(client, mdo, **query):  # noqa: ANN001, ANN202
    response = client.get(reverse("mdo:detail", args=[mdo.pk]), query)
    assert response.status_code == 200
    return response


def _offered(response) -> list[str]:  # noqa: ANN001
    """The families in the form's list, as labelled (the empty choice left out)."""
    return [
        str(label)
        for value, label in response.context["forms"]["punt"]["traject"].field.choices
        if value
    ]


def _ref(traject: Traject) -> str:
    return traject.gezin.reference


def _put_on(mdo, traject, by) -> Agendapunt:  # noqa: ANN001
    return services.agendapunt_add(
        mdo=mdo, traject=traject, by=by, vraag="?", disciplines=["kinderarts"], minuten=30
    )


@pytest.fixture
def families(personas, mdo):
    """Families waiting for an MDO (Lotte, Daan; Sem already on another planned MDO) and
    families that are not: one on this agenda, one in another phase, one without consent,
    one of another region."""
    p = personas
    waiting = {
        name: traject_with_consent(p, p.casemanager, first_name=name) for name in ("Lotte", "Daan")
    }
    sem = traject_with_consent(p, p.casemanager, first_name="Sem")
    later = MdoFactory(
        region=p.region, created_by=p.coordinator, starts_at=mdo.starts_at + timedelta(days=14)
    )
    _put_on(later, sem, p.coordinator)
    on_agenda = traject_with_consent(p, p.casemanager, first_name="Noor")
    _put_on(mdo, on_agenda, p.coordinator)
    in_plan = traject_with_consent(p, p.casemanager, first_name="Lotje")
    Traject.objects.filter(pk=in_plan.pk).update(fase=Fase.PLAN)
    no_consent = traject_with_consent(p, p.casemanager, mdo_consent=False, first_name="Lotus")
    elsewhere = TrajectFactory(
        region=p.other_region,
        casemanager=p.outsider_casemanager,
        fase=Fase.MDO,
        aanmelding=AanmeldingFactory(
            gemeente=p.other_gemeente, kind_first_name="Lotte", toestemmingen={"mdo": True}
        ),
        kind__first_name="Lotte",
    )
    return {
        **waiting,
        "Sem": sem,
        "later": later,
        "on_agenda": on_agenda,
        "in_plan": in_plan,
        "no_consent": no_consent,
        "elsewhere": elsewhere,
    }


def test_only_families_waiting_for_an_mdo_are_offered_those_not_yet_planned_first(
    personas, login, mdo, families
):
    response = _page(login(personas.coordinator), mdo)
    with translation.override("nl"):
        later = date_format(timezone.localtime(families["later"].starts_at), "j M Y")
    assert _offered(response) == [
        f"{_ref(families['Lotte'])} – Lotte",
        f"{_ref(families['Daan'])} – Daan",
        f"{_ref(families['Sem'])} – Sem (al op de agenda van {later})",
    ]
    # On the agenda already: shown there, not offered again.
    assert not [label for label in _offered(response) if _ref(families["on_agenda"]) in label]
    for name in ("in_plan", "no_consent", "elsewhere"):
        assert _ref(families[name]) not in response.content.decode()


@pytest.mark.parametrize(
    ("term", "found"),
    [
        ("lot", ["Lotte"]),  # part of a first name, any case
        ("  DAAN ", ["Daan"]),
        ("ref:Daan", ["Daan"]),  # the family's reference, as typed over the phone
        ("child:Lotte", ["Lotte"]),  # a child's reference
        ("Noor", []),  # on this agenda already
        ("Lotje", []),  # not waiting for an MDO
    ],
)
def test_the_coordinator_finds_a_waiting_family_by_reference_or_first_name(
    personas, login, mdo, families, term, found
):
    if term.startswith("ref:"):
        term = _ref(families[term[4:]]).lower().replace("-", "")
    elif term.startswith("child:"):
        term = families[term[6:]].gezin.kinderen.get().reference.lower().replace("-", " ")
    response = _page(login(personas.coordinator), mdo, gezin=term)
    assert [label.split(" – ")[1] for label in _offered(response)] == found
    page = response.content.decode()
    if not found:
        assert "Geen wachtend gezin gevonden voor" in page


def test_a_search_is_logged_with_its_term_and_the_children_it_showed(
    personas, login, mdo, families
):
    _page(login(personas.coordinator), mdo, gezin="Lotte")
    entry = AccessLogEntry.objects.get(user=personas.coordinator, view_name="mdo:detail")
    assert entry.action == AccessAction.SEARCH
    assert entry.query == {"gezin": "Lotte"}
    lotte = families["Lotte"].gezin.kinderen.get().reference
    noor = families["on_agenda"].gezin.kinderen.get().reference
    # The family on the agenda and the one found; not the other waiting families.
    assert entry.client_refs == [noor, lotte]


def test_the_list_shows_the_first_families_and_says_how_many_wait(
    personas, login, mdo, families, monkeypatch
):
    monkeypatch.setattr("mdo.selectors.CANDIDATES_SHOWN", 2)
    response = _page(login(personas.coordinator), mdo)
    assert len(_offered(response)) == 2
    assert "De lijst toont 2 van 3 gezinnen." in response.content.decode()
    # The third family is found by a search, and the list says how many it found.
    found = _page(login(personas.coordinator), mdo, gezin="Sem")
    assert len(_offered(found)) == 1
    assert "1 gezin gevonden voor ‘Sem’." in found.content.decode()


def test_a_waiting_family_beyond_the_list_can_be_put_on_the_agenda(
    personas, login, mdo, families, monkeypatch
):
    monkeypatch.setattr("mdo.selectors.CANDIDATES_SHOWN", 1)
    response = login(personas.coordinator).post(
        reverse("mdo:agendapunt_add", args=[mdo.pk]),
        {
            "punt-traject": families["Daan"].pk,
            "punt-vraag": "Wat helpt Daan?",
            "punt-disciplines": ["kinderarts"],
            "punt-minuten": "30",
        },
    )
    assert response.status_code == 302
    assert mdo.agendapunten.filter(traject=families["Daan"]).exists()


@pytest.mark.parametrize("name", ["in_plan", "no_consent", "elsewhere", "on_agenda"])
def test_a_family_not_waiting_for_this_mdo_cannot_be_put_on_its_agenda(
    personas, login, mdo, families, name
):
    before = list(mdo.agendapunten.values_list("traject_id", flat=True))
    response = login(personas.coordinator).post(
        reverse("mdo:agendapunt_add", args=[mdo.pk]),
        {
            "punt-traject": families[name].pk,
            "punt-vraag": "?",
            "punt-disciplines": ["kinderarts"],
            "punt-minuten": "30",
        },
    )
    assert response.status_code == 400  # the page again, with the error
    assert list(mdo.agendapunten.values_list("traject_id", flat=True)) == before
    # The list offered with the error is still the waiting families.
    assert [label.split(" – ")[1].split(" ")[0] for label in _offered(response)] == [
        "Lotte",
        "Daan",
        "Sem",
    ]


def test_a_family_sent_back_with_errors_stays_chosen_though_not_in_the_first_few(
    personas, login, mdo, families, monkeypatch
):
    monkeypatch.setattr("mdo.selectors.CANDIDATES_SHOWN", 1)
    response = login(personas.coordinator).post(
        reverse("mdo:agendapunt_add", args=[mdo.pk]),
        {"punt-traject": families["Daan"].pk, "punt-vraag": "", "punt-minuten": "30"},
    )
    assert response.status_code == 400
    assert [label.split(" – ")[1] for label in _offered(response)] == ["Daan", "Lotte"]
    assert f'<option value="{families["Daan"].pk}" selected>' in response.content.decode()


def test_a_family_with_two_children_is_found_by_either_childs_name(personas, login, mdo, families):
    KindFactory(gezin=families["Daan"].gezin, first_name="Mila")
    response = _page(login(personas.coordinator), mdo, gezin="mila")
    assert [label.split(" – ")[1] for label in _offered(response)] == ["Daan, Mila"]


@pytest.mark.parametrize("persona", ["expert", "casemanager"])
def test_who_does_not_plan_the_mdo_sees_no_waiting_family_and_their_search_finds_nobody(
    personas, login, mdo, families, persona
):
    services.deelnemer_invite_expert(mdo=mdo, expert=personas.expert, by=personas.coordinator)
    user = getattr(personas, persona)
    response = _page(login(user), mdo, gezin="Lotte")
    page = response.content.decode()
    assert "punt" not in response.context["forms"]
    assert "Zoek een gezin" not in page
    for name in ("Lotte", "Daan", "Sem"):
        assert _ref(families[name]) not in page
    entry = AccessLogEntry.objects.get(user=user, view_name="mdo:detail")
    assert entry.action == AccessAction.LIST
    lotte = families["Lotte"].gezin.kinderen.get().reference
    assert lotte not in entry.client_refs


def test_the_outsider_coordinator_cannot_search_another_regions_mdo(personas, login, mdo, families):
    response = login(personas.outsider_coordinator).get(
        reverse("mdo:detail", args=[mdo.pk]), {"gezin": "Lotte"}
    )
    assert response.status_code == 404
    assert not AccessLogEntry.objects.filter(user=personas.outsider_coordinator).exists()
