"""Who owns an organisation on the sociale kaart: one shared with another region is edited by
the beheerder only; a coordinator edits those that work only in the regions they coordinate."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from ivh.netwerk.forms import DienstFormSet, OrganisatieForm
from ivh.netwerk.models import Organisatie
from ivh.netwerk.permissions import organisatie_can_edit, organisaties_editable
from ivh.netwerk.services import organisatie_save
from tests.accounts.factories import RoleAssignmentFactory
from tests.netwerk.factories import DienstFactory, OrganisatieFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(personas):
    """An organisation working in both regions, with one service."""
    org = OrganisatieFactory(
        name="Gedeeld", regions=[personas.region, personas.other_region], telefoon="070 1"
    )
    DienstFactory(organisatie=org, name="Begeleiding", wachttijd_weken=3)
    return org


def _post_data(org: Organisatie, *, regions: list, name: str, wachttijd: str = "9") -> dict:
    dienst = org.diensten.get()
    return {
        "name": name,
        "soort": org.soort,
        "regions": [r.pk for r in regions],
        "telefoon": "06 99",
        "actief": "on",
        "diensten-TOTAL_FORMS": "1",
        "diensten-INITIAL_FORMS": "1",
        "diensten-0-id": dienst.pk,
        "diensten-0-name": dienst.name,
        "diensten-0-wachttijd_weken": wachttijd,
        "diensten-0-actief": "on",
    }


def _snapshot(org: Organisatie) -> tuple:
    org = Organisatie.objects.get(pk=org.pk)
    return (
        org.name,
        org.telefoon,
        sorted(org.regions.values_list("pk", flat=True)),
        list(org.diensten.values_list("name", "wachttijd_weken")),
    )


@pytest.mark.parametrize("persona", ["coordinator", "outsider_coordinator"])
def test_coordinator_of_either_region_cannot_edit_a_shared_organisation(
    personas, login, shared, persona
):
    client = login(getattr(personas, persona))
    url = reverse("netwerk:organisatie_edit", args=[shared.pk])
    before = _snapshot(shared)
    assert client.get(url).status_code == 403
    own_region = personas.region if persona == "coordinator" else personas.other_region
    response = client.post(url, _post_data(shared, regions=[own_region], name="Gekaapt"))
    assert response.status_code == 403
    assert _snapshot(shared) == before


def test_coordinator_sees_why_a_shared_organisation_has_no_edit_button(personas, login, shared):
    response = login(personas.coordinator).get(reverse("netwerk:organisatie", args=[shared.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert reverse("netwerk:organisatie_edit", args=[shared.pk]) not in content
    assert "alleen de functioneel beheerder" in content


def test_coordinator_edits_an_organisation_of_their_own_region_only(personas, login):
    own = OrganisatieFactory(name="Eigen", regions=[personas.region])
    DienstFactory(organisatie=own, name="Logopedie")
    client = login(personas.coordinator)
    detail = client.get(reverse("netwerk:organisatie", args=[own.pk])).content.decode()
    assert reverse("netwerk:organisatie_edit", args=[own.pk]) in detail
    response = client.post(
        reverse("netwerk:organisatie_edit", args=[own.pk]),
        _post_data(own, regions=[personas.region], name="Eigen (nieuw)"),
    )
    assert response.status_code == 302
    assert _snapshot(own) == ("Eigen (nieuw)", "06 99", [personas.region.pk], [("Logopedie", 9)])


def test_coordinator_of_every_region_it_serves_may_edit_it(personas, login, shared):
    both = RoleAssignmentFactory(coordinator=True, region=personas.region).user
    RoleAssignmentFactory(coordinator=True, region=personas.other_region, user=both)
    response = login(both).post(
        reverse("netwerk:organisatie_edit", args=[shared.pk]),
        _post_data(shared, regions=[personas.region, personas.other_region], name="Gedeeld"),
    )
    assert response.status_code == 302
    assert _snapshot(shared)[1] == "06 99"


def test_beheerder_edits_a_shared_organisation(personas, login, shared):
    regions = [personas.region, personas.other_region]
    response = login(personas.beheerder).post(
        reverse("netwerk:organisatie_edit", args=[shared.pk]),
        _post_data(shared, regions=regions, name="Gedeeld (bijgewerkt)"),
    )
    assert response.status_code == 302
    assert _snapshot(shared) == (
        "Gedeeld (bijgewerkt)",
        "06 99",
        sorted(r.pk for r in regions),
        [("Begeleiding", 9)],
    )


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("casemanager", 403),  # sees it on the sociale kaart, may not change it
        ("expert", 403),
        ("outsider_casemanager", 403),  # the other region's casemanager sees it too
        ("gemeente_official", 403),
    ],
)
def test_other_roles_cannot_edit_any_organisation(personas, login, shared, persona, status):
    client = login(getattr(personas, persona))
    before = _snapshot(shared)
    url = reverse("netwerk:organisatie_edit", args=[shared.pk])
    assert client.get(url).status_code == status
    assert client.post(url, _post_data(shared, regions=[], name="X")).status_code == status
    assert _snapshot(shared) == before


def test_outsider_coordinator_cannot_edit_an_organisation_of_another_region(personas, login):
    url = reverse("netwerk:organisatie_edit", args=[personas.mee.pk])
    assert login(personas.outsider_coordinator).get(url).status_code == 404


def test_the_service_refuses_a_shared_organisation_whatever_the_view_does(personas, shared):
    form = OrganisatieForm(
        _post_data(shared, regions=[personas.region], name="Via de service"),
        instance=shared,
        user=personas.coordinator,
    )
    diensten = DienstFormSet(
        _post_data(shared, regions=[], name=""), instance=shared, prefix="diensten"
    )
    assert form.is_valid() and diensten.is_valid()
    with pytest.raises(PermissionDenied):
        organisatie_save(by=personas.coordinator, form=form, diensten=diensten)
    assert Organisatie.objects.get(pk=shared.pk).name == "Gedeeld"


@pytest.mark.parametrize(
    "persona",
    ["coordinator", "outsider_coordinator", "beheerder", "casemanager", "gemeente_official"],
)
def test_the_list_filter_and_the_object_predicate_agree(personas, shared, persona):
    user = getattr(personas, persona)
    orgs = Organisatie.objects.all()
    editable = set(organisaties_editable(user))
    assert {o for o in orgs if organisatie_can_edit(user, o)} == editable
    expected = {
        "coordinator": {personas.mee, personas.ziekenhuis},
        "outsider_coordinator": {personas.other_organisatie},
        "beheerder": set(orgs),
        "casemanager": set(),
        "gemeente_official": set(),
    }[persona]
    assert editable == expected
