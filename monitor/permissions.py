"""Who sees which figures. Every rule once; the views and the menu read these.

A gemeente official sees their own gemeente with the region's total beside it; a coordinator
sees every gemeente of their regions side by side and publishes the half-year figures. Nobody
else uses the monitor: it shows only protected aggregates, and no page of it leads to a child.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from ivh.accounts.constants import Role
from ivh.accounts.models import User
from ivh.netwerk.models import Gemeente, Region


@dataclass(frozen=True)
class Scope:
    """What one person may see of one region: every gemeente (None) or these."""

    region: Region
    gemeente_ids: tuple[int, ...] | None

    @property
    def key(self) -> str:
        if self.gemeente_ids is None:
            return f"regio-{self.region.pk}"
        return "gemeente-" + "-".join(str(pk) for pk in self.gemeente_ids)


def may_use_monitor(user: User) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and (bool(user.coordinator_region_ids()) or bool(user.gemeente_ids()))
    )


def monitor_scopes(user: User) -> list[Scope]:
    """The regions this person may see, with the gemeenten they may see in each."""
    if not may_use_monitor(user):
        return []
    coordinated = set(user.coordinator_region_ids())
    scopes = [Scope(r, None) for r in Region.objects.filter(pk__in=coordinated).order_by("name")]
    own: dict[int, list[Gemeente]] = {}
    for gemeente in (
        Gemeente.objects.filter(pk__in=user.gemeente_ids())
        .exclude(region_id__in=coordinated)
        .select_related("region")
        .order_by("name")
    ):
        own.setdefault(gemeente.region_id, []).append(gemeente)
    for gemeenten in own.values():
        scopes.append(Scope(gemeenten[0].region, tuple(g.pk for g in gemeenten)))
    return scopes


def may_publish(user: User, region: Region) -> bool:
    return (
        user.is_active
        and region.pk in user.coordinator_region_ids()
        and user.has_role(Role.COORDINATOR)
    )


# --- the quickscan ----------------------------------------------------------------------
# A gemeente official fills in the quickscan of their own gemeente; the coordinators of its
# region read it (they see the same figures on the dashboard). Nobody else: the quickscan is
# the gemeente's own view, and the measured figures beside it are the gemeente's column.


def _quickscan_reach(user: User) -> tuple[set[int], set[int]]:
    """(gemeenten whose quickscan this person fills in, regions whose quickscans they read)."""
    if not (user.is_authenticated and user.is_active):
        return set(), set()
    return set(user.gemeente_ids()), set(user.coordinator_region_ids())


def may_fill_quickscan(user: User, gemeente: Gemeente) -> bool:
    fills, _regions = _quickscan_reach(user)
    return gemeente.pk in fills


def may_read_quickscan(user: User, gemeente: Gemeente) -> bool:
    fills, regions = _quickscan_reach(user)
    return gemeente.pk in fills or gemeente.region_id in regions


def quickscan_gemeenten(user: User) -> QuerySet[Gemeente]:
    """The gemeenten whose quickscan this person may read (`may_read_quickscan`)."""
    fills, regions = _quickscan_reach(user)
    return Gemeente.objects.filter(Q(pk__in=fills) | Q(region_id__in=regions))
