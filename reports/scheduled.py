"""The board's standard reports, drawn before each meeting without anyone asking.

Each hour (Celery beat, CELERY_BEAT_SCHEDULE) every meeting gets a run of each of its board's
standard reports from `days_before_deadline` days before its papers deadline until the deadline.
The figures are as at the last day of the month before the deadline, so asking again on later
days gives the same inputs hash and so the same run (report_run_request makes one run per
inputs). Which reports a board has, and how early, is set by its officers on the standard
reports page (reports.standard_report_views).
"""

import datetime

from django.db import transaction
from django.utils import timezone

from corporate_parenting.audit import audit_record
from corporate_parenting.models import AuditAction
from meetings.models import Meeting
from reports.models import MAX_DAYS_BEFORE_DEADLINE, STANDARD_REPORT_TYPES, BoardStandardReport
from reports.report_runs import report_run_request


def scheduled_as_at(meeting):
    return meeting.papers_deadline.replace(day=1) - datetime.timedelta(days=1)


def scheduled_runs_create(*, today=None):
    """[(run, created)] for every standard report of every meeting coming up to its deadline."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=MAX_DAYS_BEFORE_DEADLINE)
    meetings = Meeting.objects.filter(
        papers_deadline__gte=today, papers_deadline__lte=horizon
    ).select_related("board")
    standard = {}
    for row in BoardStandardReport.objects.filter(board__in={m.board_id for m in meetings}):
        standard.setdefault(row.board_id, []).append(row)
    results = []
    for meeting in meetings:
        days_left = (meeting.papers_deadline - today).days
        for row in standard.get(meeting.board_id, []):
            if days_left > row.days_before_deadline:
                continue
            results.append(
                report_run_request(
                    report_type=row.report_type,
                    as_at=scheduled_as_at(meeting),
                    parameters={
                        "board": meeting.board.name,
                        "meeting_title": f"{meeting.board.name}, {meeting.date:%-d %B %Y}",
                    },
                    actor=None,
                )
            )
    return results


def board_standard_reports_set(*, board, report_types, days_before_deadline, actor):
    """Make `report_types` the board's standard reports, each drawn from `days_before_deadline`
    days before a meeting's papers deadline, in the order of the report types."""
    chosen = [value for value, _ in STANDARD_REPORT_TYPES if value in set(report_types)]
    with transaction.atomic():
        board.standard_reports.exclude(report_type__in=chosen).delete()
        for order, report_type in enumerate(chosen):
            BoardStandardReport.objects.update_or_create(
                board=board,
                report_type=report_type,
                defaults={"order": order, "days_before_deadline": days_before_deadline},
            )
        labels = dict(STANDARD_REPORT_TYPES)
        listed = ", ".join(labels[value] for value in chosen) or "none"
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            obj=board,
            detail=f"Standard reports: {listed}; drawn {days_before_deadline} days before the "
            "papers deadline",
        )
