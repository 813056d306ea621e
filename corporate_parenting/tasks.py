import time

from celery import shared_task
from django.db import connection

from corporate_parenting import health


@shared_task(bind=True, name="corporate_parenting.worker_check")
def worker_check(self, hold_seconds=0):
    """Prove a worker can take a task and reach the database (used by tests, operators and the
    fault drills, which hold it for a few seconds to kill the worker mid-task)."""
    time.sleep(min(hold_seconds, 60))
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        (one,) = cursor.fetchone()
    return {"eager": bool(self.request.is_eager), "database": one == 1}


@shared_task(name="corporate_parenting.worker_heartbeat", acks_late=False)
def worker_heartbeat():
    """Run by celery beat: a worker that takes this task from the queue still consumes."""
    health.heartbeat_write()
