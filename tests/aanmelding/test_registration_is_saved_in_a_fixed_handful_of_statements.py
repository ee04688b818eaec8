"""Issue 16, the public form at 150 submissions/s: saving a registration is a fixed handful of
statements (no deadline sync step by step, no savepoint per e-mail, no session row), and the
history triggers get the request's context once, with the first write, yet on every event."""

import pghistory
import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from aanmelding.models import Aanmelding, AanmeldingEvent, Toestemming, ToestemmingEvent
from aanmelding.services import aanmelding_submit
from ivh.netwerk.models import Region
from ivh.termijnen.constants import Onderwerp, Regel
from ivh.termijnen.models import Termijn
from ivh.termijnen.services import norm_current

pytestmark = pytest.mark.django_db

URL = reverse("aanmelding:aanmelden")
SET_CONTEXT = "set_config('pghistory.context_id'"


def _fields(token: str) -> dict:
    """The form's cleaned fields for one child, as the public view hands them to the service."""
    return {
        "kind_first_name": "Noor",
        "kind_geboortedatum": "2023-05-01",
        "ouder_name": "Fatima Bakker",
        "ouder_telefoon": "06 12345678",
        "ouder_email": "",
        "contact_voorkeur": "telefoon",
        "postcode": "2511 AB",
        "zorg": "Noor praat nog bijna niet.",
        "zorg_domeinen": [],
        "betrokken": "",
        "gezag": "beide_ouders",
        "andere_gezagsdrager": "akkoord",
        "submission_token": token,
        "kanaal": "ouder",
    }


@pytest.fixture
def norms(personas) -> None:
    # The steady state: the region has its first-contact norm (a region without one gets the
    # default written the first time, once).
    norm_current(personas.region.pk, Regel.EERSTE_CONTACT)


def test_a_registration_is_saved_in_a_fixed_handful_of_statements(
    client, personas, norms, form_data
):
    with CaptureQueriesContext(connection) as captured:
        response = client.post(URL, form_data(ouder_email="ouder@example.org"))
    assert response.status_code == 302
    statements = [q["sql"] for q in captured.captured_queries]
    # 1 the form's token seen before?, 2 the postcode's gemeente, 3 savepoint (the test's
    # transaction; BEGIN in production), 4 the registration, 5 its three consents in one insert,
    # 6 its facts with the region's norm and closure days, 7 its first-contact deadline, 8 the
    # confirmation e-mail in the outbox, 9 release (COMMIT in production). No session.
    assert len(statements) == 9, "\n".join(s[:100] for s in statements)
    assert not Session.objects.exists()
    aanmelding = Aanmelding.objects.get()
    assert Toestemming.objects.filter(aanmelding=aanmelding).count() == 3
    assert Termijn.objects.filter(
        subject_kind=Onderwerp.AANMELDING, subject_id=aanmelding.pk
    ).exists()


def test_the_history_context_goes_with_the_first_statement_only_and_reaches_every_event(
    client, personas, norms, form_data
):
    with CaptureQueriesContext(connection) as captured:
        assert client.post(URL, form_data()).status_code == 302
    carrying = [q["sql"] for q in captured.captured_queries if SET_CONTEXT in q["sql"]]
    assert len(carrying) == 1, carrying
    aanmelding = Aanmelding.objects.get()
    events = [
        *AanmeldingEvent.objects.filter(pgh_obj=aanmelding),
        *ToestemmingEvent.objects.filter(pgh_obj__aanmelding=aanmelding),
    ]
    assert len(events) == 4  # the registration and its three consents
    contexts = {event.pgh_context_id for event in events}
    assert len(contexts) == 1 and None not in contexts
    assert events[0].pgh_context.metadata == {"user": None, "url": URL}


def test_after_a_registration_every_write_carries_the_context_again(personas, norms, form_data):
    """The one-off is confined to the registration's transaction: pghistory's own injection is
    back for whatever the request writes afterwards."""
    fields = _fields(form_data()["submission_token"])
    with pghistory.context(url="/test/"):
        aanmelding_submit(fields=fields, consents={}, language="nl")
        with CaptureQueriesContext(connection) as captured:
            Region.objects.filter(pk=personas.region.pk).update(name="Haaglanden")
            Aanmelding.objects.filter(submission_token=fields["submission_token"]).update(
                betrokken="Huisarts"
            )
    writes = [q["sql"] for q in captured.captured_queries]
    assert len(writes) == 2 and all(SET_CONTEXT in sql for sql in writes), writes
    assert AanmeldingEvent.objects.filter(pgh_label="update").get().pgh_context.metadata == {
        "url": "/test/"
    }


def test_without_a_history_context_the_registration_is_saved_as_before(personas, form_data):
    """A task or a shell has no pghistory context: nothing is injected, nothing breaks."""
    token = form_data()["submission_token"]
    fields = _fields(token)
    first = aanmelding_submit(fields=fields, consents={}, language="nl")
    # The same form again (its token is unique): the first registration, nothing new.
    again = aanmelding_submit(fields=fields, consents={}, language="nl")
    assert again.pk == first.pk
    assert Aanmelding.objects.count() == 1
    assert AanmeldingEvent.objects.get().pgh_context_id is None
