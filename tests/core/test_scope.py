"""Each role sees its own scope and nothing else, enforced in the querysets and views."""

import pytest
from django.urls import reverse

from ivh.audit.models import AccessLogEntry
from ivh.netwerk.models import Gemeente, Organisatie, Region

pytestmark = pytest.mark.django_db


def test_casemanager_lists_only_organisations_of_own_region(personas, login):
    response = login(personas.casemanager).get(reverse("netwerk:sociale_kaart"))
    assert response.status_code == 200
    names = [org.name for org in response.context["page"].object_list]
    assert "MEE Test" in names
    assert "MEE Zeeland Test" not in names
    assert b"MEE Zeeland Test" not in response.content


def test_casemanager_cannot_open_an_organisation_of_another_region(personas, login):
    client = login(personas.casemanager)
    url = reverse("netwerk:organisatie", args=[personas.other_organisatie.pk])
    assert client.get(url).status_code == 404


def test_casemanager_cannot_open_another_region(personas, login):
    client = login(personas.casemanager)
    assert client.get(reverse("netwerk:region", args=[personas.other_region.pk])).status_code == 404
    assert client.get(reverse("netwerk:region", args=[personas.region.pk])).status_code == 200


def test_casemanager_can_read_but_not_edit_the_sociale_kaart(personas, login):
    client = login(personas.casemanager)
    assert client.get(reverse("netwerk:organisatie", args=[personas.mee.pk])).status_code == 200
    assert (
        client.get(reverse("netwerk:organisatie_edit", args=[personas.mee.pk])).status_code == 403
    )
    assert client.get(reverse("netwerk:organisatie_create")).status_code == 403
    response = client.post(reverse("netwerk:region_edit", args=[personas.region.pk]), {})
    assert response.status_code == 403


def test_coordinator_of_another_region_gets_404_for_this_regions_organisation(personas, login):
    client = login(personas.outsider_coordinator)
    assert client.get(reverse("netwerk:organisatie", args=[personas.mee.pk])).status_code == 404
    assert (
        client.get(reverse("netwerk:organisatie_edit", args=[personas.mee.pk])).status_code == 404
    )
    assert client.get(reverse("netwerk:region_edit", args=[personas.region.pk])).status_code == 404


@pytest.mark.parametrize(
    "persona, regions",
    [
        ("coordinator", {"Haaglanden"}),
        ("casemanager", {"Haaglanden"}),
        ("expert", {"Haaglanden"}),
        ("gemeente_official", {"Haaglanden"}),
        ("outsider_coordinator", {"Zeeland"}),
        ("beheerder", {"Haaglanden", "Zeeland"}),
    ],
)
def test_region_queryset_is_scoped_to_the_user(personas, persona, regions):
    user = getattr(personas, persona)
    assert {r.name for r in Region.objects.visible_to(user)} == regions


def test_gemeente_official_sees_only_own_gemeente(personas):
    assert list(Gemeente.objects.visible_to(personas.gemeente_official)) == [personas.gemeente]


def test_gemeente_official_has_no_access_to_any_dossier_data(personas, login):
    client = login(personas.gemeente_official)
    assert client.get(reverse("audit:access_log")).status_code == 403
    assert not AccessLogEntry.objects.visible_to(personas.gemeente_official).exists()
    # The start page shows aggregates of the gemeente only.
    response = client.get(reverse("core:start"))
    assert response.status_code == 200
    assert "380" in response.content.decode()  # 1 % of 38000 children 0–6


def test_anonymous_user_is_sent_to_login_for_every_staff_page(client, personas):
    for url in [
        reverse("core:start"),
        reverse("netwerk:sociale_kaart"),
        reverse("netwerk:organisatie", args=[personas.mee.pk]),
        reverse("audit:access_log"),
        reverse("accounts:account"),
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("accounts:login")), url


def test_organisation_querysets_for_anonymous_are_empty(personas):
    from django.contrib.auth.models import AnonymousUser

    assert not Organisatie.objects.visible_to(AnonymousUser()).exists()
    assert not Region.objects.managed_by(AnonymousUser()).exists()
