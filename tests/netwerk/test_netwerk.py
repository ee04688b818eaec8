from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from ivh.netwerk.models import Gemeente, Organisatie, Postcodegebied
from tests.netwerk.factories import (
    DienstFactory,
    GemeenteFactory,
    OrganisatieFactory,
    PostcodegebiedFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("postcode", ["2511 AB", "2511AB", " 2599", "2491"])
def test_postcode_finds_its_gemeente(personas, postcode):
    assert list(Gemeente.objects.for_postcode(postcode)) == [personas.gemeente]


@pytest.mark.parametrize("postcode", ["9999 ZZ", "0123", "abcd", "", "2490"])
def test_postcode_outside_every_range_finds_nothing(personas, postcode):
    assert not Gemeente.objects.for_postcode(postcode).exists()


def test_postcode_ranges_of_two_gemeenten_cannot_overlap(personas):
    with pytest.raises(IntegrityError), transaction.atomic():
        PostcodegebiedFactory(gemeente=personas.other_gemeente, van=2590, tot=2610)


def test_postcode_range_must_be_in_order(personas):
    with pytest.raises(IntegrityError), transaction.atomic():
        Postcodegebied.objects.create(gemeente=personas.gemeente, van=3000, tot=2999)


def test_cbs_code_format_is_enforced_by_the_database(personas):
    with pytest.raises(IntegrityError), transaction.atomic():
        GemeenteFactory(cbs_code="0518", region=personas.region)


def test_doelgroep_is_children_times_the_regions_prevalence(personas):
    personas.region.prevalentie_procent = Decimal("1.50")
    personas.region.save()
    gemeente = Gemeente.objects.with_doelgroep().get(pk=personas.gemeente.pk)
    assert gemeente.doelgroep_schatting == 570  # 1.5 % of 38000
    assert Gemeente.objects.get(pk=personas.gemeente.pk).doelgroep == 570


def test_coordinator_adds_an_organisation_with_a_service(personas, login):
    client = login(personas.coordinator)
    response = client.post(
        reverse("netwerk:organisatie_create"),
        {
            "name": "Logopedie De Klank",
            "soort": "paramedisch",
            "disciplines": ["logopedist"],
            "regions": [personas.region.pk],
            "wachttijd_weken": "6",
            "actief": "on",
            "diensten-TOTAL_FORMS": "1",
            "diensten-INITIAL_FORMS": "0",
            "diensten-0-name": "Logopedie jonge kinderen",
            "diensten-0-wachttijd_weken": "4",
            "diensten-0-actief": "on",
        },
    )
    assert response.status_code == 302
    org = Organisatie.objects.get(name="Logopedie De Klank")
    assert list(org.regions.all()) == [personas.region]
    assert org.disciplines == ["logopedist"]
    assert org.diensten.get().wachttijd_weken == 4
    # The history trigger recorded the insert, with the acting user as context.
    event = org.events.get()
    assert event.pgh_label == "insert"
    assert event.pgh_context.metadata["user"] == personas.coordinator.pk


def test_invalid_organisation_form_shows_errors_and_keeps_input(personas, login):
    client = login(personas.coordinator)
    response = client.post(
        reverse("netwerk:organisatie_create"),
        {
            "name": "Half ingevuld",
            "soort": "",
            "diensten-TOTAL_FORMS": "0",
            "diensten-INITIAL_FORMS": "0",
        },
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Er ging iets mis" in content
    assert "Kies minstens één regio" in content
    assert 'value="Half ingevuld"' in content
    assert not Organisatie.objects.filter(name="Half ingevuld").exists()


def test_coordinator_changes_the_regions_norms(personas, login):
    client = login(personas.coordinator)
    url = reverse("netwerk:region_edit", args=[personas.region.pk])
    data = {
        "organisatie_model": "ggd",
        "aanmeldpunt_name": "Aanmeldpunt",
        "aanmeldpunt_telefoon": "070 1",
        "aanmeldpunt_email": "a@example.org",
        "norm_eerste_contact_werkdagen": "3",
        "norm_mdo_weken": "6",
        "norm_vervolghulp_weken": "8",
        "evaluatie_maanden": "6",
        "prevalentie_procent": "1.2",
    }
    assert client.post(url, data).status_code == 302
    personas.region.refresh_from_db()
    assert personas.region.norm_eerste_contact_werkdagen == 3

    data["norm_eerste_contact_werkdagen"] = "0"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "foutmeldingen" in response.content.decode()


def test_sociale_kaart_filters_by_discipline(personas, login):
    response = login(personas.coordinator).get(
        reverse("netwerk:sociale_kaart"), {"discipline": "kinderarts"}
    )
    assert [o.name for o in response.context["page"].object_list] == ["Ziekenhuis Test"]


def test_sociale_kaart_query_count_does_not_grow_with_organisations(
    personas, login, django_assert_num_queries
):
    client = login(personas.casemanager)
    for i in range(15):
        DienstFactory(organisatie=OrganisatieFactory(name=f"Extra {i}", regions=[personas.region]))
    # 1 session, 2 user, 3-4 the user's OTP devices (TOTP, static; none, so 2FA is not due),
    # 5 role assignments, 6 count for the paginator, 7 organisations, 8 their active services
    # (prefetch), 9 their regions (prefetch), 10-12 session save for the idle timeout
    # (savepoint, update, release). A casemanager manages no region: no query for that.
    with django_assert_num_queries(12):
        response = client.get(reverse("netwerk:sociale_kaart"))
    assert len(response.context["page"].object_list) == 17
