"""The MDO waiting list reads each family's stored MDO deadline; a plan made from MDO advice
is evaluated by the region's evaluation norm."""

from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from casemanagement.models import Traject
from casemanagement.services import plan_current
from ivh.termijnen.constants import Onderwerp, Regel
from ivh.termijnen.models import Termijn
from ivh.termijnen.sync import termijnen_sync as sync
from mdo import services
from mdo.models import Adviesactie, Agendapunt
from tests.mdo.conftest import traject_with_consent
from tests.support.norms import set_norm, weeks_ago

pytestmark = pytest.mark.django_db

OVERZICHT = reverse("mdo:overzicht")


def _waiting(personas, name: str, received_weeks_ago: int) -> Traject:  # noqa: ANN001
    traject = traject_with_consent(personas, personas.casemanager, first_name=name)
    Traject.objects.filter(pk=traject.pk).update(received_at=weeks_ago(received_weeks_ago))
    return traject


def _nl(day) -> str:  # noqa: ANN001
    with translation.override("nl"):
        return date_format(day, "j M Y")


def _row(content: str, traject: Traject) -> str:
    return content.split(traject.gezin.reference, 1)[1].split("</tr>", 1)[0]


def test_the_waiting_list_marks_a_family_past_its_mdo_deadline_and_shows_the_day(personas, login):
    # Four weeks: five weeks' wait is over it here, and would not be against the default six.
    set_norm(personas.region, Regel.MDO, 4, by=personas.coordinator)
    late = _waiting(personas, "Sem", 5)
    recent = _waiting(personas, "Lina", 2)
    sync()
    content = login(personas.coordinator).get(OVERZICHT).content.decode()
    termijn = Termijn.objects.get(
        subject_kind=Onderwerp.TRAJECT, subject_id=late.pk, regel=Regel.MDO
    )
    assert termijn.norm.amount == 4
    assert "boven de norm" in _row(content, late)
    assert f"MDO uiterlijk {_nl(termijn.last_day)}" in _row(content, late)
    assert "boven de norm" not in _row(content, recent)
    assert "MDO uiterlijk" in _row(content, recent)


def test_a_family_whose_mdo_deadline_has_not_started_is_listed_without_a_verdict(personas, login):
    waiting = _waiting(personas, "Sem", 12)
    content = login(personas.coordinator).get(OVERZICHT).content.decode()
    assert "84 dagen" in _row(content, waiting)
    assert "boven de norm" not in content and "MDO uiterlijk" not in content


def _page_queries(client) -> int:  # noqa: ANN001
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(OVERZICHT).status_code == 200
    return len(captured)


def test_the_waiting_list_reads_the_deadlines_in_one_query(personas, login):
    client = login(personas.coordinator)
    _waiting(personas, "Sem", 5)
    sync()
    client.get(OVERZICHT)
    few = _page_queries(client)
    for name in ("Lina", "Daan", "Noor"):
        _waiting(personas, name, 3)
    sync()
    assert _page_queries(client) == few


# --- evaluation of a plan made from MDO advice --------------------------------------------


def test_a_first_plan_from_mdo_advice_is_evaluated_by_the_regions_norm(personas, mdo, traject):
    set_norm(personas.region, Regel.EVALUATIE, 3, by=personas.coordinator)
    punt = Agendapunt.objects.create(mdo=mdo, traject=traject, vraag="Hoe verder?")
    actie = Adviesactie.objects.create(
        agendapunt=punt, wat="Gehoortest", proposed_by=personas.expert
    )
    services.adviesactie_accept(actie=actie, by=personas.casemanager)
    versie = plan_current(traject.gezin)
    assert versie.evaluatie_datum == timezone.localdate() + relativedelta(months=3)
    assert versie.evaluatie_datum != timezone.localdate() + timedelta(days=round(6 * 30.44))
