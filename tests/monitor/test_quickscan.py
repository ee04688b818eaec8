"""The yearly quickscan of a gemeente: the official fills it in (kept with its history), it is
pre-filled only from figures the dashboard shows and printed as the dashboard prints them, the
region's coordinator reads it, and everybody else is refused."""

import html as html_lib
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from ivh.netwerk.models import Gemeente
from monitor.dashboard import dashboard
from monitor.figures import Period, region_year
from monitor.models import Quickscan
from monitor.permissions import Scope
from monitor.quickscan import quickscan_save
from tests.accounts.factories import RoleAssignmentFactory
from tests.monitor.test_figures import YEAR, data  # noqa: F401 (the data set fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("data")]
LIST = reverse("monitor:quickscan")

ANSWERS = {
    "doelgroep_known": "deels",
    "doelgroep_count": "400",
    "children_reached": "1.200",  # as people type it: 1200
    "mdo_funding": "ja",
    "mdo_funding_how": "Regionaal, via de centrumgemeente.",
    "wait_insight": "nee",
    "wait_acceptable": "MDO binnen zes weken.",
    "parents_at_mdo_percent": "90%",
    "parent_involvement": "Ouders zijn bij het MDO.",
    "loket": "ja",
    "loket_which": "Het CJG",
    "note": "",
}


def form_url(gemeente, year: int = YEAR) -> str:
    return reverse("monitor:quickscan_form", args=[gemeente.pk, year])


def gemeente_cell(personas, quantity: str, row: str = ""):
    """The gemeente's cell of its protected dashboard of the whole year, as the dashboard
    page shows it."""
    dash = dashboard(Scope(personas.region, (personas.gemeente.pk,)), Period(YEAR, 1, 4))
    for table in dash.tables:
        keys = [c.key for c in table.columns]
        for table_row, cells in table.rows:
            if (table_row.quantity, table_row.row) == (quantity, row):
                return cells[keys.index(personas.gemeente.pk)]
    raise AssertionError(quantity)


def input_value(page: str, name: str) -> str | None:
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    assert tag, name
    value = re.search(r'value="([^"]*)"', tag.group(0))
    return html_lib.unescape(value.group(1)) if value else None


def measured_texts(page: str, section: str) -> list[str]:
    """The printed figures in the "Gemeten door IVH-coördinatie" box of one question."""
    return [
        html_lib.unescape(t)
        for t in re.findall(
            rf'<strong class="quickscan-cijfer" data-cijfer="{section}-\d+">([^<]*)</strong>', page
        )
    ]


# --- filling in -------------------------------------------------------------------------


def test_the_official_fills_in_the_quickscan_and_each_change_is_kept_in_the_history(
    personas, login
):
    client = login(personas.gemeente_official)
    response = client.post(form_url(personas.gemeente), ANSWERS)
    assert response.status_code == 302 and response["Location"] == form_url(personas.gemeente)

    quickscan = Quickscan.objects.get(gemeente=personas.gemeente, year=YEAR)
    assert quickscan.children_reached == 1200
    assert quickscan.parents_at_mdo_percent == 90
    assert quickscan.loket_which == "Het CJG"
    assert quickscan.filled_by == personas.gemeente_official
    first_filled_at = quickscan.filled_at
    events = quickscan.events.order_by("pgh_id")
    assert events.count() == 1
    assert events.get().pgh_context.metadata["user"] == personas.gemeente_official.pk

    # A change: the row is updated (still one), the history has both versions.
    client.post(form_url(personas.gemeente), {**ANSWERS, "children_reached": "95"})
    quickscan.refresh_from_db()
    assert Quickscan.objects.count() == 1
    assert quickscan.children_reached == 95 and quickscan.filled_at == first_filled_at
    assert [e.children_reached for e in events] == [1200, 95]

    page = client.get(form_url(personas.gemeente)).content.decode()
    assert "Dank u wel. De quickscan 2025 van" in page
    # The saved answer stays in the field (not the measured figure), and both are shown.
    assert input_value(page, "children_reached") == "95"
    assert "Uw antwoord" in page
    reached = gemeente_cell(personas, "bereikt")
    assert reached.text in measured_texts(page, "bereik")


