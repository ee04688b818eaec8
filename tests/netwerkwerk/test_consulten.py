"""The consult log: quick entry, friendly errors, the list of the own region, and turning a
consult into a registration."""

from datetime import date, timedelta

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from aanmelding.models import Aanmelding
from ivh.audit.models import AccessLogEntry
from netwerkwerk.models import Consult
from tests.aanmelding.factories import AanmeldingFactory

from .factories import ConsultFactory

pytestmark = pytest.mark.django_db

LIST = reverse("netwerkwerk:consulten")


def _quick_entry(personas, **overrides: object) -> dict:
    """What the browser sends when the coordinator only ticks a topic and picks the asker: the
    date, channel, minutes and region come from the form's defaults."""
    return {
        "regio": personas.region.pk,
        "datum": timezone.localdate().isoformat(),
        "kanaal": "telefoon",
        "vraagsteller": "jgz",
        "gemeente": personas.gemeente.pk,
        "onderwerpen": ["spraak_taal", "sociale_kaart"],
        "minuten": "10",
        "notitie": "Vraag over wachttijd logopedie.",
        **overrides,
    }


def test_the_quick_entry_form_has_today_and_ten_minutes_filled_in(personas, login):
    form = login(personas.coordinator).get(LIST).context["form"]
    assert form["datum"].value() == timezone.localdate()
    assert form["minuten"].value() == 10
    assert form["regio"].value() == personas.region.pk
    assert form["regio"].is_hidden  # one region: nothing to choose


def test_quick_entry_saves_a_consult_of_the_coordinators_region(personas, login):
    response = login(personas.coordinator).post(LIST, _quick_entry(personas))
    assert response.status_code == 302
    consult = Consult.objects.get()
    assert consult.region == personas.region
    assert consult.gemeente == personas.gemeente
    assert consult.vraagsteller == "jgz"
    assert consult.onderwerpen == ["spraak_taal", "sociale_kaart"]
    assert consult.minuten == 10
    assert consult.created_by == personas.coordinator
    assert consult.aanmelding is None
    # The history trigger wrote the first version in the same transaction.
    assert consult.events.count() == 1


def test_a_consult_without_topic_or_asker_is_refused_in_dutch_and_keeps_what_was_typed(
    personas, login
):
    data = _quick_entry(personas, onderwerpen=[], vraagsteller="", minuten="0")
    response = login(personas.coordinator).post(LIST, data)
    assert response.status_code == 400
    assert not Consult.objects.exists()
    page = response.content.decode()
    assert "Kies minstens één onderwerp." in page
    assert "Dit veld is verplicht." in page
    assert "Minimaal 1 minuut." in page
    # What was typed is still there.
    assert "Vraag over wachttijd logopedie." in page
    assert response.context["form"]["gemeente"].value() == str(personas.gemeente.pk)


def test_a_note_longer_than_500_characters_is_refused(personas, login):
    response = login(personas.coordinator).post(LIST, _quick_entry(personas, notitie="x" * 501))
    assert response.status_code == 400
    assert "maximaal 500 tekens (nu 501)" in response.content.decode()
    assert "x" * 501 in response.content.decode()
    assert not Consult.objects.exists()


def test_a_gemeente_of_another_region_is_refused(personas, login):
    data = _quick_entry(personas, gemeente=personas.other_gemeente.pk)
    response = login(personas.coordinator).post(LIST, data)
    assert response.status_code == 400
    assert not Consult.objects.exists()


def test_a_coordinator_cannot_log_a_consult_in_another_region(personas, login):
    data = _quick_entry(personas, regio=personas.other_region.pk, gemeente="")
    response = login(personas.coordinator).post(LIST, data)
    assert response.status_code == 400
    assert "Kies een van uw regio" in response.content.decode()
    assert not Consult.objects.exists()


def test_a_consult_in_the_future_is_refused(personas, login):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = login(personas.coordinator).post(LIST, _quick_entry(personas, datum=tomorrow))
    assert response.status_code == 400
    assert "Een consult ligt niet in de toekomst." in response.content.decode()


def test_the_list_shows_only_the_own_region_newest_first(personas, login):
    older = ConsultFactory(
        region=personas.region, created_by=personas.coordinator, datum=date(2026, 1, 5)
    )
    newer = ConsultFactory(
        region=personas.region, created_by=personas.coordinator, datum=date(2026, 2, 5)
    )
    ConsultFactory(region=personas.other_region, created_by=personas.outsider_coordinator)
    page = login(personas.coordinator).get(LIST).context["page"]
    assert list(page.object_list) == [newer, older]


def test_the_list_filters_by_month(personas, login):
    ConsultFactory(region=personas.region, created_by=personas.coordinator, datum=date(2026, 1, 5))
    february = ConsultFactory(
        region=personas.region, created_by=personas.coordinator, datum=date(2026, 2, 5)
    )
    response = login(personas.coordinator).get(LIST, {"maand": "2026-02"})
    assert list(response.context["page"].object_list) == [february]


def test_the_month_filter_offers_only_the_own_regions_months(personas, login):
    ConsultFactory(region=personas.region, created_by=personas.coordinator, datum=date(2026, 1, 5))
    ConsultFactory(
        region=personas.other_region,
        created_by=personas.outsider_coordinator,
        datum=date(2025, 7, 5),
    )
    filters = login(personas.coordinator).get(LIST).context["filters"]
    assert [value for value, _label in filters.fields["maand"].choices] == ["", "2026-01"]


