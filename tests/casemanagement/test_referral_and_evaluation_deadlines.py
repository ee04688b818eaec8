"""The referrals table reads each referral's stored vervolghulp deadline; the plan's first
evaluation date comes from the running evaluation deadline or the region's evaluation norm."""

from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from casemanagement.models import Traject, Verwijzing
from casemanagement.termijnen import next_evaluation_day, norm_words
from ivh.termijnen.constants import Onderwerp, Regel
from ivh.termijnen.models import Termijn
from ivh.termijnen.services import termijn_pause, termijn_start
from ivh.termijnen.sync import termijnen_sync as sync
from tests.support.norms import set_norm

pytestmark = pytest.mark.django_db


def _referral(personas, traject: Traject, weeks_ago: int, **dates) -> Verwijzing:  # noqa: ANN001
    return Verwijzing.objects.create(
        traject=traject,
        organisatie=personas.ziekenhuis,
        referred_at=timezone.localdate() - timedelta(weeks=weeks_ago),
        created_by=personas.casemanager,
        **dates,
    )


def _row(content: str, verwijzing: Verwijzing) -> str:
    return content.split(f'id="verwijzing-{verwijzing.pk}"', 1)[1].split("</tr>", 1)[0]


def _nl(day) -> str:  # noqa: ANN001
    with translation.override("nl"):
        return date_format(day, "j M Y")


def _termijn(verwijzing: Verwijzing) -> Termijn:
    return Termijn.objects.get(
        subject_kind=Onderwerp.VERWIJZING, subject_id=verwijzing.pk, regel=Regel.VERVOLGHULP
    )


def test_a_referral_past_its_deadline_is_above_the_norm_and_one_within_it_is_not(
    personas, login, traject
):
    # Four weeks: five weeks' wait is over it here, and would not be against the default eight.
    set_norm(personas.region, Regel.VERVOLGHULP, 4, by=personas.coordinator)
    late = _referral(personas, traject, 5)
    recent = _referral(personas, traject, 1)
    sync()
    url = reverse("casemanagement:traject", args=[traject.pk])
    content = login(personas.casemanager).get(url).content.decode()
    assert "boven de norm" in _row(content, late)
    assert f"start uiterlijk {_nl(_termijn(late).last_day)}" in _row(content, late)
    assert "boven de norm" not in _row(content, recent)
    assert f"start uiterlijk {_nl(_termijn(recent).last_day)}" in _row(content, recent)


def test_a_norm_is_named_in_singular_and_plural(personas, traject):
    set_norm(personas.region, Regel.VERVOLGHULP, 4, by=personas.coordinator)
    late = _referral(personas, traject, 5)
    sync()
    with translation.override("nl"):
        assert norm_words(_termijn(late)) == "4 weken"
    set_norm(personas.region, Regel.VERVOLGHULP, 1, by=personas.coordinator)
    sync()
    with translation.override("nl"):
        assert norm_words(_termijn(late)) == "1 week"
    with translation.override("en"):
        assert norm_words(_termijn(late)) == "1 week"


def test_a_referral_that_started_after_its_deadline_stays_above_the_norm(personas, login, traject):
    set_norm(personas.region, Regel.VERVOLGHULP, 4, by=personas.coordinator)
    today = timezone.localdate()
    started_late = _referral(personas, traject, 7, started_at=today - timedelta(weeks=1))
    started_in_time = _referral(personas, traject, 7, started_at=today - timedelta(weeks=5))
    sync()
    assert _termijn(started_late).stopped_at is not None
    url = reverse("casemanagement:traject", args=[traject.pk])
    content = login(personas.casemanager).get(url).content.decode()
    assert "boven de norm" in _row(content, started_late)
    assert "boven de norm" not in _row(content, started_in_time)
    assert "start uiterlijk" not in _row(content, started_late)  # it started: no date ahead


def test_a_referral_without_a_deadline_shows_its_wait_without_a_verdict(personas, login, traject):
    old = _referral(personas, traject, 20)
    Termijn.objects.filter(subject_kind=Onderwerp.VERWIJZING).delete()
    url = reverse("casemanagement:traject", args=[traject.pk])
    row = _row(login(personas.casemanager).get(url).content.decode(), old)
    assert "140 dagen" in row
    assert "boven de norm" not in row and "start uiterlijk" not in row


def test_the_row_saved_inline_reads_the_deadline_the_save_stopped(personas, login, traject):
    set_norm(personas.region, Regel.VERVOLGHULP, 4, by=personas.coordinator)
    late = _referral(personas, traject, 6)
    sync()
    response = login(personas.casemanager).post(
        reverse("casemanagement:traject_verwijzing_data", args=[traject.pk]),
        {"verwijzing": late.pk, "started_at": timezone.localdate().isoformat(), "ended_at": ""},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    row = response.content.decode()
    assert "De data van de verwijzing zijn opgeslagen." in row
    assert "boven de norm" in row and "start uiterlijk" not in row
    assert _termijn(late).stopped_at is not None


# --- the plan's evaluation date ------------------------------------------------------------


def test_a_new_plan_is_evaluated_by_the_regions_norm(personas, login, traject):
    set_norm(personas.region, Regel.EVALUATIE, 3, by=personas.coordinator)
    response = login(personas.casemanager).get(
        reverse("casemanagement:plan_edit", args=[traject.pk])
    )
    form = response.context["form"]
    assert form.initial["evaluatie_datum"] == timezone.localdate() + relativedelta(months=3)


def test_a_running_evaluation_deadline_gives_the_evaluation_day(personas, traject):
    set_norm(personas.region, Regel.EVALUATIE, 3, by=personas.coordinator)
    termijn = termijn_start(
        subject_kind=Onderwerp.TRAJECT,
        subject_id=traject.pk,
        regel=Regel.EVALUATIE,
        region_id=personas.region.pk,
        started_at=timezone.now() - timedelta(days=40),
    )
    assert next_evaluation_day(traject) == termijn.last_day
    assert termijn.last_day < timezone.localdate() + relativedelta(months=2)


def test_a_held_evaluation_deadline_falls_back_to_the_norm(personas, traject):
    set_norm(personas.region, Regel.EVALUATIE, 2, by=personas.coordinator)
    termijn = termijn_start(
        subject_kind=Onderwerp.TRAJECT,
        subject_id=traject.pk,
        regel=Regel.EVALUATIE,
        region_id=personas.region.pk,
        started_at=timezone.now() - timedelta(days=40),
    )
    termijn_pause(termijn=termijn, reden="ouders", by=personas.casemanager)
    assert next_evaluation_day(traject) == timezone.localdate() + relativedelta(months=2)
