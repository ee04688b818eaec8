"""Searching the access log as a privacy officer would (issue 9, item 8): by the family number
shown on every traject, by child, by user and by period; what was opened in words, and role
names in one spelling."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from ivh.audit.models import AccessLogEntry
from tests.aanmelding.factories import AanmeldingFactory
from tests.casemanagement.factories import KindFactory, TrajectFactory

pytestmark = pytest.mark.django_db

ACCESS_LOG = reverse("audit:access_log")


def _rows(response) -> list:
    return [row["entry"] for row in response.context["rows"]]


@pytest.fixture
def family(personas):
    """A family with two children whose traject the casemanager opened once, and another
    family whose traject was opened too."""
    traject = TrajectFactory(region=personas.region, casemanager=personas.casemanager)
    KindFactory(gezin=traject.gezin)
    other = TrajectFactory(region=personas.region, casemanager=personas.casemanager)
    return traject, other


def _open_traject(login, user, traject) -> None:
    response = login(user).get(reverse("casemanagement:traject", args=[traject.pk]))
    assert response.status_code == 200


def test_the_family_number_finds_the_entries_of_every_child_of_that_family(personas, login, family):
    traject, other = family
    _open_traject(login, personas.casemanager, traject)
    _open_traject(login, personas.casemanager, other)
    children = set(traject.gezin.kinderen.values_list("reference", flat=True))
    assert len(children) == 2

    # Typed as people type it: lower case, with a space.
    typed = traject.gezin.reference.lower().replace("-", "- ", 1)
    response = login(personas.coordinator).get(ACCESS_LOG, {"client": typed})
    found = _rows(response)
    assert {e.client_ref for e in found} == children
    assert all(e.object_id == str(traject.pk) for e in found)


def test_the_reference_search_is_an_exact_match_on_the_indexed_columns(personas, login, family):
    traject, _other = family
    _open_traject(login, personas.casemanager, traject)
    client = login(personas.coordinator)
    with CaptureQueriesContext(connection) as queries:
        client.get(ACCESS_LOG, {"client": traject.gezin.reference})
    searches = [
        q["sql"]
        for q in queries.captured_queries
        if 'FROM "audit_accesslogentry"' in q["sql"] and "client_ref" in q["sql"].split("WHERE")[-1]
    ]
    assert searches
    for sql in searches:
        where = sql.split("WHERE", 1)[1]
        assert "UPPER(" not in where and "LIKE" not in where, where
        assert '"audit_accesslogentry"."client_ref" IN' in where
        assert '"audit_accesslogentry"."client_refs" &&' in where


def test_a_family_number_also_finds_the_lists_that_showed_one_of_its_children(
    personas, login, family
):
    traject, _other = family
    child = traject.gezin.kinderen.first()
    AccessLogEntry.objects.create(
        actor_label="iemand@example.org",
        action="list",
        object_type="casemanagement.traject",
        object_id="",
        client_refs=[child.reference, "K-ANDE-RKND"],
        region=personas.region,
        view_name="casemanagement:caseload",
    )
    response = login(personas.coordinator).get(ACCESS_LOG, {"client": traject.gezin.reference})
    [entry] = _rows(response)
    content = response.content.decode()
    assert child.reference in content
    assert "Caseload: 2 cliënten getoond" in content
    assert "K-ANDE-RKND" not in content


def test_what_was_opened_is_said_in_words_not_internal_labels(personas, login):
    aanmelding = AanmeldingFactory(gemeente=personas.gemeente)
    assert (
        login(personas.coordinator)
        .get(reverse("casemanagement:intake", args=[aanmelding.pk]))
        .status_code
        == 200
    )
    response = login(personas.colleague_coordinator).get(
        ACCESS_LOG, {"client": aanmelding.reference}
    )
    content = response.content.decode()
    assert f"Aanmelding {aanmelding.reference} (intakepagina)" in content
    assert "aanmelding.aanmelding" not in content
    assert f"#{aanmelding.pk}" not in content


def test_role_names_have_one_spelling_whatever_language_the_reader_used(personas, login, family):
    traject, _other = family
    client = login(personas.coordinator)
    # The coordinator works in English: the log still stores the Dutch role name.
    client.get(ACCESS_LOG, headers={"accept-language": "en"})
    with translation.override("en"):
        client.get(
            reverse("casemanagement:traject", args=[traject.pk]), headers={"accept-language": "en"}
        )
    roles = set(
        AccessLogEntry.objects.filter(user=personas.coordinator).values_list("role", flat=True)
    )
    assert roles == {"Coördinator"}
    # Entries written in English before this fix read the same.
    AccessLogEntry.objects.create(
        actor_label="oud@example.org",
        role="Coordinator",
        action="view",
        object_type="casemanagement.traject",
        object_id=str(traject.pk),
        client_ref=traject.gezin.kinderen.first().reference,
        region=personas.region,
    )
    content = login(personas.colleague_coordinator).get(ACCESS_LOG).content.decode()
    assert "<td>Coördinator</td>" in content
    assert "<td>Coordinator</td>" not in content


def test_search_by_user_name_or_email(personas, login, family):
    traject, _other = family
    _open_traject(login, personas.casemanager, traject)
    _open_traject(login, personas.colleague_coordinator, traject)
    client = login(personas.coordinator)
    by_name = _rows(client.get(ACCESS_LOG, {"actor": personas.casemanager.full_name.split()[-1]}))
    assert {e.user for e in by_name} == {personas.casemanager}
    by_email = _rows(
        client.get(ACCESS_LOG, {"actor": personas.colleague_coordinator.email.upper()})
    )
    assert {e.user for e in by_email} == {personas.colleague_coordinator}


def test_search_by_period_takes_whole_local_days(personas, login, family):
    traject, _other = family
    child = traject.gezin.kinderen.first().reference
    today = timezone.localdate()
    for days_ago in (0, 3, 10):
        AccessLogEntry.objects.create(
            at=timezone.now() - timedelta(days=days_ago),
            actor_label=f"{days_ago}@example.org",
            action="view",
            object_type="casemanagement.traject",
            object_id=str(traject.pk),
            client_ref=child,
            region=personas.region,
        )
    found = _rows(
        login(personas.coordinator).get(
            ACCESS_LOG,
            {"van": today - timedelta(days=4), "tot": today - timedelta(days=1), "client": child},
        )
    )
    assert [e.actor_label for e in found] == ["3@example.org"]


def test_a_period_that_ends_before_it_starts_shows_the_error_and_no_rows(personas, login, family):
    traject, other = family
    _open_traject(login, personas.casemanager, traject)
    _open_traject(login, personas.casemanager, other)
    today = timezone.localdate()
    response = login(personas.coordinator).get(
        ACCESS_LOG, {"van": today, "tot": today - timedelta(days=30), "actor": "casemanager"}
    )
    assert response.context["form"].errors
    assert _rows(response) == []
    body = response.content.decode()
    assert 'id="foutmeldingen"' in body
    assert "Pas de zoekopdracht aan" in body
    assert "Er staan nog geen regels" not in body


def test_a_coordinator_of_another_region_does_not_find_the_family(personas, login, family):
    traject, _other = family
    _open_traject(login, personas.casemanager, traject)
    response = login(personas.outsider_coordinator).get(
        ACCESS_LOG, {"client": traject.gezin.reference}
    )
    assert _rows(response) == []
