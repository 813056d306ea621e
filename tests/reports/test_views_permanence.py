import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from corporate_parenting.models import AuditAction, AuditEvent
from corporate_parenting.roles import Role
from reports.selectors import ClockStatus, permanence_tracker
from tests.factories import TeamFactory
from tests.reports.dash_factories import adoption_plan, looked_after_child

pytestmark = pytest.mark.django_db

URL = reverse("reports:permanence")


def days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


@pytest.fixture
def plans(team):
    """Four adoption plans on `team` at different points on the A1/A2 clocks, one elsewhere."""
    overdue = looked_after_child(start=days_ago(500), team=team, first_name="Overdue")
    adoption_plan(overdue, decided_on=days_ago(400), placement_order_date=days_ago(130))
    due = looked_after_child(start=days_ago(380), team=team, first_name="Due")
    adoption_plan(due, decided_on=days_ago(300), placement_order_date=days_ago(20))
    placed = looked_after_child(start=days_ago(400), team=team, first_name="Placed")
    adoption_plan(
        placed,
        decided_on=days_ago(350),
        placement_order_date=days_ago(200),
        matched_date=days_ago(150),
        placed_date=days_ago(100),
    )
    fresh = looked_after_child(start=days_ago(30), team=team, first_name="Fresh")
    adoption_plan(fresh, decided_on=days_ago(10))
    other = looked_after_child(start=days_ago(30), team=TeamFactory(), first_name="Elsewhere")
    adoption_plan(other, decided_on=days_ago(10))
    return {"overdue": overdue, "due": due, "placed": placed, "fresh": fresh, "other": other}


def test_clocks_are_computed_in_sql_against_the_a1_and_a2_thresholds(make_user, plans):
    officer = make_user(Role.PERFORMANCE_OFFICER)
    rows = {
        plan.child.first_name: plan
        for plan in permanence_tracker(user=officer, today=timezone.localdate())
    }

    assert rows["Overdue"].days_in_care == 500
    assert rows["Overdue"].a1_status == ClockStatus.OVERDUE
    assert rows["Overdue"].a2_days == 130
    assert rows["Overdue"].a2_status == ClockStatus.OVERDUE
    assert rows["Due"].a1_status == ClockStatus.DUE
    assert rows["Due"].a1_breach_date == days_ago(380) + datetime.timedelta(days=426)
    assert rows["Due"].a2_status == ClockStatus.ON_TRACK
    assert rows["Placed"].a1_days == 300
    assert rows["Placed"].a1_status == ClockStatus.MET
    assert rows["Placed"].a2_days == 50
    assert rows["Placed"].a2_status == ClockStatus.MET
    assert rows["Fresh"].a1_status == ClockStatus.ON_TRACK
    assert rows["Fresh"].a2_status == ClockStatus.NOT_APPLICABLE


def test_a2_is_zero_when_the_match_came_before_the_placement_order(make_user, team):
    child = looked_after_child(start=days_ago(300), team=team)
    adoption_plan(
        child,
        decided_on=days_ago(200),
        matched_date=days_ago(100),
        placement_order_date=days_ago(90),
    )
    officer = make_user(Role.PERFORMANCE_OFFICER)

    (row,) = permanence_tracker(user=officer, today=timezone.localdate())

    assert row.a2_days == 0
    assert row.a2_status == ClockStatus.MET


def test_ended_plans_and_non_adoption_clocks_are_left_out(make_user, team):
    child = looked_after_child(start=days_ago(600), team=team)
    adoption_plan(child, decided_on=days_ago(500), ended_on=days_ago(5), end_reason="")
    sgo = looked_after_child(start=days_ago(600), team=team)
    sgo.permanence_plans.create(plan_type="SGO", decided_on=days_ago(100))
    officer = make_user(Role.PERFORMANCE_OFFICER)

    rows = list(permanence_tracker(user=officer, today=timezone.localdate()))

    assert [row.child for row in rows] == [sgo]
    assert rows[0].a1_status == ClockStatus.NOT_APPLICABLE


def test_due_filter_keeps_only_children_passing_a_threshold_within_90_days(make_user, plans):
    officer = make_user(Role.PERFORMANCE_OFFICER)

    rows = permanence_tracker(user=officer, today=timezone.localdate(), due_only=True)

    assert [row.child for row in rows] == [plans["due"]]


def test_tracker_is_one_query_whatever_the_number_of_children(
    make_user, plans, django_assert_num_queries
):
    officer = make_user(Role.PERFORMANCE_OFFICER)
    assert officer.roles  # read once per request, before the tracker
    with django_assert_num_queries(1):
        assert len(list(permanence_tracker(user=officer, today=timezone.localdate()))) == 5


def test_anonymous_users_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    "role", [Role.BOARD_MEMBER, Role.DEMOCRATIC_SERVICES, Role.SOCIAL_WORKER, Role.ADMINISTRATOR]
)
def test_roles_without_child_level_reporting_get_403(client, make_user, plans, role):
    client.force_login(make_user(role))

    response = client.get(URL)

    assert response.status_code == 403
    assert "Overdue" not in response.content.decode()


def test_team_manager_sees_only_their_team_and_each_child_listed_is_audited(
    client, make_user, team, plans
):
    manager = make_user(Role.TEAM_MANAGER, team=team)
    client.force_login(manager)

    response = client.get(URL)

    assert response.status_code == 200
    page = response.content.decode()
    assert plans["overdue"].local_id in page
    assert plans["other"].local_id not in page
    audited = set(
        AuditEvent.objects.filter(actor=manager, action=AuditAction.VIEW).values_list(
            "child_id", flat=True
        )
    )
    assert audited == {plans[key].pk for key in ("overdue", "due", "placed", "fresh")}


def test_performance_officer_sees_every_child_and_can_filter(client, make_user, plans):
    client.force_login(make_user(Role.PERFORMANCE_OFFICER))

    page = client.get(URL).content.decode()
    assert plans["other"].local_id in page
    assert "Overdue since" in page

    filtered = client.get(URL, {"due": "90"}).content.decode()
    assert plans["due"].local_id in filtered
    assert plans["overdue"].local_id not in filtered


def test_csv_download_is_the_table_and_is_audited_as_an_export(client, make_user, plans):
    officer = make_user(Role.PERFORMANCE_OFFICER)
    client.force_login(officer)

    response = client.get(URL, {"download": "permanence"})

    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("Child ID,Name,Plan")
    assert len(lines) == 6
    assert any(
        line.startswith(plans["due"].local_id) and "Due within 90 days" in line for line in lines
    )
    assert AuditEvent.objects.filter(actor=officer, action=AuditAction.EXPORT).count() == 1
