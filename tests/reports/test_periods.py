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


def test_board_periods_pair_each_period_with_a_year_earlier():
    from reports.indicators.periods import board_periods

    named = {n.key: n.period for n in board_periods(date(2026, 2, 28))}

    assert named["last_12_months"] == Period(date(2025, 3, 1), date(2026, 2, 28))
    assert named["year_to_date"] == Period(date(2025, 4, 1), date(2026, 2, 28))
    assert named["year_to_date_year_earlier"] == Period(date(2024, 4, 1), date(2025, 2, 28))
    assert named["last_6_months"] == Period(date(2025, 9, 1), date(2026, 2, 28))
    assert named["last_6_months_year_earlier"] == Period(date(2024, 9, 1), date(2025, 2, 28))


def test_year_to_date_on_1_april_is_that_one_day():
    from reports.indicators.periods import board_periods

    named = {n.key: n.period for n in board_periods(date(2026, 4, 1))}
    assert named["year_to_date"] == Period(date(2026, 4, 1), date(2026, 4, 1))


@pytest.mark.parametrize(
    ("as_at", "last"),
    [(date(2026, 3, 31), 2026), (date(2026, 3, 30), 2025), (date(2026, 12, 1), 2026)],
)
def test_annual_periods_are_five_years_ending_31_march_up_to_the_date(as_at, last):
    from reports.indicators.periods import annual_periods

    periods = annual_periods(as_at)

    assert [p.period.end for p in periods] == [date(y, 3, 31) for y in range(last - 4, last + 1)]
    assert periods[0].period.start == date(last - 5, 4, 1)


def test_population_estimate_year_changes_on_1_april():
    from reports.indicators.periods import population_estimate_year

    assert population_estimate_year(date(2026, 3, 31)) == 2025
    assert population_estimate_year(date(2026, 4, 1)) == 2026


def test_six_months_to_a_month_end_are_whole_months_and_a_year_earlier_keeps_february():
    from reports.indicators.periods import board_periods

    named = {n.key: n.period for n in board_periods(date(2025, 9, 30))}
    assert named["last_6_months"] == Period(date(2025, 4, 1), date(2025, 9, 30))
    leap = {n.key: n.period for n in board_periods(date(2024, 2, 29))}
    assert leap["last_6_months"] == Period(date(2023, 9, 1), date(2024, 2, 29))
    assert leap["last_6_months_year_earlier"] == Period(date(2022, 9, 1), date(2023, 2, 28))
    assert leap["last_12_months_year_earlier"] == Period(date(2022, 3, 1), date(2023, 2, 28))


def test_the_12_months_to_the_end_of_february_are_whole_months():
    assert Period.as_at(date(2025, 2, 28)) == Period(date(2024, 3, 1), date(2025, 2, 28))
    assert Period.months(date(2025, 11, 30), 6) == Period(date(2025, 6, 1), date(2025, 11, 30))
    # not a month end: the day after the same date n months earlier
    assert Period.months(date(2025, 11, 29), 6) == Period(date(2025, 5, 30), date(2025, 11, 29))


def test_a_year_earlier_keeps_an_end_of_month_at_the_end_of_its_month():
    assert Period.as_at(date(2025, 2, 28)).previous_year() == Period(
        date(2023, 3, 1), date(2024, 2, 29)
    )
    assert Period.as_at(date(2024, 2, 29)).previous_year() == Period.as_at(date(2023, 2, 28))
