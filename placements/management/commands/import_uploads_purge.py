"""python manage.py import_uploads_purge: delete uploaded SSDA903 files past their retention.

Celery beat runs the same every hour (placements.import_uploads_purge)."""

from django.core.management.base import BaseCommand

from placements.ssda903.uploads import import_uploads_purge


class Command(BaseCommand):
    help = "Delete uploaded SSDA903 files older than SSDA903_UPLOAD_RETENTION_HOURS."

    def handle(self, *args, **options):
        deleted = import_uploads_purge()
        self.stdout.write(f"Deleted the files of {deleted} uploads.")
