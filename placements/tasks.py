"""Celery tasks of the SSDA903 import: check an upload, import it, delete old uploads."""

from celery import shared_task


@shared_task(name="placements.import_upload_check")
def import_upload_check_task(run_pk):
    from placements.ssda903.uploads import import_upload_check

    return import_upload_check(run_pk=run_pk).status


@shared_task(name="placements.import_upload_import")
def import_upload_import_task(run_pk, actor_pk):
    from placements.ssda903.uploads import import_upload_import

    return import_upload_import(run_pk=run_pk, actor_pk=actor_pk).status


@shared_task(name="placements.import_uploads_purge")
def import_uploads_purge_task():
    from placements.ssda903.uploads import import_uploads_purge

    return import_uploads_purge()
