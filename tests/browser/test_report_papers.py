"""Browser journey: an officer asks for a board report, watches it drawn and downloads it; a
social worker and a board member cannot reach the board papers pages."""

import datetime
from pathlib import Path

import pytest

from corporate_parenting.roles import Role
from reports.models import ReportRun, ReportRunStatus
from tests.browser.axe import assert_accessible
from tests.browser.helpers import download_when_ready, sign_in
from tests.reports.dash_factories import looked_after_child

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def council(team):
    for n in range(7):
        looked_after_child(start=datetime.date(2025, 2, 1 + n), team=team)


def test_an_officer_asks_for_a_report_watches_progress_and_downloads_it(
    page, live_server, make_user, council, settings, tmp_path, celery_worker
):
    settings.MEDIA_ROOT = tmp_path
    officer = make_user(Role.DEMOCRATIC_SERVICES)
    sign_in(page, live_server, officer.username)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Board papers").click()
    assert page.locator("h1").inner_text() == "Board papers"
    assert_accessible(page)

    page.get_by_role("button", name="Ask for the report").click()  # nothing chosen yet
    assert page.get_by_role("link", name="Select which report you want").count() == 1
    assert_accessible(page)

    page.get_by_label("Permanence and adoption scorecard").check()
    page.get_by_label("Day").fill("30")
    page.get_by_label("Month").fill("11")
    page.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Ask for the report").click()
    assert page.locator("h1").inner_text() == "Permanence and adoption scorecard"
    page.evaluate("window.cpbSamePage = true")  # gone if the page reloads
    progress = page.locator("progress")
    assert progress.count() == 1
    assert_accessible(page)

    download = download_when_ready(page)
    assert download.suggested_filename == "permanence-2026-11-30.pdf"
    assert Path(download.path()).read_bytes()[:5] == b"%PDF-"
    run = ReportRun.objects.get()
    assert run.status == ReportRunStatus.BUILT and run.requested_by == officer


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.BOARD_MEMBER])
def test_a_social_worker_or_board_member_cannot_reach_board_papers(
    page, live_server, make_user, role
):
    sign_in(page, live_server, make_user(role).username)
    assert page.get_by_role("link", name="Board papers").count() == 0
    response = page.goto(f"{live_server.url}/reports/papers/")
    assert response.status == 403
    assert_accessible(page)
