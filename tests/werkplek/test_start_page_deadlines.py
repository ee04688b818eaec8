"""The coordinator's start page reads the stored deadlines (first contact, the MDO wait) and
the region's current norm, never a norm counted in Python from the region."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from casemanagement.constants import Fase
from ivh.termijnen.constants import Onderwerp, Regel
from ivh.termijnen.models import Norm, Termijn
from ivh.termijnen.sync import termijnen_sync as sync
from tests.aanmelding.factories import AanmeldingFactory
from tests.casemanagement.factories import TrajectFactory
from tests.support.norms import set_norm, weeks_ago, workdays_ago

pytestmark = pytest.mark.django_db

START = reverse("core:start")


def _start(login, user) -> str:  # noqa: ANN001
    response = login(user).get(START)
    assert response.status_code == 200
    return response.content.decode()


def _item(content: str, reference: str) -> str:
    return content.split(reference, 1)[1].split("</li>", 1)[0]


def _nl(day, fmt: str) -> str:  # noqa: ANN001
    with translation.override("nl"):
        return date_format(day, fmt)


def test_the_region_card_shows_the_regions_current_first_contact_norm(personas, login):
    set_norm(personas.region, Regel.EERSTE_CONTACT, 3, by=personas.coordinator)
    content = _start(login, personas.coordinator)
    assert 'data-norm="eerste-contact">3 werkdagen<' in content
    set_norm(personas.region, Regel.EERSTE_CONTACT, 1, by=personas.coordinator)
    assert 'data-norm="eerste-contact">1 werkdag<' in _start(login, personas.coordinator)


def test_a_region_that_never_changed_its_norm_shows_the_default_without_storing_it(personas, login):
    Norm.objects.filter(region=personas.region).delete()
    assert 'data-norm="eerste-contact">5 werkdagen<' in _start(login, personas.coordinator)
    assert not Norm.objects.filter(region=personas.region).exists()  # a GET writes nothing


def test_first_contacts_past_their_deadline_are_late_and_those_within_it_are_not(personas, login):
    # Three working days: four days' wait is late here, and would not be against the default.
    set_norm(personas.region, Regel.EERSTE_CONTACT, 3, by=personas.coordinator)
    late = AanmeldingFactory(gemeente=personas.gemeente, received_at=workdays_ago(4))
    on_time = AanmeldingFactory(gemeente=personas.gemeente, received_at=workdays_ago(1))
    sync()
    content = _start(login, personas.coordinator)
    assert "1 te laat" in content
    assert "te laat" in _item(content, late.reference)
    assert "te laat" not in _item(content, on_time.reference)
    termijn = Termijn.objects.get(subject_kind=Onderwerp.AANMELDING, subject_id=on_time.pk)
    assert f"uiterlijk {_nl(termijn.last_day, 'l j F')}" in _item(content, on_time.reference)


def test_families_past_their_mdo_deadline_are_over_the_norm_and_those_within_it_are_not(
    personas, login
):
    # Four weeks: five weeks' wait is over it here, and would not be against the default six.
    set_norm(personas.region, Regel.MDO, 4, by=personas.coordinator)
    late, recent = (
        TrajectFactory(
            region=personas.region,
            casemanager=personas.casemanager,
            fase=Fase.MDO,
            received_at=weeks_ago(weeks),
        )
        for weeks in (5, 2)
    )
    sync()
    content = _start(login, personas.coordinator)
    assert "1 over de norm" in content
    assert "5 weken, norm 4 – te laat" in _item(content, late.gezin.reference)
    assert "2 weken, norm 4" in _item(content, recent.gezin.reference)
    assert "te laat" not in _item(content, recent.gezin.reference)
    termijn = Termijn.objects.get(
        subject_kind=Onderwerp.TRAJECT, subject_id=recent.pk, regel=Regel.MDO
    )
    assert f"uiterlijk {_nl(termijn.last_day, 'j F')}" in _item(content, recent.gezin.reference)


def test_a_family_whose_mdo_deadline_has_not_started_is_shown_without_a_verdict(personas, login):
    waiting = TrajectFactory(
        region=personas.region,
        casemanager=personas.casemanager,
        fase=Fase.MDO,
        received_at=weeks_ago(9),
    )
    content = _start(login, personas.coordinator)
    item = _item(content, waiting.gezin.reference)
    assert "9 weken" in item and "norm" not in item and "te laat" not in item
    assert "over de norm" not in content
