"""Who may see and record the coordinator's network work. Every rule once; see
`ivh.core.permissions`.

Consults and network activities: only the region's coordinators, they are their own work. A
casemanager, expert, gemeente official or beheerder gets 403 on the pages; a coordinator of
another region gets 404 on this region's rows (they may not learn they exist).

The stuurgroep (members, meetings, decisions, documents): the region's coordinators see and
change everything (the coordinator is the stuurgroep's policy officer). A gemeente official whose
gemeente lies in the region reads it all (the gemeente funds the network and sits in the
stuurgroep) and changes nothing (403). Everyone else, coordinators and officials of other regions
included, gets 404 on every row and document, and 403 on the pages that list.
"""

from __future__ import annotations

from django.db.models import Q

from ivh.accounts.constants import Role
from ivh.accounts.models import User
from ivh.core.permissions import NOTHING, Rule

from .models import (
    Besluit,
    Consult,
    DocumentVersie,
    Netwerkactiviteit,
    RegioDocument,
    StuurgroepLid,
    StuurgroepVergadering,
)


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


# --- the stuurgroep ------------------------------------------------------------------------


def stuurgroep_region_ids(user: User) -> set[int]:
    """The regions whose stuurgroep the user reads: those they coordinate, and those of the
    gemeenten they work for as an official."""
    if not (user.is_authenticated and user.is_active):
        return set()
    return user.region_ids(Role.COORDINATOR, Role.GEMEENTE)


def _in_regions(regions: set[int], path: str = "region_id") -> Q:
    return Q(**{f"{path}__in": regions}) if regions else NOTHING


def _reads_stuurgroep(user: User) -> Q:
    return _in_regions(stuurgroep_region_ids(user))


def _reads_document_of(user: User) -> Q:
    return _in_regions(stuurgroep_region_ids(user), "document__region_id")


STUURGROEPLID_VIEW = Rule("view", StuurgroepLid, _reads_stuurgroep)
STUURGROEPLID_EDIT = Rule("edit", StuurgroepLid, _coordinates)
VERGADERING_VIEW = Rule("view", StuurgroepVergadering, _reads_stuurgroep)
VERGADERING_EDIT = Rule("edit", StuurgroepVergadering, _coordinates)
BESLUIT_VIEW = Rule("view", Besluit, _reads_stuurgroep)
BESLUIT_EDIT = Rule("edit", Besluit, _coordinates)
DOCUMENT_VIEW = Rule("view", RegioDocument, _reads_stuurgroep)
# Adding a version is a change of the document.
DOCUMENT_EDIT = Rule("edit", RegioDocument, _coordinates)
# The download: the same people as the document, asked of the version row itself.
DOCUMENTVERSIE_VIEW = Rule("view", DocumentVersie, _reads_document_of)


def may_see_stuurgroep(user: User) -> bool:
    """The stuurgroep pages: coordinators, and gemeente officials (who read only)."""
    return bool(stuurgroep_region_ids(user))


def may_change_stuurgroep(user: User, region_id: int) -> bool:
    """Adding members, meetings, decisions and documents in this region: its coordinators."""
    return bool(
        user.is_authenticated and user.is_active and region_id in user.coordinator_region_ids()
    )
