import time

import pytest
from celery import Celery
from django.core.cache import cache

from corporate_parenting import health
from corporate_parenting.tasks import worker_check, worker_heartbeat

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_real_worker_runs_a_task_against_the_database(celery_worker):
    result = worker_check.delay().get(timeout=30)
    assert result["database"] is True
    assert result["eager"] is False


def test_the_heartbeat_task_on_a_real_worker_makes_healthz_ok(client, celery_worker, settings):
    settings.HEALTHZ_TOKEN = "s3cret"
    assert client.get("/healthz").status_code == 503  # no heartbeat yet
    cache.delete(health.STATUS_KEY)
    worker_heartbeat.delay().get(timeout=30)
    response = client.get("/healthz", headers={"X-Health-Token": "s3cret"})
    body = response.json()
    assert response.status_code == 200, body
    assert body["checks"] == {"database": True, "broker": True, "worker": True}
    assert body["worker_heartbeat_age"] < 30


def test_the_public_sees_the_status_only(client, settings):
    settings.HEALTHZ_TOKEN = "s3cret"
    health.heartbeat_write()
    for headers in ({}, {"X-Health-Token": "wrong"}):
        response = client.get("/healthz", headers=headers)
        assert response.json() == {"status": "ok"}


def test_a_stale_heartbeat_is_a_worker_down(client, settings):
    settings.HEALTHZ_TOKEN = "s3cret"
    health.heartbeat_write(time.time() - settings.HEALTH_WORKER_STALE_SECONDS - 1)
    response = client.get("/healthz", headers={"X-Health-Token": "s3cret"})
    assert response.status_code == 503
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["worker"] is False


def test_the_status_is_cached_so_requests_do_not_each_check(client, settings, monkeypatch):
    settings.HEALTHZ_CACHE_SECONDS = 10
    health.heartbeat_write()
    assert client.get("/healthz").json() == {"status": "ok"}
    calls = []
    monkeypatch.setattr(health, "database_ok", lambda: calls.append(1) or False)
    assert client.get("/healthz").json() == {"status": "ok"}  # cached
    assert calls == []
    cache.delete(health.STATUS_KEY)
    assert client.get("/healthz").json() == {"status": "degraded"}
    assert calls == [1]


def test_healthz_is_503_when_the_broker_is_unreachable(client, monkeypatch, settings):
    settings.HEALTHZ_TOKEN = "s3cret"
    health.heartbeat_write()
    monkeypatch.setattr(
        health, "app", Celery("down", broker="redis://127.0.0.1:1/0", set_as_current=False)
    )
    started = time.monotonic()
    response = client.get("/healthz", headers={"X-Health-Token": "s3cret"})
    assert time.monotonic() - started < 3
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": True, "broker": False, "worker": True}


def test_the_beat_schedule_runs_the_heartbeat_more_often_than_it_goes_stale(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["worker-heartbeat"]
    assert entry["task"] == worker_heartbeat.name
    assert entry["schedule"] * 2 <= settings.HEALTH_WORKER_STALE_SECONDS


def test_tasks_retry_transient_errors_with_backoff_and_late_acks():
    from django.db import OperationalError

    assert OperationalError in worker_check.autoretry_for
    assert worker_check.retry_backoff is True
    assert worker_check.acks_late is True
    assert worker_check.reject_on_worker_lost is True
