"""In any period an absent casemanager has one substitute, a substitute is not absent, and the
absent one is not covering for someone else: the coordinator is told why at the form, with what
was typed kept, and the service refuses it too. Nobody is chosen beforehand."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from casemanagement import services
from casemanagement.models import Vervanging
from tests.accounts.factories import RoleAssignmentFactory
from tests.casemanagement.factories import TrajectFactory

pytestmark = pytest.mark.django_db

URL = reverse("casemanagement:vervanging")


@pytest.fixture
def third(personas):
    return RoleAssignmentFactory(
        casemanager=True, region=personas.region, organisatie=personas.mee
    ).user


def _arrange(personas, afwezige, vervanger, van_days: int, tot_days: int) -> Vervanging:  # noqa: ANN001
    today = timezone.localdate()
    return services.vervanging_create(
        afwezige=afwezige,
        vervanger=vervanger,
        region_id=personas.region.pk,
        van=today + timedelta(days=van_days),
        tot=today + timedelta(days=tot_days),
        reden="Verlof",
        by=personas.coordinator,
    )


def test_an_absent_casemanager_has_one_substitute_at_a_time(personas, third):
    _arrange(personas, personas.casemanager, personas.colleague_casemanager, 0, 10)
    with pytest.raises(ValidationError, match="is al een vervanging geregeld"):
        _arrange(personas, personas.casemanager, third, 5, 20)
    # Right after the first one ends, another substitute may take over.
    _arrange(personas, personas.casemanager, third, 11, 20)
    assert Vervanging.objects.count() == 2


def test_a_substitute_who_is_absent_then_cannot_cover(personas, third):
    _arrange(personas, personas.colleague_casemanager, third, 3, 8)
    with pytest.raises(ValidationError, match="is zelf afwezig"):
        _arrange(personas, personas.casemanager, personas.colleague_casemanager, 0, 5)


def test_an_absent_casemanager_who_covers_for_someone_else_needs_another_substitute_first(
    personas, third
):
    # The walkthrough's circle: A covers for B, then B is set to cover for A in the same week.
    _arrange(personas, personas.colleague_casemanager, personas.casemanager, 0, 30)
    with pytest.raises(ValidationError, match="Regel eerst een andere vervanger"):
        _arrange(personas, personas.casemanager, personas.colleague_casemanager, 7, 14)
    with pytest.raises(ValidationError, match="Regel eerst een andere vervanger"):
        _arrange(personas, personas.casemanager, third, 7, 14)
    assert Vervanging.objects.count() == 1


def test_a_substitution_that_is_already_over_is_refused(personas):
    with pytest.raises(ValidationError, match="al voorbij"):
        _arrange(personas, personas.casemanager, personas.colleague_casemanager, -10, -1)


def test_the_form_shows_the_conflict_and_keeps_what_was_typed(personas, login, third):
    _arrange(personas, personas.casemanager, personas.colleague_casemanager, 0, 10)
    today = timezone.localdate()
    response = login(personas.coordinator).post(
        URL,
        {
            "vervanging-afwezige": personas.casemanager.pk,
            "vervanging-vervanger": third.pk,
            "vervanging-van": (today + timedelta(days=2)).isoformat(),
            "vervanging-tot": (today + timedelta(days=4)).isoformat(),
            "vervanging-reden": "Cursus",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    summary = body[body.index('id="foutmeldingen"') :]
    assert f"Voor {personas.casemanager.full_name} is al een vervanging geregeld" in summary
    assert 'value="Cursus"' in body
    assert Vervanging.objects.count() == 1


def test_the_form_chooses_nobody_beforehand(personas, login):
    body = login(personas.coordinator).get(URL).content.decode()
    for name in ("vervanging-afwezige", "vervanging-vervanger"):
        select = body[body.index(f'name="{name}"') :]
        select = select[: select.index("</select>")]
        assert "Kies een casemanager" in select
        assert "selected" not in select.split("</option>", 1)[1]


def _end(client, vervanging):  # noqa: ANN001, ANN202
    return client.post(reverse("casemanagement:vervanging_beeindigen", args=[vervanging.pk]))


def test_ending_a_running_substitution_stops_the_substitutes_access_today(personas, login):
    traject = TrajectFactory(region=personas.region, casemanager=personas.casemanager)
    vervanging = _arrange(personas, personas.casemanager, personas.colleague_casemanager, 0, 10)
    Vervanging.objects.filter(pk=vervanging.pk).update(van=timezone.localdate() - timedelta(days=3))
    page = reverse("casemanagement:traject", args=[traject.pk])
    assert login(personas.colleague_casemanager).get(page).status_code == 200

    response = _end(login(personas.coordinator), vervanging)
    assert response.status_code == 302
    vervanging.refresh_from_db()
    assert vervanging.tot == timezone.localdate() - timedelta(days=1)
    assert login(personas.colleague_casemanager).get(page).status_code == 404


def test_a_substitution_that_has_not_started_is_taken_away(personas, login):
    vervanging = _arrange(personas, personas.casemanager, personas.colleague_casemanager, 5, 10)
    client = login(personas.coordinator)
    assert "Niet laten doorgaan" in client.get(URL).content.decode()
    assert _end(client, vervanging).status_code == 302
    assert not Vervanging.objects.exists()


def test_only_the_regions_coordinators_end_a_substitution(personas, login):
    vervanging = _arrange(personas, personas.casemanager, personas.colleague_casemanager, 0, 10)
    for who in (
        personas.outsider_coordinator,
        personas.casemanager,
        personas.colleague_casemanager,
    ):
        assert _end(login(who), vervanging).status_code == 404
    with pytest.raises(PermissionDenied):
        services.vervanging_end(vervanging=vervanging, by=personas.outsider_coordinator)
    assert Vervanging.objects.get().tot == vervanging.tot


def test_a_substitution_that_is_over_cannot_be_ended_again(personas):
    vervanging = _arrange(personas, personas.casemanager, personas.colleague_casemanager, 0, 10)
    Vervanging.objects.filter(pk=vervanging.pk).update(
        van=timezone.localdate() - timedelta(days=10), tot=timezone.localdate() - timedelta(days=2)
    )
    vervanging.refresh_from_db()
    with pytest.raises(ValidationError, match="al voorbij"):
        services.vervanging_end(vervanging=vervanging, by=personas.coordinator)
