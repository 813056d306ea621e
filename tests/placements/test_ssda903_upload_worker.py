"""The browser import's work runs in a real Celery worker, and only one confirm imports."""

import threading
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from children.models import Child
from corporate_parenting.roles import Role
from placements.models import ImportRun
from placements.ssda903.uploads import import_upload_confirm, import_upload_create
from tests.placements.ssda903_helpers import FIXTURES

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def uploads():
    return [
        SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/csv")
        for path in sorted((FIXTURES / "2025").iterdir())
    ]


def wait_for(run, *statuses, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if run.status in statuses:
            return run
        time.sleep(0.2)
    raise AssertionError(f"run {run.pk} still {run.status}")


def test_a_real_worker_checks_then_imports_an_upload_and_deletes_its_files(
    celery_worker, make_user, settings
):
    officer = make_user(Role.PERFORMANCE_OFFICER)
    run = import_upload_create(files=uploads(), collection_year=2025, actor=officer)
    assert run.status == ImportRun.Status.CHECKING  # the request returns before the check
    wait_for(run, ImportRun.Status.DRY_RUN, ImportRun.Status.INVALID)
    assert run.status == ImportRun.Status.DRY_RUN, run.errors
    assert Child.objects.count() == 0
    assert import_upload_confirm(run=run, actor=officer) is True
    wait_for(run, ImportRun.Status.IMPORTED, ImportRun.Status.INVALID)
    assert run.status == ImportRun.Status.IMPORTED
    assert Child.objects.count() == 4
    assert not (Path(settings.MEDIA_ROOT) / "imports" / str(run.pk)).exists()
    # The import queued the dashboards' warm-up: let the one worker finish it (tasks run in
    # order) before the test database is emptied.
    from corporate_parenting.tasks import worker_check

    assert worker_check.delay().get(timeout=120)["database"]


def test_two_confirms_at_the_same_moment_move_the_run_once(make_user):
    officer = make_user(Role.PERFORMANCE_OFFICER)
    run = ImportRun.objects.create(
        created_by=officer, source=ImportRun.Source.UPLOAD, status=ImportRun.Status.DRY_RUN
    )
    start, results = threading.Barrier(4), []

    def confirm():
        try:
            start.wait()
            results.append(
                import_upload_confirm(run=ImportRun.objects.get(pk=run.pk), actor=officer)
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False, False, False, True]
    run.refresh_from_db()
    assert run.status == ImportRun.Status.IMPORTING
