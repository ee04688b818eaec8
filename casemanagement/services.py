"""Transitions of gezin and traject. Each runs in one transaction, checks state and actor."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aanmelding.constants import OPEN_STATUSES, Status
from aanmelding.models import Aanmelding
from ivh.accounts.constants import Role
from ivh.accounts.models import RoleAssignment, User

from .models import Gezin, Kind, Traject, TrajectToewijzing


def _is_casemanager_in(user: User, region_id: int) -> bool:
    return RoleAssignment.objects.filter(
        user=user, role=Role.CASEMANAGER, region_id=region_id, active=True, user__is_active=True
    ).exists()


@transaction.atomic
def traject_start_from_aanmelding(
    *, aanmelding: Aanmelding, by: User, casemanager: User
) -> Traject:
    """Outcome of intake: a traject. Creates the gezin and kind from the registration, assigns
    the casemanager and closes the registration as 'traject started'."""
    if not by.has_role(Role.COORDINATOR) or aanmelding.region_id not in by.coordinator_region_ids():
        raise PermissionDenied
    aanmelding = Aanmelding.objects.select_for_update().get(pk=aanmelding.pk)
    if aanmelding.status not in OPEN_STATUSES:
        raise ValidationError(_("Deze aanmelding is al afgehandeld."))
    if aanmelding.first_contact_at is None:
        raise ValidationError(_("Leg eerst het eerste contact met de ouders vast."))
    if not _is_casemanager_in(casemanager, aanmelding.region_id):
        raise ValidationError(_("Deze persoon is geen casemanager in deze regio."))
    now = timezone.now()
    gezin = Gezin.objects.create(
        region_id=aanmelding.region_id,
        gemeente_id=aanmelding.gemeente_id,
        ouder_naam=aanmelding.ouder_naam,
        ouder_telefoon=aanmelding.ouder_telefoon,
        ouder_email=aanmelding.ouder_email,
        postcode=aanmelding.postcode,
    )
    Kind.objects.create(
        gezin=gezin,
        reference=aanmelding.reference,
        voornaam=aanmelding.kind_voornaam,
        geboortedatum=aanmelding.kind_geboortedatum,
    )
    traject = Traject.objects.create(
        gezin=gezin,
        aanmelding=aanmelding,
        region_id=aanmelding.region_id,
        casemanager=casemanager,
        received_at=aanmelding.received_at,
        first_contact_at=aanmelding.first_contact_at,
        casemanager_assigned_at=now,
    )
    TrajectToewijzing.objects.create(
        traject=traject,
        casemanager=casemanager,
        assigned_by=by,
        assigned_at=now,
        reden=_("Start traject na intake"),
    )
    aanmelding.status = Status.TRAJECT
    aanmelding.closed_at = now
    aanmelding.closed_by = by
    aanmelding.save(update_fields=["status", "closed_at", "closed_by"])
    return traject


@transaction.atomic
def traject_assign_casemanager(
    *, traject: Traject, casemanager: User, by: User, reden: str = ""
) -> Traject:
    """Give a traject to another casemanager; the assignment history is kept."""
    if not by.has_role(Role.COORDINATOR) or traject.region_id not in by.coordinator_region_ids():
        raise PermissionDenied
    traject = Traject.objects.select_for_update().get(pk=traject.pk)
    if not traject.is_open:
        raise ValidationError(_("Dit traject is afgesloten."))
    if not _is_casemanager_in(casemanager, traject.region_id):
        raise ValidationError(_("Deze persoon is geen casemanager in deze regio."))
    if traject.casemanager_id == casemanager.pk:
        return traject
    now = timezone.now()
    TrajectToewijzing.objects.filter(traject=traject, ended_at__isnull=True).update(ended_at=now)
    TrajectToewijzing.objects.create(
        traject=traject, casemanager=casemanager, assigned_by=by, assigned_at=now, reden=reden
    )
    traject.casemanager = casemanager
    if traject.casemanager_assigned_at is None:
        traject.casemanager_assigned_at = now
    traject.save(update_fields=["casemanager", "casemanager_assigned_at"])
    return traject
