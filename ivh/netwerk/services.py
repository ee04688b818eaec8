"""Writes to the network: the sociale kaart and a region's settings. The change history is
written by database triggers (pghistory) in the same transaction, with the actor as context."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.forms import BaseInlineFormSet

from ivh.accounts.models import User

from .forms import OrganisatieForm, RegionSettingsForm
from .models import Organisatie, Region
from .permissions import organisatie_can_edit


@transaction.atomic
def organisatie_save(
    *, by: User, form: OrganisatieForm, diensten: BaseInlineFormSet
) -> Organisatie:
    """Create or update an organisation with its services (both already validated).

    The actor changes only the membership of regions they maintain. An existing organisation
    must be editable by the actor (`ivh.netwerk.permissions`): one shared with a region the
    actor does not coordinate is the beheerder's.
    """
    managed = Region.objects.managed_by(by)
    instance = form.instance
    if instance.pk and not organisatie_can_edit(by, instance):
        raise PermissionDenied
    chosen = list(form.cleaned_data.get("regions") or [])
    if any(not managed.filter(pk=r.pk).exists() for r in chosen):
        raise PermissionDenied
    organisatie = form.save(commit=False)
    organisatie.save()
    organisatie.regions.set([*form.other_region_ids, *(r.pk for r in chosen)])
    diensten.instance = organisatie
    diensten.save()
    return organisatie


@transaction.atomic
def region_update(*, by: User, form: RegionSettingsForm) -> Region:
    """Save a region's aanmeldpunt details and norms (form already validated)."""
    if not Region.objects.managed_by(by).filter(pk=form.instance.pk).exists():
        raise PermissionDenied
    return form.save()
