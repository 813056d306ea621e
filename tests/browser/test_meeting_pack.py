"""Browser journey with a real Celery worker: an officer makes a meeting's pack from the meeting
page, watches it drawn without the page reloading and downloads it; a board member of that board
downloads the published pack from the same meeting page; a social worker gets no pack and sees
no link to one. axe runs at 1280 and 390 px on every page visited."""

import datetime
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from pypdf import PdfReader

from corporate_parenting.roles import Role
from reports.models import ReportRun, ReportRunStatus, ReportType
from reports.pdf.meeting_pack import meeting_title
from tests.browser.axe import assert_accessible
from tests.browser.helpers import download_when_ready, sign_in
from tests.meetings.factories import AgendaItemFactory, BoardFactory, MembershipFactory, published
from tests.reports.dash_factories import looked_after_child
from tests.reports.test_report_runs import pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

PACK_LINK = "Download the meeting pack (PDF, open items only)"


@pytest.fixture
def meeting(team, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    for n in range(7):
        looked_after_child(start=datetime.date(2025, 2, 1 + n), team=team)
    board = BoardFactory(name="Corporate Parenting Board", slug="cpb")
    today = timezone.localdate()
    meeting = published(
        board=board,
        date=today + datetime.timedelta(days=10),
        papers_deadline=today + datetime.timedelta(days=3),
    )
    AgendaItemFactory(meeting=meeting, position=1, title="Children in care: annual overview")
    return meeting


def open_the_meeting(page, meeting, link):
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Meetings").click()
    assert_accessible(page)
    page.locator("main").get_by_role("link", name=link).first.click()
    assert page.locator("h1").inner_text() == f"Meeting on {meeting.date:%A %-d %B %Y}"
    assert_accessible(page)


def assert_is_the_pack(download, meeting):
    path = Path(download.path())
    assert path.read_bytes()[:5] == b"%PDF-"
    text = pdf_text(path)
    assert f"{meeting.board.name}: meeting pack" in text  # the cover
    assert f"Meeting {meeting.date:%A %-d %B %Y}" in text
    assert PdfReader(path).metadata.title == f"Meeting pack: {meeting_title(meeting)}"


def test_an_officer_makes_the_pack_and_a_board_member_downloads_it(
    page, live_server, make_user, meeting, settings, celery_worker
):
    settings.REPORTS_RENDER_PAUSE_SECONDS = 3  # long enough to see the bar part-way
    officer = make_user(Role.DEMOCRATIC_SERVICES)
    sign_in(page, live_server, officer.username)
    open_the_meeting(page, meeting, f"{meeting.date:%A %-d %B %Y}")

    page.get_by_role("button", name="Make the meeting pack").click()
    assert page.locator("h1").inner_text() == "Meeting pack"
    page.evaluate("window.cpbSamePage = true")  # gone if the page reloads
    page.wait_for_function(
        "() => { const v = document.querySelector('#report-run-progress').value;"
        " return v > 0 && v < 100; }",
        timeout=120_000,
    )
    assert page.locator("#report-run-status").inner_text().startswith("Being drawn")
    assert_accessible(page)  # part-way
    officer_download = download_when_ready(page)
    assert_is_the_pack(officer_download, meeting)
    run = ReportRun.objects.get(report_type=ReportType.MEETING_PACK)
    assert officer_download.suggested_filename == run.filename
    assert run.status == ReportRunStatus.BUILT and run.requested_by == officer
    assert run.parameters["meeting"] == meeting.pk

    # A councillor on the board, in a fresh session, downloads the published pack.
    member = make_user(Role.BOARD_MEMBER)
    MembershipFactory(board=meeting.board, name="Councillor Ann Reader", user=member)
    page.context.clear_cookies()
    sign_in(page, live_server, member.username)
    open_the_meeting(page, meeting, f"Agenda and papers for {meeting.date:%-d %B %Y}")
    assert page.get_by_role("button", name="Make the meeting pack").count() == 0
    with page.expect_download() as member_download:
        page.get_by_role("link", name=PACK_LINK).click()
    assert_is_the_pack(member_download.value, meeting)
    assert member_download.value.suggested_filename == f"meeting-pack-{meeting.date:%F}.pdf"


def test_a_social_worker_gets_no_pack_and_sees_no_link_to_it(
    page, live_server, make_user, meeting, team
):
    run = ReportRun(
        report_type=ReportType.MEETING_PACK,
        as_at=timezone.localdate(),
        parameters={"meeting": meeting.pk},
        inputs_hash="built-pack",
        status=ReportRunStatus.BUILT,
        finished_at=timezone.now(),
    )
    run.file.save("pack.pdf", ContentFile(b"%PDF-1.7 a built pack"), save=False)
    run.save()
    worker = make_user(Role.SOCIAL_WORKER, team=team)
    sign_in(page, live_server, worker.username)
    assert page.get_by_role("link", name="Meetings").count() == 0
    assert page.get_by_role("link", name=PACK_LINK).count() == 0
    assert_accessible(page)

    for url in (f"/meetings/{meeting.pk}/", f"/reports/papers/meetings/{meeting.pk}/pack/"):
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 403, url
        assert page.get_by_role("link", name=PACK_LINK).count() == 0
        assert_accessible(page)
    # The public page of the meeting (no sign-in needed) has no link to the pack either.
    page.goto(f"{live_server.url}/meetings/public/{meeting.pk}/")
    assert page.locator("h1").count() == 1
    assert page.get_by_role("link", name=PACK_LINK).count() == 0
    assert page.locator(f"a[href*='/meetings/{meeting.pk}/pack/']").count() == 0
    assert_accessible(page)
