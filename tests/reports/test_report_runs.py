"""Report runs drawn by a real Celery worker on Redis: each report, the board's figures in the
PDF text, one file for the same inputs, and a killed worker's run finished by another worker."""

import datetime
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from reports.figures import value_with_unit
from reports.indicators.periods import Period
from reports.management.commands.indicators import indicator_rows
from reports.models import ReportRun, ReportRunStatus, ReportType
from reports.pdf.documents import report_spec
from reports.report_runs import report_run_request
from tests.reports.dash_factories import looked_after_child

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

AS_AT = datetime.date(2026, 11, 30)
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def council(db):
    """Eight girls and three boys looked after: the girls' count shows, the boys' is "c"."""
    for n in range(8):
        looked_after_child(start=datetime.date(2025, 3, 1 + n), sex="F")
    for n in range(3):
        looked_after_child(start=datetime.date(2026, 2, 1 + n), sex="M", placement_type="R1")


def wait_for(run, statuses, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if run.status in statuses:
            return run
        time.sleep(0.25)
    raise AssertionError(f"run {run.pk} still {run.status} ({run.stage}) after {timeout} s")


def pdf_text(path):
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize(
    "report_type", [t.value for t in ReportType if t != ReportType.MEETING_PACK]
)
def test_a_worker_draws_each_report_with_the_boards_suppressed_figures(
    report_type, council, media, make_user, celery_worker
):
    officer = make_user("performance_officer")
    run, created = report_run_request(report_type=report_type, as_at=AS_AT, actor=officer)
    assert created
    run = wait_for(run, {ReportRunStatus.BUILT, ReportRunStatus.FAILED})
    assert run.status == ReportRunStatus.BUILT, run.error
    assert run.progress == 100 and run.pages > 3

    text = pdf_text(run.file.path)
    board = {row["code"]: row for row in indicator_rows(Period.as_at(AS_AT), suppressed=True)}
    codes = [code for section in report_spec(report_type).sections for code in section.codes]
    for code in codes:
        row = board[code]
        shown = value_with_unit(row["value"], row["unit"])
        assert f"{row['title']} {shown} " in text, (code, shown)
    if report_type == "cla-overview":
        assert board["CLA_COUNT"]["value"] == "11"
        # As the board sees it: 3 boys are "c", and with the total of 11 shown the girls' 8
        # would give them away, so the girls are hidden too.
        assert "Sex Number Male c Female c" in text
    info = subprocess.run(["pdfinfo", run.file.path], capture_output=True, text=True).stdout
    assert "Tagged:          yes" in info
    assert f"Title:           {report_spec(report_type).title}, " in info


def test_the_same_inputs_twice_make_one_run_and_one_file(council, media, make_user, celery_worker):
    officer, other = make_user("performance_officer"), make_user("democratic_services")
    first, created = report_run_request(report_type="permanence", as_at=AS_AT, actor=officer)
    assert created
    wait_for(first, {ReportRunStatus.BUILT})
    second, created_again = report_run_request(report_type="permanence", as_at=AS_AT, actor=other)
    assert not created_again and second.pk == first.pk
    assert ReportRun.objects.count() == 1
    assert len(list(Path(media).rglob("*.pdf"))) == 1
    third, created_third = report_run_request(
        report_type="permanence", as_at=AS_AT - datetime.timedelta(days=1), actor=officer
    )
    assert created_third and third.pk != first.pk


def _worker(name, *, pause, media):
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REPORTS_RENDER_PAUSE_SECONDS": str(pause),
        "CELERY_VISIBILITY_TIMEOUT": "3",  # so the broker hands a lost message on quickly
        "MEDIA_ROOT": str(media),
    }
    return subprocess.Popen(
        [
            str(Path(sys.executable).with_name("celery")),
            "-A",
            "corporate_parenting",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
            f"--hostname={name}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.fixture
def only_subprocess_workers(celery_worker):
    """The in-process worker of the other tests stops taking tasks while this test runs."""
    consumer = celery_worker.consumer
    consumer.cancel_task_queue("celery")
    yield
    consumer.add_task_queue("celery")


def test_a_run_whose_worker_is_killed_mid_render_is_finished_by_another(
    council, media, make_user, only_subprocess_workers
):
    officer = make_user("performance_officer")
    first = _worker("slow", pause=120, media=media)
    try:
        run, _ = report_run_request(report_type="care-leavers", as_at=AS_AT, actor=officer)
        wait_for(run, {ReportRunStatus.RUNNING}, timeout=90)
        deadline = time.monotonic() + 60
        while "Pausing" not in run.stage and time.monotonic() < deadline:
            time.sleep(0.25)
            run.refresh_from_db()
        assert "Pausing" in run.stage
        os.kill(first.pid, signal.SIGKILL)  # mid-render: the row says running, no file
        first.wait(timeout=10)
    finally:
        if first.poll() is None:
            first.kill()
    run.refresh_from_db()
    assert run.status == ReportRunStatus.RUNNING and not run.file

    second = _worker("second", pause=0, media=media)
    try:
        run = wait_for(run, {ReportRunStatus.BUILT, ReportRunStatus.FAILED}, timeout=180)
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(timeout=30)
    assert run.status == ReportRunStatus.BUILT, run.error
    assert run.attempts == 2
    assert Path(run.file.path).is_file()
    connection.close()


def test_drawing_twice_draws_once_and_a_missing_run_is_left_alone(council, media, make_user):
    from reports.report_runs import report_run_execute

    run = ReportRun.objects.create(
        report_type="permanence", as_at=AS_AT, inputs_hash="t" * 64, requested_by=None
    )
    assert report_run_execute(run.pk) == "built"
    first_file = ReportRun.objects.get(pk=run.pk).file.name
    assert report_run_execute(run.pk) == "already built"
    run.refresh_from_db()
    assert run.file.name == first_file and run.attempts == 1
    assert report_run_execute(run.pk + 1000) == "gone"


def test_a_run_another_worker_is_drawing_is_left_to_it(council, media):
    import psycopg2

    from reports.report_runs import LOCK_NAMESPACE, report_run_execute

    run = ReportRun.objects.create(report_type="permanence", as_at=AS_AT, inputs_hash="u" * 64)
    db = settings.DATABASES["default"]
    other_worker = psycopg2.connect(
        host=db["HOST"], port=db["PORT"], user=db["USER"], dbname=db["NAME"]
    )
    try:
        other_worker.cursor().execute("SELECT pg_advisory_lock(%s, %s)", [LOCK_NAMESPACE, run.pk])
        assert report_run_execute(run.pk) == "busy"
    finally:
        other_worker.close()
    run.refresh_from_db()
    assert run.status == ReportRunStatus.QUEUED and run.attempts == 0
