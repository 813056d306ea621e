"""What the reports app does when other apps say something happened; connected in
ReportsConfig.ready() (reports depends on children and placements, never the other way)."""

import logging

from django.db.models.signals import post_delete, post_save

from placements.signals import import_committed
from reports import dashboard_cache, values

logger = logging.getLogger(__name__)


def dashboard_cache_warm_enqueue(sender, **kwargs):
    """After an import: a worker computes the board's figures on the new data before anyone
    opens them."""
    from reports.tasks import dashboard_cache_warm

    try:
        dashboard_cache_warm.delay()
    except Exception:  # noqa: BLE001 - an unreachable broker must not fail a committed import
        logger.warning("Could not enqueue the dashboard cache warm-up", exc_info=True)


def connect():
    post_save.connect(values.generation_bump, dispatch_uid="reports-values-save")
    post_delete.connect(values.generation_bump, dispatch_uid="reports-values-delete")
    post_save.connect(dashboard_cache.board_setup_bump, dispatch_uid="reports-setup-save")
    post_delete.connect(dashboard_cache.board_setup_bump, dispatch_uid="reports-setup-delete")
    import_committed.connect(dashboard_cache_warm_enqueue, dispatch_uid="reports-import-committed")
