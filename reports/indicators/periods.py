"""Reporting periods: as at a date, 12 months to a date, years ending 31 March, and so on."""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from corporate_parenting.dates import (
    add_months,
    collection_year_bounds,
    collection_year_start,
    last_31_march,
)


def population_estimate_year(day):
    """The ONS mid-year population estimate a rate on `day` uses: the one for mid-year Y for
    every date in the collection year 1 April Y to 31 March Y+1.

    So the rate at 31 March 2026 (the SSDA903 return date) divides by the mid-2025 estimate,
    as the DfE's published rates for a year ending 31 March use the mid-year estimate inside
    that year, and a monthly trend keeps one estimate from April to March instead of stepping
    when a new estimate is entered.
    """
    return day.year if day.month >= 4 else day.year - 1


@dataclass(frozen=True)
class Period:
    """Inclusive dates. For an indicator measured "as at" a date, the date is `end`."""

    start: date
    end: date

    def __post_init__(self):
        if self.start > self.end:
            raise ValueError("A period cannot start after it ends.")

    @classmethod
    def as_at(cls, day):
        """The 12 months ending on `day` (the default period of the catalogue)."""
        return cls.months(day, 12)

    @classmethod
    def months(cls, day, n):
        """The n months ending on `day`: 31 March back 12 months starts on 1 April. When `day`
        ends a month the period is whole calendar months (the 12 months to 28 February 2025
        start on 1 March 2024, not 29 February; the 6 months to 30 September on 1 April)."""
        if day == month_end(day):
            return cls(add_months(day.replace(day=1), -(n - 1)), day)
        return cls(add_months(day, -n) + timedelta(days=1), day)

    @classmethod
    def year_ending_31_march(cls, year):
        return cls(*collection_year_bounds(year))

    @classmethod
    def financial_year_to_date(cls, day):
        return cls(collection_year_start(day), day)

    @classmethod
    def three_years_to(cls, day):
        return cls.months(day, 36)

    @property
    def as_at_date(self):
        return self.end

    def previous_year(self):
        """The same period one year earlier."""
        return self.months_earlier(12)

    def months_earlier(self, n):
        """The same period n months earlier; an end of month stays an end of month (the year
        before 28 February 2025 ends on 29 February 2024)."""
        return Period(shift_months(self.start, -n), shift_months(self.end, -n))

    def __str__(self):
        return f"{self.start:%d/%m/%Y} to {self.end:%d/%m/%Y}"


def month_end(day):
    return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])


def shift_months(day, n):
    """`day` moved n months, keeping an end of month at the end of its month."""
    moved = add_months(day, n)
    return month_end(moved) if day == month_end(day) else moved


def monthly_ends(first, last):
    """Month ends from the month of `first` to the month of `last`, inclusive."""
    ends = []
    current = month_end(first)
    while current <= month_end(last):
        ends.append(current)
        current = month_end(current + timedelta(days=1))
    return ends


ANNUAL_YEARS = 5


def annual_31_march_ends(as_at, years=ANNUAL_YEARS):
    """The last `years` 31 Marches on or before `as_at`, oldest first (the five-year trend)."""
    latest = last_31_march(as_at)
    return [date(latest.year - back, 3, 31) for back in range(years - 1, -1, -1)]


@dataclass(frozen=True)
class NamedPeriod:
    key: str
    label: str
    period: Period


def board_periods(as_at):
    """The periods the boards quote, in page order: the 12 months, the year to date (from 1
    April) and the last 6 months to `as_at`, each followed by the same period a year earlier.

    The CLI and the indicator page both read this list, so the two always agree.
    """
    named = []
    for key, label, period in (
        ("last_12_months", "Last 12 months", Period.as_at(as_at)),  # as the headline figure
        ("year_to_date", "Year to date (from 1 April)", Period.financial_year_to_date(as_at)),
        ("last_6_months", "Last 6 months", Period.months(as_at, 6)),
    ):
        named.append(NamedPeriod(key, label, period))
        earlier = period.months_earlier(12)
        named.append(NamedPeriod(f"{key}_year_earlier", f"{label}, a year earlier", earlier))
    return named


def annual_periods(as_at, years=ANNUAL_YEARS):
    """The years ending 31 March for the five-year trend, oldest first."""
    return [
        NamedPeriod(
            f"year_ending_{end.year}",
            f"Year ending 31 March {end.year}",
            Period.year_ending_31_march(end.year),
        )
        for end in annual_31_march_ends(as_at, years)
    ]
