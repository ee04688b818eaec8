"""Two things on the traject's pages as a person reads them: the plan comparison shows an action's
changed date, status and "who" as words and dates like the rest of the page (not "2026-10-01" or
"bezig"); and the heading over the contacts one may still correct appears only above contacts,
never above an empty list (a substitute, the coordinator, or the author after the time is up)."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casemanagement import services
from casemanagement.models import Contactmoment
from tests.casemanagement.factories import TrajectFactory

pytestmark = pytest.mark.django_db

HEADING = "Contacten die u nog kunt corrigeren"


@pytest.fixture
def traject(personas):  # noqa: ANN001, ANN201
    return TrajectFactory(
        region=personas.region, casemanager=personas.casemanager, kind__first_name="Noor"
    )


def _actie(**changes: str) -> dict:
    return {
        "wat": "Logopedie",
        "wie": "organisatie",
        "organisatie_id": None,
        "organisatie_naam": "Logopedie X",
        "wanneer": "2026-10-01",
        "status": "open",
        **changes,
    }


def _plan(traject, by, acties: list[dict]):  # noqa: ANN001, ANN202
    return services.plan_save_version(
        traject=traject,
        by=by,
        gezinsvraag="Hoe helpen we Noor praten?",
        doelen=[{"domein": "spraak_taal", "omschrijving": "Noor zegt 20 woordjes"}],
        acties=acties,
        evaluatie_datum=timezone.localdate() + timedelta(days=180),
        wijziging="",
    )


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_a_changed_action_shows_its_dates_status_and_who_in_words(personas, login, traject):
    _plan(
        traject,
        personas.casemanager,
        [_actie(), _actie(wat="Oudercursus", wie="ouders", organisatie_naam="")],
    )
    _plan(
        traject,
        personas.casemanager,
        [
            _actie(wanneer="2026-12-15", status="bezig"),
            _actie(wat="Oudercursus", wie="casemanager", organisatie_naam="", wanneer=""),
        ],
    )
    page = login(personas.casemanager).get(
        reverse("casemanagement:plan_compare", args=[traject.pk])
    )
    text = _text(page.content.decode())
    assert "uiterlijk 1 Okt 2026 → 15 Dec 2026" in text
    assert "status Nog niet begonnen → Bezig" in text
    assert "uiterlijk 1 Okt 2026 → –" in text  # the date taken away
    assert "De ouders zelf → De casemanager" in text
    assert "2026-10-01" not in text and "2026-12-15" not in text
    assert "open → bezig" not in text


def _contact(traject, by, **fields):  # noqa: ANN001, ANN202
    return services.contact_log(
        traject=traject,
        by=by,
        datum=timezone.localdate(),
        soort="telefonisch",
        minuten=10,
        notitie="kort",
        **fields,
    )


def _traject_page(client, traject) -> str:  # noqa: ANN001
    response = client.get(reverse("casemanagement:traject", args=[traject.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_author_sees_the_heading_over_the_contacts_they_may_still_correct(
    personas, login, traject
):
    contact = _contact(traject, personas.casemanager)
    content = _traject_page(login(personas.casemanager), traject)
    assert HEADING in content
    edit = reverse("casemanagement:contact_edit", args=[traject.pk, contact.pk])
    assert content.count(f'href="{edit}"') == 1


def test_a_substitute_sees_no_heading_over_an_empty_list(personas, login, traject):
    _contact(traject, personas.casemanager)
    today = timezone.localdate()
    services.vervanging_create(
        afwezige=personas.casemanager,
        vervanger=personas.colleague_casemanager,
        region_id=personas.region.pk,
        van=today,
        tot=today + timedelta(days=7),
        reden="Verlof",
        by=personas.coordinator,
    )
    content = _traject_page(login(personas.colleague_casemanager), traject)
    assert "U vervangt de casemanager" in content
    assert HEADING not in content


def test_the_coordinator_sees_no_heading_over_an_empty_list(personas, login, traject):
    _contact(traject, personas.casemanager)
    content = _traject_page(login(personas.coordinator), traject)
    assert HEADING not in content


def test_the_author_sees_no_heading_once_the_time_to_correct_is_over(
    personas, login, traject, settings
):
    contact = _contact(traject, personas.casemanager)
    Contactmoment.objects.filter(pk=contact.pk).update(
        created_at=timezone.now() - timedelta(hours=settings.IVH_CONTACT_EDIT_HOURS + 1)
    )
    content = _traject_page(login(personas.casemanager), traject)
    assert HEADING not in content
