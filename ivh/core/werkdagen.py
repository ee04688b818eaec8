"""Working days in the Netherlands, for waiting-time norms such as "first contact within five
working days". Weekends and the generally recognised public holidays do not count."""

from bisect import bisect_right
from datetime import date, timedelta
from functools import lru_cache

import holidays

# Good Friday is in the holidays package's Dutch calendar but is not a general day off;
# Liberation Day (5 May) is included by that package only in lustrum years, as most
# collective agreements do.
_NOT_A_DAY_OFF = {"Good Friday"}


@lru_cache(maxsize=64)
def _holidays_of(year: int) -> frozenset[date]:
    calendar = holidays.country_holidays("NL", years=year, language="en_US")
    return frozenset(day for day, name in calendar.items() if name not in _NOT_A_DAY_OFF)


@lru_cache(maxsize=64)
def _weekday_holidays_of(year: int) -> tuple[date, ...]:
    """The days off of `year` that fall on Monday to Friday, sorted (for bisect). Only those
    of the year itself, as `is_werkdag` looks a day up in its own year's set."""
    return tuple(
        sorted(day for day in _holidays_of(year) if day.year == year and day.weekday() < 5)
    )


def is_werkdag(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays_of(day.year)


def _weekdays_through(day: date) -> int:
    """Mondays to Fridays from 1 January of year 1 (a Monday, ordinal 1) up to and including
    `day`: five per whole week, plus the weekdays of the week begun."""
    weeks, rest = divmod(day.toordinal(), 7)
    return weeks * 5 + min(rest, 5)


def werkdagen_tussen(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 if end <= start).

    A registration received on Friday and handled on Monday has waited 1 working day.
    Counted, not walked: the weekdays of the span by arithmetic, less the holidays on a
    weekday in it (bisect in each year's sorted list): a wait of years costs a few
    microseconds, not a walk over every day of it.
    """
    if end <= start:
        return 0
    weekdays = _weekdays_through(end) - _weekdays_through(start)
    off = 0
    for year in range(start.year, end.year + 1):
        days_off = _weekday_holidays_of(year)
        off += bisect_right(days_off, end) - bisect_right(days_off, start)
    return weekdays - off


def plus_werkdagen(start: date, days: int) -> date:
    """The date that lies `days` working days after `start`."""
    day = start
    remaining = days
    while remaining > 0:
        day += timedelta(days=1)
        if is_werkdag(day):
            remaining -= 1
    return day
