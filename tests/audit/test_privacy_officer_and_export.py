"""Who reads the log, and its CSV download: the privacy officer (functionaris
gegevensbescherming) reads all of it and no dossier, a coordinator their region, the other
roles nothing; the download holds the search result and is logged as an export itself; the
admin shows the log read-only."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from ivh.accounts.models import User
from ivh.audit.constants import PRIVACY_OFFICER_GROUP, AccessAction
from ivh.audit.models import AccessLogEntry
from tests.aanmelding.factories import AanmeldingFactory
from tests.accounts.factories import RoleAssignmentFactory
from tests.audit.conftest import privacy_officer_group
from tests.casemanagement.factories import TrajectFactory

pytestmark = pytest.mark.django_db

ACCESS_LOG = reverse("audit:access_log")


def _entry(region, client_ref: str, **fields) -> AccessLogEntry:  # noqa: ANN001, ANN003
    defaults = {
        "actor_label": "lezer@example.org",
        "action": AccessAction.VIEW,
        "object_type": "casemanagement.traject",
        "object_id": "1",
    }
    return AccessLogEntry.objects.create(
        **{**defaults, **fields}, client_ref=client_ref, region=region
    )


@pytest.fixture
def two_regions(personas) -> tuple[AccessLogEntry, AccessLogEntry]:
    return (
        _entry(personas.region, "K-HIER-0001", reason="Vervanging tijdens verlof"),
        _entry(personas.other_region, "K-DAAR-0001"),
    )


def _shown(response) -> set[str]:  # noqa: ANN001
    return {row["entry"].client_ref for row in response.context["rows"]}


# --- who reads the log ----------------------------------------------------------------------


def test_the_migration_makes_the_privacy_officers_group_with_only_that_right():
    Group.objects.filter(name=PRIVACY_OFFICER_GROUP).delete()
    group = privacy_officer_group()
    assert [f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()] == [
        "audit.read_whole_log"
    ]


def test_the_privacy_officer_reads_the_whole_log(login, two_regions, make_privacy_officer):
    officer = make_privacy_officer(full_name="Fenna Gerritsen")
    client = login(officer)
    response = client.get(ACCESS_LOG)
    assert response.status_code == 200
    assert _shown(response) == {"K-HIER-0001", "K-DAAR-0001"}
    assert client.get(reverse("core:start")).context["nav"]["toegangslog"] is True
    # Their own reading is logged, with their role named.
    own = AccessLogEntry.objects.get(user=officer)
    assert own.role == "Functionaris gegevensbescherming"


def test_the_privacy_officer_opens_no_dossier(personas, login, make_privacy_officer):
    traject = TrajectFactory(region=personas.region, casemanager=personas.casemanager)
    aanmelding = AanmeldingFactory(gemeente=personas.gemeente)
    client = login(make_privacy_officer(full_name="Fenna Gerritsen"))
    assert client.get(reverse("casemanagement:traject", args=[traject.pk])).status_code == 404
    assert client.get(reverse("casemanagement:intake", args=[aanmelding.pk])).status_code == 403
    for page in ("aanmelding:inbox", "casemanagement:caseload", "mdo:overzicht"):
        assert client.get(reverse(page)).status_code == 403, page
    assert client.get(reverse("core:start")).context["nav"]["trajecten"] is False


def test_the_right_does_not_make_a_casemanager_a_privacy_officer(personas, login, two_regions):
    """Whoever checks the log does not also work in the dossiers it records."""
    personas.casemanager.groups.add(privacy_officer_group())
    assert login(personas.casemanager).get(ACCESS_LOG).status_code == 403


def test_an_inactive_privacy_officer_reads_nothing(login, two_regions, make_privacy_officer):
    officer = make_privacy_officer(full_name="Fenna Gerritsen")
    assert AccessLogEntry.objects.visible_to(officer).count() == 2
    officer.is_active = False
    assert not AccessLogEntry.objects.visible_to(officer).exists()


def test_a_coordinator_reads_only_the_entries_of_their_region(personas, login, two_regions):
    assert _shown(login(personas.coordinator).get(ACCESS_LOG)) == {"K-HIER-0001"}
    assert _shown(login(personas.outsider_coordinator).get(ACCESS_LOG)) == {"K-DAAR-0001"}


@pytest.mark.parametrize("persona", ["casemanager", "expert", "gemeente_official"])
def test_other_roles_get_neither_the_page_nor_the_download(personas, login, persona, two_regions):
    client = login(getattr(personas, persona))
    assert client.get(ACCESS_LOG).status_code == 403
    assert client.get(ACCESS_LOG, {"formaat": "csv"}).status_code == 403
    assert not AccessLogEntry.objects.filter(user=getattr(personas, persona)).exists()


def test_the_search_shows_the_reason(personas, login, two_regions):
    content = login(personas.coordinator).get(ACCESS_LOG).content.decode()
    assert "<td>Vervanging tijdens verlof</td>" in content


def test_the_search_finds_by_client_and_by_user_together(personas, login):
    traject = TrajectFactory(region=personas.region, casemanager=personas.casemanager)
    login(personas.casemanager).get(reverse("casemanagement:traject", args=[traject.pk]))
    login(personas.coordinator).get(reverse("casemanagement:traject", args=[traject.pk]))
    child = traject.gezin.kinderen.get().reference
    response = login(personas.colleague_coordinator).get(
        ACCESS_LOG, {"client": child, "actor": personas.casemanager.email}
    )
    assert [row["entry"].user for row in response.context["rows"]] == [personas.casemanager]


# --- the CSV download -----------------------------------------------------------------------


def _csv(response) -> list[dict[str, str]]:  # noqa: ANN001
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def test_the_download_holds_the_search_result_and_is_logged_as_an_export(
    personas, login, make_privacy_officer
):
    here = _entry(personas.region, "K-HIER-0001", reason="Vervanging tijdens verlof")
    _entry(personas.region, "K-HIER-0002")
    officer = make_privacy_officer(full_name="Fenna Gerritsen")
    response = login(officer).get(ACCESS_LOG, {"client": "k-hier-0001", "formaat": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="toegangslog-')
    rows = _csv(response)
    assert [(r["client"], r["reden"], r["wie"]) for r in rows] == [
        (here.client_ref, "Vervanging tijdens verlof", "lezer@example.org")
    ]
    export = AccessLogEntry.objects.get(user=officer)
    assert export.action == AccessAction.EXPORT_LIST
    assert export.client_refs == ["K-HIER-0001"]
    assert export.query == {"client": "k-hier-0001", "formaat": "csv"}
    assert export.object_type == "audit.accesslogentry"


def test_a_coordinators_download_holds_only_their_region(personas, login, two_regions):
    rows = _csv(login(personas.coordinator).get(ACCESS_LOG, {"formaat": "csv"}))
    assert [r["client"] for r in rows] == ["K-HIER-0001"]


def test_the_download_takes_the_period(personas, login):
    for days_ago in (0, 10):
        _entry(personas.region, f"K-DAG-{days_ago:04d}", at=timezone.now() - timedelta(days_ago))
    today = timezone.localdate()
    rows = _csv(
        login(personas.coordinator).get(
            ACCESS_LOG, {"van": today - timedelta(days=2), "tot": today, "formaat": "csv"}
        )
    )
    assert [r["client"] for r in rows] == ["K-DAG-0000"]


def test_the_download_cannot_start_a_formula_in_a_spreadsheet(personas, login):
    _entry(personas.region, "K-HIER-0001", actor_label='=HYPERLINK("http://x")', reason="+1")
    [row] = _csv(login(personas.coordinator).get(ACCESS_LOG, {"formaat": "csv"}))
    assert row["wie"] == '\'=HYPERLINK("http://x")'
    assert row["reden"] == "'+1"


def test_a_download_too_large_is_refused_with_advice(personas, login, monkeypatch):
    monkeypatch.setattr("ivh.audit.views.EXPORT_MAX_ROWS", 1)
    _entry(personas.region, "K-HIER-0001")
    _entry(personas.region, "K-HIER-0002")
    client = login(personas.coordinator)
    response = client.get(ACCESS_LOG, {"actor": "lezer", "formaat": "csv"})
    assert response.status_code == 302
    assert response["Location"] == f"{ACCESS_LOG}?actor=lezer"
    assert not AccessLogEntry.objects.filter(action=AccessAction.EXPORT_LIST).exists()
    assert "hoogstens 1" in client.get(response["Location"]).content.decode()


def test_the_page_offers_the_download_of_the_same_search(personas, login, two_regions):
    response = login(personas.coordinator).get(ACCESS_LOG, {"client": "K-HIER-0001", "pagina": 1})
    assert 'href="?client=K-HIER-0001&amp;formaat=csv"' in response.content.decode()


# --- append-only in the admin ---------------------------------------------------------------


def test_the_admin_shows_an_entry_read_only(personas, login, two_regions):
    beheerder = personas.beheerder
    beheerder.is_staff = True
    beheerder.save()
    client = login(beheerder)
    entry = two_regions[0]
    change = reverse("admin:audit_accesslogentry_change", args=[entry.pk])
    page = client.get(change)
    assert page.status_code == 200
    content = page.content.decode()
    assert 'name="_save"' not in content and 'name="reason"' not in content
    assert client.post(change, {"reason": "verzonnen"}).status_code == 403
    delete = reverse("admin:audit_accesslogentry_delete", args=[entry.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:audit_accesslogentry_add")).status_code == 403
    entry.refresh_from_db()
    assert entry.reason == "Vervanging tijdens verlof"


def test_the_admin_offers_no_bulk_delete(personas, login, two_regions):
    beheerder = personas.beheerder
    beheerder.is_staff = True
    beheerder.save()
    changelist = reverse("admin:audit_accesslogentry_changelist")
    response = login(beheerder).post(
        changelist,
        {"action": "delete_selected", "_selected_action": [e.pk for e in two_regions]},
    )
    assert response.status_code in (200, 302)
    assert AccessLogEntry.objects.filter(pk__in=[e.pk for e in two_regions]).count() == 2


def test_a_superuser_cannot_change_or_delete_an_entry_in_the_admin(login, two_regions):
    root = User.objects.create_superuser("root@example.org", "x", full_name="Root")
    client = login(root)
    entry = two_regions[0]
    change = reverse("admin:audit_accesslogentry_change", args=[entry.pk])
    assert client.post(change, {"reason": "verzonnen"}).status_code == 403
    delete = reverse("admin:audit_accesslogentry_delete", args=[entry.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert AccessLogEntry.objects.filter(pk=entry.pk).exists()


def test_a_beheerder_with_a_dossier_role_reads_the_whole_log_as_before(
    personas, login, two_regions
):
    RoleAssignmentFactory(user=personas.beheerder, coordinator=True, region=personas.region)
    assert _shown(login(personas.beheerder).get(ACCESS_LOG)) == {"K-HIER-0001", "K-DAAR-0001"}
