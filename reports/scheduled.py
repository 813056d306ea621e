"""The board's standard reports, drawn before each meeting without anyone asking.

Each day (Celery beat, CELERY_BEAT_SCHEDULE) every meeting whose papers deadline falls within
REPORTS_SCHEDULE_DAYS gets a run of each of its board's standard reports. The figures are as at
the last day of the month before the deadline, so asking again on later days gives the same
inputs hash and so the same run (report_run_request makes one run per inputs).
"""

import datetime

from django.conf import settings
from django.utils import timezone

from meetings.models import Meeting
from reports.models import BoardStandardReport
from reports.report_runs import report_run_request


def scheduled_as_at(meeting):
    return meeting.papers_deadline.replace(day=1) - datetime.timedelta(days=1)


def scheduled_runs_create(*, today=None):
    """[(run, created)] for every standard report of every meeting coming up to its deadline."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=settings.REPORTS_SCHEDULE_DAYS)
    meetings = Meeting.objects.filter(
        papers_deadline__gte=today, papers_deadline__lte=horizon
    ).select_related("board")
    standard = {}
    for row in BoardStandardReport.objects.filter(board__in={m.board_id for m in meetings}):
        standard.setdefault(row.board_id, []).append(row.report_type)
    results = []
    for meeting in meetings:
        for report_type in standard.get(meeting.board_id, []):
            results.append(
                report_run_request(
                    report_type=report_type,
                    as_at=scheduled_as_at(meeting),
                    parameters={
                        "board": meeting.board.name,
                        "meeting_title": f"{meeting.board.name}, {meeting.date:%-d %B %Y}",
                    },
                    actor=None,
                )
            )
    return results
