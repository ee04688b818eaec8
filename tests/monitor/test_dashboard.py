"""The dashboard page: who sees what, "<5" on the page, the period, and published half-years
that stay as they were published."""

import re

import pytest
from django.urls import reverse

from aanmelding.models import Aanmelding
from monitor.figures import REGION, Period, region_year
from monitor.models import Release
from monitor.readmodel import refresh_full
from tests.monitor.test_figures import YEAR, data  # noqa: F401 (the data set fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("data")]
URL = reverse("monitor:overzicht")
H1 = {"soort": "halfjaar", "jaar": YEAR, "helft": 1}


def page(client, **params) -> str:
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_gemeente_official_sees_their_gemeente_and_the_region_and_no_child(personas, login):
    html = page(login(personas.gemeente_official), **H1)
    assert "s-Gravenhage" in html and "regio Haaglanden" in html
    assert "Delft" not in html and "gemeente onbekend" not in html
    assert "&lt;5" in html
    main = html.split("<main", 1)[1].split("</main>", 1)[0]  # not the user's own name above
    for aanmelding in Aanmelding.objects.all():
        assert aanmelding.reference not in html
        assert re.search(rf"\b{re.escape(aanmelding.kind_first_name)}\b", main) is None
        assert aanmelding.ouder_name not in main


def test_the_coordinator_sees_every_gemeente_side_by_side(personas, login):
    html = page(login(personas.coordinator), **H1)
    # The target group names where its population figure comes from.
    assert "bron: CBS StatLine" in html
    assert "s-Gravenhage" in html and "Delft" in html and "gemeente onbekend" in html


@pytest.mark.parametrize("persona", ["casemanager", "expert", "beheerder", "outsider_casemanager"])
def test_others_are_refused(personas, login, persona):
    assert login(getattr(personas, persona)).get(URL).status_code == 403


def test_a_coordinator_of_another_region_cannot_ask_for_this_one(personas, login):
    client = login(personas.outsider_coordinator)
    html = page(client, scope=f"regio-{personas.region.pk}", **H1)
    assert "Haaglanden" not in html and "Zeeland" in html


def test_anonymous_visitors_go_to_the_login_page(client):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_a_custom_period_the_wrong_way_round_is_explained_and_kept(personas, login):
    html = page(login(personas.coordinator), soort="aangepast", jaar=YEAR, van=3, tot=2)
    assert "Kies een kwartaal dat niet vóór het beginkwartaal ligt." in html
    assert re.search(r'<option value="3" selected>', html)


def test_a_published_half_year_does_not_change_when_a_dossier_is_corrected(personas, login):
    client = login(personas.coordinator)
    response = client.post(
        reverse("monitor:publiceren", args=[personas.region.pk]),
        {"periode": Period(YEAR, 1, 2).key},
    )
    assert response.status_code == 302
    release = Release.objects.get()
    before = page(client, **H1)
    key = ("aanmeldingen", "", REGION, Period(YEAR, 1, 2).key)
    published = region_year(personas.region, YEAR).cube.cells[key].value
    # A registration of that half-year is corrected away (moved to the other region).
    moved = (
        Aanmelding.objects.filter(region=personas.region, received_at__month__lte=6)
        .exclude(status="dubbel")
        .first()
    )
    Aanmelding.objects.filter(pk=moved.pk).update(region=personas.other_region)
    refresh_full()
    assert region_year(personas.region, YEAR, frozen=False).cube.cells[key].value == published - 1
    assert region_year(personas.region, YEAR).cube.cells[key].value == published
    after = page(client, **H1)
    assert _figures(after) == _figures(before)
    assert "Gepubliceerd" in after and release.pk


def _figures(html: str) -> list[str]:
    return re.findall(r'<td class="text-end[^"]*"[^>]*>([^<]*)</td>', html)


def test_publishing_is_for_the_regions_coordinator_and_a_finished_half_year(personas, login):
    url = reverse("monitor:publiceren", args=[personas.region.pk])
    for persona in ("gemeente_official", "casemanager", "outsider_coordinator"):
        response = login(getattr(personas, persona)).post(url, {"periode": "2025-K1-K2"})
        assert response.status_code == 403, persona
    assert not Release.objects.exists()
    client = login(personas.coordinator)
    response = client.post(url, {"periode": "2999-K1-K2"}, follow=True)
    assert "kan pas worden gepubliceerd als het voorbij is" in response.content.decode()
    assert not Release.objects.exists()
