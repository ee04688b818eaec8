"""Who sees a signal and may mark it as seen. Every rule once; see `ivh.core.permissions`.

The coordinators see every signal of their regions. A casemanager (and their substitute while
the substitution runs) sees the signals of the trajecten they work on and of those trajecten's
referrals. Signals about a registration (the inbox) are the coordinators' alone.
"""

from __future__ import annotations

from django.db.models import Q

from casemanagement.models import Traject, Verwijzing
from casemanagement.permissions import TRAJECT_WORK
from ivh.accounts.constants import Role
from ivh.accounts.models import User
from ivh.core.permissions import NOTHING, Rule

from .models import Signaal
from .subjects import TRAJECT, VERWIJZING


def _coordinates(user: User) -> Q:
    regions = user.coordinator_region_ids()
    return Q(region_id__in=regions) if regions else NOTHING


def _works_on(user: User) -> Q:
    if not user.region_ids(Role.CASEMANAGER):
        return NOTHING
    trajecten = TRAJECT_WORK.filter(Traject.objects.all(), user).values("pk")
    return Q(termijn__subject_kind=TRAJECT, termijn__subject_id__in=trajecten) | Q(
        termijn__subject_kind=VERWIJZING,
        termijn__subject_id__in=Verwijzing.objects.filter(traject__in=trajecten).values("pk"),
    )


SIGNAAL_VIEW = Rule("view", Signaal, lambda user: _coordinates(user) | _works_on(user))
# Marking as seen (with a note) is for the same people: whoever is told may answer.
SIGNAAL_ACKNOWLEDGE = Rule(
    "acknowledge", Signaal, lambda user: _coordinates(user) | _works_on(user)
)


def may_use_signalen(user: User) -> bool:
    """The signals overview: for coordinators and casemanagers."""
    return (
        user.is_authenticated
        and user.is_active
        and user.has_role(Role.COORDINATOR, Role.CASEMANAGER)
    )
