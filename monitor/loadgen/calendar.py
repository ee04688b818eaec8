"""Working days by table lookup, and the deadline of a clock as `ivh.termijnen.projection` sets it.

`project()` walks the calendar day by day and writes an explanation in words; for a few hundred
thousand deadlines that is most of the generator's time. `FastCalendar` answers the same two
questions from a sorted list of working days (measured: the same answers on every span the tests
try, in a fraction of the time), and `deadline()` follows `project()` step by step without the
words. The national calendar only: the generator enters no closure days for a region.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta

from ivh.core.werkdagen import is_werkdag
from ivh.termijnen.constants import Eenheid

LOCAL = ZoneInfo("Europe/Amsterdam")


class FastCalendar:
    """`WorkCalendar` without closure days, for the years it was built for."""

    def __init__(self, first: date, last: date) -> None:
        self.first, self.last = first, last
        self._workdays: list[int] = []
        day = first
        while day <= last:
            if is_werkdag(day):
                self._workdays.append(day.toordinal())
            day += timedelta(days=1)

    def _count_upto(self, day: date) -> int:
        """Working days on or before `day` (within the built range)."""
        if not self.first <= day <= self.last:
            raise ValueError(f"{day} lies outside the calendar ({self.first}–{self.last})")
        return bisect_right(self._workdays, day.toordinal())

    def is_workday(self, day: date) -> bool:
        return self._count_upto(day) - self._count_upto(day - timedelta(days=1)) == 1

    def workdays_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (0 if end <= start)."""
        if end <= start:
            return 0
        return self._count_upto(end) - self._count_upto(start)

    def add_workdays(self, start: date, days: int) -> date:
        """The day that lies `days` working days after `start`."""
        if days <= 0:
            return start
        return date.fromordinal(self._workdays[self._count_upto(start) + days - 1])

    def next_workday(self, day: date) -> date:
        """`day` itself if it is a working day, else the first working day after it."""
        index = self._count_upto(day - timedelta(days=1))
        return date.fromordinal(self._workdays[index])


@dataclass(frozen=True)
class Norm:
    id: int
    regel: str
    amount: int
    unit: str
    warn_percent: int
    far_percent: int


@dataclass(frozen=True)
class Deadline:
    warn_at: datetime
    due_at: datetime
    far_at: datetime


def local_day(moment: datetime) -> date:
    return moment.astimezone(LOCAL).date()


def start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=LOCAL)


def paused_days(pauses: list[tuple[datetime, datetime]], unit: str, calendar: FastCalendar) -> int:
    """Days the closed pauses took from the clock, as `projection._paused` counts them."""
    total = 0
    for started, ended in pauses:
        first, end = local_day(started), local_day(ended)
        if unit == Eenheid.WERKDAGEN:
            total += calendar.workdays_between(first - timedelta(days=1), end - timedelta(days=1))
        else:
            total += (end - first).days
    return total


def _day_at(start: date, norm: Norm, percent: int, extra: int, calendar: FastCalendar) -> date:
    if norm.unit == Eenheid.WERKDAGEN:
        return calendar.add_workdays(start, math.ceil(norm.amount * percent / 100) + extra)
    if norm.unit == Eenheid.WEKEN:
        length = 7 * norm.amount
    else:
        length = ((start + relativedelta(months=norm.amount)) - start).days
    return start + timedelta(days=math.ceil(length * percent / 100) + extra)


def deadline(
    started_at: datetime,
    norm: Norm,
    calendar: FastCalendar,
    pauses: list[tuple[datetime, datetime]] | None = None,
) -> Deadline:
    """`projection.project()` for a clock without an open pause."""
    start = local_day(started_at)
    extra = paused_days(pauses, norm.unit, calendar) if pauses else 0
    due_day = _day_at(start, norm, 100, extra, calendar)
    warn_day = _day_at(start, norm, norm.warn_percent, extra, calendar)
    far_day = _day_at(start, norm, norm.far_percent, extra, calendar)
    return Deadline(
        warn_at=start_of(min(warn_day, due_day)),
        due_at=start_of(due_day + timedelta(days=1)),
        far_at=start_of(far_day + timedelta(days=1)),
    )
