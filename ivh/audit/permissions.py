"""Who may read the access log. Every rule once; see `ivh.core.permissions`.

The functioneel beheerder (and the privacy officer, who holds that role) reads the whole log; a
coordinator reads the entries of their regions. Nobody else reads it; the parents see their own
family's entries through their personal link (casemanagement), not through this rule.
"""

from __future__ import annotations

from django.db.models import Q

from ivh.accounts.constants import Role
from ivh.accounts.models import User
from ivh.core.permissions import EVERYTHING, NOTHING, Rule

from .models import AccessLogEntry


def _reads_log(user: User) -> Q:
    if user.has_role(Role.BEHEERDER):
        return EVERYTHING
    regions = user.coordinator_region_ids()
    return Q(region_id__in=regions) if regions else NOTHING


ACCESSLOG_VIEW = Rule("view", AccessLogEntry, _reads_log)


def may_search_access_log(user: User) -> bool:
    """The search page itself: for those who may read at least part of the log."""
    return (
        user.is_authenticated and user.is_active and user.has_role(Role.COORDINATOR, Role.BEHEERDER)
    )