def test_the_service_refuses_anyone_but_the_gemeentes_official(personas):
    answers = {k: v for k, v in ANSWERS.items() if k not in ("children_reached", "doelgroep_count")}
    answers |= {"children_reached": 1, "doelgroep_count": 2, "parents_at_mdo_percent": 3}
    delft = Gemeente.objects.get(name="Delft")
    delft_official = RoleAssignmentFactory(gemeente_official=True, gemeente=delft).user
    others = [personas.coordinator, personas.beheerder, personas.casemanager, delft_official]
    for user in others:
        with pytest.raises(PermissionDenied):
            quickscan_save(gemeente=personas.gemeente, year=YEAR, answers=answers, by=user)
    assert not Quickscan.objects.exists()


def test_missing_answers_are_explained_in_plain_dutch_and_what_was_typed_stays(personas, login):
    client = login(personas.gemeente_official)
    typed = {
        **ANSWERS,
        "mdo_funding": "",
        "children_reached": "twaalf",
        "parents_at_mdo_percent": "150",
        "loket_which": "",
        "note": "Dit wil ik niet kwijt.",
    }
    response = client.post(form_url(personas.gemeente), typed)
    assert response.status_code == 200
    page = html_lib.unescape(response.content.decode())
    assert "Kies ja, deels of nee." in page
    assert "Vul een heel getal in, zonder komma. Bijvoorbeeld: 120." in page
    assert "Een percentage is een getal van 0 tot 100." in page
    assert "Schrijf op welk loket dat is." in page
    assert input_value(response.content.decode(), "children_reached") == "twaalf"
    assert "Dit wil ik niet kwijt." in page
    assert not Quickscan.objects.exists()


# --- pre-filled from the measured figures -------------------------------------------------


def test_a_new_quickscan_is_prefilled_with_the_figures_the_dashboard_shows(personas, login):
    reached = gemeente_cell(personas, "bereikt")
    doelgroep = gemeente_cell(personas, "doelgroep")
    assert not reached.suppressed and reached.value  # the data set shows this figure
    page = login(personas.gemeente_official).get(form_url(personas.gemeente)).content.decode()
    assert input_value(page, "children_reached") == f"{reached.value:.0f}"
    assert input_value(page, "doelgroep_count") == f"{doelgroep.value:.0f}"
    assert "Gemeten door IVH-coördinatie:" in page
    assert reached.text in measured_texts(page, "bereik")
    assert doelgroep.text in measured_texts(page, "doelgroep")


def test_a_hidden_figure_does_not_prefill_and_is_printed_as_the_dashboard_prints_it(
    personas, login
):
    share = gemeente_cell(personas, "mdo_ouders_pct")
    with_parents = gemeente_cell(personas, "mdo_ouders")
    # The data set: 6 of the gemeente's children at the MDO, 3 with their parents.
    assert share.suppressed and with_parents.text == "<5"
    raw = region_year(personas.region, YEAR).cube.cells
    assert raw[("mdo_ouders_pct", "", personas.gemeente.pk, Period(YEAR, 1, 4).key)].value == 50

    page = login(personas.gemeente_official).get(form_url(personas.gemeente)).content.decode()
    assert input_value(page, "parents_at_mdo_percent") in (None, "")
    shown = measured_texts(page, "ouders")
    assert "<5" in shown and share.text in shown
    assert "50" not in " ".join(shown)


def test_a_year_without_figures_prefills_only_what_is_known(personas, login):
    # 2024 has no registrations: the count is a true zero, the share unknown.
    page = login(personas.gemeente_official).get(form_url(personas.gemeente, 2024))
    page = page.content.decode()
    assert input_value(page, "children_reached") == "0"
    assert input_value(page, "parents_at_mdo_percent") in (None, "")


# --- who may ------------------------------------------------------------------------------


