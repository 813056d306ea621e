"""Each board's standard reports are drawn by the worker when a meeting's papers deadline is
near, once (the inputs hash), and never for meetings further off."""

import datetime

import pytest
from django.conf import settings

from reports.models import BoardStandardReport, ReportRun, ReportRunStatus
from reports.scheduled import scheduled_runs_create
from reports.tasks import scheduled_runs_create as scheduled_task
from tests.meetings.factories import MeetingFactory
from tests.reports import test_report_runs as runs
from tests.reports.test_report_runs import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

council, media = runs.council, runs.media  # the worker tests' fixtures
TODAY = datetime.date(2026, 12, 1)


def test_the_beat_schedule_runs_the_task_and_make_run_starts_beat():
    entry = settings.CELERY_BEAT_SCHEDULE["board-standard-reports"]
    assert entry["task"] == scheduled_task.name
    makefile = (runs.ROOT / "Makefile").read_text()
    assert "worker -B " in makefile


def test_standard_reports_are_drawn_once_for_meetings_near_their_deadline(
    council, media, celery_worker, settings
):
    settings.REPORTS_SCHEDULE_DAYS = 10
    near = MeetingFactory(
        date=TODAY + datetime.timedelta(days=20), papers_deadline=TODAY + datetime.timedelta(8)
    )
    MeetingFactory(
        board=near.board,
        date=TODAY + datetime.timedelta(days=80),
        papers_deadline=TODAY + datetime.timedelta(days=60),
    )
    other_board = MeetingFactory(papers_deadline=TODAY + datetime.timedelta(days=3))
    for order, report_type in enumerate(["cla-overview", "permanence"]):
        BoardStandardReport.objects.create(board=near.board, report_type=report_type, order=order)

    first = scheduled_runs_create(today=TODAY)
    assert [created for _, created in first] == [True, True]
    assert {run.report_type for run, _ in first} == {"cla-overview", "permanence"}
    for run, _ in first:
        assert run.as_at == datetime.date(2026, 11, 30)  # month end before the deadline
        assert run.requested_by is None
        run = wait_for(run, {ReportRunStatus.BUILT, ReportRunStatus.FAILED})
        assert run.status == ReportRunStatus.BUILT, run.error
    # The next day, and the day after: the same inputs, so no new run.
    again = scheduled_runs_create(today=TODAY + datetime.timedelta(days=1))
    assert [created for _, created in again] == [False, False]
    assert ReportRun.objects.count() == 2
    assert other_board.board.standard_reports.count() == 0
