"""Who may see and record the coordinator's network work. Every rule once; see
`ivh.core.permissions`.

Only the region's coordinators: consults and network activities are their own work. A
casemanager, expert, gemeente official or beheerder gets 403 on the pages; a coordinator of
another region gets 404 on this region's rows (they may not learn they exist).
"""

from __future__ import annotations

from django.db.models import Q

from ivh.accounts.models import User
from ivh.core.permissions import NOTHING, Rule

from .models import Consult, Netwerkactiviteit


def _coordinates(user: User) -> Q:
    regions = user.coordinator_region_ids()
    return Q(region_id__in=regions) if regions else NOTHING


CONSULT_VIEW = Rule("view", Consult, _coordinates)
ACTIVITEIT_VIEW = Rule("view", Netwerkactiviteit, _coordinates)
# Changing follows seeing: both are the region's coordinators. A separate rule so that the
# edit pages say what they check, and a later change (say: only one's own entries) is one line.
ACTIVITEIT_EDIT = Rule("edit", Netwerkactiviteit, _coordinates)
CONSULT_LINK = Rule("link", Consult, _coordinates)


def may_use_netwerkwerk(user: User) -> bool:
    """The consult log and the network activities: for coordinators of a region."""
    return bool(user.is_authenticated and user.is_active and user.coordinator_region_ids())
