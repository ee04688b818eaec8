"""Network activities: the list of the own region, adding and changing one."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from netwerkwerk.models import ActiviteitOrganisatie, Netwerkactiviteit

from .factories import NetwerkactiviteitFactory

pytestmark = pytest.mark.django_db

LIST = reverse("netwerkwerk:activiteiten")
NEW = reverse("netwerkwerk:activiteit_nieuw")


def _data(personas, **overrides: object) -> dict:
    return {
        "regio": personas.region.pk,
        "datum": timezone.localdate().isoformat(),
        "soort": "training",
        "titel": "Signaleren bij peuters",
        "deelnemers": "24",
        "organisaties": [personas.mee.pk, personas.ziekenhuis.pk],
        "uitkomst": "Afspraken over terugkoppeling.",
        **overrides,
    }


def test_adding_an_activity_saves_it_with_its_organisations(personas, login):
    response = login(personas.coordinator).post(NEW, _data(personas))
    assert response.status_code == 302
    activiteit = Netwerkactiviteit.objects.get()
    assert activiteit.region == personas.region
    assert activiteit.deelnemers == 24
    assert set(activiteit.organisaties.all()) == {personas.mee, personas.ziekenhuis}
    assert activiteit.created_by == personas.coordinator


def test_an_activity_without_kind_or_title_is_refused_in_dutch_and_keeps_what_was_typed(
    personas, login
):
    response = login(personas.coordinator).post(NEW, _data(personas, soort="", titel=""))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Dit veld is verplicht." in page
    assert "Afspraken over terugkoppeling." in page
    assert response.context["form"]["deelnemers"].value() == "24"
    assert not Netwerkactiviteit.objects.exists()


def test_an_organisation_of_another_region_cannot_be_involved(personas, login):
    data = _data(personas, organisaties=[personas.other_organisatie.pk])
    response = login(personas.coordinator).post(NEW, data)
    assert response.status_code == 400
    assert not Netwerkactiviteit.objects.exists()


def test_changing_an_activity_replaces_its_organisations_and_keeps_history(personas, login):
    activiteit = NetwerkactiviteitFactory(region=personas.region, created_by=personas.coordinator)
    ActiviteitOrganisatie.objects.create(activiteit=activiteit, organisatie=personas.mee)
    url = reverse("netwerkwerk:activiteit_bewerken", args=[activiteit.pk])
    data = _data(personas, titel="Nieuwe titel", organisaties=[personas.ziekenhuis.pk])
    response = login(personas.colleague_coordinator).post(url, data)
    assert response.status_code == 302
    activiteit.refresh_from_db()
    assert activiteit.titel == "Nieuwe titel"
    assert list(activiteit.organisaties.all()) == [personas.ziekenhuis]
    assert activiteit.events.count() == 2  # created, changed
    # The removal of MEE is in the history of the through table.
    assert ActiviteitOrganisatie.pgh_event_model.objects.filter(
        pgh_label="delete", organisatie=personas.mee
    ).exists()


def test_the_edit_form_shows_the_saved_values(personas, login):
    activiteit = NetwerkactiviteitFactory(
        region=personas.region, created_by=personas.coordinator, titel="Review", deelnemers=5
    )
    url = reverse("netwerkwerk:activiteit_bewerken", args=[activiteit.pk])
    form = login(personas.coordinator).get(url).context["form"]
    assert form["titel"].value() == "Review"
    assert form["deelnemers"].value() == 5


def test_the_list_shows_only_the_own_region_newest_first(personas, login):
    older = NetwerkactiviteitFactory(
        region=personas.region, created_by=personas.coordinator, datum=date(2026, 1, 5)
    )
    newer = NetwerkactiviteitFactory(
        region=personas.region, created_by=personas.coordinator, datum=date(2026, 3, 5)
    )
    NetwerkactiviteitFactory(region=personas.other_region, created_by=personas.outsider_coordinator)
    page = login(personas.coordinator).get(LIST).context["page"]
    assert list(page.object_list) == [newer, older]
