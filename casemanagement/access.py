"""Access to a traject: the object, what the user may do with it, and the access log."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest

from ivh.accounts.models import User
from ivh.audit.constants import AccessAction
from ivh.audit.services import access_log_record
from ivh.core.permissions import get_visible, require

from .models import Kind, Traject
from .permissions import TRAJECT_MANAGE, TRAJECT_SUBSTITUTE, TRAJECT_VIEW, TRAJECT_WORK


@dataclass(frozen=True)
class TrajectAccess:
    traject: Traject
    can_work: bool  # the casemanager, or their logged substitute
    can_manage: bool  # a coordinator of the region
    via_vervanging: bool


def traject_access(
    user: User, pk: int, *, for_work: bool = False, for_manage: bool = False
) -> TrajectAccess:
    """404 when the user may not see the traject, 403 when they may see it but not do this."""
    traject = get_visible(
        TRAJECT_VIEW,
        Traject.objects.select_related(
            "gezin", "region", "casemanager", "aanmelding", "gezin__gemeente"
        ),
        user,
        TRAJECT_WORK,
        TRAJECT_MANAGE,
        TRAJECT_SUBSTITUTE,
        pk=pk,
    )
    if for_work:
        require(TRAJECT_WORK, user, traject)
    if for_manage:
        require(TRAJECT_MANAGE, user, traject)
    can_work = TRAJECT_WORK.allows(user, traject)
    return TrajectAccess(
        traject=traject,
        can_work=can_work,
        can_manage=TRAJECT_MANAGE.allows(user, traject),
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
