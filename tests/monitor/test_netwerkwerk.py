"""The coordinator's network work in the monitor: consults by asker and topic, activities by
kind with participants and partners, the stuurgroep's open decisions; checked against counts made
by hand on a small data set, on the page, in the CSV and in the PDF report."""

import io
from datetime import date, datetime, time

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from monitor.figures import REGION, UNKNOWN_GEMEENTE, Period, region_year
from monitor.netwerkwerk import activity_table, consult_table
from monitor.permissions import Scope
from monitor.readmodel import refresh_full
from monitor.tables import Column
from netwerkwerk.models import ActiviteitOrganisatie
from netwerkwerk.services import consult_link_aanmelding
from tests.aanmelding.factories import AanmeldingFactory
from tests.netwerk.factories import GemeenteFactory, OrganisatieFactory
from tests.netwerkwerk.factories import ConsultFactory, NetwerkactiviteitFactory

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year - 1
H1 = Period(YEAR, 1, 2)


@pytest.fixture
def werk(personas):
    """Three consults and three activities in the first half of YEAR, and some that must not
    count (the second half, another region)."""
    region, coordinator = personas.region, personas.coordinator
    delft = GemeenteFactory(name="Delft", cbs_code="GM0503", region=region)
    aanmelding = AanmeldingFactory(
        gemeente=personas.gemeente,
        received_at=timezone.make_aware(datetime.combine(date(YEAR, 1, 12), time(10))),
    )

    def consult(**kwargs):
        kwargs.setdefault("region", region)
        kwargs.setdefault("created_by", coordinator)
        return ConsultFactory(**kwargs)

    linked = consult(
        datum=date(YEAR, 1, 10),
        vraagsteller="ouder",
        gemeente=personas.gemeente,
        onderwerpen=["spraak_taal", "gedrag"],
        minuten=15,
    )
    consult(
        datum=date(YEAR, 2, 3),
        vraagsteller="huisarts",
        gemeente=delft,
        onderwerpen=["sociale_kaart"],
        minuten=10,
    )
    consult(datum=date(YEAR, 3, 5), vraagsteller="ouder", onderwerpen=["procedure"], minuten=5)
    consult(datum=date(YEAR, 7, 1), gemeente=personas.gemeente)  # the second half
    consult(
        datum=date(YEAR, 2, 1),
        region=personas.other_region,
        created_by=personas.outsider_coordinator,
    )
    partner = OrganisatieFactory(name="Kinderopvang Test", regions=[region])

    def activity(soort, datum, deelnemers, organisaties, **kwargs):
        made = NetwerkactiviteitFactory(
            region=kwargs.get("region", region),
            created_by=kwargs.get("by", coordinator),
            soort=soort,
            datum=datum,
            deelnemers=deelnemers,
        )
        for organisatie in organisaties:
            ActiviteitOrganisatie.objects.create(activiteit=made, organisatie=organisatie)
        return made

    activity("training", date(YEAR, 1, 20), 12, [personas.mee, personas.ziekenhuis])
    activity("netwerkbijeenkomst", date(YEAR, 3, 14), 20, [personas.ziekenhuis, partner])
    activity("convenant", date(YEAR, 5, 2), None, [personas.mee])
    activity("training", date(YEAR, 8, 30), 40, [partner])  # the second half
    activity(
        "training",
        date(YEAR, 2, 2),
        9,
        [personas.other_organisatie],
        region=personas.other_region,
        by=personas.outsider_coordinator,
    )
    return {"delft": delft, "aanmelding": aanmelding, "linked": linked}


def _columns(personas, delft):
    return [
        Column(personas.gemeente.pk, "'s-Gravenhage"),
        Column(delft.pk, "Delft"),
        Column(UNKNOWN_GEMEENTE, "onbekend"),
        Column(REGION, "regio"),
    ]


def _figures(table):
    """{(quantity, column key): value} of the cells that are not zero."""
    return {
        (row.quantity, col.key): cell.value
        for row, cells in table.rows
        for col, cell in zip(table.columns, cells, strict=True)
        if cell.value
    }


