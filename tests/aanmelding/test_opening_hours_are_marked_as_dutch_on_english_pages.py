"""The aanmeldpunt's opening hours are text the region typed, in Dutch ("ma–vr 9.00–17.00 uur").
gettext cannot translate it; on an English page it is at least marked as Dutch, so a screen
reader reads it out as Dutch, and the Dutch page has no such mark."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

HOURS = "ma–vr 9.00–17.00 uur"


@pytest.fixture
def region(personas):
    personas.region.aanmeldpunt_bereikbaar = HOURS
    personas.region.save(update_fields=["aanmeldpunt_bereikbaar"])
    return personas.region


def page(client, url: str, language: str, **params) -> str:  # noqa: ANN001
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(("language", "marked"), [("en", True), ("nl", False)])
def test_the_postcode_finder_marks_the_opening_hours_dutch_on_an_english_page(
    client, region, language, marked
):
    html = page(client, reverse("aanmelding:postcode"), language, postcode="2511 AB")
    assert HOURS in html
    assert bool(re.search(rf'lang="nl">{HOURS}<', html)) is marked


@pytest.mark.parametrize(("language", "marked"), [("en", True), ("nl", False)])
def test_the_receipt_marks_the_opening_hours_dutch_on_an_english_page(
    client, region, form_data, language, marked
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    assert client.post(reverse("aanmelding:aanmelden"), form_data()).status_code == 302
    html = page(client, reverse("aanmelding:ontvangen"), language)
    assert HOURS in html
    assert bool(re.search(rf'lang="nl">{HOURS}<', html)) is marked
