"""One access helper per object kind: returns the object and what the user may do with it,
or raises 404 (not visible) / PermissionDenied (visible but not allowed)."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from ivh.accounts.models import User

from .models import Organisatie, Region


@dataclass(frozen=True)
class OrganisatieAccess:
    organisatie: Organisatie
    can_edit: bool


def organisatie_access(user: User, pk: int, *, for_edit: bool = False) -> OrganisatieAccess:
    organisatie = get_object_or_404(
        Organisatie.objects.visible_to(user).prefetch_related("regions", "diensten"), pk=pk
    )
    can_edit = Organisatie.objects.managed_by(user).filter(pk=pk).exists()
    if for_edit and not can_edit:
        raise PermissionDenied
    return OrganisatieAccess(organisatie=organisatie, can_edit=can_edit)


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