def test_consults_are_counted_by_asker_and_topic_per_gemeente_as_counted_by_hand(personas, werk):
    delft = werk["delft"]
    table = consult_table(Scope(personas.region, None), H1, _columns(personas, delft))
    haag = personas.gemeente.pk
    assert _figures(table) == {
        ("totaal", haag): 1, ("totaal", delft.pk): 1, ("totaal", UNKNOWN_GEMEENTE): 1,
        ("totaal", REGION): 3,
        ("vraag:ouder", haag): 1, ("vraag:ouder", UNKNOWN_GEMEENTE): 1, ("vraag:ouder", REGION): 2,
        ("vraag:huisarts", delft.pk): 1, ("vraag:huisarts", REGION): 1,
        ("onderwerp:spraak_taal", haag): 1, ("onderwerp:spraak_taal", REGION): 1,
        ("onderwerp:gedrag", haag): 1, ("onderwerp:gedrag", REGION): 1,
        ("onderwerp:sociale_kaart", delft.pk): 1, ("onderwerp:sociale_kaart", REGION): 1,
        ("onderwerp:procedure", UNKNOWN_GEMEENTE): 1, ("onderwerp:procedure", REGION): 1,
        ("minuten", haag): 15, ("minuten", delft.pk): 10, ("minuten", UNKNOWN_GEMEENTE): 5,
        ("minuten", REGION): 30,
    }  # fmt: skip


def test_activities_are_counted_by_kind_with_participants_and_partners_as_counted_by_hand(
    personas, werk
):
    table = activity_table(Scope(personas.region, None), H1)
    by_row = {(row.quantity, row.row): cells[0].value for row, cells in table.rows}
    assert by_row[("activiteiten", "")] == 3
    assert by_row[("activiteiten", "training")] == 1
    assert by_row[("activiteiten", "netwerkbijeenkomst")] == 1
    assert by_row[("activiteiten", "convenant")] == 1
    assert by_row[("activiteiten", "kwaliteitsreview")] == 0
    assert by_row[("deelnemers", "training")] == 12
    assert by_row[("deelnemers", "netwerkbijeenkomst")] == 20
    # MEE, the hospital and the day care: each once, however often they took part.
    assert by_row[("partners", "")] == 3


def test_a_consult_turned_into_a_registration_is_counted_once_in_each_figure(personas, werk):
    scope = Scope(personas.region, None)
    columns = _columns(personas, werk["delft"])
    key = ("aanmeldingen", "", REGION, H1.key)
    refresh_full()
    registrations_before = region_year(personas.region, YEAR).cube.cells[key].value
    consults_before = _figures(consult_table(scope, H1, columns))

    consult_link_aanmelding(
        consult=werk["linked"], aanmelding=werk["aanmelding"], by=personas.coordinator
    )
    refresh_full()

    assert region_year(personas.region, YEAR).cube.cells[key].value == registrations_before == 1
    after = _figures(consult_table(scope, H1, columns))
    assert after.pop(("aanmelding", personas.gemeente.pk)) == 1
    assert after.pop(("aanmelding", REGION)) == 1
    assert after == consults_before


def test_the_gemeente_official_sees_their_gemeente_and_the_region_only(personas, werk, login):
    html = login(personas.gemeente_official).get(
        reverse("monitor:overzicht"), {"soort": "halfjaar", "jaar": YEAR, "helft": 1}
    )
    assert html.status_code == 200
    section = html.content.decode().split('id="netwerkwerk"', 1)[1]
    assert "Advies en consultatie" in section and "Netwerkactiviteiten" in section
    assert "Delft" not in section and "gemeente onbekend" not in section


def test_the_dashboard_csv_and_report_show_the_network_work(personas, werk, login):
    client = login(personas.coordinator)
    params = {"soort": "halfjaar", "jaar": YEAR, "helft": 1}
    html = client.get(reverse("monitor:overzicht"), params).content.decode()
    section = html.split('id="netwerkwerk"', 1)[1]
    assert "Advies en consultatie" in section and "Vraag van: Huisarts" in section
    assert "Training of scholing voor professionals" in section
    csv = client.get(reverse("monitor:csv"), params).content.decode("utf-8-sig")
    assert "Advies en consultatie" in csv and "Partnerorganisaties bereikt (verschillende);3" in csv
    pdf = client.get(reverse("monitor:pdf"), params)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Advies en consultatie" in text and "Netwerkactiviteiten" in text
    assert "Openstaande besluiten van de stuurgroep" in text


def test_a_consult_logged_now_is_in_the_figures_at_once(personas, login):
    """The network work is read fresh: not held back by the cached figures."""
    client = login(personas.coordinator)
    today = timezone.localdate()
    half = 1 if today.month <= 6 else 2
    params = {"soort": "halfjaar", "jaar": today.year, "helft": half}
    refresh_full()
    client.get(reverse("monitor:overzicht"), params)  # fills the cache
    ConsultFactory(region=personas.region, created_by=personas.coordinator, datum=today)
    table = client.get(reverse("monitor:csv"), params).content.decode("utf-8-sig")
    line = next(x for x in table.splitlines() if x.startswith("Consulten;"))
    assert line.endswith(";1")