# --- turning a consult into a registration -------------------------------------------------


def _link_url(consult: Consult) -> str:
    return reverse("netwerkwerk:consult_aanmelding", args=[consult.pk])


def test_turning_a_consult_into_a_registration_links_both_ways_and_it_stays_one_consult(
    personas, login
):
    consult = ConsultFactory(region=personas.region, created_by=personas.coordinator)
    aanmelding = AanmeldingFactory(gemeente=personas.gemeente, professional=True)
    client = login(personas.coordinator)
    response = client.post(_link_url(consult), {"referentie": aanmelding.reference.lower()})
    assert response.status_code == 302
    consult.refresh_from_db()
    assert consult.aanmelding == aanmelding
    assert list(aanmelding.consulten.all()) == [consult]
    # Still one consult and one registration: linking adds no row.
    assert Consult.objects.count() == 1
    assert Aanmelding.objects.count() == 1
    # Linking again to the same registration changes nothing.
    client.post(_link_url(consult), {"referentie": aanmelding.reference})
    assert Consult.objects.count() == 1
    # The list shows the link in the consult's row, once.
    rows = list(client.get(LIST).context["page"].object_list)
    assert rows == [consult] and rows[0].aanmelding == aanmelding


def test_the_list_logs_the_registrations_it_shows_and_nothing_when_it_shows_none(personas, login):
    linked = ConsultFactory(region=personas.region, created_by=personas.coordinator)
    ConsultFactory(region=personas.region, created_by=personas.coordinator)
    client = login(personas.coordinator)
    client.get(LIST)
    assert not AccessLogEntry.objects.exists()  # counts only: no client on the page
    aanmelding = AanmeldingFactory(gemeente=personas.gemeente, professional=True)
    linked.aanmelding = aanmelding
    linked.save()
    client.get(LIST)
    entry = AccessLogEntry.objects.get()
    assert entry.client_refs == [aanmelding.reference] and entry.user == personas.coordinator
    assert entry.region_id == personas.region.pk


def test_the_link_page_offers_the_professional_registration_form(personas, login):
    consult = ConsultFactory(region=personas.region, created_by=personas.coordinator)
    response = login(personas.coordinator).get(_link_url(consult))
    assert response.status_code == 200
    assert reverse("aanmelding:aanmelden_professional") in response.content.decode()


def test_an_unknown_reference_is_refused_and_kept_in_the_field(personas, login):
    consult = ConsultFactory(region=personas.region, created_by=personas.coordinator)
    response = login(personas.coordinator).post(_link_url(consult), {"referentie": "A-XXXX-YYYY"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Er is geen aanmelding met referentie A-XXXX-YYYY in uw regio." in page
    assert 'value="A-XXXX-YYYY"' in page
    consult.refresh_from_db()
    assert consult.aanmelding is None


def test_a_registration_of_another_region_cannot_be_linked(personas, login):
    consult = ConsultFactory(region=personas.region, created_by=personas.coordinator)
    elsewhere = AanmeldingFactory(gemeente=personas.other_gemeente)
    response = login(personas.coordinator).post(
        _link_url(consult), {"referentie": elsewhere.reference}
    )
    assert response.status_code == 400
    consult.refresh_from_db()
    assert consult.aanmelding is None


def test_a_registration_without_region_cannot_be_linked(personas, login):
    """Every coordinator sees those (to forward them), but they are not this region's."""
    consult = ConsultFactory(region=personas.region, created_by=personas.coordinator)
    nowhere = AanmeldingFactory(postcode="9999 ZZ")
    response = login(personas.coordinator).post(
        _link_url(consult), {"referentie": nowhere.reference}
    )
    assert response.status_code == 400
    assert "hoort niet bij de regio van dit consult" in response.content.decode()
    consult.refresh_from_db()
    assert consult.aanmelding is None


def test_a_consult_already_linked_is_not_moved_to_another_registration(personas, login):
    first = AanmeldingFactory(gemeente=personas.gemeente)
    second = AanmeldingFactory(gemeente=personas.gemeente)
    consult = ConsultFactory(
        region=personas.region, created_by=personas.coordinator, aanmelding=first
    )
    response = login(personas.coordinator).post(
        _link_url(consult), {"referentie": second.reference}
    )
    assert response.status_code == 400
    assert f"al gekoppeld aan aanmelding {first.reference}" in response.content.decode()
    consult.refresh_from_db()
    assert consult.aanmelding == first


def test_the_intake_include_says_the_registration_came_in_as_a_consult(personas):
    """templates/netwerkwerk/_consult_op_intake.html, for the intake page of a registration."""
    aanmelding = AanmeldingFactory(gemeente=personas.gemeente)
    assert "consult" not in render_to_string(
        "netwerkwerk/_consult_op_intake.html", {"aanmelding": aanmelding}
    )
    ConsultFactory(
        region=personas.region,
        created_by=personas.coordinator,
        aanmelding=aanmelding,
        datum=date(2026, 3, 2),
    )
    html = render_to_string("netwerkwerk/_consult_op_intake.html", {"aanmelding": aanmelding})
    assert "Kwam binnen als consult op 2 maart 2026 (telefoon)." in html
