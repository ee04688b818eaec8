"""Working-day arithmetic for one region: the national calendar (`ivh.core.werkdagen`) minus the
region's own closure days. Deadlines are computed here; the monitor counts in SQL over the stored
calendar (`sql.WorkdaysBetween`); a test keeps the two in agreement."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache

import holidays
from django.utils import timezone

from ivh.core.werkdagen import is_werkdag, werkdagen_tussen

# Staff mail (signals, reminders) goes out in working hours on working days; what is raised at
# night waits for the morning.
WORKDAY_START = time(8, 0)
WORKDAY_END = time(18, 0)


@lru_cache(maxsize=64)
def holiday_names(year: int) -> dict[date, str]:
    """Dutch names of the public holidays that are days off (as `ivh.core.werkdagen` counts)."""
    names = holidays.country_holidays("NL", years=year, language="nl")
    # A holiday on a weekday that is a working day all the same (Good Friday) gets no name.
    return {
        day: str(name) for day, name in names.items() if day.weekday() >= 5 or not is_werkdag(day)
    }


@dataclass(frozen=True)
class Skipped:
    """A weekday that does not count, and why (for a deadline that explains itself)."""

    day: date
    reason: str


class WorkCalendar:
    def __init__(self, closures: Iterable[tuple[date, str]] = ()) -> None:
        self._closed = dict(closures)

    @classmethod
    def for_region(cls, region_id: int | None) -> WorkCalendar:
        from .models import Sluitingsdag

        if region_id is None:
            return cls()
        return cls(Sluitingsdag.objects.filter(region_id=region_id).values_list("day", "reason"))

    def is_workday(self, day: date) -> bool:
        return is_werkdag(day) and day not in self._closed

    def workdays_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (0 if end <= start): the
        national count (`werkdagen_tussen`, arithmetic) less the region's closure days in the
        span that would have been working days."""
        if end <= start:
            return 0
        closed = sum(1 for day in self._closed if start < day <= end and is_werkdag(day))
        return werkdagen_tussen(start, end) - closed

    def add_workdays(self, start: date, days: int) -> date:
        """The day that lies `days` working days after `start` (before it when negative)."""
        step = timedelta(days=1 if days >= 0 else -1)
        day, remaining = start, abs(days)
        while remaining > 0:
            day += step
            if self.is_workday(day):
                remaining -= 1
        return day

    def skipped(self, start: date, end: date) -> list[Skipped]:
        """Weekdays after `start` up to `end` that do not count: holidays and closure days."""
        out: list[Skipped] = []
        day = start
        while day < end:
            day += timedelta(days=1)
            if day.weekday() >= 5:
                continue
            if day in self._closed:
                out.append(Skipped(day, self._closed[day]))
            elif not is_werkdag(day):
                out.append(Skipped(day, holiday_names(day.year).get(day, "")))
        return out


def next_working_moment(now: datetime) -> datetime:
    """Now, in working hours on a working day; otherwise the start of the next working day."""
    calendar = WorkCalendar()
    local = timezone.localtime(now)
    if calendar.is_workday(local.date()) and WORKDAY_START <= local.time() < WORKDAY_END:
        return now
    day = local.date()
    if local.time() >= WORKDAY_START or not calendar.is_workday(day):
        day = calendar.add_workdays(day, 1)
    return timezone.make_aware(datetime.combine(day, WORKDAY_START))
