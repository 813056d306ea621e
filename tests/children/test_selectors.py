import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from children import selectors
from corporate_parenting.roles import Role
from tests.children.helpers import put_in_care
from tests.factories import ChildFactory, ReviewFactory, StatutoryVisitFactory, TeamFactory

D = datetime.date
pytestmark = pytest.mark.django_db
TODAY = D(2026, 3, 2)


def status(child):
    return selectors.with_case_status(type(child).objects.filter(pk=child.pk), today=TODAY).get()


# --- scoping ----------------------------------------------------------------------------------


def test_social_worker_sees_their_team_and_children_allocated_to_them_only(make_user, team):
    worker = make_user(Role.SOCIAL_WORKER, team=team)
    own_team = ChildFactory(team=team)
    allocated_elsewhere = ChildFactory(team=TeamFactory(), social_worker=worker)
    ChildFactory(team=TeamFactory())

    assert set(selectors.caseload(worker)) == {own_team, allocated_elsewhere}


def test_team_manager_switches_between_own_children_and_the_whole_team(make_user, team):
    manager = make_user(Role.TEAM_MANAGER, team=team)
    mine = ChildFactory(team=team, social_worker=manager)
    colleague_child = ChildFactory(team=team)
    ChildFactory(team=TeamFactory())

    assert set(selectors.caseload(manager, scope="team")) == {mine, colleague_child}
    assert set(selectors.caseload(manager, scope="mine")) == {mine}


def test_performance_officer_sees_every_child(make_user):
    officer = make_user(Role.PERFORMANCE_OFFICER)
    children = {ChildFactory(), ChildFactory()}
    assert set(selectors.caseload(officer)) == children


@pytest.mark.parametrize("role", [Role.BOARD_MEMBER, Role.DEMOCRATIC_SERVICES, Role.ADMINISTRATOR])
def test_roles_without_case_access_see_no_children(make_user, team, role):
    ChildFactory(team=team)
    assert not selectors.caseload(make_user(role, team=team)).exists()


def test_search_by_name_words_or_exact_child_id(make_user, team):
    worker = make_user(Role.SOCIAL_WORKER, team=team)
    amy = ChildFactory(team=team, first_name="Amy", last_name="Stone", local_id="A1")
    ChildFactory(team=team, first_name="Amy", last_name="Brook", local_id="A2")
    assert list(selectors.caseload(worker, search="amy stone")) == [amy]
    assert list(selectors.caseload(worker, search="a1")) == [amy]


def test_filters_by_legal_status_and_overdue(make_user, team):
    worker = make_user(Role.SOCIAL_WORKER, team=team)
    c2 = ChildFactory(team=team, date_of_birth=D(2012, 1, 1))
    put_in_care(c2, D(2025, 1, 6), legal_status="C2")
    v2 = ChildFactory(team=team, date_of_birth=D(2012, 1, 1))
    put_in_care(v2, TODAY - datetime.timedelta(days=2), legal_status="V2")

    assert list(selectors.caseload(worker, legal_status="C2", today=TODAY)) == [c2]
    assert list(selectors.caseload(worker, overdue_only=True, today=TODAY)) == [c2]


def test_caseload_is_one_query_whatever_the_number_of_children(make_user, team):
    worker = make_user(Role.SOCIAL_WORKER, team=team)
    for _ in range(5):
        child = ChildFactory(team=team, date_of_birth=D(2012, 1, 1))
        put_in_care(child, D(2025, 1, 6))
        ReviewFactory(child=child, date=D(2025, 2, 1))
        StatutoryVisitFactory(child=child, date=D(2026, 2, 1))
    assert worker.roles  # the user's roles are read once per request, before the caseload
    with CaptureQueriesContext(connection) as queries:
        rows = list(selectors.caseload(worker, today=TODAY))
    assert len(rows) == 5
    assert len(queries) == 1


# --- next review due --------------------------------------------------------------------------


def test_first_review_is_due_20_working_days_after_entering_care_on_a_weekday():
    child = ChildFactory(date_of_birth=D(2012, 1, 1))
    put_in_care(child, D(2026, 2, 2))  # Monday
    assert status(child).next_review_due == D(2026, 3, 2)  # Monday 4 weeks on


def test_first_review_from_a_weekend_entry_is_due_on_the_friday_4_weeks_later():
    saturday = ChildFactory(date_of_birth=D(2012, 1, 1))
    put_in_care(saturday, D(2026, 1, 31))
    sunday = ChildFactory(date_of_birth=D(2012, 1, 1))
    put_in_care(sunday, D(2026, 2, 1))
    assert status(saturday).next_review_due == D(2026, 2, 27)
    assert status(sunday).next_review_due == D(2026, 2, 27)


def test_second_review_is_due_3_months_after_the_first():
    child = ChildFactory(date_of_birth=D(2012, 1, 1))
    put_in_care(child, D(2025, 11, 3))
    ReviewFactory(child=child, date=D(2025, 11, 28))
    assert status(child).next_review_due == D(2026, 2, 28)
    assert status(child).review_overdue is True


def test_later_reviews_are_due_every_6_months():
    child = ChildFactory(date_of_birth=D(2012, 1, 1))
    put_in_care(child, D(2025, 1, 6))
    ReviewFactory(child=child, date=D(2025, 1, 30))
    ReviewFactory(child=child, date=D(2025, 4, 28))
    ReviewFactory(child=child, date=D(2025, 10, 20))
    assert status(child).next_review_due == D(2026, 4, 20)
    assert status(child).review_overdue is False


def test_reviews_of_an_earlier_period_of_care_do_not_count():
    child = ChildFactory(date_of_birth=D(2012, 1, 1))
    put_in_care(child, D(2024, 1, 1), end=D(2024, 6, 1))
    ReviewFactory(child=child, date=D(2024, 1, 20))
    put_in_care(child, D(2026, 2, 2))
    assert status(child).next_review_due == D(2026, 3, 2)


def test_children_not_looked_after_today_have_no_review_or_visit_due():
    child = ChildFactory(date_of_birth=D(2012, 1, 1))
    put_in_care(child, D(2024, 1, 1), end=D(2024, 6, 1))
    row = status(child)
    assert (row.next_review_due, row.next_visit_due, row.review_overdue) == (None, None, False)


# --- next visit due ---------------------------------------------------------------------------


def test_next_visit_is_due_the_latest_visits_interval_after_it():
    child = ChildFactory(date_of_birth=D(2012, 1, 1))
    put_in_care(child, D(2025, 1, 6))
    StatutoryVisitFactory(child=child, date=D(2025, 12, 1), interval_days=90)
    StatutoryVisitFactory(child=child, date=D(2026, 1, 10), interval_days=42)
    row = status(child)
    assert row.next_visit_due == D(2026, 2, 21)
    assert row.visit_overdue is True


def test_with_no_visit_the_first_is_due_a_week_after_entering_care():
    child = ChildFactory(date_of_birth=D(2012, 1, 1))
    put_in_care(child, D(2026, 2, 27))
    row = status(child)
    assert row.next_visit_due == D(2026, 3, 6)
    assert row.visit_overdue is False


def test_current_placement_and_legal_status_are_the_ones_open_today():
    child = ChildFactory(date_of_birth=D(2012, 1, 1))
    put_in_care(child, D(2025, 1, 6), legal_status="E1", placement_type="K2")
    row = status(child)
    assert (row.legal_status, row.placement_type) == ("E1", "K2")
