"""The date rules every app uses (corporate_parenting.dates) and their SQL twins
(corporate_parenting.sql), pinned together at the edges: 29 February, month ends, 31 March."""

import datetime
from datetime import date as D

import pytest
from django.db.models import DateField, IntegerField, Value

from children.models import Child
from corporate_parenting import dates
from corporate_parenting.sql import (
    AddDays,
    AddMonths,
    AddYears,
    DaysBetween,
    WorkingDaysAfter,
    born_for_age_between,
)
from tests.factories import ChildFactory

# --- ages and birthdays (moved here from the three copies' tests) ------------------------------


def test_age_turns_over_on_the_birthday_and_29_february_on_1_march():
    assert dates.age_on(D(2010, 6, 15), D(2020, 6, 14)) == 9
    assert dates.age_on(D(2010, 6, 15), D(2020, 6, 15)) == 10
    assert dates.age_on(D(2012, 2, 29), D(2021, 2, 28)) == 8
    assert dates.age_on(D(2012, 2, 29), D(2021, 3, 1)) == 9


def test_age_on_counts_the_birthday_itself():
    assert dates.age_on(D(2010, 5, 10), D(2026, 5, 9)) == 15
    assert dates.age_on(D(2010, 5, 10), D(2026, 5, 10)) == 16


def test_dates_and_ages():
    assert dates.add_months(D(2026, 3, 31), -1) == D(2026, 2, 28)
    assert dates.add_years(D(2024, 2, 29), 1) == D(2025, 3, 1)
    assert dates.age_on(D(2008, 2, 29), D(2026, 2, 28)) == 17
    assert dates.age_on(D(2008, 2, 29), D(2026, 3, 1)) == 18
    assert dates.last_31_march(D(2026, 3, 30)) == D(2025, 3, 31)
    assert dates.last_31_march(D(2026, 3, 31)) == D(2026, 3, 31)


def test_a_29_february_birthday_is_1_march_in_a_common_year_and_29_february_in_a_leap_year():
    assert dates.nth_birthday(D(2008, 2, 29), 18) == D(2026, 3, 1)
    assert dates.nth_birthday(D(2008, 2, 29), 16) == D(2024, 2, 29)
    assert dates.birthday_in(D(2008, 2, 29), 2027) == D(2027, 3, 1)
    assert dates.birthday_in(D(2010, 6, 15), 2027) == D(2027, 6, 15)


def test_the_latest_birth_date_for_an_age_agrees_with_age_on():
    for day in (D(2024, 2, 29), D(2026, 2, 28), D(2026, 3, 1), D(2026, 3, 31)):
        latest = dates.latest_birth_date_for_age(day, 5)
        assert dates.age_on(latest, day) >= 5
        assert dates.age_on(D.fromordinal(latest.toordinal() + 1), day) < 5


# --- collection years ---------------------------------------------------------------------------


def test_collection_year_runs_april_to_march():
    assert dates.collection_year_of(D(2025, 3, 31)) == 2025
    assert dates.collection_year_of(D(2025, 4, 1)) == 2026
    assert dates.collection_year_bounds(2026) == (D(2025, 4, 1), D(2026, 3, 31))
    assert dates.collection_year_start(D(2026, 3, 31)) == D(2025, 4, 1)
    assert dates.collection_year_end(D(2025, 4, 1)) == D(2026, 3, 31)


def test_school_year_starts_on_1_september():
    assert dates.school_year_start(D(2026, 8, 31)) == D(2025, 9, 1)
    assert dates.school_year_start(D(2026, 9, 1)) == D(2026, 9, 1)


# --- the SQL twins give the same dates as the Python rules ---------------------------------------

EDGE_DAYS = [D(2008, 2, 29), D(2010, 1, 31), D(2024, 8, 31), D(2025, 3, 31), D(2026, 2, 28)]


def _sql(expression):
    """The expression's value, computed by PostgreSQL (over the one child the test made)."""
    return Child.objects.annotate(_x=expression).values_list("_x", flat=True).get()


@pytest.mark.django_db
@pytest.mark.parametrize("day", EDGE_DAYS)
def test_sql_add_years_and_add_months_agree_with_the_python_rules(day):
    ChildFactory()
    value = Value(day, output_field=DateField())
    for years in (1, 4, 16, 18):
        assert _sql(AddYears(value, years)) == dates.add_years(day, years)
    for months in (-3, 1, 6):
        assert _sql(AddMonths(value, months)) == dates.add_months(day, months)


@pytest.mark.django_db
def test_sql_days_between_and_add_days():
    ChildFactory()
    start = Value(D(2026, 2, 28), output_field=DateField())
    assert _sql(AddDays(start, 1)) == D(2026, 3, 1)
    assert _sql(AddDays(start, Value(42, output_field=IntegerField()))) == D(2026, 4, 11)
    later = Value(D(2026, 3, 1), output_field=DateField())
    assert _sql(DaysBetween(later, start)) == 1


def _working_days_after(day, n):
    while n:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


@pytest.mark.django_db
@pytest.mark.parametrize("n", [1, 4, 5, 6, 20, 21])
def test_working_days_after_matches_counting_weekdays(n):
    ChildFactory()
    for offset in range(7):  # every day of the week
        day = D(2025, 9, 1) + datetime.timedelta(days=offset)
        sql_day = (
            Child.objects.annotate(due=WorkingDaysAfter(Value(day, output_field=DateField()), n))
            .values_list("due", flat=True)
            .first()
        )
        assert sql_day == _working_days_after(day, n), day


@pytest.mark.django_db
def test_born_for_age_between_counts_a_29_february_birthday_from_1_march():
    leapling = ChildFactory(date_of_birth=D(2008, 2, 29))
    aged_18 = Child.objects.filter(born_for_age_between(D(2026, 2, 28), 18, 18))
    assert leapling not in aged_18
    assert leapling in Child.objects.filter(born_for_age_between(D(2026, 3, 1), 18, 18))
