"""The inbox, the intake page and the receipt read the registration's stored first-contact
deadline (and the region's current norm), never a norm counted in Python from the region."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from aanmelding.constants import Status
from aanmelding.models import Aanmelding
from aanmelding.selectors import wachttijden_eerste_contact
from ivh.termijnen.constants import Onderwerp, Regel
from ivh.termijnen.models import Termijn
from ivh.termijnen.sync import termijnen_sync as sync
from tests.aanmelding.factories import AanmeldingFactory
from tests.support.norms import set_norm, workdays_ago

pytestmark = pytest.mark.django_db

INBOX = reverse("aanmelding:inbox")


def _row(content: str, reference: str) -> str:
    """The inbox row (or the intake page's heading) that names this registration."""
    return content.split(reference, 1)[1].split("</tr>", 1)[0]


def test_the_inbox_marks_a_registration_past_its_deadline_late_and_one_within_it_not(
    personas, login
):
    # Three working days: four days' wait is late here, and would not be against the default.
    set_norm(personas.region, Regel.EERSTE_CONTACT, 3, by=personas.coordinator)
    late = AanmeldingFactory(gemeente=personas.gemeente, received_at=workdays_ago(4))
    on_time = AanmeldingFactory(gemeente=personas.gemeente, received_at=workdays_ago(1))
    sync()
    content = login(personas.coordinator).get(INBOX).content.decode()
    assert "4 van 3 werkdagen – te laat" in _row(content, late.reference)
    assert "1 van 3 werkdagen" in _row(content, on_time.reference)
    assert "te laat" not in _row(content, on_time.reference)
    assert "bijna" not in _row(content, on_time.reference)


def test_a_first_contact_made_after_the_deadline_stays_marked_late(personas, login):
    set_norm(personas.region, Regel.EERSTE_CONTACT, 3, by=personas.coordinator)
    late = AanmeldingFactory(
        gemeente=personas.gemeente,
        received_at=workdays_ago(6),
        gecontacteerd=True,
        first_contact_at=workdays_ago(1),  # the fifth working day: past the third
    )
    in_time = AanmeldingFactory(
        gemeente=personas.gemeente,
        received_at=workdays_ago(6),
        gecontacteerd=True,
        first_contact_at=workdays_ago(4),  # the second working day
    )
    sync()
    assert Termijn.objects.filter(stopped_at__isnull=False).count() == 2
    content = login(personas.coordinator).get(INBOX).content.decode()
    assert "5 van 3 werkdagen – te laat" in _row(content, late.reference)
    assert "(contact gehad)" in _row(content, late.reference)
    assert "2 van 3 werkdagen" in _row(content, in_time.reference)
    assert "te laat" not in _row(content, in_time.reference)


def test_a_registration_without_a_deadline_shows_its_wait_without_a_verdict(personas, login):
    set_norm(personas.region, Regel.EERSTE_CONTACT, 3, by=personas.coordinator)
    # Not started yet (recorded outside the services; the next sync starts it).
    waiting = AanmeldingFactory(gemeente=personas.gemeente, received_at=workdays_ago(8))
    # No region: no norm of a region applies, the DESIGN default is shown.
    lost = AanmeldingFactory(gemeente=None, postcode="9999 ZZ", received_at=workdays_ago(8))
    content = login(personas.coordinator).get(INBOX).content.decode()
    assert "8 van 3 werkdagen" in _row(content, waiting.reference)
    assert "8 van 5 werkdagen" in _row(content, lost.reference)
    assert "te laat" not in content


def test_the_intake_page_shows_the_stored_verdict(personas, login):
    set_norm(personas.region, Regel.EERSTE_CONTACT, 3, by=personas.coordinator)
    late = AanmeldingFactory(gemeente=personas.gemeente, received_at=workdays_ago(4))
    sync()
    content = (
        login(personas.coordinator)
        .get(reverse("casemanagement:intake", args=[late.pk]))
        .content.decode()
    )
    assert "4 van 3 werkdagen – te laat" in content


def test_the_waits_of_a_page_of_registrations_cost_one_query(personas, django_assert_num_queries):
    AanmeldingFactory.create_batch(
        12, gemeente=personas.gemeente, received_at=timezone.now() - timedelta(days=9)
    )
    sync()
    rows = list(Aanmelding.objects.all())
    # Their deadlines with their norms (one query, a join); no query per row.
    with django_assert_num_queries(1):
        waits = wachttijden_eerste_contact(rows)
    assert len(waits) == 12 and all(w is not None and w.over_norm for w in waits.values())


def test_a_duplicate_has_no_wait_of_its_own(personas):
    original = AanmeldingFactory(gemeente=personas.gemeente)
    duplicate = AanmeldingFactory(
        gemeente=personas.gemeente,
        status=Status.DUBBEL,
        duplicate_of=original,
        closed_at=timezone.now(),
    )
    sync()
    waits = wachttijden_eerste_contact([original, duplicate])
    assert waits[duplicate.pk] is None and waits[original.pk] is not None


# --- the receipt ---------------------------------------------------------------------------


def _nl(day) -> str:  # noqa: ANN001
    with translation.override("nl"):
        return date_format(day, "l j F")


def test_the_receipt_promises_the_routed_regions_norm_and_its_deadline_day(
    client, personas, form_data
):
    set_norm(personas.region, Regel.EERSTE_CONTACT, 3, by=personas.coordinator)
    response = client.post(reverse("aanmelding:aanmelden"), form_data())
    aanmelding = Aanmelding.objects.get()
    assert aanmelding.region == personas.region
    receipt = client.get(response.url).content.decode()
    termijn = Termijn.objects.get(
        subject_kind=Onderwerp.AANMELDING, subject_id=aanmelding.pk, regel=Regel.EERSTE_CONTACT
    )
    assert "binnen 3 werkdagen contact met u op" in receipt
    assert f"Dat is uiterlijk op {_nl(termijn.last_day)}" in receipt


def test_the_receipt_uses_the_regions_norm_before_a_deadline_exists(client, personas, form_data):
    set_norm(personas.region, Regel.EERSTE_CONTACT, 2, by=personas.coordinator)
    response = client.post(reverse("aanmelding:aanmelden"), form_data())
    Termijn.objects.all().delete()  # as if recorded before the deadlines existed
    receipt = client.get(response.url).content.decode()
    assert "binnen 2 werkdagen contact met u op" in receipt
    assert "Dat is uiterlijk op" in receipt


def test_the_receipt_without_a_region_promises_no_days(client, personas, form_data):
    response = client.post(reverse("aanmelding:aanmelden"), form_data(postcode="9999 ZZ"))
    receipt = client.get(response.url).content.decode()
    assert "Uw postcode hoort niet bij een van onze regio's" in receipt
    assert "werkdagen contact" not in receipt
