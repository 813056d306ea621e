import logging

from celery import shared_task
from celery.signals import worker_ready
from django.db import InterfaceError, OperationalError
from django.utils import timezone

logger = logging.getLogger(__name__)


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


@shared_task(name="reports.report_runs_resend")
def report_runs_resend():
    """Celery beat, every REPORT_RUN_SWEEP_SECONDS: send stale queued runs again."""
    from reports.report_runs import report_runs_resend as resend

    return resend()


@worker_ready.connect
def report_runs_resend_on_start(sender=None, **kwargs):
    """A worker that starts (after an outage, a deploy) sends stale queued runs again."""
    from reports.report_runs import report_runs_resend as resend

    try:
        return resend()
    except Exception:  # noqa: BLE001 - a worker must start; the periodic sweep tries again
        logger.warning("Could not send stale report runs at start-up", exc_info=True)
        return 0
