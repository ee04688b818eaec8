"""Who may see and write the yearly quality review. Every rule once; see `ivh.core.permissions`.

The region's coordinators write it (it is their task as the stuurgroep's policy officer).
Officials of a gemeente in the region read an adopted review: they sit in the stuurgroep that
follows up its actions, and not a concept. Casemanagers, experts and others get 403 on every
page; a coordinator or official of another region gets 404 on this region's reviews.
"""

from __future__ import annotations

from django.db.models import Q

from ivh.accounts.constants import Role
from ivh.accounts.models import User
from ivh.core.permissions import NOTHING, Rule

from .constants import ReviewStatus
from .models import Kwaliteitsreview


def _sees(user: User) -> Q:
    q = NOTHING
    if regions := user.coordinator_region_ids():
        q |= Q(region_id__in=regions)
    if official := user.region_ids(Role.GEMEENTE):
        q |= Q(region_id__in=official, status=ReviewStatus.VASTGESTELD)
    return q


def _writes(user: User) -> Q:
    regions = user.coordinator_region_ids()
    return Q(region_id__in=regions, status=ReviewStatus.CONCEPT) if regions else NOTHING


REVIEW_VIEW = Rule("view", Kwaliteitsreview, _sees)
# Writing and adopting: the region's coordinators, while the review is a concept.
REVIEW_EDIT = Rule("edit", Kwaliteitsreview, _writes)


def may_use_kwaliteit(user: User) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.coordinator_region_ids() or user.gemeente_ids())
    )


def may_start_review(user: User, region_id: int) -> bool:
    return region_id in user.coordinator_region_ids()
