"""python manage.py export_ssda903 --collection-year YYYY [--format csv|xml] OUTDIR"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from corporate_parenting.audit import audit_record
from corporate_parenting.models import AuditAction
from placements.ssda903.exporter import export_year, export_year_xml, xml_file_name
from placements.ssda903.validation import YEARS_ACCEPTED


class Command(BaseCommand):
    help = (
        "Write the SSDA903 return for the year ending 31 March YYYY into OUTDIR: its tables as "
        "CSV files, or (--format xml) the return's XML form as one file."
    )

    def add_arguments(self, parser):
        parser.add_argument("outdir", metavar="OUTDIR")
        parser.add_argument("--collection-year", type=int, required=True, metavar="YYYY")
        parser.add_argument("--format", choices=("csv", "xml"), default="csv")

    def handle(self, *args, outdir, collection_year, format, **options):  # noqa: A002
        if collection_year not in YEARS_ACCEPTED:
            raise CommandError(
                f"--collection-year must be {YEARS_ACCEPTED[0]} to {YEARS_ACCEPTED[-1]}."
            )
        with transaction.atomic():
            if format == "xml":
                Path(outdir).mkdir(parents=True, exist_ok=True)
                target = Path(outdir) / xml_file_name(collection_year)
                counts = export_year_xml(collection_year, target)
            else:
                target = outdir
                counts = export_year(collection_year, outdir)
            audit_record(
                actor=None,
                action=AuditAction.EXPORT,
                changes={"collection_year": collection_year, "rows": counts, "format": format},
                detail=f"SSDA903 export for {collection_year} to {target}",
            )
        if format == "xml":
            self.stdout.write(f"Wrote {target}")
        for table, count in counts.items():
            self.stdout.write(f"  {table:<15} {count:>9} rows")
