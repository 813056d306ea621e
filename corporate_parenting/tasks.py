from celery import shared_task
from django.db import connection


@shared_task(bind=True, name="corporate_parenting.worker_check")
def worker_check(self):
    """Prove a worker can take a task and reach the database (used by tests and operators)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        (one,) = cursor.fetchone()
    return {"eager": bool(self.request.is_eager), "database": one == 1}
