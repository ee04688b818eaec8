import pytest
from django.db import DatabaseError, transaction
from django.test import RequestFactory
from django.urls import reverse

from ivh.audit.constants import AccessAction
from ivh.audit.models import AccessLogEntry
from ivh.audit.services import access_log_record

pytestmark = pytest.mark.django_db


def _record(personas, user, client_ref="K-000001", region=None):
    request = RequestFactory().get(
        "/traject/1/", REMOTE_ADDR="192.0.2.10", HTTP_USER_AGENT="Testbrowser"
    )
    request.user = user
    return access_log_record(
        request=request,
        action=AccessAction.VIEW,
        obj=personas.gemeente,  # any model instance stands in for a dossier object here
        client_ref=client_ref,
        region_id=(region or personas.region).pk,
    )


def test_an_entry_records_who_role_when_what_and_from_where(personas):
    entry = _record(personas, personas.casemanager)
    assert entry.user == personas.casemanager
    assert entry.actor_label == personas.casemanager.email
    assert entry.role == "Casemanager"
    assert entry.organisatie_name == "MEE Test"
    assert entry.action == "view"
    assert entry.client_ref == "K-000001"
    assert entry.ip_address == "192.0.2.10"
    assert entry.user_agent == "Testbrowser"
    assert entry.path == "/traject/1/"
    assert entry.at is not None


def test_the_access_log_is_append_only(personas):
    entry = _record(personas, personas.casemanager)
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLogEntry.objects.filter(pk=entry.pk).update(client_ref="K-999")
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLogEntry.objects.filter(pk=entry.pk).delete()
    assert AccessLogEntry.objects.get(pk=entry.pk).client_ref == "K-000001"


def test_coordinator_searches_the_log_for_one_child(personas, login):
    _record(personas, personas.casemanager, "K-000001")
    _record(personas, personas.casemanager, "K-000002")
    response = login(personas.coordinator).get(reverse("audit:access_log"), {"client": "k-000001"})
    entries = list(response.context["page"].object_list)
    assert [e.client_ref for e in entries] == ["K-000001"]
    assert personas.casemanager.email in response.content.decode()


def test_coordinator_of_another_region_does_not_see_this_regions_entries(personas, login):
    _record(personas, personas.casemanager, "K-000001")
    response = login(personas.outsider_coordinator).get(
        reverse("audit:access_log"), {"client": "K-000001"}
    )
    assert list(response.context["page"].object_list) == []
    assert "K-000001" not in response.content.decode().split("</form>")[-1]


def test_beheerder_sees_entries_of_every_region(personas, login):
    _record(personas, personas.casemanager, "K-000001")
    _record(personas, personas.outsider_casemanager, "K-000003", region=personas.other_region)
    response = login(personas.beheerder).get(reverse("audit:access_log"))
    assert {e.client_ref for e in response.context["page"].object_list} == {"K-000001", "K-000003"}


@pytest.mark.parametrize("persona", ["casemanager", "expert", "gemeente_official"])
def test_other_roles_cannot_read_the_access_log(personas, login, persona):
    assert login(getattr(personas, persona)).get(reverse("audit:access_log")).status_code == 403
