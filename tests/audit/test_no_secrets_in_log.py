"""The access log never stores a secret: a personal link's token would let whoever reads the log
(admin, backups) act as the parent."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory
from django.urls import reverse

from casemanagement import services as casemanagement_services
from ivh.audit.constants import AccessAction
from ivh.audit.models import AccessLogEntry
from ivh.audit.services import access_log_record, safe_path
from tests.casemanagement.factories import TrajectFactory
from tests.support.migrations import migrate_to

pytestmark = pytest.mark.django_db


def _row_text(entry: AccessLogEntry) -> str:
    return " ".join(
        str(v) for v in AccessLogEntry.objects.filter(pk=entry.pk).values().get().values()
    )


def test_parent_link_is_logged_with_the_route_but_without_the_token(client, personas):
    traject = TrajectFactory(region=personas.region, casemanager=personas.casemanager)
    _link, token = casemanagement_services.ouderlink_create(
        gezin=traject.gezin, by=personas.casemanager, email="ouder@example.org"
    )
    assert client.get(reverse("casemanagement:ouder", args=[token])).status_code == 200
    entry = AccessLogEntry.objects.get(action=AccessAction.PARENT_LINK)
    assert entry.view_name == "casemanagement:ouder"
    assert entry.path == "/ouder/<token>/"
    assert token not in _row_text(entry)


@pytest.mark.parametrize(
    ("url", "view_name", "path"),
    [
        ("/mdo/antwoord/abc.DEF-123:xyz/", "mdo:antwoord", "/mdo/antwoord/<token>/"),
        ("/ouder/s3cr3t-t0ken/?token=s3cr3t-t0ken", "casemanagement:ouder", "/ouder/<token>/"),
        # The query string is never stored (it can carry a secret or a name).
        ("/trajecten/7/?token=s3cr3t&q=Daan", "casemanagement:traject", "/trajecten/7/"),
        # Not a route: nothing to recognise, stored as it is (no query string).
        ("/bestaat-niet/?q=x", "", "/bestaat-niet/"),
    ],
)
def test_safe_path_masks_every_secret_url_argument(url, view_name, path):
    request = RequestFactory().get(url)
    assert safe_path(request) == (view_name, path)


def test_an_entry_written_for_an_answer_link_holds_no_token(personas):
    request = RequestFactory().get("/mdo/antwoord/geheim-antwoord-token/")
    request.user = personas.coordinator
    entry = access_log_record(
        request=request,
        action=AccessAction.VIEW,
        obj=personas.gemeente,
        client_ref="K-000001",
        region_id=personas.region.pk,
    )
    assert "geheim-antwoord-token" not in _row_text(entry)
    assert entry.path == "/mdo/antwoord/<token>/"


# --- the data migration that scrubs older rows ---------------------------------------------

BEFORE = [("audit", "0003_list_and_search_entries")]
AFTER = [("audit", "0004_scrub_tokens_from_paths")]


def test_migration_scrubs_tokens_from_older_rows_and_keeps_the_log_append_only(personas):
    migrate_to(BEFORE)
    try:
        paths = {
            "parent": "/ouder/oud-geheim-1:abc/",
            "parent_query": "/ouder/oud-geheim-2/?x=1",
            "answer": "/mdo/antwoord/oud-geheim-3/",
            "traject": "/trajecten/5/",
        }
        with connection.cursor() as cursor:
            for client_ref, path in paths.items():
                cursor.execute(
                    "INSERT INTO audit_accesslogentry (at, actor_label, role, organisatie_name,"
                    " action, object_type, object_id, client_ref, user_agent, path, view_name,"
                    " query, client_refs)"
                    " VALUES (now(), 'x', '', '', 'view', 't', '1', %s, '', %s, '', '{}', '{}')",
                    [client_ref, path],
                )
            # A real migrate runs in its own transaction; here the test's transaction holds
            # these rows' deferred foreign-key checks, which ALTER TABLE would refuse to pass.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    finally:
        migrate_to(AFTER)

    stored = dict(AccessLogEntry.objects.values_list("client_ref", "path"))
    assert stored == {
        "parent": "/ouder/<token>/",
        "parent_query": "/ouder/<token>/?x=1",
        "answer": "/mdo/antwoord/<token>/",
        "traject": "/trajecten/5/",
    }
    # The migration switched the append-only trigger back on.
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLogEntry.objects.filter(client_ref="traject").update(path="/anders/")
