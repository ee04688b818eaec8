"""A birth date outside 0–7 years is refused with a way to go instead. On the professional's form
that way is told to the professional, about the parents' child ("Gaat het kind naar school?");
the parent's form keeps speaking to the parent ("Gaat uw kind naar school?")."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from aanmelding.models import Aanmelding

pytestmark = pytest.mark.django_db

URL = reverse("aanmelding:aanmelden")
PRO_URL = reverse("aanmelding:aanmelden_professional")
PROFESSIONAL = {
    "verwijzer_soort": "jgz",
    "verwijzer_name": "Anna Jansen",
    "verwijzer_organisatie": "Consultatiebureau Centrum",
    "verwijzer_email": "jgz@example.org",
    "ouders_op_de_hoogte": "on",
}
# A parent's words: "uw kind", "uw gemeente", "kunt u terecht", "Verwacht u een kindje?".
TO_A_PARENT = re.compile(r"\buw (kind|gemeente|verloskundige)\b|kunt u terecht|Verwacht u")


def seven_years_ago() -> date:
    today = date.today()
    if (today.month, today.day) == (2, 29):
        return date(today.year - 7, 2, 28)
    return date(today.year - 7, today.month, today.day)


def error_of(client, url: str, form_data, born: date, **extra: str) -> str:  # noqa: ANN001
    response = client.post(url, form_data(kind_geboortedatum=born.isoformat(), **extra))
    assert response.status_code == 200  # the form again, with the error
    assert not Aanmelding.objects.exists()
    match = re.search(
        r'id="error_1_id_kind_geboortedatum"[^>]*>\s*(?:<strong>)?(.*?)(?:</strong>)?\s*</',
        response.content.decode(),
        re.S,
    )
    assert match, "no error under the birth date"
    return " ".join(match.group(1).split())


def test_a_professional_registering_a_child_of_seven_is_told_where_the_parents_can_go(
    client, personas, form_data
):
    error = error_of(client, PRO_URL, form_data, seven_years_ago(), **PROFESSIONAL)
    assert error.startswith("Integrale Vroeghulp is er voor kinderen tot 7 jaar.")
    assert "kunnen de ouders terecht bij het wijkteam" in error
    assert "Gaat het kind naar school?" in error
    assert TO_A_PARENT.search(error) is None, error


def test_a_parent_registering_a_child_of_seven_keeps_the_parents_words(client, personas, form_data):
    error = error_of(client, URL, form_data, seven_years_ago())
    assert "Gaat uw kind naar school?" in error
    assert "Gaat het kind naar school?" not in error


def test_a_birth_date_in_the_future_is_explained_to_each_in_their_own_words(
    client, personas, form_data
):
    tomorrow = date.today() + timedelta(days=1)
    professional = error_of(client, PRO_URL, form_data, tomorrow, **PROFESSIONAL)
    assert "Kijk de geboortedatum van het kind nog eens na." in professional
    assert TO_A_PARENT.search(professional) is None, professional
    parent = error_of(client, URL, form_data, tomorrow)
    assert "Verwacht u een kindje?" in parent
