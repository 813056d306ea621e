"""Health of the parts the service needs: database, broker and a worker that still consumes.

Cheap enough to be polled: the worker's proof is a heartbeat it writes when it runs the periodic
heartbeat task (celery beat), read from the cache, not a blocking ping through the broker; and the
computed status is itself cached for a few seconds, so a flood of /healthz requests costs one
check per HEALTHZ_CACHE_SECONDS.
"""

import contextlib
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from corporate_parenting.celery import app

HEARTBEAT_KEY = "health:worker-heartbeat"
STATUS_KEY = "health:status"


def database_ok():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # noqa: BLE001 - any failure means "down"
        return False


def broker_ok():
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=0, timeout=1)
        return True
    except Exception:  # noqa: BLE001
        return False


def heartbeat_write(now=None):
    cache.set(HEARTBEAT_KEY, now if now is not None else time.time(), timeout=None)


def heartbeat_age(now=None):
    """Seconds since a worker last ran the heartbeat task (None: never, or the cache is down)."""
    try:
        beat = cache.get(HEARTBEAT_KEY)
    except Exception:  # noqa: BLE001
        return None
    return None if beat is None else max(0.0, (now or time.time()) - beat)


def health():
    checks = {"database": database_ok(), "broker": broker_ok()}
    age = heartbeat_age()
    checks["worker"] = age is not None and age <= settings.HEALTH_WORKER_STALE_SECONDS
    return {
        "status": "ok" if all(checks.values()) else "degraded",
        "checks": checks,
        "worker_heartbeat_age": None if age is None else round(age, 1),
    }


def health_cached():
    """health(), computed at most once per HEALTHZ_CACHE_SECONDS (uncached if the cache fails)."""
    try:
        report = cache.get(STATUS_KEY)
    except Exception:  # noqa: BLE001
        return health()
    if report is None:
        report = health()
        with contextlib.suppress(Exception):  # the status is still answered
            cache.set(STATUS_KEY, report, timeout=settings.HEALTHZ_CACHE_SECONDS)
    return report
