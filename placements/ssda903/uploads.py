"""Browser imports: store the upload, validate it, and import it when the officer confirms."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied

from placements.models import ImportRun
from placements.ssda903.importer import import_filesets
from placements.ssda903.reader import FileSet
from placements.ssda903.tables import table_for_file


def upload_folder(run):
    return Path(settings.MEDIA_ROOT) / "imports" / str(run.pk)


def _fileset(run):
    folder = upload_folder(run)
    files = {}
    for name in run.file_names:
        table = table_for_file(name)
        files[table.name] = folder / Path(name).name
    return FileSet(files=files, label=str(folder))


def import_upload_create(*, files, collection_year, actor):
    """Store the uploaded files under MEDIA_ROOT/imports/<run id>/ and validate them."""
    run = ImportRun.objects.create(
        created_by=actor,
        source=ImportRun.Source.UPLOAD,
        file_names=[Path(f.name).name for f in files],
        summary={"requested_year": collection_year},
    )
    folder = upload_folder(run)
    folder.mkdir(parents=True, exist_ok=True)
    for upload in files:
        with open(folder / Path(upload.name).name, "wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
    import_filesets(
        [_fileset(run)], actor=actor, collection_year=collection_year, dry_run=True, run=run
    )
    return run


def import_upload_confirm(*, run, actor):
    """Validate the stored upload again and import it (all or nothing)."""
    if run.status != ImportRun.Status.DRY_RUN:
        raise PermissionDenied("Only a checked upload without errors can be imported.")
    year = run.summary.get("requested_year") or (run.collection_years or [None])[0]
    requested = run.summary.get("requested_year")
    result = import_filesets([_fileset(run)], actor=actor, collection_year=year, run=run)
    run.summary = {**result.summary(), "requested_year": requested}
    run.save(update_fields=["summary"])
    return result
