"""The MDO overview counts agenda items, invitations and problems per meeting it shows, after
keeping the last 30 past meetings, not over every meeting the region ever held (issue 16)."""

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casemanagement.services import toestemming_withdraw
from mdo import services
from mdo.constants import MdoStatus
from mdo.models import Agendapunt, Deelnemer, Mdo
from mdo.selectors import PAST_SHOWN
from tests.mdo.conftest import traject_with_consent
from tests.mdo.factories import MdoFactory

pytestmark = pytest.mark.django_db

OVERVIEW = reverse("mdo:overzicht")


def _past_meetings(personas, n: int) -> list[Mdo]:  # noqa: ANN001
    """`n` past meetings, newest first, each with one family on the agenda."""
    traject = traject_with_consent(personas, personas.casemanager, first_name="Sem")
    now = timezone.now()
    mdos = []
    for days in range(1, n + 1):
        mdo = MdoFactory(
            region=personas.region,
            created_by=personas.coordinator,
            starts_at=now - timedelta(days=days),
            status=MdoStatus.GEANNULEERD if days % 7 == 0 else MdoStatus.GEPLAND,
        )
        Agendapunt.objects.create(mdo=mdo, traject=traject, vraag="?")
        mdos.append(mdo)
    return mdos


def test_the_overview_shows_each_upcoming_meetings_own_counts(personas, login, mdo):
    noor = traject_with_consent(personas, personas.casemanager, first_name="Noor")
    sem = traject_with_consent(personas, personas.casemanager, first_name="Sem")
    for traject in (noor, sem):
        services.agendapunt_add(
            mdo=mdo,
            traject=traject,
            by=personas.coordinator,
            vraag="?",
            disciplines=["kinderarts"],
            minuten=30,
        )
    services.deelnemer_invite_expert(mdo=mdo, expert=personas.expert, by=personas.coordinator)
    withdrawn = Deelnemer.objects.create(
        mdo=mdo, soort="expert", name="Ingetrokken", email="weg@example.org"
    )
    withdrawn.withdrawn_at = timezone.now()
    withdrawn.save()
    # Sem's parents withdraw their consent: one family that cannot be discussed.
    toestemming_withdraw(
        traject=sem, toestemming_id=sem.aanmelding.toestemmingen.get(doel="mdo").pk
    )
    # A second meeting, empty, and one of another region that is not shown.
    empty = MdoFactory(
        region=personas.region,
        created_by=personas.coordinator,
        starts_at=mdo.starts_at + timedelta(days=7),
    )
    MdoFactory(region=personas.other_region, created_by=personas.outsider_coordinator)

    response = login(personas.coordinator).get(OVERVIEW)

    upcoming = response.context["upcoming"]
    # Two families; the casemanager (invited with the families) and the expert, not the
    # withdrawn invitation; one family that cannot be discussed.
    assert [(m.pk, m.n_punten, m.n_deelnemers, m.n_problemen) for m in upcoming] == [
        (mdo.pk, 2, 2, 1),
        (empty.pk, 0, 0, 0),
    ]
    assert "1 gezin kan niet besproken worden" in response.content.decode()


def test_the_overview_keeps_the_last_past_meetings_newest_first_each_with_its_families(
    personas, login
):
    mdos = _past_meetings(personas, PAST_SHOWN + 3)
    past = login(personas.coordinator).get(OVERVIEW).context["past"]
    assert [m.pk for m in past] == [m.pk for m in mdos[:PAST_SHOWN]]
    assert {m.n_punten for m in past} == {1}


def _subplan_loops(plan: dict) -> list[int]:
    """How often each subquery of an EXPLAIN ANALYZE plan ran."""
    loops = []
    if plan.get("Parent Relationship") in ("SubPlan", "InitPlan"):
        loops.append(plan["Actual Loops"])
    for child in plan.get("Plans", []):
        loops += _subplan_loops(child)
    return loops


def test_the_past_meetings_are_counted_after_the_limit_not_before(personas, login):
    _past_meetings(personas, PAST_SHOWN + 10)
    with CaptureQueriesContext(connection) as ctx:
        assert login(personas.coordinator).get(OVERVIEW).status_code == 200
    [past_sql] = [
        q["sql"]
        for q in ctx.captured_queries
        if q["sql"].startswith('SELECT "mdo_mdo"."id"') and f"LIMIT {PAST_SHOWN}" in q["sql"]
    ]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + past_sql)
        (raw,) = cursor.fetchone()
    plan = (json.loads(raw) if isinstance(raw, str) else raw)[0]["Plan"]
    loops = _subplan_loops(plan)
    assert loops, "the counts are subqueries"
    # Each count runs once per meeting kept (at most PAST_SHOWN), never once per meeting (or
    # per joined agenda item and invitation) of the region's whole history.
    assert max(loops) <= PAST_SHOWN
