"""Erasure requests (AVG article 17): recorded by a coordinator of the region with a reason,
refused while something holds the dossier, carried out with the same step as the daily job,
leaving the record that it happened and not what was erased."""

from __future__ import annotations

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from bewaring.constants import (
    ACCESS_ACTION_ANONYMISE,
    Aanvrager,
    AfwijsReden,
    BatchSoort,
    RootSoort,
    Uitkomst,
    VerzoekReden,
    VerzoekStatus,
)
from bewaring.models import Bewaarbatch, Verwijderverzoek
from bewaring.services import (
    root_for_reference,
    verwijderverzoek_afwijzen,
    verwijderverzoek_record,
    verwijderverzoek_uitvoeren,
)
from casemanagement.models import Gezin, Kind, Traject
from ivh.audit.models import AccessLogEntry
from monitor.models import AanmeldingFeit, TrajectFeit
from tests.bewaring.conftest import SENTINEL, closed_aanmelding
from tests.bewaring.test_anonymise import tables_containing
from tests.casemanagement.factories import TrajectFactory

pytestmark = pytest.mark.django_db
VERZOEKEN = reverse("bewaring:verzoeken")


def record(personas, root, **kwargs) -> Verwijderverzoek:  # noqa: ANN001, ANN003
    values = {
        "aanvrager": Aanvrager.OUDER,
        "reden": VerzoekReden.TOESTEMMING,
        "ontvangen_op": timezone.localdate(),
        "toelichting": "",
        **kwargs,
    }
    return verwijderverzoek_record(root=root, by=personas.coordinator, **values)


def test_a_coordinator_records_a_request_by_the_childs_number(personas, login, dossier):
    # The open request the dossier was built with is carried out first: one open at a time.
    Verwijderverzoek.objects.update(status=VerzoekStatus.AFGEWEZEN, afwijsreden=AfwijsReden.ANDERS)
    kind = Kind.objects.get(gezin=dossier.gezin)
    response = login(personas.coordinator).post(
        VERZOEKEN,
        {
            "referentie": kind.reference.lower(),
            "aanvrager": Aanvrager.OUDER,
            "ontvangen_op": timezone.localdate().isoformat(),
            "reden": VerzoekReden.BEZWAAR,
            "toelichting": "telefonisch",
        },
    )
    verzoek = Verwijderverzoek.objects.get(status=VerzoekStatus.OPEN)
    assert response.status_code == 302
    assert response.url == reverse("bewaring:verzoek", args=[verzoek.pk])
    assert (verzoek.root_soort, verzoek.gezin, verzoek.region) == (
        RootSoort.GEZIN,
        dossier.gezin,
        personas.region,
    )


def test_a_registration_that_became_a_traject_leads_to_its_family(personas, dossier):
    found = root_for_reference(reference=dossier.aanmelding.reference, by=personas.coordinator)
    assert found == dossier.gezin
    advies = closed_aanmelding(personas)
    assert root_for_reference(reference=advies.reference, by=personas.coordinator) == advies


def test_a_coordinator_of_another_region_cannot_find_or_record_it(personas, login, dossier):
    assert (
        root_for_reference(reference=dossier.gezin.reference, by=personas.outsider_coordinator)
        is None
    )
    response = login(personas.outsider_coordinator).post(
        VERZOEKEN,
        {
            "referentie": dossier.gezin.reference,
            "aanvrager": Aanvrager.OUDER,
            "ontvangen_op": timezone.localdate().isoformat(),
            "reden": VerzoekReden.BEZWAAR,
        },
    )
    assert response.status_code == 400
    assert "Er is geen dossier met nummer" in response.content.decode()
    with pytest.raises(PermissionDenied):
        verwijderverzoek_record(
            root=dossier.gezin,
            by=personas.outsider_coordinator,
            aanvrager=Aanvrager.OUDER,
            reden=VerzoekReden.BEZWAAR,
            ontvangen_op=timezone.localdate(),
        )


