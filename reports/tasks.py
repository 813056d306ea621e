from celery import shared_task
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
