"""The monitor in English: headings, jump links, row labels, notes and footnotes of the page,
and the headings of the CSV and XLSX exports, are all English for a visitor who chose English,
whoever looked at the same figures in Dutch before (the dashboard is cached), and the other
way round."""

import csv
import html
import io
import re

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from monitor.protect import Shown, Soort, Staat
from tests.monitor.test_figures import YEAR, data  # noqa: F401 (the data set fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("data")]
PAGE = reverse("monitor:overzicht")
CSV, XLSX = reverse("monitor:csv"), reverse("monitor:xlsx")
H1 = {"soort": "halfjaar", "jaar": YEAR, "helft": 1}

ENGLISH = [
    "Registrations per channel",  # a section heading and its jump link
    "Parent or carer",  # a row label from the channel's choices
    "Total",
    "0 and 1 years",  # an age band
    "not filled in",
    "municipality unknown",  # a column
    "&lt;5: fewer than 5 children",  # a footnote
    "provisional figure",
    "First contact after registration: median",  # a wait's row, built from the rule's label
]
DUTCH = [
    "Aanmeldingen per kanaal",
    "Ouder of verzorger",
    "Totaal",
    "0 en 1 jaar",
    "niet ingevuld",
    "gemeente onbekend",
    "minder dan 5 kinderen",
    "voorlopig cijfer",
    "Wachttijden",
    "mediaan",
    "Afgesloten trajecten per reden",
    "Doelen behaald",
]


@pytest.fixture(autouse=True)
def fresh_cache():
    """Cached dashboards of an earlier run could carry the same data version."""
    cache.clear()


def in_language(client: Client, language: str) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def main_text(client: Client) -> str:
    response = client.get(PAGE, H1)
    assert response.status_code == 200
    return response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]


def test_the_monitor_is_english_after_a_dutch_visitor_saw_the_same_figures(personas, login):
    client = login(personas.coordinator)
    dutch = main_text(in_language(client, "nl"))
    assert "Aanmeldingen per kanaal" in dutch and "Ouder of verzorger" in dutch
    english = main_text(in_language(client, "en"))
    for text in ENGLISH:
        assert text in english, text
    for text in DUTCH:
        assert text not in english, text
    # The jump link to the first table names it in English too.
    assert '<a href="#aanmeldingen">Registrations per channel</a>' in english


def test_the_monitor_is_dutch_after_an_english_visitor_saw_the_same_figures(personas, login):
    client = login(personas.coordinator)
    main_text(in_language(client, "en"))
    dutch = main_text(in_language(client, "nl"))
    assert "Aanmeldingen per kanaal" in dutch and "Ouder of verzorger" in dutch
    assert "Registrations per channel" not in dutch and "Parent or carer" not in dutch


def test_the_exports_have_english_headings_after_a_dutch_visitor(personas, login):
    client = login(personas.coordinator)
    main_text(in_language(client, "nl"))
    in_language(client, "en")

    text = client.get(CSV, H1).content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert ["Registrations per channel"] in lines
    assert [
        "Figure",
        "'s-Gravenhage",
        "Delft",
        "municipality unknown",
        "region Haaglanden",
    ] in lines
    assert any(line and line[0] == "Parent or carer" for line in lines)
    for word in DUTCH:
        assert word not in text, word

    workbook = load_workbook(io.BytesIO(client.get(XLSX, H1).content))
    assert workbook.sheetnames[0] == "Notes"
    sheet = workbook["Registrations per channel"]
    assert sheet.cell(1, 1).value == "Registrations per channel"
    assert sheet.cell(4, 1).value == "Figure"
    cells = " ".join(
        str(value)
        for ws in workbook.worksheets
        for row in ws.iter_rows(values_only=True)
        for value in row
        if value is not None
    )
    for word in DUTCH:
        assert html.unescape(word) not in cells, word


def test_a_decimal_figure_is_written_with_the_decimal_mark_of_the_language(personas, login):
    mean = Shown(Soort.MEAN.value, Staat.SHOWN.value, 7.5)
    with translation.override("nl"):
        assert mean.text == "7,5"
    with translation.override("en"):
        assert mean.text == "7.5"
    client = login(personas.coordinator)
    dutch, english = main_text(in_language(client, "nl")), main_text(in_language(client, "en"))

    def prevalence(page: str) -> str:
        return re.search(r"× (1.0)%", page).group(1)

    assert prevalence(dutch) == "1,0" and prevalence(english) == "1.0"
