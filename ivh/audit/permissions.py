"""Who may read the access log. Every rule once; see `ivh.core.permissions`.

- The privacy officer (functionaris gegevensbescherming) reads the whole log, and nothing of
  the dossiers: an account without any role, holding the permission `audit.read_whole_log`
  (the group "Functionaris gegevensbescherming", which only a superuser assigns).
- The functioneel beheerder reads the whole log too (incidents, the admin).
- A coordinator reads the entries of their regions.

Nobody else reads it; the parents see their own family's entries through their personal link
(casemanagement), not through this rule.
"""

from __future__ import annotations

from django.db.models import Q

from ivh.accounts.constants import Role
from ivh.accounts.models import User
from ivh.core.permissions import EVERYTHING, NOTHING, Rule

from .constants import PRIVACY_OFFICER_PERMISSION
from .models import AccessLogEntry


def is_privacy_officer(user: User) -> bool:
    """An active account with the privacy officer's permission and no role at all.

    No role: whoever checks the log does not also work in the dossiers it records (and the
    permission never widens what a coordinator or casemanager may do). Asked last, and only of
    accounts without roles: the permission costs a query, the roles are already loaded."""
    return (
        user.is_authenticated
        and user.is_active
        and not user.active_roles
        and user.has_perm(PRIVACY_OFFICER_PERMISSION)
    )


def _reads_log(user: User) -> Q:
    if user.has_role(Role.BEHEERDER) or is_privacy_officer(user):
        return EVERYTHING
    regions = user.coordinator_region_ids()
    return Q(region_id__in=regions) if regions else NOTHING


ACCESSLOG_VIEW = Rule("view", AccessLogEntry, _reads_log)


def may_search_access_log(user: User) -> bool:
    """The search page itself (and its CSV export): for those who may read at least part of
    the log."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.has_role(Role.COORDINATOR, Role.BEHEERDER) or is_privacy_officer(user)
