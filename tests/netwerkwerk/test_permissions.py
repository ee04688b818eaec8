"""Only the region's coordinators use the network pages: other staff get 403 on every page,
a coordinator of another region gets 404 on this region's consults and activities."""

import pytest
from django.urls import reverse
from django.utils import timezone

from netwerkwerk.models import Consult, Netwerkactiviteit
from netwerkwerk.permissions import CONSULT_VIEW, may_use_netwerkwerk
from tests.aanmelding.factories import AanmeldingFactory

from .factories import ConsultFactory, NetwerkactiviteitFactory

pytestmark = pytest.mark.django_db

OTHER_STAFF = ["casemanager", "expert", "gemeente_official", "beheerder", "outsider_casemanager"]


@pytest.fixture
def rows(personas):
    consult = ConsultFactory(region=personas.region, created_by=personas.coordinator)
    activiteit = NetwerkactiviteitFactory(region=personas.region, created_by=personas.coordinator)
    return consult, activiteit


def _pages(consult: Consult, activiteit: Netwerkactiviteit) -> list[str]:
    return [
        reverse("netwerkwerk:consulten"),
        reverse("netwerkwerk:consult_aanmelding", args=[consult.pk]),
        reverse("netwerkwerk:activiteiten"),
        reverse("netwerkwerk:activiteit_nieuw"),
        reverse("netwerkwerk:activiteit_bewerken", args=[activiteit.pk]),
    ]


@pytest.mark.parametrize("persona", OTHER_STAFF)
def test_other_staff_are_refused_every_page(personas, login, rows, persona):
    client = login(getattr(personas, persona))
    for url in _pages(*rows):
        assert client.get(url).status_code == 403, url
        # The list of activities takes no POST (405 for everyone); every other page does.
        if url != reverse("netwerkwerk:activiteiten"):
            assert client.post(url, {}).status_code == 403, url


@pytest.mark.parametrize("persona", OTHER_STAFF)
def test_other_staff_cannot_log_a_consult(personas, login, persona):
    data = {
        "regio": personas.region.pk,
        "datum": timezone.localdate().isoformat(),
        "kanaal": "telefoon",
        "vraagsteller": "ouder",
        "onderwerpen": ["gedrag"],
        "minuten": "10",
    }
    login(getattr(personas, persona)).post(reverse("netwerkwerk:consulten"), data)
    assert not Consult.objects.exists()


def test_the_regions_coordinators_open_every_page(personas, login, rows):
    for persona in ("coordinator", "colleague_coordinator"):
        client = login(getattr(personas, persona))
        for url in _pages(*rows):
            assert client.get(url).status_code == 200, (persona, url)


def test_a_coordinator_of_another_region_does_not_find_this_regions_rows(personas, login, rows):
    consult, activiteit = rows
    client = login(personas.outsider_coordinator)
    # Their own lists open, without this region's rows.
    assert list(client.get(reverse("netwerkwerk:consulten")).context["page"].object_list) == []
    assert list(client.get(reverse("netwerkwerk:activiteiten")).context["page"].object_list) == []
    for url in (
        reverse("netwerkwerk:consult_aanmelding", args=[consult.pk]),
        reverse("netwerkwerk:activiteit_bewerken", args=[activiteit.pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_a_coordinator_of_another_region_cannot_change_or_link_this_regions_rows(
    personas, login, rows
):
    consult, activiteit = rows
    aanmelding = AanmeldingFactory(gemeente=personas.other_gemeente)
    client = login(personas.outsider_coordinator)
    response = client.post(
        reverse("netwerkwerk:consult_aanmelding", args=[consult.pk]),
        {"referentie": aanmelding.reference},
    )
    assert response.status_code == 404
    response = client.post(
        reverse("netwerkwerk:activiteit_bewerken", args=[activiteit.pk]),
        {
            "regio": personas.other_region.pk,
            "datum": timezone.localdate().isoformat(),
            "soort": "anders",
            "titel": "Overgenomen",
        },
    )
    assert response.status_code == 404
    consult.refresh_from_db()
    activiteit.refresh_from_db()
    assert consult.aanmelding is None
    assert activiteit.titel != "Overgenomen"


def test_the_gate_and_the_rule_agree(personas):
    """The menu gate lets in exactly those whom the rule gives rows of a region."""
    for persona in ("coordinator", *OTHER_STAFF):
        user = getattr(personas, persona)
        assert may_use_netwerkwerk(user) is (persona == "coordinator"), persona
    assert CONSULT_VIEW.q(personas.casemanager) == CONSULT_VIEW.q(personas.beheerder)


def test_anonymous_visitors_are_sent_to_the_login_page(client, personas):
    response = client.get(reverse("netwerkwerk:consulten"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
