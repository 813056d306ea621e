"""The social worker's home: health assessments, dental checks, PEPs and pathway plans overdue or
due soon, each by its one rule (children.models), at the edges: due today, overdue by one day,
not due yet."""

import datetime

import pytest
from django.db import connection
from django.db.models import DateField, Value
from django.test.utils import CaptureQueriesContext

from children import selectors
from children.models import (
    CareLeaver,
    Child,
    HealthCheck,
    PathwayPlanReview,
    PersonalEducationPlan,
)
from corporate_parenting.dates import end_of_next_term
from corporate_parenting.roles import Role
from corporate_parenting.sql import EndOfNextTerm
from tests.children.helpers import put_in_care
from tests.factories import ChildFactory

D = datetime.date
pytestmark = pytest.mark.django_db
TODAY = D(2026, 3, 2)  # a Monday


@pytest.fixture
def worker(make_user, team):
    return make_user(Role.SOCIAL_WORKER, team=team)


IN_CARE_SINCE = D(2024, 1, 1)


def in_care(worker, *, born, since=IN_CARE_SINCE, name="Child"):
    child = ChildFactory(
        team=worker.team, social_worker=worker, date_of_birth=born, first_name=name
    )
    put_in_care(child, since)
    return child


def items(worker, today=TODAY):
    return [
        (item.child.first_name, item.what, item.due, item.overdue)
        for item in selectors.to_do_plans(worker, today=today)
    ]


def test_health_assessments_due_today_overdue_by_a_day_or_not_due(worker):
    for name, latest in (
        ("Today", D(2025, 3, 2)),
        ("Late", D(2025, 3, 1)),
        ("Later", D(2025, 6, 1)),
    ):
        child = in_care(worker, born=D(2016, 1, 1), name=name)
        HealthCheck.objects.create(child=child, kind="HA", date=latest)
    # Under 5 at the latest assessment: every 6 months.
    toddler = in_care(worker, born=D(2023, 1, 1), name="Toddler")
    HealthCheck.objects.create(child=toddler, kind="HA", date=D(2025, 9, 2))
    # None since entering care on Monday 2 February: 20 working days later is 2 March.
    in_care(worker, born=D(2016, 1, 1), since=D(2026, 2, 2), name="New")

    health = [row for row in items(worker) if row[1] == "Health assessment"]

    assert health == [
        ("Late", "Health assessment", D(2026, 3, 1), True),
        ("New", "Health assessment", TODAY, False),
        ("Today", "Health assessment", TODAY, False),
        ("Toddler", "Health assessment", TODAY, False),
    ]


def test_an_assessment_before_this_period_of_care_does_not_count(worker):
    child = in_care(worker, born=D(2016, 1, 1), since=D(2026, 2, 2), name="Back")
    HealthCheck.objects.create(child=child, kind="HA", date=D(2025, 12, 1))

    assert ("Back", "Health assessment", TODAY, False) in items(worker)


def test_dental_checks_every_twelve_months(worker):
    for name, latest in (
        ("Today", D(2025, 3, 2)),
        ("Late", D(2025, 3, 1)),
        ("Later", D(2025, 4, 1)),
    ):
        child = in_care(worker, born=D(2016, 1, 1), name=name)
        HealthCheck.objects.create(child=child, kind="DENTAL", date=latest)

    dental = [row for row in items(worker) if row[1] == "Dental check"]

    assert dental == [
        ("Late", "Dental check", D(2026, 3, 1), True),
        ("Today", "Dental check", TODAY, False),
    ]


def test_a_pep_is_due_by_the_end_of_the_term_after_the_latest(worker):
    last_day_of_spring = D(2026, 3, 31)
    for name, latest in (
        ("Today", D(2025, 12, 1)),
        ("Late", D(2025, 8, 31)),
        ("Later", D(2026, 1, 5)),
    ):
        child = in_care(worker, born=D(2015, 6, 1), name=name)
        PersonalEducationPlan.objects.create(child=child, date=latest)
    # Not of compulsory school age: no PEP is due.
    in_care(worker, born=D(2022, 6, 1), name="Baby")

    peps = [row for row in items(worker, last_day_of_spring) if row[1].startswith("Personal")]

    what = "Personal education plan (PEP) review"
    assert peps == [
        ("Late", what, D(2025, 12, 31), True),
        ("Today", what, last_day_of_spring, False),
    ]


@pytest.mark.parametrize(
    "day",
    [D(2025, 8, 31), D(2025, 9, 1), D(2025, 12, 31), D(2026, 1, 1), D(2026, 3, 31), D(2026, 4, 1)],
)
def test_the_end_of_next_term_is_the_same_in_sql_and_python(day):
    child = ChildFactory()
    in_sql = (
        Child.objects.filter(pk=child.pk)
        .annotate(due=EndOfNextTerm(Value(day, output_field=DateField())))
        .values_list("due", flat=True)
        .get()
    )
    assert in_sql == end_of_next_term(day)


def test_a_pathway_plan_review_is_due_the_day_before_six_months_after_the_latest(worker):
    for name, latest in (
        ("Today", D(2025, 9, 3)),
        ("Late", D(2025, 9, 2)),
        ("Later", D(2025, 10, 1)),
    ):
        young_person = ChildFactory(
            team=worker.team, social_worker=worker, date_of_birth=D(2008, 1, 1), first_name=name
        )
        CareLeaver.objects.create(child=young_person, eligibility="FORMER_RELEVANT")
        PathwayPlanReview.objects.create(child=young_person, date=latest)
    # Without a leaving-care status no pathway plan is due.
    ChildFactory(team=worker.team, social_worker=worker, date_of_birth=D(2008, 1, 1))

    plans = [row for row in items(worker) if row[1] == "Pathway plan review"]

    assert plans == [
        ("Late", "Pathway plan review", D(2026, 3, 1), True),
        ("Today", "Pathway plan review", TODAY, False),
    ]


def test_only_the_workers_own_children_in_one_query_and_the_roles_read(worker, make_user, team):
    colleague = make_user(Role.SOCIAL_WORKER, team=team)
    for owner in (worker, colleague, worker):
        child = in_care(owner, born=D(2016, 1, 1), name=f"Of {owner.pk}")
        HealthCheck.objects.create(child=child, kind="HA", date=D(2025, 1, 1))

    with CaptureQueriesContext(connection) as queries:
        listed = items(worker)

    assert {row[0] for row in listed} == {f"Of {worker.pk}"}
    assert len(queries) <= 2  # the children, and the worker's roles for the caseload scope
