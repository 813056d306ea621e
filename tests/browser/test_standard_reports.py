"""Browser journey: a democratic services officer sets the board's standard reports (which are
drawn before every meeting, and how many days before the papers deadline), meets a GOV.UK error
first, and finds the choice saved. axe at 1280 and 390 px on every page."""

import pytest

from corporate_parenting.roles import Role
from reports.models import BoardStandardReport
from tests.browser.axe import assert_accessible
from tests.browser.helpers import sign_in
from tests.meetings.factories import BoardFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_sets_the_boards_standard_reports(page, live_server, make_user):
    board = BoardFactory(name="Corporate Parenting Board", slug="cpb")
    sign_in(page, live_server, make_user(Role.DEMOCRATIC_SERVICES).username)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Meetings").click()
    page.locator("main").get_by_role("link", name="Corporate Parenting Board").click()
    assert_accessible(page)
    page.locator("main").get_by_role("link", name="Standard reports").click()
    assert page.locator("h1").inner_text() == "Standard reports"
    assert_accessible(page)

    page.get_by_label("Children in care overview").check()
    page.get_by_label("Pledge scorecard").check()
    days = page.get_by_label("How many days before the papers deadline should they be drawn?")
    days.fill("90")
    page.get_by_role("button", name="Save standard reports").click()
    summary = page.locator(".govuk-error-summary")
    assert "The number of days must be between 1 and 60" in summary.inner_text()
    assert page.title().startswith("Error: ")
    assert page.get_by_label("Pledge scorecard").is_checked()  # kept
    assert_accessible(page)
    summary.get_by_role("link").click()  # the summary's link moves to the field
    assert page.evaluate("document.activeElement.name") == "days_before_deadline"

    days.fill("10")
    page.get_by_role("button", name="Save standard reports").click()
    assert page.locator("h1").inner_text() == "Corporate Parenting Board"
    assert "Standard reports saved" in page.locator("main").inner_text()
    assert_accessible(page)
    assert list(board.standard_reports.values_list("report_type", "days_before_deadline")) == [
        ("cla-overview", 10),
        ("pledge", 10),
    ]
    page.locator("main").get_by_role("link", name="Standard reports").click()
    assert (
        "Now: Children in care overview, Pledge scorecard, drawn 10 days before the papers "
        "deadline." in page.locator("main").inner_text()
    )
    assert BoardStandardReport.objects.count() == 2
