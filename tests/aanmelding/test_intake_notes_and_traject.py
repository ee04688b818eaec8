"""Issue 9, item 5: intake notes (vraagverheldering) kept in history; registration and traject
link to each other; the casemanager gets a mail when a family is assigned to them. And item 18:
the query count of the intake page."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from aanmelding.selectors import intake_notes_history
from casemanagement.outbox import CASEMANAGER_ASSIGNED
from casemanagement.services import traject_assign_casemanager, traject_start_from_aanmelding
from ivh.outbox.models import OutboxMessage
from ivh.outbox.services import outbox_sweep
from ivh.termijnen.sync import termijnen_sync as sync
from tests.aanmelding.factories import AanmeldingFactory
from tests.accounts.factories import RoleAssignmentFactory

pytestmark = pytest.mark.django_db


def _intake_url(aanmelding) -> str:  # noqa: ANN001
    return reverse("casemanagement:intake", args=[aanmelding.pk])


def _notes_url(aanmelding) -> str:  # noqa: ANN001
    return reverse("aanmelding:intake_notities", args=[aanmelding.pk])


@pytest.fixture
def contacted(personas):
    return AanmeldingFactory(
        gemeente=personas.gemeente,
        gecontacteerd=True,
        kind_first_name="Noor",
        zorg="Noor praat nog bijna niet.",
        received_at=timezone.now() - timedelta(days=2),
    )


# --- Intake notes ---------------------------------------------------------------------------


def test_the_coordinator_writes_intake_notes_and_every_version_is_kept(personas, login, contacted):
    client = login(personas.coordinator)
    for text in ("Moeder belt terug na overleg.", "Vraag: logopedie of MDO? Ouders willen MDO."):
        response = client.post(_notes_url(contacted), {"notities-notities": text})
        assert response.status_code == 302 and response.url == _intake_url(contacted)
    contacted.refresh_from_db()
    assert contacted.intake_notities == "Vraag: logopedie of MDO? Ouders willen MDO."
    history = intake_notes_history(contacted)
    assert [v.text for v in history] == [
        "Vraag: logopedie of MDO? Ouders willen MDO.",
        "Moeder belt terug na overleg.",
    ]
    assert {v.by for v in history} == {personas.coordinator.full_name}
    page = client.get(_intake_url(contacted)).content.decode()
    assert "Ouders willen MDO." in page
    assert "1 eerdere versie" in page and "Moeder belt terug na overleg." in page


def test_notes_can_still_be_added_after_the_outcome(personas, login, contacted):
    traject_start_from_aanmelding(
        aanmelding=contacted, by=personas.coordinator, casemanager=personas.casemanager
    )
    client = login(personas.coordinator)
    client.post(_notes_url(contacted), {"notities-notities": "Overdracht besproken."})
    contacted.refresh_from_db()
    assert contacted.intake_notities == "Overdracht besproken."


@pytest.mark.parametrize(
    ("persona", "status"),
    [("outsider_coordinator", 404), ("casemanager", 403), ("expert", 403), ("beheerder", 403)],
)
def test_only_the_regions_coordinator_may_write_intake_notes(
    personas, login, contacted, persona, status
):
    client = login(getattr(personas, persona))
    response = client.post(_notes_url(contacted), {"notities-notities": "Niet van mij."})
    assert response.status_code == status
    contacted.refresh_from_db()
    assert contacted.intake_notities == ""


# --- Registration and traject -------------------------------------------------------------


def test_the_registration_and_its_traject_link_to_each_other(personas, login, contacted):
    traject = traject_start_from_aanmelding(
        aanmelding=contacted, by=personas.coordinator, casemanager=personas.casemanager
    )
    traject_url = reverse("casemanagement:traject", args=[traject.pk])
    coordinator = login(personas.coordinator)
    assert f'href="{traject_url}"' in coordinator.get(_intake_url(contacted)).content.decode()
    assert f'href="{_intake_url(contacted)}"' in coordinator.get(traject_url).content.decode()
    # The casemanager sees the traject but may not open the registration: no link to it.
    casemanager_page = login(personas.casemanager).get(traject_url).content.decode()
    assert contacted.reference in casemanager_page
    assert f'href="{_intake_url(contacted)}"' not in casemanager_page


# --- The casemanager's mail -----------------------------------------------------------------


def test_the_casemanager_is_mailed_the_familys_reference_and_link_only(personas, contacted):
    traject = traject_start_from_aanmelding(
        aanmelding=contacted, by=personas.coordinator, casemanager=personas.casemanager
    )
    row = OutboxMessage.objects.get(kind=CASEMANAGER_ASSIGNED)
    assert row.recipient == personas.casemanager.email
    assert outbox_sweep() == {"sent": 1}
    (message,) = mail.outbox
    assert message.to == [personas.casemanager.email]
    text = message.subject + message.body
    assert traject.gezin.reference in text
    assert reverse("casemanagement:traject", args=[traject.pk]) in message.body
    for secret in ("Noor", "praat", contacted.ouder_name, contacted.postcode, "2511"):
        assert secret not in text, secret


def test_no_mail_when_the_family_went_to_someone_else_before_it_was_sent(personas, contacted):
    traject = traject_start_from_aanmelding(
        aanmelding=contacted, by=personas.coordinator, casemanager=personas.casemanager
    )
    traject_assign_casemanager(
        traject=traject, casemanager=personas.colleague_casemanager, by=personas.coordinator
    )
    outbox_sweep()
    assert personas.casemanager.email not in [m.to[0] for m in mail.outbox]


def test_no_mail_to_a_coordinator_who_assigns_the_family_to_themselves(personas, contacted):
    both = personas.coordinator
    RoleAssignmentFactory(
        user=both, casemanager=True, region=personas.region, organisatie=personas.mee
    )
    traject_start_from_aanmelding(aanmelding=contacted, by=both, casemanager=both)
    assert not OutboxMessage.objects.filter(kind=CASEMANAGER_ASSIGNED).exists()


# --- Item 18: the intake page's query count -----------------------------------------------


def test_intake_page_query_count(personas, login, django_assert_num_queries):
    """A realistic registration: consents, a history of notes, a likely duplicate, a merged
    duplicate and casemanager suggestions. The count must not grow with any of them."""
    client = login(personas.coordinator)
    aanmelding = AanmeldingFactory(
        gemeente=personas.gemeente,
        gecontacteerd=True,
        received_at=timezone.now() - timedelta(days=3),
    )
    for i in range(3):
        client.post(_notes_url(aanmelding), {"notities-notities": f"Versie {i}"})
    same_child = {
        "gemeente": personas.gemeente,
        "kind_first_name": aanmelding.kind_first_name,
        "kind_geboortedatum": aanmelding.kind_geboortedatum,
    }
    AanmeldingFactory(**same_child)  # a likely duplicate, not yet handled
    merged = AanmeldingFactory(**same_child)
    client.post(
        reverse("aanmelding:intake_dubbel", args=[merged.pk]),
        {"dubbel-referentie": aanmelding.reference},
    )
    for _ in range(3):
        RoleAssignmentFactory(casemanager=True, region=personas.region, organisatie=personas.mee)
    sync()  # the deadlines of the factory-made registrations
    client.get(_intake_url(aanmelding))  # messages of the posts above are shown and gone
    # 1 session, 2 user, 3-4 OTP devices, 5 role assignments (the page gate),
    # 6 the registration with gemeente, region, organisation, service, users and original
    # (joins), 7-9 casemanager suggestions (caseloads, role assignments, their gemeenten),
    # 10 likely duplicates, 11 access-log entry (one INSERT), 12 duplicates merged into it,
    # 13-14 notes history (events, names), 15 its traject, 16 consents, 17 organisations for
    # the referral form, 18 their services, 19 other regions for forwarding, 20 the
    # registration's first-contact deadline, 21 the consult it came in as, 22-24 session save.
    with django_assert_num_queries(24):
        response = client.get(_intake_url(aanmelding))
    assert response.status_code == 200
    assert len(response.context["suggestions"]) >= 4
    assert len(response.context["notes_history"]) == 3
    assert len(response.context["duplicates"]) == 1
