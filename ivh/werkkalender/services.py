from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from ivh.core.werkdagen import is_werkdag

from .calendar import holiday_names
from .models import Dag

# The stored calendar reaches this far back (the oldest figures the monitor shows) and this many
# years ahead (the furthest deadline a norm can produce, with room to spare).
FIRST_YEAR = 2015
YEARS_AHEAD = 5


@transaction.atomic
def calendar_fill(first_year: int, last_year: int) -> int:
    """Write (or rewrite) one row per day for the given years; returns the number of days."""
    rows = []
    day, end = date(first_year, 1, 1), date(last_year, 12, 31)
    while day <= end:
        rows.append(
            Dag(day=day, workday=is_werkdag(day), holiday=holiday_names(day.year).get(day, ""))
        )
        day += timedelta(days=1)
    Dag.objects.bulk_create(
        rows,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["day"],
        update_fields=["workday", "holiday"],
    )
    return len(rows)


def calendar_extend() -> int:
    """The periodic job: keep the stored calendar from FIRST_YEAR to YEARS_AHEAD years ahead."""
    return calendar_fill(FIRST_YEAR, timezone.localdate().year + YEARS_AHEAD)
