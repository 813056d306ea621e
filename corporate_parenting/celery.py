import os

from celery import Celery
from celery.contrib.django.task import DjangoTask
from django.db import InterfaceError, OperationalError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "corporate_parenting.settings")


class RetryTransientErrors(DjangoTask):
    """Every task retries, with exponential backoff and jitter, when the database or the network
    is briefly unavailable. Tasks must therefore be safe to run twice (keyed by a database row).
    A DjangoTask, so that `delay_on_commit` enqueues only once the transaction has committed."""

    autoretry_for = (ConnectionError, TimeoutError, OperationalError, InterfaceError)
    retry_backoff = True
    retry_backoff_max = 600
    retry_jitter = True
    max_retries = 5


app = Celery("corporate_parenting", task_cls=RetryTransientErrors)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
