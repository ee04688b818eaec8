"""Whether a meeting falls on a working day. A weekend or public holiday is allowed (a
region may meet on a Saturday), but the coordinator is warned: usually it is a typing mistake
and experts and parents do not expect it. The calendar is the one the waiting-time norms use
(`ivh.core.werkdagen`)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import holidays
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ivh.core.werkdagen import is_werkdag


def non_working_day_reason(day: date) -> str | None:
    """Why `day` is not a working day (the weekday, or the holiday's name), or None."""
    if is_werkdag(day):
        return None
    if day.weekday() >= 5:
        return formats.date_format(day, "l")
    language = "nl" if (get_language() or "nl").startswith("nl") else "en_US"
    name = holidays.country_holidays("NL", years=day.year, language=language).get(day)
    return name or _("feestdag")


def date_warning(starts_at: datetime) -> str | None:
    """The warning for a meeting at `starts_at`, or None on a working day."""
    day = timezone.localtime(starts_at).date()
    reason = non_working_day_reason(day)
    if reason is None:
        return None
    return _("Let op: %(date)s is geen werkdag (%(reason)s). Klopt de datum?") % {
        "date": formats.date_format(day, "l j F Y"),
        "reason": reason,
    }


def non_working_days(start: date, days: int) -> dict[str, str]:
    """The days from `start` on that are holidays on a weekday, with their reason, for the
    date field's warning in the browser (weekends it sees itself)."""
    found = {}
    for offset in range(days):
        day = start + timedelta(days=offset)
        if day.weekday() < 5 and (reason := non_working_day_reason(day)):
            found[day.isoformat()] = reason
    return found


def next_working_day(day: date, *, step: int = 1) -> date:
    """`day` itself when it is a working day, else the first one after (step=-1: before)."""
    while not is_werkdag(day):
        day += timedelta(days=step)
    return day
