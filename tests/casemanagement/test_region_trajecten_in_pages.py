"""The coordinator's list of the region's trajecten (and a casemanager's caseload) comes in
pages of 50, with a page navigation in Dutch that keeps the filter; only the families shown
are read in full and written to the access log."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casemanagement.models import Traject
from ivh.audit.models import AccessLogEntry
from ivh.termijnen.constants import Regel
from tests.casemanagement.deadline_helpers import deadline, plan, referral_deadline
from tests.casemanagement.factories import TrajectFactory

pytestmark = pytest.mark.django_db

CASELOAD = reverse("casemanagement:caseload")


def _many(personas, n: int, casemanager=None) -> list[Traject]:  # noqa: ANN001
    return [
        TrajectFactory(region=personas.region, casemanager=casemanager or personas.casemanager)
        for _ in range(n)
    ]


def test_the_coordinator_sees_fifty_trajecten_a_page_and_a_page_navigation(personas, login):
    _many(personas, 53)
    client = login(personas.coordinator)

    first = client.get(CASELOAD)
    second = client.get(CASELOAD, {"pagina": 2})

    assert len(first.context["rows"]) == 50
    assert len(second.context["rows"]) == 3
    html = first.content.decode()
    assert "53 open trajecten" in html
    assert 'aria-label="Pagina’s"' in html
    assert 'aria-current="page"' in html and "Pagina 1 van 2" in html
    assert "pagina=2" in html and "Volgende" in html
    assert "Vorige" in second.content.decode() and "Pagina 2 van 2" in second.content.decode()
    shown = {r.traject.pk for r in first.context["rows"]} | {
        r.traject.pk for r in second.context["rows"]
    }
    assert len(shown) == 53


def test_a_short_caseload_has_no_page_navigation(personas, login):
    _many(personas, 3)
    html = login(personas.casemanager).get(CASELOAD).content.decode()
    assert "3 open trajecten" in html
    assert "Pagina 1 van" not in html


def test_the_page_links_keep_the_casemanager_filter(personas, login):
    _many(personas, 51)
    _many(personas, 2, casemanager=personas.colleague_casemanager)
    client = login(personas.coordinator)
    chosen = {"casemanager": personas.casemanager.pk}

    first = client.get(CASELOAD, chosen)
    second = client.get(CASELOAD, {**chosen, "pagina": 2})

    assert "51 open trajecten" in first.content.decode()
    assert f"casemanager={personas.casemanager.pk}&amp;pagina=2" in first.content.decode()
    assert [r.traject.casemanager for r in second.context["rows"]] == [personas.casemanager]


@pytest.mark.parametrize(("asked", "shown"), [("99", 2), ("niets", 1), ("0", 2)])
def test_a_page_number_out_of_range_or_not_a_number_shows_a_page_of_the_list(
    personas, login, asked, shown
):
    _many(personas, 51)
    response = login(personas.coordinator).get(CASELOAD, {"pagina": asked})
    assert response.status_code == 200
    assert response.context["page"].number == shown


def test_the_access_log_of_a_page_names_only_the_children_on_it(personas, login):
    _many(personas, 52)
    client = login(personas.coordinator)

    response = client.get(CASELOAD, {"pagina": 2})

    entry = AccessLogEntry.objects.get(view_name="casemanagement:caseload")
    on_the_page = {
        k.reference for r in response.context["rows"] for k in r.traject.gezin.kinderen.all()
    }
    assert len(response.context["rows"]) == 2
    assert set(entry.client_refs) == on_the_page


def _families_with_everything(personas, n: int) -> None:  # noqa: ANN001
    today = timezone.localdate()
    for i, traject in enumerate(_many(personas, n)):
        deadline(traject, Regel.MDO, today + timedelta(days=i % 9), warn_day=today)
        referral_deadline(traject, personas.ziekenhuis, personas.casemanager, today)
        plan(traject, personas.casemanager, today + timedelta(days=40))


def _count(client, **query) -> int:  # noqa: ANN001, ANN003
    with CaptureQueriesContext(connection) as queries:
        assert client.get(CASELOAD, query).status_code == 200
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_region(personas, login):
    client = login(personas.coordinator)
    _families_with_everything(personas, 3)
    few = _count(client)
    _families_with_everything(personas, 60)
    assert _count(client) == few
    assert _count(client, pagina=2) == few


def test_a_coordinator_of_another_region_sees_no_page_of_them(personas, login):
    _many(personas, 51)
    client = login(personas.outsider_coordinator)
    for page in (1, 2):
        response = client.get(CASELOAD, {"pagina": page})
        assert response.context["rows"] == []
        assert "Er zijn geen open trajecten." in response.content.decode()


def test_a_casemanager_pages_through_only_their_own_trajecten(personas, login):
    mine = _many(personas, 51)
    _many(personas, 4, casemanager=personas.colleague_casemanager)
    client = login(personas.casemanager)
    rows = [
        *client.get(CASELOAD).context["rows"],
        *client.get(CASELOAD, {"pagina": 2}).context["rows"],
    ]
    assert sorted(r.traject.pk for r in rows) == sorted(t.pk for t in mine)
