"""Working days in the Netherlands, for waiting-time norms such as "first contact within five
working days". Weekends and the generally recognised public holidays do not count."""

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


def is_werkdag(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays_of(day.year)


def werkdagen_tussen(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 if end <= start).

    A registration received on Friday and handled on Monday has waited 1 working day.
    """
    if end <= start:
        return 0
    count = 0
    day = start + timedelta(days=1)
    while day <= end:
        if is_werkdag(day):
            count += 1
        day += timedelta(days=1)
    return count


def plus_werkdagen(start: date, days: int) -> date:
    """The date that lies `days` working days after `start`."""
    day = start
    remaining = days
    while remaining > 0:
        day += timedelta(days=1)
        if is_werkdag(day):
            remaining -= 1
    return day
