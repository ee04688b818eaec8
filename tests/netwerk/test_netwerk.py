from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from ivh.netwerk.models import Gemeente, Organisatie, Postcodegebied
from ivh.termijnen.constants import Regel
from ivh.termijnen.models import Norm
from ivh.termijnen.services import norm_current, termijn_start
from ivh.werkkalender.services import calendar_extend
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


def test_coordinator_changes_the_aanmeldpunt_details(personas, login):
    client = login(personas.coordinator)
    url = reverse("netwerk:region_edit", args=[personas.region.pk])
    data = {
        "organisatie_model": "ggd",
        "aanmeldpunt_name": "Aanmeldpunt Haaglanden",
        "aanmeldpunt_telefoon": "070 1",
        "aanmeldpunt_email": "a@example.org",
        "prevalentie_procent": "1.2",
    }
    assert client.post(url, data).status_code == 302
    personas.region.refresh_from_db()
    assert personas.region.aanmeldpunt_name == "Aanmeldpunt Haaglanden"

    data["prevalentie_procent"] = "0"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "foutmeldingen" in response.content.decode()


def _norm_data(form) -> dict[str, str]:
    return {name: str(field.initial) for name, field in form.fields.items() if name != "reason"}


def test_a_changed_norm_is_a_new_version_with_its_reason_and_moves_open_deadlines(personas, login):
    calendar_extend()
    termijn = termijn_start(
        subject_kind="aanmelding",
        subject_id=1,
        regel=Regel.EERSTE_CONTACT,
        region_id=personas.region.pk,
        started_at=timezone.now(),
    )
    client = login(personas.coordinator)
    url = reverse("netwerk:region_normen", args=[personas.region.pk])
    data = _norm_data(client.get(url).context["form"])
    data["eerste_contact_amount"] = "3"
    data["reason"] = "Afspraak met de gemeenten"
    assert client.post(url, data).status_code == 302

    norm = Norm.objects.filter(region=personas.region, regel=Regel.EERSTE_CONTACT).latest(
        "valid_from"
    )
    assert (norm.amount, norm.reason, norm.created_by) == (
        3,
        "Afspraak met de gemeenten",
        personas.coordinator,
    )
    assert norm_current(personas.region.pk, Regel.EERSTE_CONTACT) == norm
    termijn.refresh_from_db()
    assert termijn.norm == norm and termijn.deadline_version == 2
    # Only what changed gets a new version.
    assert Norm.objects.filter(region=personas.region, regel=Regel.MDO).count() == 1
    assert "Afspraak met de gemeenten" in client.get(url).content.decode()


def test_a_norm_change_without_a_reason_is_refused_in_dutch_and_keeps_what_was_typed(
    personas, login
):
    client = login(personas.coordinator)
    url = reverse("netwerk:region_normen", args=[personas.region.pk])
    data = _norm_data(client.get(url).context["form"])
    data["mdo_amount"] = "4"
    response = client.post(url, data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Schrijf kort op waarom de norm verandert." in content
    assert 'name="mdo_amount" id="id_mdo_amount" value="4"' in content
    assert Norm.objects.filter(region=personas.region, regel=Regel.MDO).count() == 1
    data["reason"] = "x"
    data["mdo_warn"] = "100"  # a warning at the norm itself is no warning
    assert client.post(url, data).status_code == 200


@pytest.mark.parametrize(
    "persona, status",
    [("outsider_coordinator", 404), ("casemanager", 403), ("gemeente_official", 403)],
)
def test_the_norms_are_changed_by_the_regions_own_coordinators_only(
    personas, login, persona, status
):
    client = login(getattr(personas, persona))
    url = reverse("netwerk:region_normen", args=[personas.region.pk])
    assert client.get(url).status_code == status
    assert client.post(url, {"reason": "x", "eerste_contact_amount": "1"}).status_code == status
    assert not Norm.objects.filter(region=personas.region, amount=1).exists()


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
