import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from corporate_parenting.models import AuditAction, AuditEvent
from corporate_parenting.roles import Role
from reports.permanence_tracker import (
    ClockStatus,
    TrackerClock,
    TrackerSort,
    permanence_clock_counts,
    permanence_tracker,
)
from reports.views import TRACKER_PAGE_SIZE
from tests.factories import TeamFactory
from tests.reports.dash_factories import adoption_plan, looked_after_child, placed_for_adoption

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
    # A1 ends when the placement with the adopters begins, as in A1_DAYS (ADR 0007).
    placed_for_adoption(placed, days_ago(100))
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


def test_children_who_have_left_care_are_not_listed_or_counted(make_user, team, plans):
    left = looked_after_child(start=days_ago(2000), team=team, first_name="Left")
    adoption_plan(left, decided_on=days_ago(1900), placement_order_date=days_ago(1800))
    left.periods_of_care.update(end=days_ago(1000), reason_ceased="E45")
    left.legal_statuses.update(end=days_ago(1000))
    left.placements.update(end=days_ago(1000))
    officer = make_user(Role.PERFORMANCE_OFFICER)

    rows = permanence_tracker(user=officer, today=timezone.localdate())

    assert "Left" not in {row.child.first_name for row in rows}
    assert permanence_clock_counts(rows)["overdue"] == 1  # "Overdue" only


def test_due_filter_keeps_only_children_passing_a_threshold_within_90_days(make_user, plans):
    officer = make_user(Role.PERFORMANCE_OFFICER)

    rows = permanence_tracker(user=officer, today=timezone.localdate(), clock=TrackerClock.DUE)

    assert [row.child for row in rows] == [plans["due"]]


def test_overdue_filter_keeps_only_children_with_a_clock_past_its_threshold(make_user, plans):
    officer = make_user(Role.PERFORMANCE_OFFICER)

    rows = permanence_tracker(user=officer, today=timezone.localdate(), clock=TrackerClock.OVERDUE)

    assert [row.child for row in rows] == [plans["overdue"]]


def test_plan_type_filter_matches_the_plan_or_its_parallel_plan(make_user, plans, team):
    sgo = looked_after_child(start=days_ago(200), team=team, first_name="Guardian")
    sgo.permanence_plans.create(plan_type="SGO", decided_on=days_ago(100))
    twin_track = looked_after_child(start=days_ago(200), team=team, first_name="Twin")
    twin_track.permanence_plans.create(
        plan_type="LONG_TERM_FOSTERING", parallel_plan_type="ADOPTION", decided_on=days_ago(100)
    )
    officer = make_user(Role.PERFORMANCE_OFFICER)
    today = timezone.localdate()

    sgo_rows = permanence_tracker(user=officer, today=today, plan_type="SGO")
    adoption_rows = permanence_tracker(user=officer, today=today, plan_type="ADOPTION")

    assert [row.child for row in sgo_rows] == [sgo]
    assert twin_track in [row.child for row in adoption_rows]
    assert sgo not in [row.child for row in adoption_rows]
    assert len(adoption_rows) == 6


def test_default_order_puts_the_clock_due_soonest_first_and_no_running_clock_last(make_user, plans):
    officer = make_user(Role.PERFORMANCE_OFFICER)

    rows = permanence_tracker(user=officer, today=timezone.localdate())

    # Overdue passed A1 74 days ago; Due passes A1 in 46 days; Elsewhere and Fresh pass A1 in
    # 396 days (then by name); Placed has no running clock.
    assert [row.child.first_name for row in rows] == [
        "Overdue",
        "Due",
        "Elsewhere",
        "Fresh",
        "Placed",
    ]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (TrackerSort.NAME, ["Due", "Elsewhere", "Fresh", "Overdue", "Placed"]),
        (TrackerSort.LONGEST_IN_CARE, ["Overdue", "Placed", "Due", "Elsewhere", "Fresh"]),
    ],
)
def test_tracker_can_be_sorted_by_name_or_time_in_care(make_user, plans, sort, expected):
    officer = make_user(Role.PERFORMANCE_OFFICER)

    rows = permanence_tracker(user=officer, today=timezone.localdate(), sort=sort)

    assert [row.child.first_name for row in rows] == expected


def test_clock_counts_are_children_due_and_overdue_in_one_query(
    make_user, plans, django_assert_num_queries
):
    officer = make_user(Role.PERFORMANCE_OFFICER)
    assert officer.roles
    tracker = permanence_tracker(user=officer, today=timezone.localdate())

    with django_assert_num_queries(1):
        counts = permanence_clock_counts(tracker)

    assert counts == {"due": 1, "overdue": 1}


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
@pytest.mark.parametrize(
    "query",
    [{}, {"clock": "overdue", "plan_type": "ADOPTION", "page": "2"}, {"download": "permanence"}],
)
def test_roles_without_child_level_reporting_get_403(client, make_user, plans, role, query):
    user = make_user(role)
    client.force_login(user)

    response = client.get(URL, query)

    assert response.status_code == 403
    assert "Overdue" not in response.content.decode()
    assert not AuditEvent.objects.filter(actor=user, child_id__isnull=False).exists()


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


