"""A region's norm changed the way a coordinator changes it, and moments counted in working
days, for tests of pages that read the stored deadlines (a region's own norm, so that a page
still counting with the DESIGN default shows the wrong verdict)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from ivh.accounts.models import User
from ivh.core.werkdagen import werkdagen_tussen
from ivh.netwerk.models import Region
from ivh.termijnen.constants import DEFAULT_NORMS
from ivh.termijnen.models import Norm
from ivh.termijnen.services import norm_change


def set_norm(region: Region, regel: str, amount: int, *, by: User) -> Norm:
    """A new version of the region's norm for `regel` (its unit is fixed per rule)."""
    return norm_change(
        region=region,
        regel=regel,
        amount=amount,
        unit=DEFAULT_NORMS[regel][1],
        warn_percent=80,
        far_percent=150,
        by=by,
        reason="Afspraak met de gemeenten",
    )


def workdays_ago(n: int) -> datetime:
    """Ten in the morning of the day `n` working days before today (Dutch holidays count)."""
    today = timezone.localdate()
    day = today
    while werkdagen_tussen(day, today) < n:
        day -= timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, time(10)))


def weeks_ago(weeks: int) -> datetime:
    """`weeks` whole weeks ago, and half a day: the local dates lie `weeks` weeks apart at any
    hour, across a change to or from summer time too."""
    return timezone.now() - timedelta(weeks=weeks, hours=12)
