"""Date arithmetic in SQL (PostgreSQL), one expression for each rule; `corporate_parenting.dates`
holds their Python twins. GREATEST and LEAST are Django's own (`django.db.models.functions`)."""

import datetime

from django.db import models
from django.db.models import Func, Value

from corporate_parenting.dates import latest_birth_date_for_age, school_year_start


class DaysBetween(Func):
    """`later - earlier` in whole days (PostgreSQL date subtraction gives an integer; null if
    either is null)."""

    template = "(%(expressions)s)"
    arg_joiner = " - "
    output_field = models.IntegerField()

    def __init__(self, later, earlier, **extra):
        super().__init__(later, earlier, **extra)


class AddDays(Func):
    """`date + days`, where days is a whole number or an integer expression (a column)."""

    template = "(%(expressions)s)"
    arg_joiner = " + "
    output_field = models.DateField()

    def __init__(self, day, days, **extra):
        if isinstance(days, int):
            days = Value(days, output_field=models.IntegerField())
        super().__init__(day, days, **extra)


class RepeatingFunc(Func):
    """A one-argument Func whose template uses its argument more than once: the argument's
    query parameters are repeated for each use. Extra template values must be integers."""

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        context = {**self.extra, **extra_context, "expressions": sql}
        uses = self.template.count("%(expressions)s")
        return self.template % context, tuple(params) * uses


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


class AddMonths(RepeatingFunc):
    """`date + n months` (n may be negative), clipped to a shorter month's end: 31 August plus
    6 months is 28 (or 29) February. The Python twin is `dates.add_months`."""

    template = "((%(expressions)s) + make_interval(months => %(months)s))::date"
    output_field = models.DateField()

    def __init__(self, expression, months, **extra):
        super().__init__(expression, months=int(months), **extra)


class AddYears(RepeatingFunc):
    """`date + n years`, with 29 February becoming 1 March in a common year (ADR 0007). The
    Python twin is `dates.add_years`."""

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


class WorkingDaysAfter(RepeatingFunc):
    """The date n working days (Monday to Friday) after a date, by arithmetic: a weekend start
    counts from the Friday before; whole weeks add 7 days each, and the remaining days skip a
    weekend when they run past Friday. Bank holidays are not known."""

    template = (
        "((%(expressions)s) - GREATEST(EXTRACT(ISODOW FROM %(expressions)s)::int - 5, 0)"
        " + %(week_days)s + %(rest)s"
        " + CASE WHEN LEAST(EXTRACT(ISODOW FROM %(expressions)s)::int, 5) + %(rest)s > 5"
        " THEN 2 ELSE 0 END)"
    )
    output_field = models.DateField()

    def __init__(self, expression, days, **extra):
        super().__init__(expression, week_days=7 * (days // 5), rest=days % 5, **extra)


class EndOfNextTerm(RepeatingFunc):
    """The last day of the school term after the one containing a date: the Python twin is
    `dates.end_of_next_term` (terms from 1 September, 1 January and 1 April)."""

    template = (
        "((date_trunc('year', %(expressions)s)::date + make_interval(months => CASE"
        " WHEN EXTRACT(MONTH FROM %(expressions)s) >= 9 THEN 15"
        " WHEN EXTRACT(MONTH FROM %(expressions)s) >= 4 THEN 12 ELSE 8 END))::date - 1)"
    )
    output_field = models.DateField()


def flag(condition):
    """True or False for a Q, never NULL (a child with no due date is not overdue)."""
    return models.Case(
        models.When(condition, then=Value(True)),
        default=Value(False),
        output_field=models.BooleanField(),
    )


def born_for_age_between(day, youngest, oldest, prefix=""):
    """Q for people aged youngest..oldest (inclusive, whole years) on `day`."""
    return models.Q(
        **{
            f"{prefix}date_of_birth__lte": latest_birth_date_for_age(day, youngest),
            f"{prefix}date_of_birth__gt": latest_birth_date_for_age(day, oldest + 1),
        }
    )


def compulsory_school_age_on(day, prefix=""):
    """Q for children of compulsory school age on `day`: Year 1 to Year 11, that is aged 5 to 15
    on the 31 August before the school year began."""
    return born_for_age_between(
        datetime.date(school_year_start(day).year, 8, 31), 5, 15, prefix=prefix
    )
