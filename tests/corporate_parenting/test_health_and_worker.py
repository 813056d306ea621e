import pytest
from celery import Celery

from corporate_parenting import health
from corporate_parenting.tasks import worker_check

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_real_worker_runs_a_task_against_the_database(celery_worker):
    result = worker_check.delay().get(timeout=30)
    assert result["database"] is True
    assert result["eager"] is False


def test_healthz_is_200_when_database_broker_and_worker_are_up(client, celery_worker):
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 200, body
    assert body["checks"] == {"database": True, "broker": True, "worker": True}
    assert celery_worker.hostname in body["workers"]


def test_healthz_is_503_when_the_broker_is_unreachable(client, monkeypatch):
    monkeypatch.setattr(
        health, "app", Celery("down", broker="redis://127.0.0.1:1/0", set_as_current=False)
    )
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": True, "broker": False, "worker": False}


def test_healthz_is_503_when_no_worker_answers(client, monkeypatch, settings):
    # A real broker on a Redis database that no worker consumes.
    idle = settings.CELERY_BROKER_URL.rsplit("/", 1)[0] + "/13"
    monkeypatch.setattr(health, "app", Celery("idle", broker=idle, set_as_current=False))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": True, "broker": True, "worker": False}


def test_tasks_retry_transient_errors_with_backoff_and_late_acks():
    from django.db import OperationalError

    assert OperationalError in worker_check.autoretry_for
    assert worker_check.retry_backoff is True
    assert worker_check.acks_late is True
    assert worker_check.reject_on_worker_lost is True
