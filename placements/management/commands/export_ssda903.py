"""python manage.py export_ssda903 --collection-year YYYY OUTDIR"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from corporate_parenting.audit import audit_record
from corporate_parenting.models import AuditAction
from placements.ssda903.exporter import export_year
from placements.ssda903.validation import YEARS_ACCEPTED


class Command(BaseCommand):
    help = "Write the SSDA903 tables for the year ending 31 March YYYY into OUTDIR."

    def add_arguments(self, parser):
        parser.add_argument("outdir", metavar="OUTDIR")
        parser.add_argument("--collection-year", type=int, required=True, metavar="YYYY")

    def handle(self, *args, outdir, collection_year, **options):
        if collection_year not in YEARS_ACCEPTED:
            raise CommandError(
                f"--collection-year must be {YEARS_ACCEPTED[0]} to {YEARS_ACCEPTED[-1]}."
            )
        with transaction.atomic():
            counts = export_year(collection_year, outdir)
            audit_record(
                actor=None,
                action=AuditAction.EXPORT,
                changes={"collection_year": collection_year, "rows": counts},
                detail=f"SSDA903 export for {collection_year} to {outdir}",
            )
        for table, count in counts.items():
            self.stdout.write(f"  {table:<15} {count:>9} rows")
