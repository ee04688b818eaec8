"""`werkdagen_tussen` counts working days arithmetically (weeks × 5, less the weekday holidays
found by bisect). It must give exactly what walking the days one by one gives, for every kind
of span: empty, reversed, across years, starting or ending on a weekend or a holiday."""

import random
from datetime import date, timedelta

import holidays

from ivh.core.werkdagen import is_werkdag, werkdagen_tussen

FIRST, LAST = date(2012, 1, 1), date(2032, 12, 31)


def _day_by_day(start: date, end: date) -> int:
    """The plain definition: each day after `start` up to and including `end` that is a
    working day."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += is_werkdag(day)
    return count


def _days_off() -> list[date]:
    """Every Dutch public holiday of the period (Good Friday and a Liberation Day outside a
    lustrum year too: the edges where a calendar could go wrong), and every weekend day near
    one."""
    years = range(FIRST.year, LAST.year + 1)
    days = sorted(holidays.country_holidays("NL", years=years))
    weekend = [d + timedelta(days=k) for d in days for k in range(-3, 4)]
    return days + [d for d in weekend if d.weekday() >= 5]


def _spans(rng: random.Random) -> list[tuple[date, date]]:
    period = (LAST - FIRST).days
    special = _days_off()
    spans: list[tuple[date, date]] = []
    for _ in range(1500):
        start = FIRST + timedelta(days=rng.randrange(period))
        length = rng.choice([rng.randrange(-10, 15), rng.randrange(-60, 400)])
        spans.append((start, start + timedelta(days=length)))
    for _ in range(1500):
        # Starting and/or ending on a holiday or a weekend day, a day either side too.
        start = rng.choice(special) + timedelta(days=rng.choice([-1, 0, 0, 1]))
        end = rng.choice(
            [
                start + timedelta(days=rng.randrange(0, 40)),
                rng.choice(special) + timedelta(days=rng.choice([-1, 0, 0, 1])),
            ]
        )
        spans.append((start, end))
    for _ in range(100):
        # Long waits: years, as a registration closed long ago had.
        start = FIRST + timedelta(days=rng.randrange(period // 2))
        spans.append((start, start + timedelta(days=rng.randrange(365, period // 2))))
    for day in (date(2026, 11, 21), date(2026, 12, 25), date(2026, 11, 23)):
        spans += [(day, day), (day, day - timedelta(days=1)), (day, day - timedelta(days=400))]
    return spans


def test_the_arithmetic_count_equals_the_day_by_day_count_on_thousands_of_spans():
    rng = random.Random(16)
    spans = _spans(rng)
    assert len(spans) > 3000
    assert any(end < start for start, end in spans)  # reversed spans are in the sample
    assert any(end == start for start, end in spans)
    wrong = [
        (start, end, werkdagen_tussen(start, end), _day_by_day(start, end))
        for start, end in spans
        if werkdagen_tussen(start, end) != _day_by_day(start, end)
    ]
    assert wrong == []


def test_an_empty_or_reversed_span_has_no_working_days():
    assert werkdagen_tussen(date(2026, 11, 23), date(2026, 11, 23)) == 0
    assert werkdagen_tussen(date(2026, 11, 24), date(2026, 11, 23)) == 0
    assert werkdagen_tussen(date(2026, 11, 24), date(2016, 1, 4)) == 0


def test_holidays_at_either_end_of_a_span_count_as_the_definition_says():
    # Starting on a holiday: that day is not in the span; ending on one: it is, and it is off.
    assert werkdagen_tussen(date(2026, 12, 25), date(2026, 12, 28)) == 1  # Mon 28
    assert werkdagen_tussen(date(2026, 12, 24), date(2026, 12, 25)) == 0  # Christmas Day
    assert werkdagen_tussen(date(2026, 4, 2), date(2026, 4, 3)) == 1  # Good Friday works
    assert werkdagen_tussen(date(2025, 12, 31), date(2026, 1, 2)) == 1  # over New Year