def many_plans(team, count):
    """`count` children with adoption plans on `team`, one more day into care each."""
    children = []
    for n in range(count):
        child = looked_after_child(start=days_ago(100 + n), team=team, last_name=f"Many{n:03d}")
        adoption_plan(child, decided_on=days_ago(50))
        children.append(child)
    return children


def listed_by(user):
    return set(
        AuditEvent.objects.filter(actor=user, action=AuditAction.VIEW).values_list(
            "child_id", flat=True
        )
    )


def test_tracker_shows_50_children_a_page_with_govuk_pagination(client, make_user, team):
    children = many_plans(team, 60)
    client.force_login(make_user(Role.TEAM_MANAGER, team=team))

    first = client.get(URL)
    second = client.get(URL, {"page": "2"})

    assert TRACKER_PAGE_SIZE == 50
    assert len(first.context["plans"]) == 50
    assert len(second.context["plans"]) == 10
    page = first.content.decode()
    assert 'class="govuk-pagination"' in page
    assert 'href="?page=2" rel="next"' in page
    assert "Showing 1 to 50 of <strong>60</strong> children" in page
    # Longest in care passes A1 first, so the default order shows them first.
    assert children[59].local_id in page
    assert children[0].local_id not in page
    assert children[0].local_id in second.content.decode()


def test_filters_are_kept_on_the_pagination_and_download_links(client, make_user, team):
    many_plans(team, 60)
    client.force_login(make_user(Role.TEAM_MANAGER, team=team))

    response = client.get(URL, {"plan_type": "ADOPTION", "sort": "name", "page": "2"})

    page = response.content.decode()
    assert 'href="?plan_type=ADOPTION&amp;sort=name&amp;page=1" rel="prev"' in page
    assert 'href="?plan_type=ADOPTION&amp;sort=name&amp;download=permanence"' in page
    assert response.context["plans"][0].child.last_name == "Many050"


def test_filters_choose_the_children_listed(client, make_user, team, plans):
    sgo = looked_after_child(start=days_ago(200), team=team, first_name="Guardian")
    sgo.permanence_plans.create(plan_type="SGO", decided_on=days_ago(100))
    client.force_login(make_user(Role.TEAM_MANAGER, team=team))

    def listed(**query):
        return [plan.child for plan in client.get(URL, query).context["plans"]]

    assert listed(clock="overdue") == [plans["overdue"]]
    assert listed(clock="due") == [plans["due"]]
    assert listed(plan_type="SGO") == [sgo]
    assert listed(plan_type="SGO", clock="overdue") == []
    assert len(listed()) == 5


def test_unknown_filter_values_fall_back_to_the_whole_list(client, make_user, team, plans):
    client.force_login(make_user(Role.TEAM_MANAGER, team=team))

    response = client.get(URL, {"plan_type": "NOPE", "clock": "soon", "sort": "x", "page": "z"})

    assert response.status_code == 200
    assert [plan.child for plan in response.context["plans"]][:2] == [
        plans["overdue"],
        plans["due"],
    ]
    assert len(response.context["plans"]) == 4


def test_no_match_says_so_and_offers_to_clear_the_filters(client, make_user, team, plans):
    client.force_login(make_user(Role.TEAM_MANAGER, team=team))

    page = client.get(URL, {"plan_type": "CAO"}).content.decode()

    assert "No child matches these filters" in page
    assert "Clear filters" in page


def test_audit_covers_only_the_children_shown_on_the_page(client, make_user, team):
    children = many_plans(team, 60)
    manager = make_user(Role.TEAM_MANAGER, team=team)
    client.force_login(manager)

    response = client.get(URL, {"page": "2"})

    shown = {plan.child.pk for plan in response.context["plans"]}
    assert shown == {child.pk for child in children[:10]}
    assert listed_by(manager) == shown
    assert AuditEvent.objects.filter(actor=manager, action=AuditAction.VIEW).count() == 10


def test_csv_download_is_the_whole_filtered_list_not_one_page(client, make_user, team):
    children = many_plans(team, 60)
    sgo = looked_after_child(start=days_ago(200), team=team)
    sgo.permanence_plans.create(plan_type="SGO", decided_on=days_ago(100))
    manager = make_user(Role.TEAM_MANAGER, team=team)
    client.force_login(manager)

    response = client.get(URL, {"plan_type": "ADOPTION", "page": "2", "download": "permanence"})

    lines = response.content.decode().splitlines()
    assert len(lines) == 61
    assert sgo.local_id not in response.content.decode()
    assert listed_by(manager) == {child.pk for child in children}
    assert AuditEvent.objects.filter(actor=manager, action=AuditAction.EXPORT).count() == 1


def test_tracker_page_is_a_constant_number_of_queries_for_5_or_60_children(client, make_user, team):
    many_plans(team, 5)
    client.force_login(make_user(Role.TEAM_MANAGER, team=team))
    client.get(URL)  # warm the session and any per-process lookups

    with CaptureQueriesContext(connection) as few:
        assert len(client.get(URL).context["plans"]) == 5
    many_plans(team, 55)
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(URL).context["plans"]) == 50

    assert len(many.captured_queries) == len(few.captured_queries)
