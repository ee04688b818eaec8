"""List pages and searches that show client data leave one access-log entry per page view,
naming the clients shown; a search of the log for one child finds them."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casemanagement.constants import Fase
from ivh.audit.constants import AccessAction
from ivh.audit.models import AccessLogEntry
from tests.aanmelding.factories import AanmeldingFactory
from tests.casemanagement.factories import KindFactory, TrajectFactory

pytestmark = pytest.mark.django_db

INBOX = reverse("aanmelding:inbox")
CASELOAD = reverse("casemanagement:caseload")
MDO_OVERVIEW = reverse("mdo:overzicht")
ACCESS_LOG = reverse("audit:access_log")


def _inserts_into_the_log(ctx: CaptureQueriesContext) -> int:
    # pghistory may put its context statement in front of the first write: look inside.
    return sum('INSERT INTO "audit_accesslogentry"' in q["sql"] for q in ctx.captured_queries)


def _get(client, url, params=None):  # noqa: ANN001, ANN202
    """GET a page and return it with the access-log entries it wrote and its INSERT count."""
    before = set(AccessLogEntry.objects.values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    new = list(AccessLogEntry.objects.exclude(pk__in=before))
    return response, new, _inserts_into_the_log(ctx)


# --- aanmeldpunt inbox --------------------------------------------------------------------


def test_viewing_the_inbox_writes_one_entry_naming_every_registration_shown(personas, login):
    shown = [
        AanmeldingFactory(
            gemeente=personas.gemeente, received_at=timezone.now() - timedelta(hours=hours)
        )
        for hours in (3, 2)  # oldest first, as the inbox shows them
    ]
    other_region = AanmeldingFactory(gemeente=personas.other_gemeente)
    _response, entries, inserts = _get(login(personas.coordinator), INBOX)
    assert inserts == 1
    [entry] = entries
    assert entry.action == AccessAction.LIST
    assert entry.client_ref == ""
    assert entry.client_refs == [a.reference for a in shown]
    assert other_region.reference not in entry.client_refs
    assert entry.object_type == "aanmelding.aanmelding"
    assert entry.region == personas.region
    assert entry.user == personas.coordinator
    assert entry.view_name == "aanmelding:inbox"


def test_a_search_by_name_in_the_inbox_is_logged_with_the_search_term(personas, login):
    noor = AanmeldingFactory(gemeente=personas.gemeente, kind_first_name="Noor")
    AanmeldingFactory(gemeente=personas.gemeente, kind_first_name="Sem")
    _response, [entry], _ = _get(
        login(personas.coordinator), INBOX, {"q": "noor", "status": "alle"}
    )
    assert entry.action == AccessAction.SEARCH
    assert entry.query == {"q": "noor", "status": "alle"}
    assert entry.client_refs == [noor.reference]


def test_a_search_that_finds_nobody_is_logged_too(personas, login):
    _response, [entry], _ = _get(login(personas.coordinator), INBOX, {"q": "Daan"})
    assert entry.action == AccessAction.SEARCH
    assert entry.client_refs == []
    assert entry.query == {"q": "Daan"}
    # No row to take the region from: the coordinator's own region, so colleagues see it.
    assert entry.region == personas.region


def test_a_list_that_shows_nobody_without_a_search_writes_nothing(personas, login):
    AanmeldingFactory(gemeente=personas.other_gemeente)  # not the coordinator's
    for url in (INBOX, CASELOAD, MDO_OVERVIEW):
        _response, entries, inserts = _get(login(personas.coordinator), url)
        assert (entries, inserts) == ([], 0), url


def test_one_insert_however_many_registrations_the_inbox_shows(personas, login):
    AanmeldingFactory.create_batch(30, gemeente=personas.gemeente)
    _response, [entry], inserts = _get(login(personas.coordinator), INBOX)
    assert inserts == 1
    assert len(entry.client_refs) == 30


def test_a_refused_inbox_view_writes_nothing(personas, login):
    AanmeldingFactory(gemeente=personas.gemeente)
    response = login(personas.casemanager).get(INBOX)
    assert response.status_code == 403
    assert not AccessLogEntry.objects.exists()


# --- caseload and the coordinator's trajecten list ----------------------------------------


def test_caseload_writes_one_entry_naming_every_child_shown(personas, login):
    first = TrajectFactory(region=personas.region, casemanager=personas.casemanager)
    sibling = KindFactory(gezin=first.gezin)
    second = TrajectFactory(region=personas.region, casemanager=personas.casemanager)
    TrajectFactory(region=personas.region, casemanager=personas.colleague_casemanager)
    _response, [entry], inserts = _get(login(personas.casemanager), CASELOAD)
    assert inserts == 1
    expected = {k.reference for t in (first, second) for k in t.gezin.kinderen.all()}
    assert sibling.reference in expected
    assert set(entry.client_refs) == expected
    assert entry.object_type == "casemanagement.traject"
    assert entry.action == AccessAction.LIST
    assert entry.region == personas.region


def test_coordinators_trajecten_list_is_logged_with_its_filter(personas, login):
    mine = TrajectFactory(region=personas.region, casemanager=personas.casemanager)
    theirs = TrajectFactory(region=personas.region, casemanager=personas.colleague_casemanager)
    _response, [entry], _ = _get(
        login(personas.coordinator), CASELOAD, {"casemanager": personas.casemanager.pk}
    )
    assert entry.query == {"casemanager": str(personas.casemanager.pk)}
    assert entry.client_refs == [k.reference for k in mine.gezin.kinderen.all()]
    assert not set(entry.client_refs) & {k.reference for k in theirs.gezin.kinderen.all()}


# --- MDO overview with the waiting list ----------------------------------------------------


def test_coordinators_mdo_waiting_list_is_logged_with_the_waiting_children(personas, login):
    waiting = TrajectFactory(
        region=personas.region, casemanager=personas.casemanager, fase=Fase.MDO
    )
    TrajectFactory(region=personas.region, casemanager=personas.casemanager)  # not waiting
    _response, [entry], inserts = _get(login(personas.coordinator), MDO_OVERVIEW)
    assert inserts == 1
    assert entry.client_refs == [k.reference for k in waiting.gezin.kinderen.all()]
    assert entry.view_name == "mdo:overzicht"


def test_mdo_overview_without_the_waiting_list_shows_no_client_and_logs_nothing(personas, login):
    TrajectFactory(region=personas.region, casemanager=personas.casemanager, fase=Fase.MDO)
    _response, entries, _ = _get(login(personas.expert), MDO_OVERVIEW)
    assert entries == []


# --- the access log itself -----------------------------------------------------------------


def test_searching_the_log_for_a_child_finds_the_lists_that_showed_that_child(personas, login):
    noor = AanmeldingFactory(gemeente=personas.gemeente, kind_first_name="Noor")
    AanmeldingFactory(gemeente=personas.gemeente, kind_first_name="Sem")
    login(personas.colleague_coordinator).get(INBOX, {"q": "Noor"})
    login(personas.colleague_coordinator).get(INBOX, {"q": "Sem"})

    response, [own_entry], inserts = _get(
        login(personas.coordinator), ACCESS_LOG, {"client": noor.reference.lower()}
    )
    found = list(response.context["page"].object_list)
    assert [(e.actor_label, e.query) for e in found] == [
        (personas.colleague_coordinator.email, {"q": "Noor"})
    ]
    content = response.content.decode()
    assert noor.reference in content and "lijst met 1 cliënt" in content
    # Reading the log shows client references too: that view is logged once itself.
    assert inserts == 1
    assert own_entry.action == AccessAction.SEARCH
    assert own_entry.client_refs == [noor.reference]
    assert own_entry.query == {"client": noor.reference.lower()}
    assert own_entry.region == personas.region


def test_the_log_page_does_not_list_its_own_new_entry(personas, login):
    AanmeldingFactory(gemeente=personas.gemeente)
    login(personas.colleague_coordinator).get(INBOX)
    response, [own_entry], _ = _get(login(personas.coordinator), ACCESS_LOG)
    shown = list(response.context["page"].object_list)
    assert len(shown) == 1 and own_entry not in shown
    assert own_entry.action == AccessAction.LIST


def test_a_coordinator_of_another_region_does_not_find_this_regions_list_entries(personas, login):
    noor = AanmeldingFactory(gemeente=personas.gemeente, kind_first_name="Noor")
    login(personas.coordinator).get(INBOX)
    response = login(personas.outsider_coordinator).get(ACCESS_LOG, {"client": noor.reference})
    assert list(response.context["page"].object_list) == []


def test_the_admin_search_finds_list_entries_of_a_child(personas, login):
    noor = AanmeldingFactory(gemeente=personas.gemeente, kind_first_name="Noor")
    login(personas.coordinator).get(INBOX)
    personas.beheerder.is_staff = True  # the admin site itself asks for it
    personas.beheerder.save()
    response = login(personas.beheerder).get(
        reverse("admin:audit_accesslogentry_changelist"), {"q": noor.reference}
    )
    assert response.status_code == 200
    assert [e.view_name for e in response.context["cl"].result_list] == ["aanmelding:inbox"]


# --- the model's rule ----------------------------------------------------------------------


def _entry(**fields):  # noqa: ANN003, ANN202
    defaults = {"actor_label": "x", "object_type": "t", "object_id": ""}
    return AccessLogEntry.objects.create(**{**defaults, **fields})


def test_a_single_read_must_still_name_its_client():
    with pytest.raises(IntegrityError), transaction.atomic():
        _entry(action=AccessAction.VIEW, client_ref="")


@pytest.mark.parametrize("action", [AccessAction.LIST, AccessAction.SEARCH])
def test_a_list_or_search_entry_may_name_no_single_client(action):
    assert _entry(action=action, client_ref="", client_refs=["K-1", "K-2"]).pk


def test_for_clients_finds_single_reads_and_lists_of_a_child():
    read = _entry(action=AccessAction.VIEW, client_ref="K-1", object_id="1")
    listed = _entry(action=AccessAction.LIST, client_refs=["K-2", "K-1"])
    _entry(action=AccessAction.LIST, client_refs=["K-2"])
    assert set(AccessLogEntry.objects.for_clients("K-1")) == {read, listed}
