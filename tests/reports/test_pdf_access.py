"""Who may reach the board papers pages: every URL, every role (table-driven)."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from corporate_parenting.models import AuditAction, AuditEvent
from corporate_parenting.roles import Role
from reports.models import ReportRun, ReportRunStatus

pytestmark = pytest.mark.django_db

ALLOWED = {Role.DEMOCRATIC_SERVICES, Role.PERFORMANCE_OFFICER}
URLS = ["report_runs", "report_run", "report_run_status", "report_run_download"]


@pytest.fixture
def built_run(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    run = ReportRun(
        report_type="permanence",
        as_at=datetime.date(2026, 11, 30),
        inputs_hash="x" * 64,
        status=ReportRunStatus.BUILT,
        progress=100,
        pages=12,
    )
    run.file.save("permanence.pdf", ContentFile(b"%PDF-1.7 test"), save=False)
    run.save()
    return run


def _url(name, run):
    return reverse(f"reports:{name}", args=[] if name == "report_runs" else [run.pk])


@pytest.mark.parametrize("name", URLS)
@pytest.mark.parametrize("role", list(Role))
def test_only_officers_who_prepare_papers_reach_each_page(client, make_user, built_run, role, name):
    client.force_login(make_user(role))
    response = client.get(_url(name, built_run))
    assert response.status_code == (200 if role in ALLOWED else 403)


@pytest.mark.parametrize("name", URLS)
def test_signed_out_people_are_sent_to_sign_in(client, built_run, name):
    response = client.get(_url(name, built_run))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_the_status_view_says_what_the_page_needs(client, make_user, built_run):
    client.force_login(make_user(Role.DEMOCRATIC_SERVICES))
    state = client.get(_url("report_run_status", built_run)).json()
    assert state["status"] == "built" and state["finished"] and state["progress"] == 100
    assert state["download_url"] == _url("report_run_download", built_run)
    assert state["error"] == ""


def test_a_download_is_the_pdf_and_is_audited(client, make_user, built_run):
    officer = make_user(Role.PERFORMANCE_OFFICER)
    client.force_login(officer)
    response = client.get(_url("report_run_download", built_run))
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == b"%PDF-1.7 test"
    assert 'filename="permanence-2026-11-30.pdf"' in response["Content-Disposition"]
    assert AuditEvent.objects.filter(
        actor=officer, action=AuditAction.EXPORT, detail__startswith="Downloaded"
    ).exists()


def test_a_run_not_yet_built_has_no_download(client, make_user, built_run):
    ReportRun.objects.filter(pk=built_run.pk).update(status=ReportRunStatus.RUNNING, file="")
    client.force_login(make_user(Role.PERFORMANCE_OFFICER))
    assert client.get(_url("report_run_download", built_run)).status_code == 404
    assert client.get(_url("report_run_status", built_run)).json()["download_url"] == ""


def test_a_failed_run_explains_itself_without_the_exception(client, make_user, built_run):
    ReportRun.objects.filter(pk=built_run.pk).update(
        status=ReportRunStatus.FAILED,
        file="",
        error="The report could not be drawn. Ask for it again; if it fails again, tell the "
        "performance team and give them this reference: report run 1. (ValueError: boom)",
    )
    client.force_login(make_user(Role.PERFORMANCE_OFFICER))
    state = client.get(_url("report_run_status", built_run)).json()
    assert state["error"].startswith("The report could not be drawn.")
    assert "ValueError" not in state["error"]
    page = client.get(_url("report_run", built_run)).content.decode()
    assert "The report could not be drawn" in page


def test_asking_without_a_report_or_date_says_what_to_enter(client, make_user):
    client.force_login(make_user(Role.DEMOCRATIC_SERVICES))
    page = client.post(reverse("reports:report_runs"), {}).content.decode()
    assert "Select which report you want" in page
    assert "Enter the date of the figures" in page
    assert ReportRun.objects.count() == 0


# --- The published meeting pack ------------------------------------------------------------------


def _pack(meeting):
    run = ReportRun(
        report_type="meeting-pack",
        as_at=datetime.date(2026, 11, 30),
        parameters={"meeting": meeting.pk, "state": "s"},
        inputs_hash="p" * 64,
        status=ReportRunStatus.BUILT,
        progress=100,
        pages=30,
    )
    run.file.save("pack.pdf", ContentFile(b"%PDF-1.7 pack"), save=False)
    run.save()
    return run


@pytest.mark.parametrize("role", list(Role))
def test_who_downloads_a_published_meetings_pack(client, make_user, settings, tmp_path, role):
    from tests.meetings.factories import MembershipFactory, published

    settings.MEDIA_ROOT = tmp_path
    meeting = published()
    _pack(meeting)
    user = make_user(role)
    if role == Role.BOARD_MEMBER:
        MembershipFactory(board=meeting.board, user=user)
    client.force_login(user)
    response = client.get(reverse("reports:meeting_pack_download", args=[meeting.pk]))
    allowed = ALLOWED | {Role.BOARD_MEMBER}
    assert response.status_code == (200 if role in allowed else 403)
    if response.status_code == 200:
        assert b"".join(response.streaming_content) == b"%PDF-1.7 pack"


def test_a_board_member_is_told_when_a_published_meetings_pack_is_not_made_yet(client, make_user):
    from tests.meetings.factories import MembershipFactory, published

    meeting = published()
    member = make_user(Role.BOARD_MEMBER)
    MembershipFactory(board=meeting.board, user=member)
    client.force_login(member)
    response = client.get(reverse("reports:meeting_pack_download", args=[meeting.pk]))
    assert response.status_code == 404
    page = response.content.decode()
    assert "The meeting pack is not ready yet" in page
    assert reverse("meetings:meeting_detail", args=[meeting.pk]) in page


def test_a_board_member_gets_no_pack_of_a_draft_meeting_or_of_another_board(
    client, make_user, settings, tmp_path
):
    from meetings.models import MeetingStatus
    from tests.meetings.factories import MeetingFactory, MembershipFactory, published

    settings.MEDIA_ROOT = tmp_path
    member = make_user(Role.BOARD_MEMBER)
    draft = MeetingFactory(status=MeetingStatus.DRAFT)
    MembershipFactory(board=draft.board, user=member)
    other = published()
    _pack(draft)
    client.force_login(member)
    for meeting in (draft, other):
        response = client.get(reverse("reports:meeting_pack_download", args=[meeting.pk]))
        assert response.status_code == 403


def test_an_officer_attaches_a_built_run_to_an_agenda_item(client, make_user, built_run):
    from meetings.models import PaperKind
    from tests.meetings.factories import AgendaItemFactory

    item = AgendaItemFactory(title="Permanence update")
    officer = make_user(Role.DEMOCRATIC_SERVICES)
    client.force_login(officer)
    page = client.get(_url("report_run", built_run)).content.decode()
    assert "Attach to an agenda item" in page and "Permanence update" in page
    url = reverse("reports:report_run_attach", args=[built_run.pk])
    response = client.post(url, {"item": ""})
    assert "Select the agenda item to attach the report to" in response.content.decode()
    response = client.post(url, {"item": item.pk})
    assert response.status_code == 302
    paper = item.papers.get()
    assert paper.kind == PaperKind.REPORT_RUN and paper.file.name == built_run.file.name
    meeting_page = client.get(response["Location"]).content.decode()
    assert str(built_run) in meeting_page
    assert "Attached to" in client.get(_url("report_run", built_run)).content.decode()
    client.force_login(make_user(Role.SOCIAL_WORKER))
    assert client.post(url, {"item": item.pk}).status_code == 403
