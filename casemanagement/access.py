"""Access to a traject: the object, what the user may do with it, and the access log."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from ivh.accounts.models import User
from ivh.audit.constants import AccessAction
from ivh.audit.services import access_log_record

from .models import Kind, Traject
from .services import can_work_on


@dataclass(frozen=True)
class TrajectAccess:
    traject: Traject
    can_work: bool  # the casemanager, or their logged substitute
    can_manage: bool  # a coordinator of the region
    via_vervanging: bool


def traject_access(
    user: User, pk: int, *, for_work: bool = False, for_manage: bool = False
) -> TrajectAccess:
    traject = get_object_or_404(
        Traject.objects.visible_to(user).select_related(
            "gezin", "region", "casemanager", "aanmelding", "gezin__gemeente"
        ),
        pk=pk,
    )
    can_work = can_work_on(user, traject)
    can_manage = traject.region_id in user.coordinator_region_ids()
    if (for_work and not can_work) or (for_manage and not can_manage):
        raise PermissionDenied
    return TrajectAccess(
        traject=traject,
        can_work=can_work,
        can_manage=can_manage,
        via_vervanging=can_work and traject.casemanager_id != user.pk,
    )


def log_traject_read(
    request: HttpRequest,
    traject: Traject,
    action: AccessAction = AccessAction.VIEW,
    actor_label: str | None = None,
) -> list[Kind]:
    """One access-log entry per child of the family (the child is the client), so a search on
    one child's reference finds every read of the family's file. Returns the children."""
    kinderen = list(traject.gezin.kinderen.all())
    for kind in kinderen:
        access_log_record(
            request=request,
            action=action,
            obj=traject,
            client_ref=kind.reference,
            region_id=traject.region_id,
            actor_label=actor_label,
        )
    return kinderen
