"""The monitor's pages read from a replica when one is configured; everything else, and every
write, stays on the primary (ivh.core.dbrouter, docs/scaling.md)."""

import re

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ivh.core.dbrouter import REPLICA, replica_reads
from ivh.netwerk.models import Region

pytestmark = pytest.mark.django_db(databases=["default", REPLICA])


def _tables(queries: list[dict]) -> str:
    return " ".join(q["sql"] for q in queries)


@pytest.mark.django_db(transaction=True, databases=["default", REPLICA])
def test_reads_go_to_the_replica_only_inside_a_marked_block(personas, settings):
    settings.IVH_READ_REPLICA = True
    assert Region.objects.all().db == "default"
    with replica_reads(), CaptureQueriesContext(connections["default"]) as on_primary:
        assert Region.objects.all().db == REPLICA
        Region.objects.filter(pk=personas.region.pk).update(aanmeldpunt_name="Loket")
        read_there = Region.objects.get(pk=personas.region.pk)
        assert read_there._state.db == REPLICA
    assert "UPDATE" in _tables(on_primary.captured_queries)
    # An object read from the replica is saved to the primary.
    with CaptureQueriesContext(connections["default"]) as on_primary:
        read_there.save(update_fields=["aanmeldpunt_name"])
    assert "UPDATE" in _tables(on_primary.captured_queries)
    assert Region.objects.all().db == "default"


def test_without_a_replica_everything_stays_on_the_primary(settings):
    settings.IVH_READ_REPLICA = False
    with replica_reads():
        assert Region.objects.all().db == "default"


def test_the_replica_is_never_migrated():
    from ivh.core.dbrouter import ReplicaRouter

    router = ReplicaRouter()
    assert router.allow_migrate(REPLICA, "monitor") is False
    assert router.allow_migrate("default", "monitor") is True


def test_the_dashboard_reads_its_figures_from_the_replica_and_the_work_pages_do_not(
    personas, login, settings
):
    settings.IVH_READ_REPLICA = True
    client = login(personas.coordinator)
    with (
        CaptureQueriesContext(connections[REPLICA]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        assert client.get(reverse("monitor:overzicht")).status_code == 200
    # The read model's facts and its refresh record come from the replica; the publication list
    # beside them (which the coordinator writes on that page) from the primary.
    facts = re.compile(r"monitor_\w*(feit|verversing)")
    assert facts.search(_tables(on_replica.captured_queries))
    assert not facts.search(_tables(on_primary.captured_queries))

    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        assert client.get(reverse("aanmelding:inbox")).status_code == 200
    assert on_replica.captured_queries == []
