"""One access helper per object kind: returns the object and what the user may do with it,
or raises 404 (not visible) / PermissionDenied (visible but not allowed)."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from ivh.accounts.models import User

from .models import Organisatie, Region
from .permissions import organisatie_can_edit


@dataclass(frozen=True)
class OrganisatieAccess:
    organisatie: Organisatie
    can_edit: bool
    # A coordinator of one of its regions who may not edit it: it is shared with another
    # region, so the beheerder keeps it (the page says whom to ask).
    shared_with_other_region: bool


def organisatie_access(user: User, pk: int, *, for_edit: bool = False) -> OrganisatieAccess:
    organisatie = get_object_or_404(
        Organisatie.objects.visible_to(user).prefetch_related("regions", "diensten"), pk=pk
    )
    can_edit = organisatie_can_edit(user, organisatie)
    if for_edit and not can_edit:
        raise PermissionDenied
    coordinates_one = any(r.pk in user.coordinator_region_ids() for r in organisatie.regions.all())
    return OrganisatieAccess(
        organisatie=organisatie,
        can_edit=can_edit,
        shared_with_other_region=coordinates_one and not can_edit,
    )


@dataclass(frozen=True)
class RegionAccess:
    region: Region
    can_edit: bool


def region_access(user: User, pk: int, *, for_edit: bool = False) -> RegionAccess:
    region = get_object_or_404(Region.objects.visible_to(user), pk=pk)
    can_edit = Region.objects.managed_by(user).filter(pk=pk).exists()
    if for_edit and not can_edit:
        raise PermissionDenied
    return RegionAccess(region=region, can_edit=can_edit)
