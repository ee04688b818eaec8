"""The access-log rule (ivh.audit.permissions) over a persona matrix."""

import pytest
from django.contrib.auth.models import AnonymousUser

from ivh.accounts.models import User
from ivh.audit.models import AccessLogEntry
from ivh.audit.permissions import ACCESSLOG_VIEW
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

# persona → may read: (an entry of this region, of the other region, of no region)
EXPECTED = {
    "beheerder": (1, 1, 1),
    "coordinator": (1, 0, 0),
    "colleague_coordinator": (1, 0, 0),
    "outsider_coordinator": (0, 1, 0),
    "casemanager": (0, 0, 0),
    "expert": (0, 0, 0),
    "gemeente_official": (0, 0, 0),
}


@pytest.fixture
def entries(personas):
    def entry(region) -> AccessLogEntry:
        return AccessLogEntry.objects.create(
            actor_label="x",
            action="view",
            object_type="t",
            object_id="1",
            client_ref="K-1",
            region=region,
        )

    return entry(personas.region), entry(personas.other_region), entry(None)


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_each_persona_reads_what_the_rule_allows(personas, entries, persona):
    user = getattr(personas, persona)
    for entry, allowed in zip(entries, EXPECTED[persona], strict=True):
        in_queryset = AccessLogEntry.objects.visible_to(user).filter(pk=entry.pk).exists()
        assert in_queryset == ACCESSLOG_VIEW.allows(user, entry)
        assert in_queryset is bool(allowed), persona


def test_anonymous_reads_nothing(entries):
    assert not AccessLogEntry.objects.visible_to(AnonymousUser()).exists()


def test_the_privacy_officer_reads_every_entry_and_filter_and_predicate_agree(
    entries, make_privacy_officer
):
    officer = make_privacy_officer()
    for entry in entries:
        assert AccessLogEntry.objects.visible_to(officer).filter(pk=entry.pk).exists()
        assert ACCESSLOG_VIEW.allows(officer, entry)
    # Without the group the same kind of account (no role) reads nothing.
    plain = User.objects.get(pk=UserFactory().pk)
    assert not AccessLogEntry.objects.visible_to(plain).exists()
