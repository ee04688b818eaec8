"""Access to an MDO and its agenda items: the object, what the user may do, and what they may
read of each family. Called at the top of every MDO view."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import get_object_or_404

from casemanagement.models import Traject
from casemanagement.services import can_work_on
from ivh.accounts.models import User

from .constants import DeelnemerSoort
from .models import Agendapunt, Deelnemer, Mdo
from .services import can_advise, mdo_consent_given


@dataclass(frozen=True)
class MdoAccess:
    mdo: Mdo
    can_manage: bool  # a coordinator of the region
    deelnemer: Deelnemer | None  # the user's own invitation
    can_advise: bool

    @property
    def is_expert(self) -> bool:
        return self.deelnemer is not None and self.deelnemer.soort == DeelnemerSoort.EXPERT


def mdo_access(user: User, pk: int, *, for_manage: bool = False) -> MdoAccess:
    mdo = get_object_or_404(
        Mdo.objects.visible_to(user).select_related("region", "voorzitter"), pk=pk
    )
    can_manage = mdo.region_id in user.coordinator_region_ids()
    if for_manage and not can_manage:
        raise Http404
    deelnemer = mdo.deelnemers.filter(user=user, verwijderd_op__isnull=True).first()
    return MdoAccess(
        mdo=mdo, can_manage=can_manage, deelnemer=deelnemer, can_advise=can_advise(user, mdo)
    )


def can_read_item(user: User, access: MdoAccess, item: Agendapunt, own: set[int]) -> bool:
    """Coordinators read every family on the agenda, a casemanager their own families (`own`:
    trajecten visible to them), an invited expert only families whose parents consented to
    the MDO, and only while the meeting's window is open."""
    if access.can_manage or item.traject_id in own:
        return True
    return access.is_expert and access.mdo.inzage_open() and mdo_consent_given(item.traject)


def own_traject_ids(user: User, items: list[Agendapunt]) -> set[int]:
    return set(
        Traject.objects.visible_to(user)
        .filter(pk__in=[i.traject_id for i in items])
        .values_list("pk", flat=True)
    )


@dataclass(frozen=True)
class AgendapuntAccess:
    mdo: MdoAccess
    item: Agendapunt
    can_accept: bool  # the family's casemanager (or their logged substitute)


def agendapunt_access(user: User, mdo_pk: int, pk: int) -> AgendapuntAccess:
    """404 for anyone who may not read this family's summary (see `can_read_item`)."""
    access = mdo_access(user, mdo_pk)
    item = get_object_or_404(
        Agendapunt.objects.select_related(
            "traject__gezin", "traject__aanmelding", "traject__casemanager", "traject__region"
        ),
        pk=pk,
        mdo=access.mdo,
    )
    if not can_read_item(user, access, item, own_traject_ids(user, [item])):
        raise Http404
    return AgendapuntAccess(mdo=access, item=item, can_accept=can_work_on(user, item.traject))
