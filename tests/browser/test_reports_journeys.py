import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from corporate_parenting.roles import Role
from tests.browser.axe import assert_accessible
from tests.browser.helpers import sign_in
from tests.reports.dash_factories import adoption_plan, looked_after_child

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def three_children(team):
    cache.clear()
    start = timezone.localdate() - datetime.timedelta(days=400)
    kids = [looked_after_child(start=start, team=team) for _ in range(3)]
    adoption_plan(kids[0], decided_on=start, placement_order_date=start)
    return kids


def test_board_member_reads_figures_but_never_a_child_or_an_unsuppressed_number(
    page, live_server, make_user, three_children
):
    member = make_user(Role.BOARD_MEMBER)
    sign_in(page, live_server, member.username)

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Board dashboard").click()
    assert page.locator("h1").inner_text() == "Board dashboard"
    assert page.locator(".cpb-tile .cpb-value").first.inner_text() == "c"
    assert_accessible(page)
    page.get_by_role("link", name="How we make decisions").click()
    assert page.locator("h1").inner_text() == "How we make decisions"
    assert page.get_by_role("img", name="Children looked after: trend", exact=True).count() == 1
    assert_accessible(page)
    page.get_by_role("link", name="Board dashboard").last.click()

    page.locator(".cpb-tile").get_by_role("link", name="Children looked after", exact=True).click()
    assert page.locator("h1").inner_text() == "Children looked after"
    assert page.locator(".cpb-value").inner_text() == "c"
    assert page.get_by_role("link", name="See the children behind this figure").count() == 0
    page.get_by_text("Data table").first.click()
    assert_accessible(page)
    body = page.locator("main").inner_text()
    for child in three_children:
        assert child.local_id not in body
        assert child.first_name not in body

    for path in ("/reports/indicators/CLA_COUNT/children/", "/reports/permanence/"):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 403
        assert_accessible(page)
        assert three_children[0].local_id not in page.content()


def test_performance_officer_drills_from_a_figure_to_its_children(
    page, live_server, make_user, three_children
):
    officer = make_user(Role.PERFORMANCE_OFFICER)
    sign_in(page, live_server, officer.username)

    page.goto(f"{live_server.url}/reports/")
    assert page.locator(".cpb-tile .cpb-value").first.inner_text() == "3"
    assert_accessible(page)

    page.locator(".cpb-tile").get_by_role("link", name="Children looked after", exact=True).click()
    assert_accessible(page)
    page.get_by_role("link", name="See the children behind this figure").click()

    assert page.locator("h1").inner_text() == "Children behind the figure"
    rows = page.locator("tbody tr")
    assert rows.count() == 3
    listed = page.locator("tbody").inner_text()
    assert all(child.local_id in listed for child in three_children)
    assert_accessible(page)

    page.get_by_role("navigation", name="Menu").get_by_role(
        "link", name="Permanence tracker"
    ).click()
    assert three_children[0].local_id in page.locator("tbody").inner_text()
    assert_accessible(page)


def test_performance_officer_sets_a_target_and_uploads_benchmarks(
    page, live_server, make_user, tmp_path
):
    officer = make_user(Role.PERFORMANCE_OFFICER)
    sign_in(page, live_server, officer.username)

    page.goto(f"{live_server.url}/reports/")
    page.get_by_role("link", name="Set targets").click()
    assert_accessible(page)
    page.get_by_role(
        "link", name="Set target for children placed outside the council's area"
    ).click()
    page.get_by_label("Target", exact=True).fill("15")
    page.get_by_label("Green threshold").fill("30")
    page.get_by_label("Amber threshold").fill("20")
    page.get_by_role("button", name="Save target").click()
    assert (
        "The amber threshold must not be lower" in page.locator(".govuk-error-summary").inner_text()
    )
    assert_accessible(page)
    page.get_by_label("Green threshold").fill("15")
    page.get_by_role("button", name="Save target").click()
    assert "Target saved" in page.locator(".govuk-notification-banner").inner_text()
    assert_accessible(page)

    page.goto(f"{live_server.url}/reports/benchmarks/")
    wrong = tmp_path / "benchmarks.csv"
    wrong.write_text("code,area,year,value,source\nNOPE,England,2025,4,DfE\n")
    page.get_by_label("Benchmarks CSV file").set_input_files(str(wrong))
    page.get_by_role("button", name="Upload benchmarks").click()
    assert "Row 2" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    right = tmp_path / "right.csv"
    right.write_text("code,area,year,value,source\nPLACED_OUTSIDE_LA,England,2025,41,DfE\n")
    page.get_by_label("Benchmarks CSV file").set_input_files(str(right))
    page.get_by_role("button", name="Upload benchmarks").click()
    banner = page.locator(".govuk-notification-banner").inner_text()
    assert "1 benchmark added and 0 replaced" in banner
    assert_accessible(page)


def test_team_manager_filters_and_pages_through_the_permanence_tracker(
    page, live_server, make_user, team
):
    today = timezone.localdate()
    for n in range(52):
        child = looked_after_child(start=today - datetime.timedelta(days=100 + n), team=team)
        adoption_plan(child, decided_on=today - datetime.timedelta(days=50))
    late = looked_after_child(
        start=today - datetime.timedelta(days=500), team=team, last_name="Latecomer"
    )
    adoption_plan(late, decided_on=today - datetime.timedelta(days=400))
    manager = make_user(Role.TEAM_MANAGER, team=team)
    sign_in(page, live_server, manager.username)

    page.goto(f"{live_server.url}/reports/permanence/")
    assert page.locator("tbody tr").count() == 50
    assert "Latecomer" in page.locator("tbody tr").first.inner_text()
    assert_accessible(page)

    page.get_by_role("navigation", name="Pages of results").get_by_role("link", name="Next").click()
    assert page.locator("tbody tr").count() == 3
    assert_accessible(page)

    page.get_by_label("A1 or A2 clock").select_option("overdue")
    page.get_by_role("button", name="Apply filters").click()
    assert page.locator("tbody tr").count() == 1
    assert "Latecomer" in page.locator("tbody").inner_text()
    assert page.get_by_label("A1 or A2 clock").input_value() == "overdue"
    assert_accessible(page)
