"""The daily overview: one mail per person on working days, written to the outbox for those who
have open signals to see or held messages; the renderer sends nothing when it is empty."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q
from django.utils import timezone

from casemanagement.models import Traject
from ivh.accounts.constants import Role
from ivh.accounts.models import RoleAssignment, User
from ivh.outbox.models import DigestItem
from ivh.outbox.services import Draft, outbox_put_many
from ivh.werkkalender.calendar import WorkCalendar

from .models import Signaal
from .outbox import DIGEST_MAIL, digest_mail_key
from .subjects import TRAJECT


def digest_put(now: datetime | None = None) -> int:
    """Queue today's overviews (idempotent: one per person and day). Returns the number queued."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    if not WorkCalendar().is_workday(today):
        return 0
    open_signals = Signaal.objects.open()
    regions = open_signals.values("region_id")
    coordinators = RoleAssignment.objects.filter(
        role=Role.COORDINATOR, active=True, region_id__in=regions
    ).values_list("user_id", flat=True)
    casemanagers = Traject.objects.filter(
        pk__in=open_signals.filter(termijn__subject_kind=TRAJECT).values("termijn__subject_id")
    ).values_list("casemanager_id", flat=True)
    held = DigestItem.objects.filter(digested_at__isnull=True).values_list("user_id", flat=True)
    users = User.objects.filter(
        Q(pk__in=coordinators) | Q(pk__in=casemanagers) | Q(pk__in=held), is_active=True
    ).exclude(email="")
    return outbox_put_many(
        [
            Draft(
                key=digest_mail_key(user.pk, today.isoformat()),
                kind=DIGEST_MAIL,
                recipient=user.email,
                context={"user_id": user.pk},
            )
            for user in users.only("pk", "email")
        ]
    )
