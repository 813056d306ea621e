from datetime import date

import pytest

from reports.indicators.periods import Period, monthly_ends


def test_as_at_is_the_12_months_to_the_date():
    assert Period.as_at(date(2026, 3, 31)) == Period(date(2025, 4, 1), date(2026, 3, 31))
    assert Period.as_at(date(2024, 2, 29)) == Period(date(2023, 3, 1), date(2024, 2, 29))


def test_year_ending_31_march_and_financial_year_to_date():
    assert Period.year_ending_31_march(2026) == Period(date(2025, 4, 1), date(2026, 3, 31))
    assert Period.financial_year_to_date(date(2026, 3, 31)).start == date(2025, 4, 1)
    assert Period.financial_year_to_date(date(2026, 4, 1)) == Period(
        date(2026, 4, 1), date(2026, 4, 1)
    )


def test_three_years_and_n_months():
    assert Period.three_years_to(date(2026, 3, 31)).start == date(2023, 4, 1)
    assert Period.months(date(2026, 3, 31), 6).start == date(2025, 10, 1)


def test_previous_year_and_bad_periods():
    assert Period.as_at(date(2026, 3, 31)).previous_year() == Period.as_at(date(2025, 3, 31))
    with pytest.raises(ValueError, match="cannot start after"):
        Period(date(2026, 1, 2), date(2026, 1, 1))


def test_monthly_ends_cover_both_months_given():
    assert monthly_ends(date(2025, 12, 15), date(2026, 2, 1)) == [
        date(2025, 12, 31),
        date(2026, 1, 31),
        date(2026, 2, 28),
    ]
