"""The coordinator's start page lists this week's MDOs with who has not answered; parents of a
family that cannot be discussed are a problem, not an open answer. The check is made on each
invitation's own agenda item, not by collecting every blocked agenda item of the country
first (issue 16)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casemanagement.services import toestemming_withdraw, traject_close
from mdo import services
from mdo.constants import Antwoord
from mdo.models import Deelnemer
from mdo.selectors import without_answer
from tests.mdo.conftest import traject_with_consent
from tests.mdo.factories import MdoFactory

pytestmark = pytest.mark.django_db

START = reverse("core:start")


@pytest.fixture
def this_week(personas):
    """An MDO in three days: three families with their parents invited (one family closed
    since, one whose parents withdrew their MDO consent), the expert invited, a second expert
    invited and withdrawn, a third who said they come."""
    p = personas
    mdo = MdoFactory(region=p.region, created_by=p.coordinator)
    families = {
        name: traject_with_consent(p, p.casemanager, first_name=name)
        for name in ("Noor", "Sem", "Lotte")
    }
    ouders = {}
    for name, traject in families.items():
        item = services.agendapunt_add(
            mdo=mdo,
            traject=traject,
            by=p.coordinator,
            vraag="?",
            disciplines=["kinderarts"],
            minuten=30,
        )
        ouders[name] = services.deelnemer_invite_ouders(agendapunt=item, by=p.coordinator)
    # The casemanager (invited with the families) said they come.
    services.deelnemer_answer(
        deelnemer=mdo.deelnemers.get(user=p.casemanager), antwoord=Antwoord.KOMT
    )
    services.deelnemer_invite_expert(mdo=mdo, expert=p.expert, by=p.coordinator)
    Deelnemer.objects.create(
        mdo=mdo,
        soort="expert",
        name="Ingetrokken Deskundige",
        email="weg@example.org",
        withdrawn_at=timezone.now(),
    )
    Deelnemer.objects.create(
        mdo=mdo, soort="expert", name="Komt Zeker", email="komt@example.org", antwoord="komt"
    )
    traject_close(
        traject=families["Sem"],
        by=p.casemanager,
        reden="verhuisd",
        doelen_behaald="deels",
        toelichting="",
    )
    lotte = families["Lotte"]
    toestemming_withdraw(
        traject=lotte, toestemming_id=lotte.aanmelding.toestemmingen.get(doel="mdo").pk
    )
    return mdo, ouders


def test_this_weeks_mdo_lists_who_has_not_answered_and_not_the_parents_of_a_blocked_family(
    personas, login, this_week
):
    mdo, ouders = this_week
    response = login(personas.coordinator).get(START)
    [row] = response.context["coordinator"].mdos
    assert row.mdo == mdo
    assert {d.pk for d in row.zonder_antwoord} == {
        ouders["Noor"].pk,
        mdo.deelnemers.get(user=personas.expert).pk,
    }
    assert row.mdo.n_punten == 3


def test_the_overview_names_the_same_people_without_an_answer(personas, login, this_week):
    mdo, ouders = this_week
    response = login(personas.coordinator).get(reverse("mdo:overzicht"))
    [upcoming] = response.context["upcoming"]
    assert {d.pk for d in upcoming.zonder_antwoord} == {
        ouders["Noor"].pk,
        mdo.deelnemers.get(user=personas.expert).pk,
    }
    # The closed family and the one without consent cannot be discussed.
    assert upcoming.n_problemen == 2


def test_an_mdo_of_another_region_is_not_on_the_coordinators_start_page(personas, login, this_week):
    response = login(personas.outsider_coordinator).get(START)
    assert response.context["coordinator"].mdos == []


def test_the_blocked_check_is_made_on_the_invitations_own_agenda_item(personas, this_week):
    mdo, _ouders = this_week
    with CaptureQueriesContext(connection) as ctx:
        list(without_answer(Deelnemer.objects.filter(mdo=mdo)))
    [sql] = [q["sql"] for q in ctx.captured_queries if 'FROM "mdo_deelnemer"' in q["sql"]]
    # Correlated (NOT EXISTS for this invitation's agenda item), not `agendapunt_id NOT IN
    # (every blocked agenda item of every MDO)`.
    assert '"agendapunt_id" IN (SELECT' not in sql
    assert 'NOT (EXISTS(SELECT 1 AS "a" FROM "mdo_agendapunt"' in sql
    assert '."id" = ("mdo_deelnemer"."agendapunt_id")' in sql
