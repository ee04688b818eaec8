"""Issue 16: the likely-duplicate check (inbox and intake page) looks candidates up by the
expression index on (LOWER(first name), birth date), not by reading every registration of the
region. The check itself stays what it was: case-insensitive, one query for a page."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from aanmelding.models import Aanmelding
from aanmelding.selectors import likely_duplicates
from tests.aanmelding.factories import AanmeldingFactory

pytestmark = pytest.mark.django_db

INDEX = "aanmelding_dubbel_sleutel"


def _index_definition(name: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [name])
        row = cursor.fetchone()
    return row[0] if row else ""


def _plan(sql: str) -> str:
    """The plan Postgres chooses for a captured query, with plain table scans ruled out (the
    test table is small: a sequential scan would win on cost alone)."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


def _many_registrations(personas, n: int) -> list[Aanmelding]:
    """`n` children of the region, each with their own name and birth date (saved at once;
    their consents do not matter here), and the table's statistics brought up to date."""
    born = timezone.localdate() - timedelta(days=3 * 365)
    rows = Aanmelding.objects.bulk_create(
        AanmeldingFactory.build(
            gemeente=personas.gemeente,
            kind_first_name=f"Kind{i}",
            kind_geboortedatum=born - timedelta(days=i % 1000),
        )
        for i in range(n)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE aanmelding_aanmelding")
    return rows


def test_the_duplicate_key_index_is_on_the_expression_the_check_compares():
    definition = _index_definition(INDEX)
    assert "lower((kind_first_name)::text)" in definition
    assert "kind_geboortedatum" in definition


def test_the_duplicate_check_finds_its_candidates_through_the_index(personas):
    # Enough rows that reading the region's registrations is not the cheap way on this table
    # either (at national scale a region holds 13,000).
    rows = _many_registrations(personas, 4000)
    likely_duplicates(rows[:1], personas.coordinator)  # the user's regions, read once
    for page in (rows[:1], rows[:50]):  # the intake page; an inbox page
        with CaptureQueriesContext(connection) as captured:
            likely_duplicates(page, personas.coordinator)
        [query] = captured.captured_queries
        # What Django sent (it records the statement with its values in it), as EXPLAIN.
        plan = _plan(query["sql"])
        assert INDEX in plan, plan
        # Looked up by name and birth date, not read through (Postgres can scan an index on
        # its second column alone).
        conditions = [line for line in plan.splitlines() if "Index Cond:" in line]
        assert conditions, plan
        assert all("lower((kind_first_name)::text) = " in line for line in conditions), plan


def test_the_duplicate_check_is_still_case_insensitive_and_family_bound(personas, login):
    born = date.today() - timedelta(days=2 * 365)
    first = AanmeldingFactory(
        gemeente=personas.gemeente,
        kind_first_name="Noor",
        kind_geboortedatum=born,
        postcode="2511 AB",
        received_at=timezone.now() - timedelta(days=3),
    )
    again = AanmeldingFactory(
        gemeente=personas.gemeente,
        kind_first_name="NOOR",
        kind_geboortedatum=born,
        postcode="2511ab",
    )
    # The same name and birth date in another family is another child.
    other_family = AanmeldingFactory(
        gemeente=personas.gemeente,
        kind_first_name="noor",
        kind_geboortedatum=born,
        postcode="2599 ZZ",
        ouder_email="ander@example.org",
        ouder_telefoon="06 99999999",
    )
    found = likely_duplicates([first, again, other_family], personas.coordinator)
    assert found[again.pk] == [first]
    assert found[first.pk] == [again]
    assert found[other_family.pk] == []
    page = login(personas.coordinator).get(reverse("casemanagement:intake", args=[again.pk]))
    assert "Mogelijk dubbel" in page.content.decode()


def test_the_duplicate_check_does_not_offer_a_registration_of_another_region(personas):
    born = date.today() - timedelta(days=2 * 365)
    mine = AanmeldingFactory(
        gemeente=personas.gemeente, kind_first_name="Sem", kind_geboortedatum=born
    )
    AanmeldingFactory(
        gemeente=personas.other_gemeente,
        kind_first_name="Sem",
        kind_geboortedatum=born,
        postcode=mine.postcode,
    )
    assert likely_duplicates([mine], personas.coordinator)[mine.pk] == []


def test_the_duplicate_check_of_a_page_is_one_query_however_many_rows(
    personas, django_assert_num_queries
):
    rows = _many_registrations(personas, 60)
    likely_duplicates(rows[:1], personas.coordinator)  # the user's regions, read once
    # The candidates of all rows at once (one query), for 5 rows as for 50.
    with django_assert_num_queries(1):
        likely_duplicates(rows[:5], personas.coordinator)
    with django_assert_num_queries(1):
        likely_duplicates(rows[:50], personas.coordinator)
