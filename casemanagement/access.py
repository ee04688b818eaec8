"""Access to a traject: the object, what the user may do with it, and the access log."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from ivh.accounts.constants import Role
from ivh.accounts.models import User
from ivh.audit.constants import AccessAction
from ivh.audit.reasons import (
    ReasonQuestion,
    access_reason_require,
    dossier_access_reason,
    reason_key,
)
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


def _substitutes_for(user: User, traject: Traject) -> bool:
    """The user opens the traject as the substitute of its casemanager, not by a right of
    their own (a coordinator of the region has one). The cheap checks first: the flags that
    `traject_access` fetched are read without a query, other callers (the MDO item page) ask
    only for a casemanager who is not the traject's own."""
    if traject.casemanager_id == user.pk or not user.has_role(Role.CASEMANAGER):
        return False
    return TRAJECT_SUBSTITUTE.allows(user, traject) and not TRAJECT_MANAGE.allows(user, traject)


def traject_access_reason(request: HttpRequest, traject: Traject) -> str:
    """Why the user opens this family's dossier, where their access needs a reason (once per
    traject per session, ivh.audit.reasons): a substitute opening the absent casemanager's
    dossier (the suggestion names the casemanager; the user confirms it), and a beheerder who
    also holds a dossier role. "" when no reason is needed; raises `AccessReasonRequired`
    when one is needed and not yet given. Views that change the dossier call it before they
    change anything."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        return ""
    back = reverse("casemanagement:traject", args=[traject.pk])
    if _substitutes_for(user, traject):
        name = traject.casemanager.full_name if traject.casemanager else ""
        return access_reason_require(
            request,
            ReasonQuestion(
                key=reason_key(traject),
                why=_(
                    "U vervangt de casemanager van dit gezin, %(name)s. Bevestig of verander "
                    "de reden hieronder."
                )
                % {"name": name},
                suggestion=_("Vervanging tijdens afwezigheid van %(name)s") % {"name": name},
                back=back,
            ),
        )
    return dossier_access_reason(request, traject, back=back)


def log_traject_read(
    request: HttpRequest,
    traject: Traject,
    action: AccessAction = AccessAction.VIEW,
    actor_label: str | None = None,
    reason: str | None = None,
) -> list[Kind]:
    """One access-log entry per child of the family (the child is the client), so a search on
    one child's reference finds every read of the family's file. Returns the children.

    Staff whose access needs a reason (`traject_access_reason`) give it first: without one
    this raises `AccessReasonRequired` before anything is read or written. A parent using
    their personal link (`actor_label`) is not asked. `reason` given: the caller decided
    (an action on a meeting that names the family without opening its dossier)."""
    if reason is None:
        reason = traject_access_reason(request, traject) if actor_label is None else ""
    kinderen = list(traject.gezin.kinderen.all())
    for kind in kinderen:
        access_log_record(
            request=request,
            action=action,
            obj=traject,
            client_ref=kind.reference,
            region_id=traject.region_id,
            actor_label=actor_label,
            reason=reason,
        )
    return kinderen
