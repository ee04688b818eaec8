"""Issue 9, item 2: a form sent again after Back shows the first receipt; the inbox flags a
likely duplicate; intake closes it as "dubbele aanmelding" into the earlier one, which alone is
counted."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from aanmelding.constants import Status
from aanmelding.models import Aanmelding
from aanmelding.selectors import wachttijd_eerste_contact
from tests.aanmelding.factories import AanmeldingFactory

pytestmark = pytest.mark.django_db

URL = reverse("aanmelding:aanmelden")
INBOX = reverse("aanmelding:inbox")


def _dubbel_url(aanmelding: Aanmelding) -> str:
    return reverse("aanmelding:intake_dubbel", args=[aanmelding.pk])


def _intake_url(aanmelding: Aanmelding) -> str:
    return reverse("casemanagement:intake", args=[aanmelding.pk])


# --- Back and send again --------------------------------------------------------------------


def test_back_and_send_again_shows_the_first_receipt_and_saves_nothing_new(
    client, personas, form_data
):
    data = form_data()
    first = client.post(URL, data)
    assert first.status_code == 302
    reference = Aanmelding.objects.get().reference
    # Back: the browser fetches the form afresh (new token, start time of a second ago) and
    # fills in what was typed; the parent clicks "Versturen" at once.
    fresh = client.get(URL).context["form"].initial
    again = client.post(
        URL,
        {**data, "submission_token": fresh["submission_token"], "started": fresh["started"]},
        follow=True,
    )
    content = again.content.decode()
    assert again.redirect_chain[-1][0] == reverse("aanmelding:ontvangen")
    assert reference in content
    assert "U had dit formulier al verstuurd" in content
    assert "Het formulier is niet verstuurd" not in content
    assert Aanmelding.objects.count() == 1


def test_another_child_from_the_same_browser_is_a_new_registration(client, personas, form_data):
    assert client.post(URL, form_data()).status_code == 302
    assert client.post(URL, form_data(kind_first_name="Sem")).status_code == 302
    assert Aanmelding.objects.count() == 2


def test_the_same_child_from_another_browser_is_saved_and_flagged_in_the_inbox(
    client, personas, form_data, login
):
    assert client.post(URL, form_data()).status_code == 302
    other_browser = client.__class__()
    assert other_browser.post(URL, form_data()).status_code == 302
    first, second = Aanmelding.objects.order_by("received_at", "pk")
    content = login(personas.coordinator).get(INBOX).content.decode()
    assert content.count("Mogelijk dubbel") == 2  # each row links to the other
    assert _intake_url(first) in content and _intake_url(second) in content


# --- The inbox flag ---------------------------------------------------------------------------


@pytest.fixture
def noor(personas):
    return AanmeldingFactory(
        gemeente=personas.gemeente,
        kind_first_name="Noor",
        postcode="2511 AB",
        ouder_email="fatima@example.org",
        ouder_telefoon="06 12345678",
        received_at=timezone.now() - timedelta(days=20),
    )


def _flags(client, aanmelding: Aanmelding) -> list[Aanmelding]:
    rows = client.get(INBOX, {"status": "alle"}).context["rows"]
    return next(row[3] for row in rows if row[0] == aanmelding)


@pytest.mark.parametrize(
    "same_family",
    [
        {"postcode": "2511AB", "ouder_email": "x@example.org", "ouder_telefoon": "070 1234567"},
        {"postcode": "2595 XX", "ouder_email": "Fatima@Example.org", "ouder_telefoon": ""},
        {"postcode": "2595 XX", "ouder_email": "", "ouder_telefoon": "+31 6 1234 5678"},
    ],
    ids=["postcode", "email", "phone"],
)
def test_the_same_child_with_the_same_postcode_or_contact_is_flagged(
    personas, login, noor, same_family
):
    later = AanmeldingFactory(
        gemeente=personas.gemeente,
        kind_first_name="noor",
        kind_geboortedatum=noor.kind_geboortedatum,
        **same_family,
    )
    client = login(personas.coordinator)
    assert _flags(client, later) == [noor]
    assert _flags(client, noor) == [later]
    page = client.get(_intake_url(later)).content.decode()
    assert "Mogelijk dubbel" in page and noor.reference in page


@pytest.mark.parametrize(
    "other",
    [
        {"kind_first_name": "Sem"},
        {"kind_geboortedatum_shift": 1},
        {"postcode": "2595 XX", "ouder_email": "ander@example.org", "ouder_telefoon": "0612"},
        {"received_days_later": 181},
    ],
    ids=["other-name", "other-birthday", "other-family", "half-a-year-later"],
)
def test_another_child_or_family_or_a_long_time_later_is_not_flagged(personas, login, noor, other):
    shift = other.pop("kind_geboortedatum_shift", 0)
    later_days = other.pop("received_days_later", 0)
    fields = {
        "kind_first_name": "Noor",
        "postcode": "2511 AB",
        "ouder_email": "fatima@example.org",
        "ouder_telefoon": "06 12345678",
        **other,
    }
    later = AanmeldingFactory(
        gemeente=personas.gemeente,
        kind_geboortedatum=noor.kind_geboortedatum + timedelta(days=shift),
        received_at=noor.received_at + timedelta(days=later_days),
        **fields,
    )
    assert _flags(login(personas.coordinator), later) == []


def test_a_registration_the_coordinator_may_not_see_is_never_named(personas, login, noor):
    elsewhere = AanmeldingFactory(
        gemeente=personas.other_gemeente,
        kind_first_name="Noor",
        kind_geboortedatum=noor.kind_geboortedatum,
        ouder_email=noor.ouder_email,
    )
    content = login(personas.outsider_coordinator).get(INBOX).content.decode()
    assert elsewhere.reference in content
    assert "Mogelijk dubbel" not in content and noor.reference not in content


# --- The outcome "dubbele aanmelding" ------------------------------------------------------


@pytest.fixture
def later(personas, noor):
    return AanmeldingFactory(
        gemeente=personas.gemeente,
        professional=True,
        kind_first_name="Noor",
        kind_geboortedatum=noor.kind_geboortedatum,
        postcode=noor.postcode,
        ouder_email="fatima@example.org",
        ouder_telefoon="06 12345678",
    )


def test_a_duplicate_closes_into_the_earlier_registration_and_is_not_counted(
    personas, login, noor, later
):
    noor.ouder_telefoon = ""
    noor.save()
    client = login(personas.coordinator)
    open_before = client.get(INBOX).context["page"].paginator.count
    response = client.post(_dubbel_url(later), {"dubbel-referentie": noor.reference.lower()})
    assert response.status_code == 302 and response.url == _intake_url(later)
    later.refresh_from_db()
    noor.refresh_from_db()
    assert later.status == Status.DUBBEL and later.duplicate_of == noor
    assert later.closed_by == personas.coordinator and later.closed_at is not None
    # Counted once: not in the open inbox, not among the counted, no waiting time of its own.
    assert client.get(INBOX).context["page"].paginator.count == open_before - 1
    assert list(Aanmelding.objects.counted()) == [noor]
    assert wachttijd_eerste_contact(later) is None
    assert wachttijd_eerste_contact(noor) is not None
    # Merged: the phone number the earlier registration lacked is taken over.
    assert noor.ouder_telefoon == "06 12345678" and noor.status == Status.NIEUW
    # Linked both ways, and the inbox no longer calls it a likely duplicate.
    assert noor.reference in client.get(_intake_url(later)).content.decode()
    assert later.reference in client.get(_intake_url(noor)).content.decode()
    assert "Mogelijk dubbel" not in client.get(INBOX, {"status": "alle"}).content.decode()


def test_the_earlier_registration_cannot_be_closed_as_a_duplicate_of_the_later(
    personas, login, noor, later
):
    client = login(personas.coordinator)
    response = client.post(_dubbel_url(noor), {"dubbel-referentie": later.reference}, follow=True)
    assert "Kies de eerdere aanmelding" in response.content.decode()
    noor.refresh_from_db()
    assert noor.status == Status.NIEUW and noor.duplicate_of is None


def test_an_unknown_or_invisible_reference_is_refused(personas, login, later):
    hidden = AanmeldingFactory(
        gemeente=personas.other_gemeente, received_at=timezone.now() - timedelta(days=3)
    )
    client = login(personas.coordinator)
    response = client.post(_dubbel_url(later), {"dubbel-referentie": hidden.reference}, follow=True)
    assert f"Er is geen aanmelding met referentie {hidden.reference}" in response.content.decode()
    later.refresh_from_db()
    assert later.status == Status.NIEUW


@pytest.mark.parametrize(
    ("persona", "status"),
    [("outsider_coordinator", 404), ("casemanager", 403), ("gemeente_official", 403)],
)
def test_only_the_regions_coordinator_may_close_a_duplicate(
    personas, login, noor, later, persona, status
):
    client = login(getattr(personas, persona))
    assert client.post(_dubbel_url(later), {"dubbel-referentie": noor.reference}).status_code == (
        status
    )
    later.refresh_from_db()
    assert later.status == Status.NIEUW


def test_the_database_refuses_a_duplicate_without_its_original(personas, noor):
    with pytest.raises(IntegrityError), transaction.atomic():
        Aanmelding.objects.filter(pk=noor.pk).update(status=Status.DUBBEL, closed_at=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        Aanmelding.objects.filter(pk=noor.pk).update(duplicate_of=noor)
