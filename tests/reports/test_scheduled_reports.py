"""Each board's standard reports are drawn by the worker when a meeting's papers deadline is
near (each report's own number of days), once (the inputs hash), and never for meetings further
off; the beat task does it through a real worker."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from reports.models import BoardStandardReport, ReportRun, ReportRunStatus
from reports.scheduled import scheduled_runs_create
from reports.tasks import scheduled_runs_create as scheduled_task
from tests.meetings.factories import MeetingFactory
from tests.reports import test_report_runs as runs
from tests.reports.test_report_runs import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

council, media = runs.council, runs.media  # the worker tests' fixtures
TODAY = datetime.date(2026, 12, 1)


def days(n):
    return datetime.timedelta(days=n)


def test_the_beat_schedule_runs_the_task_and_make_run_starts_beat():
    entry = settings.CELERY_BEAT_SCHEDULE["board-standard-reports"]
    assert entry["task"] == scheduled_task.name
    makefile = (runs.ROOT / "Makefile").read_text()
    assert "worker -B " in makefile


def test_standard_reports_are_drawn_once_for_meetings_near_their_deadline(
    council, media, celery_worker
):
    near = MeetingFactory(date=TODAY + days(20), papers_deadline=TODAY + days(8))
    MeetingFactory(board=near.board, date=TODAY + days(80), papers_deadline=TODAY + days(55))
    other_board = MeetingFactory(papers_deadline=TODAY + days(3))
    for order, report_type in enumerate(["cla-overview", "permanence"]):
        BoardStandardReport.objects.create(
            board=near.board, report_type=report_type, order=order, days_before_deadline=10
        )

    first = scheduled_runs_create(today=TODAY)
    assert [created for _, created in first] == [True, True]
    assert {run.report_type for run, _ in first} == {"cla-overview", "permanence"}
    for run, _ in first:
        assert run.as_at == datetime.date(2026, 11, 30)  # month end before the deadline
        assert run.requested_by is None
        run = wait_for(run, {ReportRunStatus.BUILT, ReportRunStatus.FAILED})
        assert run.status == ReportRunStatus.BUILT, run.error
    # The next day, and the day after: the same inputs, so no new run.
    again = scheduled_runs_create(today=TODAY + days(1))
    assert [created for _, created in again] == [False, False]
    assert ReportRun.objects.count() == 2
    assert other_board.board.standard_reports.count() == 0


def test_each_report_waits_for_its_own_number_of_days_before_the_deadline(db):
    meeting = MeetingFactory(date=TODAY + days(20), papers_deadline=TODAY + days(8))
    BoardStandardReport.objects.create(
        board=meeting.board, report_type="cla-overview", days_before_deadline=10
    )
    BoardStandardReport.objects.create(
        board=meeting.board, report_type="pledge", days_before_deadline=5
    )

    assert [run.report_type for run, _ in scheduled_runs_create(today=TODAY)] == ["cla-overview"]
    later = scheduled_runs_create(today=TODAY + days(3))  # 5 days to the deadline
    assert sorted((run.report_type, created) for run, created in later) == [
        ("cla-overview", False),
        ("pledge", True),
    ]
    assert scheduled_runs_create(today=TODAY + days(9)) == []  # the deadline has passed


def test_the_beat_task_on_a_worker_makes_one_run_of_each_standard_report(
    council, media, celery_worker
):
    """What beat enqueues each hour, run by a real worker: the first time it makes the runs and
    the worker draws them; the next time it makes none."""
    today = timezone.localdate()
    meeting = MeetingFactory(date=today + days(20), papers_deadline=today + days(6))
    for order, report_type in enumerate(["care-leavers", "pledge"]):
        BoardStandardReport.objects.create(
            board=meeting.board, report_type=report_type, order=order, days_before_deadline=7
        )

    assert scheduled_task.delay().get(timeout=60) == 2
    for run in ReportRun.objects.all():
        run = wait_for(run, {ReportRunStatus.BUILT, ReportRunStatus.FAILED}, timeout=180)
        assert run.status == ReportRunStatus.BUILT, run.error
        assert run.parameters["meeting_title"].startswith(meeting.board.name)
    assert scheduled_task.delay().get(timeout=60) == 0
    assert sorted(ReportRun.objects.values_list("report_type", flat=True)) == [
        "care-leavers",
        "pledge",
    ]
