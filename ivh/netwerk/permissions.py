"""Who may change what in the network: each rule once, as a queryset filter, with the object
predicate derived from that same filter.

Ownership of an organisation on the sociale kaart: an organisation that works in a region the
user does not coordinate is shared with that region, whose coordinators and families rely on
its data too; it is changed by the functioneel beheerder only. A coordinator changes the
organisations that work only in regions they coordinate. (There is no region-specific data on
an organisation yet: its services and waiting times hold for every region it works in.)
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from ivh.accounts.models import User
from ivh.core.permissions import Rule

from .models import Organisatie, OrganisatieQuerySet

_OrganisatieRegion = Organisatie.regions.through


def organisatie_editable_filter(user: User) -> Q:
    """The organisations `user` may edit, as a filter on Organisatie (the one definition)."""
    if user.is_beheerder:
        return Q()
    mine = user.coordinator_region_ids()
    if not mine:
        return Q(pk__in=[])
    in_my_region = _OrganisatieRegion.objects.filter(
        organisatie_id=OuterRef("pk"), region_id__in=mine
    )
    in_another_region = _OrganisatieRegion.objects.filter(organisatie_id=OuterRef("pk")).exclude(
        region_id__in=mine
    )
    return Q(Exists(in_my_region)) & ~Q(Exists(in_another_region))


ORGANISATIE_EDIT = Rule("edit", Organisatie, organisatie_editable_filter)


def organisaties_editable(user: User) -> OrganisatieQuerySet:
    """Organisations `user` may edit (the filter applied)."""
    return ORGANISATIE_EDIT.filter(Organisatie.objects.all(), user)


def organisatie_can_edit(user: User, organisatie: Organisatie) -> bool:
    """May `user` edit this organisation? The same filter, asked of one row (one query), so
    the predicate can never disagree with the list."""
    if organisatie.pk is None:
        return False
    return ORGANISATIE_EDIT.allows(user, organisatie)
