"""From a start, a norm, the calendar and the pauses to a deadline that explains itself.

Pure arithmetic (no queries): the services hand it what it needs. Days are local dates
(Europe/Amsterdam). A deadline day is the last day within the norm; `due_at` is the first moment
after it. A pause moves every level by the time it lasted: working days for a norm in working days,
calendar days otherwise. While a pause is open there is no deadline.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ivh.werkkalender.calendar import WorkCalendar

from .constants import Eenheid, PauzeReden


@dataclass(frozen=True)
class NormSpec:
    amount: int
    unit: str
    warn_percent: int
    far_percent: int


@dataclass(frozen=True)
class PauseSpan:
    started_at: datetime
    ended_at: datetime | None
    reden: str


@dataclass
class Projection:
    warn_at: datetime | None
    due_at: datetime | None
    far_at: datetime | None
    due_day: date | None
    explanation: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return ", ".join(self.explanation)


def _local_day(moment: datetime) -> date:
    return timezone.localdate(moment)


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _paused(pauses: list[PauseSpan], unit: str, calendar: WorkCalendar) -> int:
    """Days the closed pauses took from the clock (a pause begun and ended on one day: none)."""
    total = 0
    for pause in pauses:
        assert pause.ended_at is not None
        first, end = _local_day(pause.started_at), _local_day(pause.ended_at)
        if unit == Eenheid.WERKDAGEN:
            total += calendar.workdays_between(first - timedelta(days=1), end - timedelta(days=1))
        else:
            total += (end - first).days
    return total


def _day_at(start: date, norm: NormSpec, percent: int, extra: int, calendar: WorkCalendar) -> date:
    """The last day within `percent` of the norm, moved by `extra` paused days."""
    if norm.unit == Eenheid.WERKDAGEN:
        return calendar.add_workdays(start, math.ceil(norm.amount * percent / 100) + extra)
    if norm.unit == Eenheid.WEKEN:
        length = 7 * norm.amount
    else:
        length = ((start + relativedelta(months=norm.amount)) - start).days
    return start + timedelta(days=math.ceil(length * percent / 100) + extra)


def project(
    *,
    started_at: datetime,
    norm: NormSpec,
    calendar: WorkCalendar,
    pauses: list[PauseSpan],
) -> Projection:
    if any(p.ended_at is None for p in pauses):
        open_pause = next(p for p in pauses if p.ended_at is None)
        return Projection(
            None,
            None,
            None,
            None,
            [
                _("gepauzeerd sinds %(day)s, %(reason)s")
                % {
                    "day": date_format(_local_day(open_pause.started_at), "j F"),
                    "reason": PauzeReden(open_pause.reden).label,
                }
            ],
        )
    start = _local_day(started_at)
    extra = _paused(pauses, norm.unit, calendar)
    due_day = _day_at(start, norm, 100, extra, calendar)
    warn_day = _day_at(start, norm, norm.warn_percent, extra, calendar)
    far_day = _day_at(start, norm, norm.far_percent, extra, calendar)
    return Projection(
        warn_at=_start_of(min(warn_day, due_day)),
        due_at=_start_of(due_day + timedelta(days=1)),
        far_at=_start_of(far_day + timedelta(days=1)),
        due_day=due_day,
        explanation=_explain(start, due_day, norm, pauses, extra, calendar),
    )


def _explain(
    start: date,
    due_day: date,
    norm: NormSpec,
    pauses: list[PauseSpan],
    extra: int,
    calendar: WorkCalendar,
) -> list[str]:
    parts = [
        _("uiterlijk %(due)s: %(amount)s %(unit)s na %(start)s")
        % {
            "due": date_format(due_day, "D j F"),
            "amount": norm.amount,
            "unit": Eenheid(norm.unit).label,
            "start": date_format(start, "j F"),
        }
    ]
    if norm.unit == Eenheid.WERKDAGEN:
        names = [s.reason for s in calendar.skipped(start, due_day) if s.reason]
        if names:
            parts.append(
                ngettext("%(names)s telt niet mee", "%(names)s tellen niet mee", len(names))
                % {"names": get_text_list(names, _("en"))}
            )
    if extra:
        reasons = sorted({str(PauzeReden(p.reden).label) for p in pauses})
        parts.append(
            ngettext(
                "%(n)s dag gepauzeerd %(reasons)s",
                "%(n)s dagen gepauzeerd %(reasons)s",
                extra,
            )
            % {"n": extra, "reasons": get_text_list(reasons, _("en"))}
        )
    return parts
