"""Small SQL expressions the indicators share (PostgreSQL)."""

from datetime import date

from django.db import models
from django.db.models import Func


class DaysBetween(Func):
    """later - earlier in whole days (PostgreSQL date subtraction gives an integer)."""

    template = "(%(expressions)s)"
    arg_joiner = " - "
    output_field = models.IntegerField()

    def __init__(self, later, earlier, **extra):
        super().__init__(later, earlier, **extra)


class DatePlusDays(Func):
    """date + a number of days (an integer column or value)."""

    template = "(%(expressions)s)"
    arg_joiner = " + "
    output_field = models.DateField()


class Greatest(Func):
    function = "GREATEST"


class Least(Func):
    function = "LEAST"


class RepeatingFunc(Func):
    """A one-argument Func whose template uses its argument more than once: the argument's
    query parameters are repeated for each use. Extra template values must be integers."""

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        context = {**self.extra, **extra_context, "expressions": sql}
        uses = self.template.count("%(expressions)s")
        return self.template % context, tuple(params) * uses


class AddYears(RepeatingFunc):
    """date + n years, with 29 February becoming 1 March in a common year (English birthdays)."""

    template = (
        "(CASE WHEN EXTRACT(MONTH FROM %(expressions)s) = 2"
        " AND EXTRACT(DAY FROM %(expressions)s) = 29"
        " AND EXTRACT(DAY FROM (%(expressions)s + make_interval(years => %(years)s))) = 28"
        " THEN (%(expressions)s + make_interval(years => %(years)s))::date + 1"
        " ELSE (%(expressions)s + make_interval(years => %(years)s))::date END)"
    )
    output_field = models.DateField()

    def __init__(self, expression, years, **extra):
        super().__init__(expression, years=int(years), **extra)


class LatestBirthday(RepeatingFunc):
    """The latest birthday on or before a day, at an age of at most `oldest`, of a date of birth:
    date of birth + min(age on the day, oldest) years, 29 February becoming 1 March in a common
    year (English birthdays). A short expression (PostgreSQL's age()), so that queries which
    use it many times stay small."""

    _years = (
        "LEAST(date_part('year', age(make_date(%(year)s, %(month)s, %(day)s), "
        "%(expressions)s))::int, %(oldest)s)"
    )
    _on = "(%(expressions)s + make_interval(years => " + _years + "))::date"
    template = (
        "(" + _on + " + (EXTRACT(DAY FROM %(expressions)s) <> EXTRACT(DAY FROM " + _on + "))::int)"
    )
    output_field = models.DateField()

    def __init__(self, expression, day, oldest, **extra):
        super().__init__(
            expression,
            year=int(day.year),
            month=int(day.month),
            day=int(day.day),
            oldest=int(oldest),
            **extra,
        )


class AddDays(RepeatingFunc):
    template = "((%(expressions)s) + %(days)s)"
    output_field = models.DateField()

    def __init__(self, expression, days, **extra):
        super().__init__(expression, days=int(days), **extra)


def latest_birth_date_for_age(day, years):
    """The latest date of birth of someone aged at least `years` whole years on `day`."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # day is 29 February; that birthday falls on 1 March in a common year
        return date(day.year - years, 2, 28)


def born_for_age_between(day, youngest, oldest, prefix=""):
    """Q for people aged youngest..oldest (inclusive, whole years) on `day`."""
    return models.Q(
        **{
            f"{prefix}date_of_birth__lte": latest_birth_date_for_age(day, youngest),
            f"{prefix}date_of_birth__gt": latest_birth_date_for_age(day, oldest + 1),
        }
    )
