"""Who may see an MDO, manage it, record advice, and read a family's summary on its agenda.
Every rule once; see `ivh.core.permissions`.

- view: the region's coordinators; everyone invited (not withdrawn); a casemanager with one of
  their own families (or a family they cover for) on the agenda.
- manage (plan, invite, hold): the region's coordinators.
- advise: the coordinators, and invited experts while the case summaries are open.
- read an agenda item's summary: the coordinators; the family's own casemanager (or
  substitute); an invited expert while the summaries are open and only when the parents gave,
  and did not withdraw, consent to discuss their child in an MDO.

The window for experts runs from IVH_MDO_INZAGE_DAGEN_VOOR days before the start to
IVH_MDO_INZAGE_DAGEN_NA days after the end of a meeting that is not cancelled.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import (
    DateTimeField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Value,
)
from django.utils import timezone

from aanmelding.constants import ToestemmingDoel
from aanmelding.models import Toestemming
from casemanagement.models import Traject
from casemanagement.permissions import TRAJECT_WORK
from ivh.accounts.constants import Role
from ivh.accounts.models import User
from ivh.core.permissions import NOTHING, Rule

from .constants import DeelnemerSoort, MdoStatus
from .models import Agendapunt, Deelnemer, Mdo, inzage_window


def _coordinates(user: User, region: str = "region") -> Q:
    regions = user.coordinator_region_ids()
    return Q(**{f"{region}_id__in": regions}) if regions else NOTHING


def _invited(user: User, mdo: str = "pk", *, experts_only: bool = False) -> Q:
    invitations = Deelnemer.objects.filter(user=user, mdo=OuterRef(mdo), withdrawn_at__isnull=True)
    if experts_only:
        if not user.has_role(Role.MDO_EXPERT):
            return NOTHING
        invitations = invitations.filter(soort=DeelnemerSoort.EXPERT)
    return Q(Exists(invitations))


def _window_open(prefix: str = "") -> Q:
    """The meeting's case summaries are open to invited experts now (in SQL): it starts within
    `before` from now, it ended less than `after` ago, and it is not cancelled."""
    now = timezone.now()
    before, after = inzage_window()
    length = ExpressionWrapper(
        F(f"{prefix}duur_minuten") * Value(timedelta(minutes=1)), output_field=DurationField()
    )
    earliest_start = ExpressionWrapper(Value(now - after) - length, output_field=DateTimeField())
    return (
        Q(**{f"{prefix}starts_at__lte": now + before})
        & Q(**{f"{prefix}starts_at__gte": earliest_start})
        & ~Q(**{f"{prefix}status": MdoStatus.GEANNULEERD})
    )


def _own_family_on_agenda(user: User) -> Q:
    if not user.has_role(Role.CASEMANAGER):
        return NOTHING
    own = TRAJECT_WORK.filter(Traject.objects.all(), user)
    return Q(Exists(Agendapunt.objects.filter(mdo=OuterRef("pk"), traject__in=own)))


def _consent_for_mdo() -> Q:
    return Q(
        Exists(
            Toestemming.objects.filter(
                aanmelding=OuterRef("traject__aanmelding"),
                doel=ToestemmingDoel.MDO,
                gegeven=True,
                withdrawn_at__isnull=True,
            )
        )
    )


MDO_VIEW = Rule(
    "view",
    Mdo,
    lambda user: _coordinates(user) | _invited(user) | _own_family_on_agenda(user),
)
MDO_MANAGE = Rule("manage", Mdo, _coordinates)
MDO_ADVISE = Rule(
    "advise",
    Mdo,
    lambda user: _coordinates(user) | (_invited(user, experts_only=True) & _window_open()),
)
AGENDAPUNT_READ = Rule(
    "read",
    Agendapunt,
    lambda user: (
        _coordinates(user, "mdo__region")
        | (
            Q(traject__in=TRAJECT_WORK.filter(Traject.objects.all(), user))
            if user.has_role(Role.CASEMANAGER)
            else NOTHING
        )
        | (_invited(user, "mdo", experts_only=True) & _window_open("mdo__") & _consent_for_mdo())
    ),
)


def may_use_mdo(user: User) -> bool:
    """The MDO overview: for coordinators, casemanagers and invited experts."""
    return (
        user.is_authenticated
        and user.is_active
        and user.has_role(Role.COORDINATOR, Role.CASEMANAGER, Role.MDO_EXPERT)
    )
