"""The traject page shows each deadline of the family with its explanation, and lets the
casemanager or coordinator hold one with a reason; the parents read their own next step and its
date against the norm."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casemanagement import services as cm
from casemanagement.constants import Fase
from casemanagement.tokens import ouderlink_token
from ivh.termijnen.constants import Onderwerp, PauzeReden, Regel
from ivh.termijnen.models import Pauze, Termijn
from ivh.termijnen.services import termijn_start
from ivh.werkkalender.services import calendar_extend
from tests.casemanagement.factories import TrajectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def traject(personas):
    calendar_extend()
    traject = TrajectFactory(
        region=personas.region,
        casemanager=personas.casemanager,
        fase=Fase.MDO,
        received_at=timezone.now() - timedelta(days=10),
    )
    termijn_start(
        subject_kind=Onderwerp.TRAJECT,
        subject_id=traject.pk,
        regel=Regel.MDO,
        region_id=personas.region.pk,
        started_at=traject.received_at,
    )
    return traject


def mdo_clock(traject) -> Termijn:
    return Termijn.objects.get(subject_id=traject.pk, regel=Regel.MDO)


def test_the_traject_page_explains_each_deadline(personas, login, traject):
    page = login(personas.casemanager).get(reverse("casemanagement:traject", args=[traject.pk]))
    content = page.content.decode()
    assert "MDO na aanmelding" in content
    assert "6 weken na" in content and "binnen de norm" in content


def test_the_casemanager_holds_a_deadline_with_a_reason_and_lets_it_run_again(
    personas, login, traject
):
    client = login(personas.casemanager)
    clock = mdo_clock(traject)
    response = client.post(
        reverse("casemanagement:termijn_pauze", args=[traject.pk]),
        {"pauze-termijn": clock.pk, "pauze-reden": PauzeReden.ZIEKENHUIS, "pauze-toelichting": ""},
    )
    assert response.status_code == 302
    clock.refresh_from_db()
    assert clock.due_at is None
    pauze = Pauze.objects.get(termijn=clock)
    assert (pauze.reden, pauze.created_by) == (PauzeReden.ZIEKENHUIS, personas.casemanager)
    page = client.get(reverse("casemanagement:traject", args=[traject.pk])).content.decode()
    assert "staat stil" in page

    response = client.post(
        reverse("casemanagement:termijn_hervat", args=[traject.pk]), {"hervat-termijn": clock.pk}
    )
    assert response.status_code == 302
    clock.refresh_from_db()
    assert clock.due_at is not None and clock.deadline_version == 3


def test_the_coordinator_may_hold_it_too(personas, login, traject):
    client = login(personas.coordinator)
    response = client.post(
        reverse("casemanagement:termijn_pauze", args=[traject.pk]),
        {"pauze-termijn": mdo_clock(traject).pk, "pauze-reden": PauzeReden.OUDERS},
    )
    assert response.status_code == 302 and Pauze.objects.count() == 1


@pytest.mark.parametrize(
    "persona, status",
    [("colleague_casemanager", 404), ("outsider_coordinator", 404), ("expert", 404)],
)
def test_others_cannot_hold_a_familys_deadline(personas, login, traject, persona, status):
    response = login(getattr(personas, persona)).post(
        reverse("casemanagement:termijn_pauze", args=[traject.pk]),
        {"pauze-termijn": mdo_clock(traject).pk, "pauze-reden": PauzeReden.OUDERS},
    )
    assert response.status_code == status
    assert not Pauze.objects.exists()


def test_a_deadline_of_another_family_is_not_held_through_this_page(personas, login, traject):
    other = TrajectFactory(region=personas.region, casemanager=personas.casemanager)
    theirs = termijn_start(
        subject_kind=Onderwerp.TRAJECT,
        subject_id=other.pk,
        regel=Regel.PLAN,
        region_id=personas.region.pk,
        started_at=timezone.now(),
    )
    response = login(personas.casemanager).post(
        reverse("casemanagement:termijn_pauze", args=[traject.pk]),
        {"pauze-termijn": theirs.pk, "pauze-reden": PauzeReden.OUDERS},
        follow=True,
    )
    assert not Pauze.objects.exists()
    assert response.status_code in (200, 400)


def test_the_parents_read_their_next_step_and_its_date(personas, client, traject):
    traject.gezin.ouder_email = "ouders@example.org"
    traject.gezin.save()
    link, _token = cm.ouderlink_create(
        gezin=traject.gezin, by=personas.casemanager, email="ouders@example.org"
    )
    page = client.get(reverse("casemanagement:ouder", args=[ouderlink_token(link)]))
    content = page.content.decode()
    assert "Uw kind wordt besproken in een overleg met deskundigen (het MDO)." in content
    assert "binnen 6 weken na uw aanmelding" in content


def test_the_caseload_shows_the_stored_deadline_and_the_signal_level(personas, login, traject):
    clock = mdo_clock(traject)
    Termijn.objects.filter(pk=clock.pk).update(
        warn_at=timezone.now() - timedelta(days=2), due_at=timezone.now() - timedelta(days=1)
    )
    page = login(personas.casemanager).get(reverse("casemanagement:caseload"))
    row = next(r for r in page.context["rows"] if r.traject.pk == traject.pk)
    assert row.signalen == (("MDO na aanmelding", "over"),)
    assert row.volgende.wat == "MDO na aanmelding"
    assert row.volgende.datum == timezone.localdate() - timedelta(days=2)
    assert "MDO na aanmelding: over de norm" in page.content.decode()


def test_a_step_later_than_agreed_is_not_shown_with_a_date_in_the_past(personas, client, traject):
    Termijn.objects.filter(subject_id=traject.pk, regel=Regel.MDO).update(
        started_at=timezone.now() - timedelta(weeks=10)
    )
    clock = Termijn.objects.get(subject_id=traject.pk, regel=Regel.MDO)
    from ivh.termijnen.services import _reproject  # the same path a changed norm takes

    _reproject([clock], "test", personas.region.pk)
    link, _token = cm.ouderlink_create(
        gezin=traject.gezin, by=personas.casemanager, email="ouders@example.org"
    )
    content = client.get(reverse("casemanagement:ouder", args=[ouderlink_token(link)])).content
    text = content.decode()
    assert "duurt langer dan de afgesproken 6 weken" in text
    assert "Afgesproken is dat dit uiterlijk" not in text