def test_a_young_person_may_ask_from_twelve(personas):
    # Registered at five or six, closed then; the child asks years later.
    six_years_ago = timezone.now() - relativedelta(years=6)
    advies = closed_aanmelding(
        personas,
        closed_at=six_years_ago,
        kind_geboortedatum=timezone.localdate() - relativedelta(years=11, months=11),
    )
    with pytest.raises(ValidationError, match="vanaf 12 jaar"):
        record(personas, advies, aanvrager=Aanvrager.JONGERE)
    later = timezone.localdate() - relativedelta(years=12)
    older = closed_aanmelding(personas, closed_at=six_years_ago, kind_geboortedatum=later)
    assert record(personas, older, aanvrager=Aanvrager.JONGERE).aanvrager == Aanvrager.JONGERE


def test_the_request_page_shows_what_holds_an_open_dossier_and_refuses_to_carry_it_out(
    personas, login
):
    traject = TrajectFactory(region=personas.region, casemanager=personas.casemanager)
    verzoek = record(personas, traject.gezin)
    client = login(personas.coordinator)
    page = client.get(reverse("bewaring:verzoek", args=[verzoek.pk])).content.decode()
    assert "De aanmelding of het traject is nog niet afgesloten" in page
    response = client.post(
        reverse("bewaring:verzoek_uitvoeren", args=[verzoek.pk]), {"bevestigd": "on"}
    )
    assert response.status_code == 400
    assert "Dit kan nog niet" in response.content.decode()
    assert Gezin.objects.get(pk=traject.gezin.pk).anonymised_at is None
    assert Verwijderverzoek.objects.get(pk=verzoek.pk).status == VerzoekStatus.OPEN


def test_carrying_out_a_request_anonymises_at_once_and_leaves_only_the_record(
    personas, login, dossier
):
    """The dossier closed today: years within its term, the request erases it now."""
    verzoek = Verwijderverzoek.objects.get(gezin=dossier.gezin)
    client = login(personas.coordinator)
    response = client.post(
        reverse("bewaring:verzoek_uitvoeren", args=[verzoek.pk]), {"bevestigd": "on"}
    )
    assert response.status_code == 302
    verzoek.refresh_from_db()
    batch = verzoek.batch
    assert (verzoek.status, verzoek.afgehandeld_by, verzoek.toelichting) == (
        VerzoekStatus.UITGEVOERD,
        personas.coordinator,
        "",
    )
    assert (batch.soort, batch.dry_run, batch.started_by, batch.region) == (
        BatchSoort.HANDMATIG,
        False,
        personas.coordinator,
        personas.region,
    )
    assert batch.counts[RootSoort.GEZIN] == {Uitkomst.GEANONIMISEERD: 1}
    assert Gezin.objects.get(pk=dossier.gezin.pk).anonymised_at is not None
    # The same guarantees: the facts first, every copy of the words gone, the log records it.
    assert AanmeldingFeit.objects.get(aanmelding_id=dossier.aanmelding.pk).leeftijd == 1
    assert TrajectFeit.objects.filter(traject_id=dossier.traject.pk).exists()
    assert tables_containing(SENTINEL) == {}
    entry = AccessLogEntry.objects.get(action=ACCESS_ACTION_ANONYMISE)
    assert (entry.user, entry.client_ref, entry.query["regel"]) == (
        personas.coordinator,
        dossier.gezin.reference,
        "verzoek",
    )
    # What remains says that, when, by whom, why and in which batch; the page shows it.
    page = client.get(reverse("bewaring:verzoek", args=[verzoek.pk])).content.decode()
    assert "Uitgevoerd" in page or "uitgevoerd" in page
    assert batch.number in page
    assert "De gegevens zijn niet meer nodig".lower() in page.lower()


def test_a_request_the_daily_job_already_did_is_closed_with_its_batch(
    personas, dossier, frozen_clock
):
    from bewaring.services import batch_run
    from tests.bewaring.conftest import years_later

    verzoek = Verwijderverzoek.objects.get(gezin=dossier.gezin)
    frozen_clock(years_later())
    batch = batch_run(dry_run=False)
    verzoek.refresh_from_db()
    assert (verzoek.status, verzoek.batch) == (VerzoekStatus.UITGEVOERD, batch)
    with pytest.raises(ValidationError, match="al afgehandeld"):
        verwijderverzoek_uitvoeren(verzoek=verzoek, by=personas.coordinator)


