"""Health of the parts the service needs: database, broker and at least one live worker."""

from django.db import connection

from corporate_parenting.celery import app


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
            conn.ensure_connection(max_retries=1, timeout=2)
        return True
    except Exception:  # noqa: BLE001
        return False


def workers_answering(timeout=1.0):
    """Ping the workers through the broker: a live process that stopped consuming won't answer."""
    try:
        replies = app.control.ping(timeout=timeout) or []
    except Exception:  # noqa: BLE001
        return []
    return sorted(name for reply in replies for name in reply)


def health():
    checks = {"database": database_ok(), "broker": broker_ok()}
    workers = workers_answering() if checks["broker"] else []
    checks["worker"] = bool(workers)
    return {
        "status": "ok" if all(checks.values()) else "down",
        "checks": checks,
        "workers": workers,
    }
