"""Ages, birthdays and SSDA903 collection years: the date rules every app uses, in one place.

A 29 February birthday falls on 1 March in a common year (ADR 0007): a person born on
29 February 2008 is 17 on 28 February 2026 and 18 on 1 March 2026. The SQL twin of
`nth_birthday` is `corporate_parenting.sql.AddYears`; a test pins the two together.

A collection year is named after the 31 March it ends on: the year ending 31 March 2026 runs
from 1 April 2025 and is "2026" in SSDA903.
"""

import calendar
import datetime


def add_years(day, years):
    """The same day `years` later (or earlier); 29 February becomes 1 March in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return datetime.date(day.year + years, 3, 1)


def add_months(day, months):
    """The same day `months` later (or earlier), clipped to the end of a shorter month, as
    PostgreSQL's `+ interval 'n months'` does (the SQL twin is `sql.AddMonths`)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def nth_birthday(date_of_birth, age):
    """The day a person born on `date_of_birth` turns `age`."""
    return add_years(date_of_birth, age)


def birthday_in(date_of_birth, year):
    """The person's birthday in calendar year `year`."""
    return add_years(date_of_birth, year - date_of_birth.year)


def birthday_between(date_of_birth, ages, first_day, last_day):
    """The first of the person's birthdays at `ages` that falls from `first_day` to `last_day`
    (inclusive), or None."""
    for age in ages:
        birthday = nth_birthday(date_of_birth, age)
        if first_day <= birthday <= last_day:
            return birthday
    return None


def age_on(date_of_birth, day):
    """Age in whole years on `day`: a birthday counts from its first moment."""
    years = day.year - date_of_birth.year
    return years - 1 if nth_birthday(date_of_birth, years) > day else years


def latest_birth_date_for_age(day, years):
    """The latest date of birth of someone at least `years` old on `day`."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        # `day` is 29 February: someone born on 29 February `years` earlier (a common year
        # has none) or on 1 March turns `years` only on 1 March; 28 February is the last.
        return datetime.date(day.year - years, 2, 28)


def school_year_start(day):
    """1 September of the school year `day` falls in."""
    return datetime.date(day.year if day.month >= 9 else day.year - 1, 9, 1)


def collection_year_of(day):
    """The SSDA903 collection year `day` falls in: 1 April 2025 to 31 March 2026 is 2026."""
    return day.year + 1 if day.month >= 4 else day.year


def collection_year_bounds(year):
    """(1 April, 31 March): the first and last days of collection year `year`."""
    return datetime.date(year - 1, 4, 1), datetime.date(year, 3, 31)


def collection_year_start(day):
    """1 April of the collection year `day` falls in."""
    return collection_year_bounds(collection_year_of(day))[0]


def collection_year_end(day):
    """31 March of the collection year `day` falls in."""
    return collection_year_bounds(collection_year_of(day))[1]


def last_31_march(day):
    """The latest 31 March on or before `day`: the end of the last whole collection year."""
    return datetime.date(day.year if (day.month, day.day) >= (3, 31) else day.year - 1, 3, 31)


def school_term_start(day):
    """First day of the school term containing `day`: autumn from 1 September, spring from 1
    January, summer from 1 April (fixed dates; Easter and half terms are ignored). The SQL twin
    of the term's arithmetic is `sql.EndOfNextTerm`."""
    if day.month >= 9:
        return datetime.date(day.year, 9, 1)
    if day.month >= 4:
        return datetime.date(day.year, 4, 1)
    return datetime.date(day.year, 1, 1)


def end_of_next_term(day):
    """The last day of the school term after the one containing `day` (31 March, 31 August or
    31 December): a termly plan made on `day` is next due by then."""
    if day.month >= 9:
        return datetime.date(day.year + 1, 3, 31)
    if day.month >= 4:
        return datetime.date(day.year, 12, 31)
    return datetime.date(day.year, 8, 31)
