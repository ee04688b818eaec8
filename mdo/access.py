"""Access to an MDO and its agenda items: the object, what the user may do, and what they may
read of each family. Called at the top of every MDO view."""

from __future__ import annotations

from dataclasses import dataclass

from casemanagement.permissions import can_work_on
from ivh.accounts.models import User
from ivh.core.permissions import get_visible, require

from .constants import DeelnemerSoort
from .models import Agendapunt, Deelnemer, Mdo
from .permissions import AGENDAPUNT_READ, MDO_ADVISE, MDO_MANAGE, MDO_VIEW


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
    """404 when the user may not see the MDO; 403 when they may see it but not manage it."""
    mdo = get_visible(
        MDO_VIEW,
        Mdo.objects.select_related("region", "voorzitter"),
        user,
        MDO_MANAGE,
        MDO_ADVISE,
        pk=pk,
    )
    if for_manage:
        require(MDO_MANAGE, user, mdo)
    deelnemer = mdo.deelnemers.filter(user=user, withdrawn_at__isnull=True).first()
    return MdoAccess(
        mdo=mdo,
        can_manage=MDO_MANAGE.allows(user, mdo),
        deelnemer=deelnemer,
        can_advise=MDO_ADVISE.allows(user, mdo),
    )


def readable_item_ids(user: User, items: list[Agendapunt]) -> set[int]:
    """The agenda items whose family summary the user may read (one query)."""
    return set(
        AGENDAPUNT_READ.filter(
            Agendapunt.objects.filter(pk__in=[i.pk for i in items]), user
        ).values_list("pk", flat=True)
    )


@dataclass(frozen=True)
class AgendapuntAccess:
    mdo: MdoAccess
    item: Agendapunt
    can_accept: bool  # the family's casemanager (or their logged substitute)


def agendapunt_access(user: User, mdo_pk: int, pk: int) -> AgendapuntAccess:
    """404 for anyone who may not read this family's summary (`AGENDAPUNT_READ`): for them
    the summary does not exist, even when the MDO does."""
    access = mdo_access(user, mdo_pk)
    item = get_visible(
        AGENDAPUNT_READ,
        Agendapunt.objects.select_related(
            "traject__gezin",
            "traject__aanmelding",
            "traject__casemanager",
            "traject__region",
            "advice_by",
        ).filter(mdo=access.mdo),
        user,
        pk=pk,
    )
    item.mdo = access.mdo  # the meeting is loaded already: no second query for its times
    return AgendapuntAccess(mdo=access, item=item, can_accept=can_work_on(user, item.traject))
