"""Issue 16, item 1: the first-contact clock stops at its end event. A registration closed
without a first contact (forwarded to a region outside the system, out of the target group)
waited from its receipt to its closing; that figure must not keep growing afterwards."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from aanmelding.constants import Status
from aanmelding.selectors import wachttijd_eerste_contact
from ivh.core.werkdagen import werkdagen_tussen
from ivh.termijnen.sync import termijnen_sync as sync
from tests.aanmelding.factories import AanmeldingFactory
from tests.support.norms import workdays_ago

pytestmark = pytest.mark.django_db

INBOX = reverse("aanmelding:inbox")


def _row(content: str, reference: str) -> str:
    return content.split(reference, 1)[1].split("</tr>", 1)[0]


def _closed_without_contact(personas, status: str, **extra: object):
    """Received twelve working days ago, closed three working days later, never contacted."""
    return AanmeldingFactory(
        gemeente=personas.gemeente,
        received_at=workdays_ago(12),
        status=status,
        closed_at=workdays_ago(9),
        closed_by=personas.coordinator,
        uitkomst_toelichting="Woont in een andere regio.",
        **extra,
    )


def test_a_forwarded_registration_shows_the_wait_until_it_was_forwarded(personas, login):
    forwarded = _closed_without_contact(
        personas, Status.DOORGESTUURD, doorgestuurd_naar="IVH Twente"
    )
    sync()
    client = login(personas.coordinator)
    content = client.get(INBOX, {"status": Status.DOORGESTUURD}).content.decode()
    row = _row(content, forwarded.reference)
    assert "3 van 5 werkdagen" in row
    assert "12 van 5" not in row
    # Closed, but there was no contact: the page does not say there was.
    assert "(contact gehad)" not in row
    page = client.get(reverse("casemanagement:intake", args=[forwarded.pk])).content.decode()
    assert "3 van 5 werkdagen" in page
    assert "12 van 5" not in page


def test_the_wait_of_a_closed_registration_does_not_grow_with_the_years(personas):
    out_of_scope = _closed_without_contact(personas, Status.BUITEN_DOELGROEP)
    today = timezone.localdate()
    now = wachttijd_eerste_contact(out_of_scope, today)
    years_later = wachttijd_eerste_contact(out_of_scope, today + timedelta(days=3 * 365))
    assert now is not None and years_later is not None
    assert now.werkdagen == years_later.werkdagen == 3
    assert not now.afgerond  # stopped by the closing, not by a contact


def test_an_open_registration_keeps_waiting_until_today(personas):
    waiting = AanmeldingFactory(gemeente=personas.gemeente, received_at=workdays_ago(12))
    today = timezone.localdate()
    later = today + timedelta(days=30)
    assert wachttijd_eerste_contact(waiting, today).werkdagen == 12
    assert wachttijd_eerste_contact(waiting, later).werkdagen == 12 + werkdagen_tussen(today, later)


def test_a_first_contact_before_the_closing_stops_the_clock_at_the_contact(personas):
    advised = AanmeldingFactory(
        gemeente=personas.gemeente,
        received_at=workdays_ago(12),
        gecontacteerd=True,
        first_contact_at=workdays_ago(10),
        status=Status.ADVIES,
        closed_at=workdays_ago(4),
        closed_by=personas.coordinator,
    )
    wachttijd = wachttijd_eerste_contact(advised, timezone.localdate() + timedelta(days=400))
    assert wachttijd is not None
    assert wachttijd.werkdagen == 2
    assert wachttijd.afgerond
