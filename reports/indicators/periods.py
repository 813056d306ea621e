"""Reporting periods: as at a date, 12 months to a date, years ending 31 March, and so on."""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from corporate_parenting.dates import (
    add_months,
    add_years,
    collection_year_bounds,
    collection_year_start,
)


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
        """The n months ending on `day`: 31 March back 12 months starts on 1 April."""
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
        return Period(add_years(self.start, -1), add_years(self.end, -1))

    def __str__(self):
        return f"{self.start:%d/%m/%Y} to {self.end:%d/%m/%Y}"


def month_end(day):
    return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])


def monthly_ends(first, last):
    """Month ends from the month of `first` to the month of `last`, inclusive."""
    ends = []
    current = month_end(first)
    while current <= month_end(last):
        ends.append(current)
        current = month_end(current + timedelta(days=1))
    return ends
