"""The yearly quality review: every criterion beside its measured figure, adopted with a
judgement for each, actions that become stuurgroep decisions, and who may see and write it."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from kwaliteit.constants import Criterium, ReviewStatus
from kwaliteit.metingen import metingen
from kwaliteit.models import Kwaliteitsreview
from kwaliteit.services import review_adopt, review_begin
from netwerkwerk.constants import ActiviteitSoort, BesluitStatus
from netwerkwerk.models import Besluit, Netwerkactiviteit
from tests.netwerkwerk.factories import ConsultFactory, NetwerkactiviteitFactory

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year - 1
OVERZICHT = reverse("kwaliteit:overzicht")


@pytest.fixture
def review(personas):
    return review_begin(region=personas.region, jaar=YEAR, by=personas.coordinator)


def _post(review, **per_criterium):
    """The page's form: every criterion judged "voldoet" unless given otherwise."""
    data = {"review-samenvatting": "Goed jaar; de wachttijd naar het MDO moet korter."}
    for code in Criterium.values:
        given = per_criterium.get(code, {})
        data[f"{code}-oordeel"] = given.get("oordeel", "voldoet")
        for field in ("toelichting", "actie", "actie_wie", "actie_uiterlijk"):
            data[f"{code}-{field}"] = given.get(field, "")
    return data


def _value(measured, label):
    return next(m.waarde for m in measured if m.label == label)


def test_a_new_review_holds_every_criterion_of_the_info_sheet_once(review):
    assert [b.criterium for b in review.beoordelingen.order_by("pk")] == Criterium.values


def test_a_second_review_for_the_same_year_is_refused_in_plain_dutch(personas, login, review):
    response = login(personas.coordinator).post(
        OVERZICHT, {"regio": personas.region.pk, "jaar": YEAR}
    )
    assert response.status_code == 400
    assert f"Voor {YEAR} is er al een kwaliteitsreview van deze regio." in response.content.decode()
    assert Kwaliteitsreview.objects.count() == 1


def test_the_measured_figures_are_the_monitors_for_the_year(personas, review):
    coordinator = personas.coordinator
    for month in (2, 5):
        ConsultFactory(region=personas.region, created_by=coordinator, datum=date(YEAR, month, 1))
    ConsultFactory(region=personas.region, created_by=coordinator, datum=date(YEAR + 1, 1, 1))
    NetwerkactiviteitFactory(
        region=personas.region, created_by=coordinator, datum=date(YEAR, 4, 1), deelnemers=14
    )
    measured = metingen(personas.region, YEAR)
    assert _value(measured[Criterium.LOKET], "Consulten (vragen zonder aanmelding)") == "2"
    assert _value(measured[Criterium.EXPERTISE], "Trainingen voor professionals") == "1"
    assert _value(measured[Criterium.EXPERTISE], "Deelnemers aan trainingen") == "14"
    assert measured[Criterium.RICHTLIJNEN] == []


def test_adopting_freezes_the_figures_and_turns_actions_into_stuurgroep_decisions(
    personas, login, review
):
    client = login(personas.coordinator)
    deadline = date(YEAR + 1, 6, 1)
    data = _post(
        review,
        wachttijden={
            "oordeel": "deels",
            "toelichting": "Het MDO duurt te lang.",
            "actie": "Een extra MDO per maand plannen",
            "actie_wie": "Coördinator en ziekenhuis",
            "actie_uiterlijk": deadline.isoformat(),
        },
    )
    data["vaststellen"] = "1"
    response = client.post(reverse("kwaliteit:review", args=[review.pk]), data)
    assert response.status_code == 302
    review.refresh_from_db()
    assert (
        review.status == ReviewStatus.VASTGESTELD and review.vastgesteld_by == personas.coordinator
    )
    besluit = Besluit.objects.get()
    assert "Een extra MDO per maand plannen" in besluit.wat
    assert besluit.wie == "Coördinator en ziekenhuis" and besluit.uiterlijk == deadline
    assert besluit.status == BesluitStatus.OPEN and besluit.region == personas.region
    row = review.beoordelingen.get(criterium=Criterium.WACHTTIJDEN)
    assert row.besluit == besluit
    activiteit = Netwerkactiviteit.objects.get(soort=ActiviteitSoort.KWALITEITSREVIEW)
    assert activiteit.region == personas.region
    assert activiteit.uitkomst.startswith("Vastgesteld; 1 actie naar de stuurgroep.")
    # The figures are those of the moment of adopting: a consult logged later does not move them.
    label = "Consulten (vragen zonder aanmelding)"
    frozen = review.beoordelingen.get(criterium=Criterium.LOKET).metingen
    assert [label, "0"] in frozen
    ConsultFactory(region=personas.region, created_by=personas.coordinator, datum=date(YEAR, 3, 3))
    assert _value(metingen(personas.region, YEAR)[Criterium.LOKET], label) == "1"
    assert review.beoordelingen.get(criterium=Criterium.LOKET).metingen == frozen
    page = client.get(reverse("kwaliteit:review", args=[review.pk])).content.decode()
    assert label in page
    # An adopted review does not change any more.
    again = client.post(reverse("kwaliteit:review", args=[review.pk]), data)
    assert again.status_code == 403


def test_a_review_without_a_judgement_or_without_an_action_is_not_adopted(personas, login, review):
    client = login(personas.coordinator)
    url = reverse("kwaliteit:review", args=[review.pk])
    data = _post(review, regie={"oordeel": ""}, partners={"oordeel": "voldoet_niet"})
    data["vaststellen"] = "1"
    html = client.post(url, data).content.decode()
    assert "Geef eerst bij elk criterium een oordeel." in html
    data["regie-oordeel"] = "voldoet"
    html = client.post(url, data).content.decode()
    assert "Schrijf een actie bij elk criterium waar de regio nog niet aan voldoet." in html
    review.refresh_from_db()
    assert review.status == ReviewStatus.CONCEPT and not Besluit.objects.exists()
    # What was typed is kept: the judgements are saved as a concept.
    assert review.beoordelingen.get(criterium=Criterium.PARTNERS).oordeel == "voldoet_niet"


@pytest.mark.parametrize("persona", ["casemanager", "expert", "beheerder", "outsider_casemanager"])
def test_other_staff_are_refused(personas, login, review, persona):
    client = login(getattr(personas, persona))
    assert client.get(OVERZICHT).status_code == 403
    assert client.get(reverse("kwaliteit:review", args=[review.pk])).status_code == 403


def test_a_coordinator_of_another_region_does_not_find_the_review(personas, login, review):
    client = login(personas.outsider_coordinator)
    assert client.get(reverse("kwaliteit:review", args=[review.pk])).status_code == 404
    html = client.get(OVERZICHT).content.decode()
    assert "Er is nog geen kwaliteitsreview." in html and "Haaglanden" not in html


def test_the_official_reads_an_adopted_review_but_not_a_concept_and_cannot_write(
    personas, login, review
):
    client = login(personas.gemeente_official)
    url = reverse("kwaliteit:review", args=[review.pk])
    assert client.get(url).status_code == 404
    for row in review.beoordelingen.all():
        row.oordeel = "voldoet"
        row.save()
    review_adopt(review=review, by=personas.coordinator)
    assert client.get(url).status_code == 200
    assert client.post(url, _post(review)).status_code == 403
    assert (
        client.post(OVERZICHT, {"regio": personas.region.pk, "jaar": YEAR - 1}).status_code == 403
    )