def test_rejecting_keeps_the_data_and_records_the_reason(personas, login, dossier):
    verzoek = Verwijderverzoek.objects.get(gezin=dossier.gezin)
    response = login(personas.coordinator).post(
        reverse("bewaring:verzoek_afwijzen", args=[verzoek.pk]),
        {"afwijsreden": AfwijsReden.BELANG_ANDER},
    )
    assert response.status_code == 302
    verzoek.refresh_from_db()
    assert (verzoek.status, verzoek.afwijsreden, verzoek.afgehandeld_by) == (
        VerzoekStatus.AFGEWEZEN,
        AfwijsReden.BELANG_ANDER,
        personas.coordinator,
    )
    assert Gezin.objects.get(pk=dossier.gezin.pk).anonymised_at is None
    assert not Bewaarbatch.objects.exists()


def test_only_one_open_request_per_dossier(personas, dossier):
    with pytest.raises(ValidationError, match="al een verzoek"):
        record(personas, dossier.gezin)


# --- who may -----------------------------------------------------------------------------------

PAGES = ["bewaring:kalender", "bewaring:batches", "bewaring:verzoeken"]
REFUSED = ["casemanager", "expert", "gemeente_official", "beheerder"]


@pytest.mark.parametrize("page", PAGES)
def test_the_pages_are_for_coordinators(personas, login, page):
    assert login(personas.coordinator).get(reverse(page)).status_code == 200


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("persona", REFUSED)
def test_other_staff_get_403_on_the_pages(personas, login, page, persona):
    assert login(getattr(personas, persona)).get(reverse(page)).status_code == 403


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_visitors_are_sent_to_the_login(client, db, page):
    response = client.get(reverse(page))
    assert response.status_code == 302 and "/account/" in response.url


def _manual_batch(personas, dossier) -> Bewaarbatch:  # noqa: ANN001
    verzoek = Verwijderverzoek.objects.get(gezin=dossier.gezin)
    return verwijderverzoek_uitvoeren(verzoek=verzoek, by=personas.coordinator).batch


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("bewaring:verzoek", "get"),
        ("bewaring:verzoek_uitvoeren", "post"),
        ("bewaring:verzoek_afwijzen", "post"),
    ],
)
def test_a_request_is_404_for_a_coordinator_of_another_region_and_403_for_other_staff(
    personas, login, dossier, name, method
):
    verzoek = Verwijderverzoek.objects.get(gezin=dossier.gezin)
    url = reverse(name, args=[verzoek.pk])
    data = {"bevestigd": "on", "afwijsreden": AfwijsReden.ANDERS}
    assert getattr(login(personas.outsider_coordinator), method)(url, data).status_code == 404
    for persona in REFUSED:
        response = getattr(login(getattr(personas, persona)), method)(url, data)
        assert response.status_code == 403, persona
    assert Verwijderverzoek.objects.get(pk=verzoek.pk).status == VerzoekStatus.OPEN
    assert Gezin.objects.get(pk=dossier.gezin.pk).anonymised_at is None


def test_a_batch_of_a_region_is_404_for_a_coordinator_of_another_and_403_for_other_staff(
    personas, login, dossier
):
    url = reverse("bewaring:certificaat", args=[_manual_batch(personas, dossier).pk])
    assert login(personas.colleague_coordinator).get(url).status_code == 200
    assert login(personas.outsider_coordinator).get(url).status_code == 404
    for persona in REFUSED:
        assert login(getattr(personas, persona)).get(url).status_code == 403, persona


def test_the_lists_show_nothing_of_another_region(personas, login, dossier):
    _manual_batch(personas, dossier)
    client = login(personas.outsider_coordinator)
    assert dossier.gezin.reference not in client.get(VERZOEKEN).content.decode()
    batches = client.get(reverse("bewaring:batches")).content.decode()
    assert Bewaarbatch.objects.get().number not in batches


def test_a_casemanager_cannot_carry_out_a_request_through_the_service(personas, dossier):
    verzoek = Verwijderverzoek.objects.get(gezin=dossier.gezin)
    with pytest.raises(PermissionDenied):
        verwijderverzoek_uitvoeren(verzoek=verzoek, by=personas.casemanager)
    with pytest.raises(PermissionDenied):
        verwijderverzoek_afwijzen(
            verzoek=verzoek, by=personas.outsider_coordinator, afwijsreden="anders"
        )
    assert Traject.objects.get(pk=dossier.traject.pk).gezin.anonymised_at is None
