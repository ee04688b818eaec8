"""Who may see and do what with a traject (and through it the family's dossier: gezin, kinderen,
contacts, plan, referrals). Every rule once; see `ivh.core.permissions`.

- view: the casemanager, their logged substitute, and the coordinators of the traject's region.
- work (log contacts, write the plan, refer, close): the casemanager and their substitute.
- manage (assign, arrange substitution): the coordinators of the region.

A substitution counts only in the region it was arranged for, and only while the substitute is
a casemanager there: covering for a colleague in region A opens nothing of region B.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from ivh.accounts.constants import Role
from ivh.accounts.models import User
from ivh.core.permissions import NOTHING, Rule

from .models import Traject, Vervanging


def _substituting(user: User) -> Q:
    regions = user.region_ids(Role.CASEMANAGER)
    if not regions:
        return NOTHING
    today = timezone.localdate()
    return Q(
        Exists(
            Vervanging.objects.filter(
                vervanger=user,
                afwezige=OuterRef("casemanager"),
                region=OuterRef("region"),
                region_id__in=regions,
                van__lte=today,
                tot__gte=today,
            )
        )
    )


def _works_on(user: User) -> Q:
    regions = user.region_ids(Role.CASEMANAGER)
    if not regions:
        return NOTHING
    # Only in a region where they are a casemanager now: someone who moved to another region
    # no longer sees the families still assigned to them in the old one.
    return Q(casemanager=user, region_id__in=regions) | _substituting(user)


def _coordinates(user: User) -> Q:
    regions = user.coordinator_region_ids()
    return Q(region_id__in=regions) if regions else NOTHING


TRAJECT_VIEW = Rule("view", Traject, lambda user: _works_on(user) | _coordinates(user))
TRAJECT_WORK = Rule("work", Traject, _works_on)
TRAJECT_MANAGE = Rule("manage", Traject, _coordinates)
# Substitution only (not the own casemanager): the page says so and the access log records it.
TRAJECT_SUBSTITUTE = Rule("substitute", Traject, _substituting)


def can_work_on(user: User, traject: Traject) -> bool:
    """The casemanager of the traject, or their logged substitute in its region."""
    return TRAJECT_WORK.allows(user, traject)


def can_manage(user: User, traject: Traject) -> bool:
    return TRAJECT_MANAGE.allows(user, traject)


def may_use_trajecten(user: User) -> bool:
    """The caseload and the trajecten list: for casemanagers and coordinators."""
    return (
        user.is_authenticated
        and user.is_active
        and user.has_role(Role.CASEMANAGER, Role.COORDINATOR)
    )
