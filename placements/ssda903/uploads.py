"""Browser imports: store the upload, check it in the worker, import it when the officer
confirms (also in the worker), and delete the files when they are no longer needed.

The uploaded files live under MEDIA_ROOT/imports/<run id>/ only while needed: they are deleted
once an upload is refused or imported, and a periodic task deletes what is left after
SSDA903_UPLOAD_RETENTION_HOURS (an upload checked but never confirmed).
"""

import logging
import re
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone

from placements.models import ImportRun
from placements.ssda903.importer import import_filesets
from placements.ssda903.reader import FileSet, collect

logger = logging.getLogger(__name__)

SAFE_NAME = re.compile(r"^[\w][\w .()-]{0,99}$")
TRANSIENT = (OperationalError, InterfaceError, ConnectionError, TimeoutError)


def upload_folder(run):
    return Path(settings.MEDIA_ROOT) / "imports" / str(run.pk)


def safe_file_name(name, taken):
    """A plain file name for an upload: no folders, no dots first, each name once."""
    name = Path(str(name).replace("\\", "/")).name
    if not SAFE_NAME.match(name):
        name = "file.csv"
    stem, number = name, 2
    while name.lower() in taken:
        name = f"{number}-{stem}"
        number += 1
    taken.add(name.lower())
    return name


# ---------------------------------------------------------------------------------------------
# Progress: kept in the cache, as the check and the import run in one database transaction
# ---------------------------------------------------------------------------------------------


def _progress_key(run_pk):
    return f"placements:import-progress:{run_pk}"


def progress_set(run_pk, fraction, note):
    cache.set(_progress_key(run_pk), {"percent": round(100 * fraction), "note": note}, 60 * 60 * 24)


def progress_get(run):
    """{"percent", "note"} of a run being checked or imported."""
    if run.status not in (ImportRun.Status.CHECKING, ImportRun.Status.IMPORTING):
        return {"percent": 100, "note": run.get_status_display()}
    return cache.get(_progress_key(run.pk)) or {"percent": 0, "note": "Waiting for a worker"}


# ---------------------------------------------------------------------------------------------
# Services
# ---------------------------------------------------------------------------------------------


