from celery import shared_task
from django.utils import timezone


@shared_task(name="reports.dashboard_cache_warm")
def dashboard_cache_warm(as_at=None):
    """Compute today's dashboard figures (and their trend) ahead of the first reader.

    Enqueued after every SSDA903 import and by `make run`; safe to run twice (it only fills
    the cache that reports.values reads through).
    """
    from reports import figures

    day = timezone.localdate() if as_at is None else timezone.datetime.fromisoformat(as_at).date()
    figures.dashboard(as_at=day, exact=True)
    return day.isoformat()
