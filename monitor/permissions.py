"""Who sees which figures. Every rule once; the views and the menu read these.

A gemeente official sees their own gemeente with the region's total beside it; a coordinator
sees every gemeente of their regions side by side and publishes the half-year figures. Nobody
else uses the monitor: it shows only protected aggregates, and no page of it leads to a child.
"""

from __future__ import annotations

from dataclasses import dataclass

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
    return user.is_active and region.pk in user.coordinator_region_ids() and user.has_role(
        Role.COORDINATOR
    )