def import_upload_create(*, files, collection_year, actor):
    """Store the uploaded files and queue their check; the run is CHECKING until it is done."""
    from placements.tasks import import_upload_check_task

    run = ImportRun.objects.create(
        created_by=actor,
        source=ImportRun.Source.UPLOAD,
        status=ImportRun.Status.CHECKING,
        summary={"requested_year": collection_year},
    )
    folder = upload_folder(run)
    folder.mkdir(parents=True, exist_ok=True)
    taken, names = set(), []
    for upload in files:
        name = safe_file_name(upload.name, taken)
        with open(folder / name, "wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        names.append(name)
    run.file_names = names
    run.save(update_fields=["file_names"])
    progress_set(run.pk, 0, "Waiting for a worker")
    transaction.on_commit(lambda: import_upload_check_task.delay(run.pk))
    return run


def _fileset(run):
    """The run's files as one set, or the problems that stop them being read."""
    sets, problems = collect([upload_folder(run)])
    files = sets[0].files if sets else {}
    return FileSet(files=files, label="files"), problems


def _run_safely(run, work):
    """Run work(); an unexpected failure refuses the upload with a sentence, not a traceback
    (a passing database or network failure is left to the task's retries)."""
    try:
        return work()
    except TRANSIENT:
        raise
    except Exception:
        logger.exception("SSDA903 upload %s failed", run.pk)
        run.refresh_from_db()
        run.status = ImportRun.Status.INVALID
        run.errors = [
            ["-", 0, "-", "FAILED", "The check stopped unexpectedly: nothing was imported."]
        ]
        run.error_count = 1
        run.finished_at = timezone.now()
        run.save()
        return None


def import_upload_check(*, run_pk):
    """The worker's check of an upload (a dry run). Safe to run twice."""
    run = ImportRun.objects.get(pk=run_pk)
    if run.status != ImportRun.Status.CHECKING:
        return run

    def work():
        fileset, problems = _fileset(run)
        requested = run.summary.get("requested_year")
        import_filesets(
            [fileset],
            actor=run.created_by,
            collection_year=requested,
            dry_run=True,
            run=run,
            progress=lambda fraction, note: progress_set(run.pk, fraction, note),
            problems=problems,
        )
        run.summary = {**run.summary, "requested_year": requested}
        run.save(update_fields=["summary"])

    _run_safely(run, work)
    run.refresh_from_db()
    if run.status == ImportRun.Status.INVALID:
        import_upload_files_delete(run=run)
    return run


def import_upload_confirm(*, run, actor):
    """Queue the import of a checked upload. Returns False when the run is not waiting to be
    confirmed (another confirm got there first, or it has errors): one UPDATE moves it from
    checked to importing, so two confirms can never both import."""
    from placements.tasks import import_upload_import_task

    moved = ImportRun.objects.filter(pk=run.pk, status=ImportRun.Status.DRY_RUN).update(
        status=ImportRun.Status.IMPORTING
    )
    if not moved:
        return False
    progress_set(run.pk, 0, "Waiting for a worker")
    actor_pk = actor.pk
    transaction.on_commit(lambda: import_upload_import_task.delay(run.pk, actor_pk))
    run.refresh_from_db()
    return True


def import_upload_import(*, run_pk, actor_pk):
    """The worker's import of a confirmed upload: all or nothing, then the files go."""
    from corporate_parenting.models import User

    run = ImportRun.objects.get(pk=run_pk)
    if run.status != ImportRun.Status.IMPORTING:
        return run
    actor = User.objects.get(pk=actor_pk)

    def work():
        fileset, problems = _fileset(run)
        requested = run.summary.get("requested_year")
        year = requested or (run.collection_years or [None])[0]
        result = import_filesets(
            [fileset],
            actor=actor,
            collection_year=year,
            run=run,
            progress=lambda fraction, note: progress_set(run.pk, fraction, note),
            problems=problems,
        )
        run.summary = {**result.summary(), "requested_year": requested}
        run.save(update_fields=["summary"])

    _run_safely(run, work)
    run.refresh_from_db()
    import_upload_files_delete(run=run)
    return run


def import_upload_files_delete(*, run):
    """Delete a run's uploaded files (the run's record and its errors stay)."""
    shutil.rmtree(upload_folder(run), ignore_errors=True)
    if run.files_deleted_at is None:
        run.files_deleted_at = timezone.now()
        ImportRun.objects.filter(pk=run.pk).update(files_deleted_at=run.files_deleted_at)


def import_uploads_purge(*, now=None):
    """Delete uploaded files older than the retention period, and folders left without a
    run. Returns how many folders were deleted."""
    now = now or timezone.now()
    cutoff = now - timedelta(hours=settings.SSDA903_UPLOAD_RETENTION_HOURS)
    deleted = 0
    for run in ImportRun.objects.filter(
        source=ImportRun.Source.UPLOAD, files_deleted_at__isnull=True, created_at__lt=cutoff
    ).exclude(status__in=[ImportRun.Status.CHECKING, ImportRun.Status.IMPORTING]):
        import_upload_files_delete(run=run)
        deleted += 1
    root = Path(settings.MEDIA_ROOT) / "imports"
    if root.is_dir():
        known = set(
            ImportRun.objects.filter(files_deleted_at__isnull=True).values_list("pk", flat=True)
        )
        for folder in root.iterdir():
            stale = datetime.fromtimestamp(folder.stat().st_mtime, tz=UTC)
            if (not folder.name.isdigit() or int(folder.name) not in known) and stale < cutoff:
                shutil.rmtree(folder, ignore_errors=True)
                deleted += 1
    return deleted
