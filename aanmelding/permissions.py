"""Who may see and handle a registration. Every rule once; see `ivh.core.permissions`.

Coordinators see and handle the registrations of their regions, and those that no region could
be found for (every coordinator may forward those). Nobody else sees a registration: a
casemanager reaches the family through the traject once it exists.
"""

from __future__ import annotations

from django.db.models import Q

from ivh.accounts.constants import Role
from ivh.accounts.models import User
from ivh.core.permissions import NOTHING, Rule

from .models import Aanmelding


def _coordinates(user: User) -> Q:
    regions = user.coordinator_region_ids()
    if not regions:
        return NOTHING
    return Q(region_id__in=regions) | Q(region__isnull=True)


AANMELDING_VIEW = Rule("view", Aanmelding, _coordinates)
# Handling (intake, first contact, outcome) is for the same people; whether the registration
# is still open is a matter of state, checked by the services.
AANMELDING_HANDLE = Rule("handle", Aanmelding, _coordinates)


def may_use_aanmeldpunt(user: User) -> bool:
    """The inbox and the intake pages: for coordinators (others get 403, they know it exists)."""
    return user.is_authenticated and user.is_active and user.has_role(Role.COORDINATOR)
