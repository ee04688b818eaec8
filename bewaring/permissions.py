"""Who may see and do what with retention. Every rule once; see `ivh.core.permissions`.

Only the coordinators of a region: they see the retention calendar of their regions, the
batches (the daily job's, which covers every region, and the ones started for their regions)
and the erasure requests of their regions, and they record and carry out those requests.
A casemanager, expert, gemeente official or beheerder gets 403 on the pages; a coordinator of
another region gets 404 on this region's rows (they may not learn they exist).
"""

from __future__ import annotations

from django.db.models import Q

from aanmelding.models import Aanmelding
from casemanagement.models import Gezin
from ivh.accounts.models import User
from ivh.core.permissions import NOTHING, Rule

from .models import Bewaarbatch, Verwijderverzoek


def _batches(user: User) -> Q:
    regions = user.coordinator_region_ids()
    # The daily job's batches cover every region: each coordinator reads their own part.
    return Q(region_id__in=regions) | Q(region__isnull=True) if regions else NOTHING


def _requests(user: User) -> Q:
    regions = user.coordinator_region_ids()
    # A registration no region could be found for is every coordinator's (as in the inbox).
    return Q(region_id__in=regions) | Q(region__isnull=True) if regions else NOTHING


BATCH_VIEW = Rule("view", Bewaarbatch, _batches)
VERZOEK_VIEW = Rule("view", Verwijderverzoek, _requests)
# Carrying out or rejecting follows seeing: both are the region's coordinators.
VERZOEK_HANDLE = Rule("handle", Verwijderverzoek, _requests)


def may_use_bewaring(user: User) -> bool:
    """The retention pages: for coordinators of a region (others get 403)."""
    return bool(user.is_authenticated and user.is_active and user.coordinator_region_ids())


def may_handle_root(user: User, root: Aanmelding | Gezin) -> bool:
    """Whether the user may record an erasure request for this dossier root."""
    regions = user.coordinator_region_ids() if user.is_authenticated and user.is_active else set()
    if not regions:
        return False
    if root.region_id is None:
        return isinstance(root, Aanmelding)
    return root.region_id in regions
