"""A report asked for while the broker (Redis) is down is saved and shown as queued; runs left
queued are sent again by one rule (report_runs_stale), by the periodic sweep and by a worker as it
starts, and a real worker then draws them."""

import datetime
from contextlib import contextmanager

import pytest
from django.urls import reverse
from django.utils import timezone

from corporate_parenting.celery import app
from reports.models import ReportRun, ReportRunStatus
from reports.report_runs import (
    WAITING_FOR_BROKER,
    report_run_request,
    report_runs_resend,
    report_runs_stale,
)
from reports.tasks import report_runs_resend_on_start
from tests.reports.test_report_runs import AS_AT, council, media, wait_for  # noqa: F401

UNREACHABLE_BROKER = "redis://127.0.0.1:6396/0"  # nothing listens there


@contextmanager
def broker_unreachable():
    """Celery in this process sends to a port where no Redis listens, as with Redis stopped."""
    saved = app.conf.broker_url
    app.conf.broker_url = UNREACHABLE_BROKER
    app.amqp._producer_pool, app._pool = None, None
    try:
        yield
    finally:
        app.conf.broker_url = saved
        app.amqp._producer_pool, app._pool = None, None


@pytest.fixture
def broker_down():
    with broker_unreachable():
        yield


def _queued(ago, **fields):
    run = ReportRun.objects.create(
        report_type="permanence",
        as_at=AS_AT,
        inputs_hash=f"h{ReportRun.objects.count()}-{ago.total_seconds()}",
        **fields,
    )
    ReportRun.objects.filter(pk=run.pk).update(requested_at=timezone.now() - ago)
    return run


@pytest.mark.django_db
def test_asking_with_the_broker_down_saves_the_run_and_the_page_says_it_is_queued(
    client, make_user, broker_down, django_capture_on_commit_callbacks
):
    client.force_login(make_user("performance_officer"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:report_runs"),
            {"report_type": "permanence", "as_at_0": "30", "as_at_1": "11", "as_at_2": "2026"},
        )
    run = ReportRun.objects.get()
    assert response.status_code == 302
    assert (run.status, run.stage) == (ReportRunStatus.QUEUED, WAITING_FOR_BROKER)
    page = client.get(response["Location"]).content.decode()
    assert "Waiting to start" in page
    assert WAITING_FOR_BROKER in page


@pytest.mark.django_db
def test_a_run_is_stale_once_queued_longer_than_the_setting(settings):
    settings.REPORT_RUN_RESEND_AFTER_SECONDS = 300
    old = _queued(datetime.timedelta(seconds=301))
    _queued(datetime.timedelta(seconds=290))
    _queued(datetime.timedelta(hours=2), status=ReportRunStatus.RUNNING)
    _queued(datetime.timedelta(hours=3), status=ReportRunStatus.BUILT, file="x.pdf")
    _queued(datetime.timedelta(hours=4), status=ReportRunStatus.FAILED)
    assert list(report_runs_stale()) == [old]


@pytest.mark.django_db
def test_the_sweep_with_the_broker_still_down_sends_nothing_and_keeps_the_runs(
    settings, broker_down
):
    settings.REPORT_RUN_RESEND_AFTER_SECONDS = 0
    run = _queued(datetime.timedelta(minutes=10))
    assert report_runs_resend() == 0
    run.refresh_from_db()
    assert (run.status, run.stage) == (ReportRunStatus.QUEUED, WAITING_FOR_BROKER)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("sweep", [report_runs_resend, report_runs_resend_on_start])
def test_a_run_that_was_never_sent_is_drawn_once_the_sweep_sends_it(
    sweep,
    council,  # noqa: F811
    media,  # noqa: F811
    make_user,
    settings,
    celery_worker,
):
    settings.REPORT_RUN_RESEND_AFTER_SECONDS = 60
    officer = make_user("performance_officer")
    with broker_unreachable():
        run, _ = report_run_request(report_type="permanence", as_at=AS_AT, actor=officer)
    run.refresh_from_db()
    assert run.stage == WAITING_FOR_BROKER
    assert sweep() == 0  # not stale yet
    ReportRun.objects.filter(pk=run.pk).update(
        requested_at=timezone.now() - datetime.timedelta(seconds=61)
    )
    assert sweep() == 1
    assert wait_for(run, {ReportRunStatus.BUILT}).status == ReportRunStatus.BUILT
