"""Date arithmetic that more than one app shows the same way."""

from datetime import date


def age_years_months(born: date, today: date) -> tuple[int, int]:
    """A child's age on `today` as (years, months), counted in whole months: a month is
    complete on the day of the month the child was born (or later)."""
    months = (today.year - born.year) * 12 + today.month - born.month - (today.day < born.day)
    return months // 12, months % 12
