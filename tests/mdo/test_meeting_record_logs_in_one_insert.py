"""Recording a held meeting changes every family on its agenda: one `edit` access-log entry
per child, as before, written in one INSERT rather than one per child (issue 16)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.forms.models import model_to_dict
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ivh.audit.constants import AccessAction
from ivh.audit.models import AccessLogEntry
from ivh.audit.services import ClientRead, access_log_record, access_log_record_many
from mdo import services
from mdo.models import Mdo
from tests.casemanagement.factories import KindFactory
from tests.mdo.conftest import traject_with_consent

pytestmark = pytest.mark.django_db


def _inserts_into_the_log(ctx: CaptureQueriesContext) -> int:
    # pghistory may put its context statement in front of a write: look inside.
    return sum('INSERT INTO "audit_accesslogentry"' in q["sql"] for q in ctx.captured_queries)


@pytest.fixture
def started(personas, mdo):
    """A meeting that began an hour ago with three families on its agenda, one with two
    children."""
    trajecten = [
        traject_with_consent(personas, personas.casemanager, first_name=name)
        for name in ("Noor", "Sem", "Lotte")
    ]
    KindFactory(gezin=trajecten[0].gezin, first_name="Mila")
    for traject in trajecten:
        services.agendapunt_add(
            mdo=mdo,
            traject=traject,
            by=personas.coordinator,
            vraag="?",
            disciplines=["kinderarts"],
            minuten=30,
        )
    Mdo.objects.filter(pk=mdo.pk).update(starts_at=timezone.now() - timedelta(hours=1))
    return trajecten


def test_recording_the_meeting_logs_each_child_as_changed_in_one_insert(
    personas, login, mdo, started
):
    client = login(personas.coordinator)
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(
            reverse("mdo:houden", args=[mdo.pk]),
            {"notulen": "Drie gezinnen besproken."},
            HTTP_USER_AGENT="Testbrowser/1.0",
        )
    assert response.status_code == 302
    edits = list(AccessLogEntry.objects.filter(action=AccessAction.EDIT).order_by("pk"))
    expected = [(str(t.pk), k.reference) for t in started for k in t.gezin.kinderen.order_by("pk")]
    assert sorted((e.object_id, e.client_ref) for e in edits) == sorted(expected)
    assert len(edits) == 4
    for entry in edits:
        assert entry.user == personas.coordinator
        assert entry.actor_label == personas.coordinator.email
        assert entry.object_type == "casemanagement.traject"
        assert entry.region == personas.region
        assert entry.reason == ""
        assert entry.view_name == "mdo:houden"
        assert entry.user_agent == "Testbrowser/1.0"
    # The form's list entry, and one INSERT for every change: not one per child.
    assert _inserts_into_the_log(ctx) == 2


def test_the_bulk_entries_are_those_the_single_logging_function_writes(personas, mdo, started):
    traject = started[0]
    request = RequestFactory().post(
        reverse("mdo:houden", args=[mdo.pk]),
        HTTP_USER_AGENT="Testbrowser/1.0",
        REMOTE_ADDR="192.0.2.7",
    )
    request.user = personas.coordinator
    kind = traject.gezin.kinderen.order_by("pk").first()
    for reason in ("", "  vervanging van een collega  "):
        single = access_log_record(
            request=request,
            action=AccessAction.EDIT,
            obj=traject,
            client_ref=kind.reference,
            region_id=traject.region_id,
            reason=reason,
        )
        [bulk] = access_log_record_many(
            request=request,
            action=AccessAction.EDIT,
            reads=[ClientRead(traject, kind.reference, traject.region_id)],
            reason=reason,
        )
        bulk.refresh_from_db()

        def fields(entry: AccessLogEntry) -> dict:
            return {k: v for k, v in model_to_dict(entry).items() if k not in ("id", "at")}

        assert fields(bulk) == fields(single)
        assert fields(bulk)["ip_address"] == "192.0.2.7"


def test_no_reads_write_nothing(personas, mdo):
    request = RequestFactory().get(reverse("mdo:detail", args=[mdo.pk]))
    request.user = personas.coordinator
    with CaptureQueriesContext(connection) as ctx:
        assert access_log_record_many(request=request, action=AccessAction.EDIT, reads=[]) == []
    assert _inserts_into_the_log(ctx) == 0