def test_the_regions_coordinator_reads_the_quickscan_but_cannot_change_it(personas, login):
    login(personas.gemeente_official).post(form_url(personas.gemeente), ANSWERS)
    client = login(personas.coordinator)
    response = client.get(form_url(personas.gemeente))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Alleen lezen" in page and "Het CJG" in page
    assert 'class="quickscan-form"' not in page and 'name="children_reached"' not in page
    assert "Antwoord van de gemeente" in page and "1200" in page

    refused = client.post(form_url(personas.gemeente), {**ANSWERS, "loket_which": "Anders"})
    assert refused.status_code == 403
    assert Quickscan.objects.get().loket_which == "Het CJG"


@pytest.mark.parametrize(
    "persona",
    ["casemanager", "expert", "beheerder", "outsider_coordinator", "outsider_casemanager"],
)
def test_others_can_neither_read_nor_fill_in_the_quickscan(personas, login, persona):
    client = login(getattr(personas, persona))
    assert client.get(form_url(personas.gemeente)).status_code == 403
    assert client.post(form_url(personas.gemeente), ANSWERS).status_code == 403
    assert not Quickscan.objects.exists()


def test_an_official_of_another_gemeente_in_the_region_is_refused(personas, login):
    delft = Gemeente.objects.get(name="Delft")
    delft_official = RoleAssignmentFactory(gemeente_official=True, gemeente=delft).user
    client = login(delft_official)
    assert client.get(form_url(personas.gemeente)).status_code == 403
    assert client.post(form_url(personas.gemeente), ANSWERS).status_code == 403
    assert not Quickscan.objects.exists()
    # Their own gemeente is theirs to fill in.
    assert client.get(form_url(delft)).status_code == 200


@pytest.mark.parametrize("persona", ["casemanager", "expert", "beheerder", "outsider_casemanager"])
def test_the_list_is_refused_to_those_without_a_gemeente_or_region(personas, login, persona):
    assert login(getattr(personas, persona)).get(LIST).status_code == 403


def test_the_list_shows_each_person_their_own_gemeenten(personas, login):
    official = login(personas.gemeente_official).get(LIST).content.decode()
    assert "s-Gravenhage" in official and "Delft" not in official
    assert form_url(personas.gemeente) in official and "Invullen" in official

    coordinator = login(personas.coordinator).get(LIST).content.decode()
    assert "s-Gravenhage" in coordinator and "Delft" in coordinator
    assert "Invullen" not in coordinator and "Bekijken" in coordinator

    outsider = login(personas.outsider_coordinator).get(LIST).content.decode()
    assert "Middelburg" in outsider and "s-Gravenhage" not in outsider


def test_anonymous_visitors_go_to_the_login_page(personas, client):
    for response in (
        client.get(LIST),
        client.get(form_url(personas.gemeente)),
        client.post(form_url(personas.gemeente), ANSWERS),
    ):
        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]
    assert not Quickscan.objects.exists()


def test_a_year_outside_the_monitor_is_not_found(personas, login):
    client = login(personas.gemeente_official)
    assert client.get(form_url(personas.gemeente, 2014)).status_code == 404
    assert client.get(form_url(personas.gemeente, 2999)).status_code == 404


def test_the_dashboard_links_to_the_quickscan(personas, login):
    for persona in ("gemeente_official", "coordinator"):
        page = login(getattr(personas, persona)).get(reverse("monitor:overzicht")).content
        assert f'href="{LIST}"' in page.decode(), persona


def test_the_list_costs_the_same_queries_however_many_gemeenten_and_years(
    personas, login, django_assert_num_queries
):
    client = login(personas.coordinator)
    client.get(LIST)  # warm up the session

    def count() -> None:
        # session, user, TOTP device, static device, role assignments (middleware and
        # permissions); the gemeenten; their quickscans; the session saved (savepoint, update,
        # release)
        with django_assert_num_queries(10):
            assert client.get(LIST).status_code == 200

    count()
    for gemeente in Gemeente.objects.filter(region=personas.region):
        for year in (YEAR - 3, YEAR - 4):
            Quickscan.objects.create(gemeente=gemeente, year=year, filled_by=None)
    count()
