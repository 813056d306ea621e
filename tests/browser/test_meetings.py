"""Journeys through the board's meeting cycle, in Chromium, with axe on every page."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from corporate_parenting.models import AuditAction, AuditEvent
from corporate_parenting.roles import Role
from meetings.models import Action, Meeting, MeetingStatus, Paper
from tests.browser.axe import assert_accessible
from tests.browser.helpers import sign_in
from tests.meetings.factories import (
    ActionFactory,
    AgendaItemFactory,
    BoardFactory,
    MembershipFactory,
    published,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def fill_date(page, legend, day):
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def save(page, name="Save"):
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def test_an_officer_builds_an_agenda_records_the_meeting_and_publishes_its_minutes(
    page, live_server, make_user, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    officer = make_user(Role.DEMOCRATIC_SERVICES)
    board = BoardFactory(name="Corporate Parenting Board", slug="cpb")
    start = timezone.localdate() - datetime.timedelta(days=100)
    MembershipFactory(board=board, name="Councillor Ann Chair", position="chair", start=start)
    MembershipFactory(board=board, name="Councillor Bo Member", start=start)
    today = timezone.localdate()
    sign_in(page, live_server, officer.username)

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Meetings").click()
    assert_accessible(page)
    page.locator("main").get_by_role("link", name="Corporate Parenting Board").click()
    assert_accessible(page)
    page.locator("main").get_by_role("link", name="Add a meeting").click()
    fill_date(page, "Date of the meeting", today)
    page.get_by_label("Start time").fill("18:00")
    save(page)  # no venue or link
    assert (
        "Enter a venue or an online meeting link"
        in page.locator(".govuk-error-summary").inner_text()
    )
    assert_accessible(page)
    page.get_by_label("Venue").fill("Committee Room 1")
    save(page)
    assert page.locator("h1").inner_text() == "Build the agenda"
    assert_accessible(page)

    page.locator("main").get_by_role("link", name="Add an agenda item").click()
    page.get_by_label("Title").fill("Children in care: annual overview")
    page.get_by_label("Presenting officer").fill("Tom Bright, Assistant Director")
    assert_accessible(page)
    save(page)
    page.locator("main").get_by_role("link", name="Add an agenda item").click()
    page.get_by_label("Title").fill("Placement costs")
    page.get_by_label("Yes, it is exempt").check()
    save(page)
    assert (
        "Select the Schedule 12A paragraph that makes this item exempt"
        in page.locator(".govuk-error-summary").inner_text()
    )
    assert_accessible(page)
    page.get_by_label("Schedule 12A paragraph").select_option("3")
    save(page)

    page.get_by_role("button", name="Publish the agenda").click()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Enter the presenting officer for item 2, Placement costs" in summary
    assert_accessible(page)
    page.locator("main").get_by_role("link", name="2. Placement costs").click()
    page.get_by_label("Presenting officer").fill("Head of Commissioning")
    save(page)

    page.locator("main").get_by_role("link", name="Add a paper to item 1").click()
    notpdf = tmp_path / "report.pdf"
    notpdf.write_bytes(b"not really a pdf")
    page.get_by_label("Title of the paper").fill("Annual report")
    page.get_by_label("Upload a file").set_input_files(str(notpdf))
    save(page, "Upload")
    assert (
        "The selected file must be a PDF or a Word document (.docx)"
        in page.locator(".govuk-error-summary").inner_text()
    )
    assert not Paper.objects.exists()
    assert_accessible(page)
    real = tmp_path / "annual.pdf"
    real.write_bytes(PDF)
    page.get_by_label("Upload a file").set_input_files(str(real))
    save(page, "Upload")
    assert Paper.objects.count() == 1
    page.get_by_role("button", name="Publish the agenda").click()
    page.wait_for_load_state()
    assert page.locator(".govuk-notification-banner").inner_text().endswith("Agenda published")
    assert_accessible(page)

    page.locator("main").get_by_role("link", name="Record attendance").click()
    page.get_by_role("group", name="Councillor Ann Chair (Councillor)").get_by_label(
        "Present"
    ).check()
    page.get_by_role("group", name="Councillor Bo Member (Councillor)").get_by_label(
        "Apologies", exact=True
    ).check()
    assert_accessible(page)
    save(page)

    page.locator("main").get_by_role("link", name="Item 1 in full").click()
    assert_accessible(page)
    page.locator("main").get_by_role("link", name="Write the minutes").click()
    page.get_by_label("Minutes").fill("The Assistant Director presented the report.")
    save(page)
    page.locator("main").get_by_role("link", name="Record a decision or referral").click()
    page.get_by_label("Resolved").check()
    page.get_by_label("Decision").fill("That the report be noted.")
    save(page)
    page.locator("main").get_by_role("link", name="Record an action").click()
    page.get_by_label("What was asked for").fill(
        "A breakdown of the reasons children were placed out of the area"
    )
    page.get_by_label("Owner").fill("Tom Bright, Assistant Director")
    page.get_by_label("Indicator this action is about").select_option("PLACED_OUTSIDE_LA")
    assert_accessible(page)
    save(page)
    assert page.locator("h1").inner_text().startswith("A breakdown of the reasons")
    assert "Figure when raised" in page.locator("main").inner_text()
    assert_accessible(page)
    action = Action.objects.get()
    assert action.indicator_code == "PLACED_OUTSIDE_LA"
    assert action.figure_as_at == today

    page.goto(f"{live_server.url}/meetings/{action.meeting_id}/")
    page.locator("main").get_by_role("link", name="Approve the minutes").click()
    fill_date(page, "Date the board approved the minutes", today)
    assert_accessible(page)
    save(page, "Approve the minutes")
    assert "Minutes approved" in page.locator("main").inner_text()
    assert Meeting.objects.get().status == MeetingStatus.MINUTES_APPROVED
    assert_accessible(page)


@pytest.fixture
def published_meeting(make_user, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    member = make_user(Role.BOARD_MEMBER, first_name="Robin", last_name="Taylor")
    board = BoardFactory(name="Corporate Parenting Board", slug="cpb")
    MembershipFactory(
        board=board,
        user=member,
        name="Councillor Robin Taylor",
        start=timezone.localdate() - datetime.timedelta(days=100),
    )
    meeting = published(board=board)
    AgendaItemFactory(meeting=meeting, position=1, title="Fostering sufficiency")
    exempt = AgendaItemFactory(
        meeting=meeting,
        position=2,
        title="Costs of one placement",
        exempt=True,
        exempt_paragraph=1,
    )
    paper = Paper(
        item=exempt,
        title="Placement cost report",
        content_type="application/pdf",
        size=len(PDF),
        filename="costs.pdf",
    )
    paper.file.save("costs.pdf", ContentFile(PDF), save=False)
    paper.save()
    earlier = published(board=board, date=timezone.localdate() - datetime.timedelta(days=60))
    ActionFactory(meeting=earlier, request="A breakdown of placements out of the area")
    return member, meeting, exempt, paper


def test_a_board_member_reads_the_meeting_opens_an_exempt_paper_and_sees_the_action_log(
    page, live_server, published_meeting
):
    member, meeting, exempt, paper = published_meeting
    sign_in(page, live_server, member.username)

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="My meetings").click()
    assert_accessible(page)
    page.locator("main").get_by_role("link", name="Agenda and papers").click()
    assert page.locator("h1").inner_text().startswith("Meeting on")
    assert "Costs of one placement" not in page.locator("main").inner_text()
    assert "A breakdown of placements out of the area" in page.locator("main").inner_text()
    assert_accessible(page)

    page.locator("main").get_by_role("link", name="Open exempt item 2").click()
    assert page.locator("h1").inner_text() == "2. Costs of one placement"
    assert_accessible(page)
    with page.expect_download() as download:
        page.locator("main").get_by_role("link", name="Placement cost report for item 2").click()
    assert download.value.suggested_filename == "costs.pdf"
    opened = AuditEvent.objects.filter(actor=member, action=AuditAction.VIEW)
    assert {e.object_type for e in opened} == {"meetings.AgendaItem", "meetings.Paper"}

    page.get_by_role("link", name="Back to the meeting").click()
    page.locator("main").get_by_role("link", name="The board’s whole action log").click()
    assert page.locator("h1").inner_text() == "Action log"
    assert "A breakdown of placements out of the area" in page.locator("tbody").inner_text()
    assert_accessible(page)


def test_an_anonymous_visitor_reads_the_public_page_and_fetches_the_calendar(
    page, live_server, published_meeting
):
    _member, meeting, _exempt, _paper = published_meeting
    page.goto(f"{live_server.url}/meetings/public/")
    assert page.locator("h1").inner_text() == "Board meetings"
    assert_accessible(page)
    page.locator("main").get_by_role(
        "link", name=f"Corporate Parenting Board, {meeting.date:%A %-d %B %Y}"
    ).click()
    main = page.locator("main").inner_text()
    assert "Fostering sufficiency" in main
    assert "Costs of one placement" not in main
    assert "Placement cost report" not in main
    assert_accessible(page)

    response = page.request.get(f"{live_server.url}/meetings/public/boards/cpb/calendar.ics")
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/calendar")
    body = response.text()
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert f"UID:meeting-{meeting.pk}@" in body
    assert body.count("BEGIN:VEVENT") == 2
    assert body.endswith("END:VCALENDAR\r\n")
