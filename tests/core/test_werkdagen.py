from datetime import date

from ivh.core.werkdagen import is_werkdag, plus_werkdagen, werkdagen_tussen


def test_weekends_and_public_holidays_are_not_working_days():
    assert not is_werkdag(date(2026, 11, 21))  # Saturday
    assert not is_werkdag(date(2026, 4, 27))  # King's Day
    assert not is_werkdag(date(2026, 12, 25))
    assert not is_werkdag(date(2026, 5, 14))  # Ascension Day
    assert is_werkdag(date(2026, 4, 3))  # Good Friday is a working day
    assert is_werkdag(date(2026, 11, 23))


def test_working_days_between_two_dates():
    assert werkdagen_tussen(date(2026, 11, 20), date(2026, 11, 23)) == 1  # Friday -> Monday
    assert werkdagen_tussen(date(2026, 11, 23), date(2026, 11, 23)) == 0
    assert (
        werkdagen_tussen(date(2026, 12, 24), date(2026, 12, 31)) == 4
    )  # 25 Dec off, 26 is a Saturday


def test_five_working_days_after_a_registration_before_easter():
    # Thursday 2 April 2026 + 5 working days: Fri 3, Tue 7, Wed 8, Thu 9, Fri 10 (Easter Monday off)
    assert plus_werkdagen(date(2026, 4, 2), 5) == date(2026, 4, 10)
