"""The migration that drops the region's own norm columns keeps every value they held that the
versioned norms did not, and gives them back when it is undone."""

from datetime import UTC, datetime

import pytest
from django.db import connection

from ivh.termijnen.models import Norm
from tests.support.migrations import latest_of, migrate_to

pytestmark = pytest.mark.django_db

BEFORE = [("netwerk", "0002_naming_scheme")]
AFTER = [("netwerk", "0003_norms_only_in_termijnen")]
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def _columns(region_id: int) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT norm_eerste_contact_werkdagen, norm_mdo_weken, norm_vervolghulp_weken,"
            " evaluatie_maanden FROM netwerk_region WHERE id = %s",
            [region_id],
        )
        return cursor.fetchone()


def _norms(region_id: int) -> list[tuple]:
    return list(
        Norm.objects.filter(region_id=region_id)
        .order_by("regel", "valid_from")
        .values_list("regel", "amount", "unit", "valid_from", "reason")
    )


def test_values_without_a_norm_version_become_one_and_existing_versions_win(personas):
    region, other = personas.region, personas.other_region
    Norm.objects.filter(region__in=[region, other]).delete()
    # Before the versions existed for every rule: the other region's referral norm is a
    # version already (changed on the norms page), its column a stale copy.
    Norm.objects.create(region=other, regel="vervolghulp", amount=8, unit="weken", valid_from=EPOCH)
    migrate_to(BEFORE)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE netwerk_region SET norm_eerste_contact_werkdagen = 3,"
                " evaluatie_maanden = 4 WHERE id = %s",
                [region.pk],
            )
            cursor.execute(
                "UPDATE netwerk_region SET norm_vervolghulp_weken = 10 WHERE id = %s", [other.pk]
            )
            # A real migrate runs in its own transaction; here the test's transaction holds
            # the deferred foreign-key checks, which ALTER TABLE would refuse to pass.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    finally:
        migrate_to(AFTER)
        migrate_to(latest_of("netwerk"))

    copied = "overgenomen van de regio"
    # Only what differs from the default is copied: a default is what the region has anyway.
    assert _norms(region.pk) == [
        ("eerste_contact", 3, "werkdagen", EPOCH, copied),
        ("evaluatie", 4, "maanden", EPOCH, copied),
    ]
    assert _norms(other.pk) == [("vervolghulp", 8, "weken", EPOCH, "")]

    # Undone, the columns hold the current norms again (the default where there is none).
    try:
        migrate_to(BEFORE)
        assert _columns(region.pk) == (3, 6, 8, 4)
        assert _columns(other.pk) == (5, 6, 8, 6)
    finally:
        migrate_to(latest_of("netwerk"))
