"""The family's deadlines (the traject page, its hold and resume forms, the parents' page) are
read by (subject_kind, subject_id) for each kind of subject: the referral ids are named, not
asked for in a subquery inside the OR, which Postgres can only answer by scanning every
referral deadline of the country."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casemanagement.constants import Fase
from casemanagement.termijnen import traject_klokken
from ivh.termijnen.constants import Onderwerp, Regel
from tests.casemanagement.deadline_helpers import deadline, referral_deadline
from tests.casemanagement.factories import TrajectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def referred(personas):
    traject = TrajectFactory(
        region=personas.region, casemanager=personas.casemanager, fase=Fase.MDO
    )
    today = timezone.localdate()
    deadline(traject, Regel.MDO, today + timedelta(days=5))
    referral_deadline(traject, personas.ziekenhuis, personas.casemanager, today)
    referral_deadline(traject, personas.mee, personas.casemanager, today + timedelta(days=9))
    # Another family's referral: never among this family's deadlines.
    other = TrajectFactory(region=personas.region, casemanager=personas.casemanager)
    referral_deadline(other, personas.ziekenhuis, personas.casemanager, today)
    return traject


def test_the_traject_page_shows_the_deadlines_of_the_family_and_its_referrals(
    personas, login, referred
):
    klokken = traject_klokken(referred)
    assert sorted((k.termijn.subject_kind, k.termijn.regel) for k in klokken) == [
        (Onderwerp.TRAJECT, Regel.MDO),
        (Onderwerp.VERWIJZING, Regel.VERVOLGHULP),
        (Onderwerp.VERWIJZING, Regel.VERVOLGHULP),
    ]
    assert {k.termijn.subject_id for k in klokken if k.termijn.subject_kind == "verwijzing"} == set(
        referred.verwijzingen.values_list("pk", flat=True)
    )


def test_the_traject_page_reads_deadlines_without_a_subquery_of_referrals(
    personas, login, referred
):
    client = login(personas.casemanager)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("casemanagement:traject", args=[referred.pk]))
    assert response.status_code == 200
    deadline_reads = [q["sql"] for q in queries if 'FROM "termijnen_termijn"' in q["sql"]]
    assert deadline_reads
    assert not [sql for sql in deadline_reads if "IN (SELECT" in sql.upper()]
