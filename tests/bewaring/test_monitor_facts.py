"""Anonymising keeps the figures: the step writes a dossier's facts just before it blanks
it, and from then on no refresh of the read model changes or deletes them (the birth date,
reduced to the first of its month, would otherwise move the child to another age band)."""

from __future__ import annotations

import pytest

from bewaring.services import batch_run
from monitor.figures import region_year
from monitor.models import AanmeldingFeit, TrajectFeit, WachtFeit
from monitor.readmodel import refresh_full, refresh_increment
from tests.bewaring.conftest import closed_aanmelding, years_later

pytestmark = pytest.mark.django_db


def figures(region, years: list[int]) -> dict:  # noqa: ANN001
    return {year: region_year(region, year, frozen=False).cube.cells for year in years}


def test_the_monitor_figures_of_its_period_are_unchanged_by_anonymising_and_later_refreshes(
    personas, dossier, frozen_clock
):
    closed_aanmelding(personas, closed_at=dossier.traject.closed_at)
    refresh_full()
    years = dossier.years
    before = figures(personas.region, years)
    assert AanmeldingFeit.objects.get(aanmelding_id=dossier.aanmelding.pk).leeftijd == 1

    frozen_clock(years_later())
    batch = batch_run(dry_run=False)
    assert batch.counts["gezin"] == {"geanonimiseerd": 1}
    assert batch.counts["aanmelding"] == {"geanonimiseerd": 1}
    assert figures(personas.region, years) == before

    refresh_full()
    assert figures(personas.region, years) == before
    refresh_increment()
    assert figures(personas.region, years) == before
    # The fact itself is the one written before: the child was 1, not the 2 the reduced
    # birth date would give.
    assert AanmeldingFeit.objects.get(aanmelding_id=dossier.aanmelding.pk).leeftijd == 1


def test_the_step_writes_the_facts_itself_when_no_refresh_ran_before(
    personas, dossier, frozen_clock
):
    assert not AanmeldingFeit.objects.exists()
    frozen_clock(years_later())
    batch_run(dry_run=False)
    fact = AanmeldingFeit.objects.get(aanmelding_id=dossier.aanmelding.pk)
    assert (fact.leeftijd, fact.gemeente_id, fact.uitkomst, fact.domeinen) == (
        1,
        personas.gemeente.pk,
        "traject",
        ["spraak_taal"],
    )
    traject = TrajectFeit.objects.get(traject_id=dossier.traject.pk)
    assert (traject.afsluitreden, traject.ouders_bij_mdo, traject.tevredenheid_score) == (
        "doelen_bereikt",
        True,
        8,
    )
    waits = WachtFeit.objects.filter(gemeente_id=personas.gemeente.pk)
    assert {w.regel for w in waits} >= {"eerste_contact", "mdo", "plan", "vervolghulp"}
    assert all(w.stopped_on is not None for w in waits)
