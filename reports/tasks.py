from celery import shared_task
from django.db import InterfaceError, OperationalError
from django.utils import timezone


@shared_task(name="reports.dashboard_cache_warm")
def dashboard_cache_warm(as_at=None):
    """Compute today's dashboard figures (and their trend) ahead of the first reader.

    Enqueued after every SSDA903 import and by `make run`; safe to run twice (it only fills
    the cache that reports.values reads through).
    """
    from reports import figures
    from reports.board_dates import latest_board_date

    day = timezone.localdate() if as_at is None else timezone.datetime.fromisoformat(as_at).date()
    figures.dashboard(as_at=day, exact=True)
    # Board members see the figures as at the latest board date (a month end or meeting date).
    board_day = latest_board_date(day)
    if board_day != day:
        figures.dashboard(as_at=board_day, exact=False)
    return day.isoformat()


@shared_task(
    name="reports.report_run_render",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=5,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=5,
)
def report_run_render(run_id):
    """Draw a report run (reports.report_runs.report_run_execute); safe to run twice."""
    from reports.report_runs import report_run_execute

    return report_run_execute(run_id)


@shared_task(name="reports.scheduled_runs_create")
def scheduled_runs_create():
    """Celery beat, daily: the standard reports of meetings whose papers deadline is near."""
    from reports.scheduled import scheduled_runs_create as create

    return sum(created for _, created in create())
