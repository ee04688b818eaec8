"""A family put on an MDO's agenda brings its casemanager to the meeting; when someone covers for
that casemanager on the day of the meeting, the substitute is invited as well (the absent one
is still told: the family is theirs again afterwards)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from casemanagement import services as cm_services
from ivh.netwerk.constants import Discipline
from mdo import services
from mdo.constants import DeelnemerSoort
from tests.mdo.conftest import traject_with_consent
from tests.mdo.factories import MdoFactory

pytestmark = pytest.mark.django_db


def _invited_casemanagers(mdo) -> set:  # noqa: ANN001
    return set(
        mdo.deelnemers.filter(
            soort=DeelnemerSoort.CASEMANAGER, withdrawn_at__isnull=True
        ).values_list("user_id", flat=True)
    )


def _cover(personas, van_days: int, tot_days: int) -> None:  # noqa: ANN001
    today = timezone.localdate()
    cm_services.vervanging_create(
        afwezige=personas.casemanager,
        vervanger=personas.colleague_casemanager,
        region_id=personas.region.pk,
        van=today + timedelta(days=van_days),
        tot=today + timedelta(days=tot_days),
        reden="Verlof",
        by=personas.coordinator,
    )


def _put_on_agenda(personas):  # noqa: ANN001, ANN202
    mdo = MdoFactory(region=personas.region, created_by=personas.coordinator)  # in three days
    services.agendapunt_add(
        mdo=mdo,
        traject=traject_with_consent(personas, personas.casemanager),
        by=personas.coordinator,
        vraag="Wat heeft Noor nodig?",
        disciplines=[Discipline.LOGOPEDIST],
        minuten=30,
    )
    return mdo


def test_the_substitute_on_the_day_of_the_meeting_is_invited_too(personas):
    _cover(personas, 0, 10)
    mdo = _put_on_agenda(personas)
    assert _invited_casemanagers(mdo) == {
        personas.casemanager.pk,
        personas.colleague_casemanager.pk,
    }


def test_a_substitution_that_ends_before_the_meeting_invites_only_the_casemanager(personas):
    _cover(personas, 0, 1)
    mdo = _put_on_agenda(personas)
    assert _invited_casemanagers(mdo) == {personas.casemanager.pk}


def test_without_a_substitution_only_the_casemanager_is_invited(personas):
    mdo = _put_on_agenda(personas)
    assert _invited_casemanagers(mdo) == {personas.casemanager.pk}
