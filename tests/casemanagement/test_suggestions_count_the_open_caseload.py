"""The casemanager suggestions on a registration count each casemanager's open trajecten in
one grouped query over open trajecten only, not over every traject they ever had."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casemanagement.constants import Fase
from casemanagement.selectors import casemanager_suggestions
from tests.aanmelding.factories import AanmeldingFactory
from tests.accounts.factories import RoleAssignmentFactory
from tests.casemanagement.factories import TrajectFactory

pytestmark = pytest.mark.django_db


def _closed(personas, casemanager) -> None:  # noqa: ANN001
    TrajectFactory(
        region=personas.region,
        casemanager=casemanager,
        fase=Fase.AFGESLOTEN,
        closed_at=timezone.now(),
    )


def _caseloads(aanmelding) -> dict:  # noqa: ANN001
    return {s.user: s.caseload for s in casemanager_suggestions(aanmelding)}


def test_the_caseload_counts_only_open_trajecten(personas):
    aanmelding = AanmeldingFactory(gemeente=personas.gemeente)
    for _ in range(2):
        TrajectFactory(region=personas.region, casemanager=personas.casemanager)
    for _ in range(3):
        _closed(personas, personas.casemanager)
    _closed(personas, personas.colleague_casemanager)

    caseloads = _caseloads(aanmelding)

    assert caseloads[personas.casemanager] == 2
    # No open traject at all: suggested, with an empty caseload.
    assert caseloads[personas.colleague_casemanager] == 0
    reasons = next(
        s.reasons for s in casemanager_suggestions(aanmelding) if s.user == personas.casemanager
    )
    assert "2 gezinnen in caseload" in reasons


def test_the_caseload_counts_open_trajecten_in_every_region_of_the_casemanager(personas):
    RoleAssignmentFactory(
        user=personas.casemanager,
        casemanager=True,
        region=personas.other_region,
        organisatie=personas.other_organisatie,
    )
    TrajectFactory(region=personas.region, casemanager=personas.casemanager)
    TrajectFactory(region=personas.other_region, casemanager=personas.casemanager)
    aanmelding = AanmeldingFactory(gemeente=personas.gemeente)
    assert _caseloads(aanmelding)[personas.casemanager] == 2


def test_inactive_and_other_regions_casemanagers_are_not_suggested(personas):
    aanmelding = AanmeldingFactory(gemeente=personas.gemeente)
    left = RoleAssignmentFactory(casemanager=True, region=personas.region, organisatie=personas.mee)
    left.user.is_active = False
    left.user.save()
    ended = RoleAssignmentFactory(
        casemanager=True, region=personas.region, organisatie=personas.mee, active=False
    )

    suggested = set(_caseloads(aanmelding))

    assert {personas.casemanager, personas.colleague_casemanager} <= suggested
    assert personas.outsider_casemanager not in suggested
    assert left.user not in suggested and ended.user not in suggested
    assert personas.coordinator not in suggested


def _queries(aanmelding) -> list[str]:  # noqa: ANN001
    with CaptureQueriesContext(connection) as queries:
        casemanager_suggestions(aanmelding)
    return [q["sql"] for q in queries]


def test_the_caseloads_are_one_grouped_count_of_open_trajecten(personas):
    aanmelding = AanmeldingFactory(gemeente=personas.gemeente)
    TrajectFactory(region=personas.region, casemanager=personas.casemanager)
    _closed(personas, personas.casemanager)
    few = _queries(aanmelding)
    for _ in range(5):
        role = RoleAssignmentFactory(
            casemanager=True, region=personas.region, organisatie=personas.mee
        )
        TrajectFactory(region=personas.region, casemanager=role.user)
        _closed(personas, role.user)

    sqls = _queries(aanmelding)

    assert len(sqls) == len(few) == 3  # roles with users, their gemeenten, the caseloads
    [count] = [sql for sql in sqls if "casemanagement_traject" in sql]
    # Read from the open trajecten themselves (WHERE), not every traject joined to each user
    # and filtered in the aggregate.
    assert 'FROM "casemanagement_traject"' in count
    assert "FILTER" not in count
    where = count.split(" WHERE ", 1)[1]
    assert '"casemanagement_traject"."fase" IN' in where
    assert "GROUP BY" in count
