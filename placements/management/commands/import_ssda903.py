"""python manage.py import_ssda903 PATH [PATH ...] [--collection-year YYYY] [--dry-run]"""

from django.core.management.base import BaseCommand, CommandError

from placements.ssda903.importer import import_filesets
from placements.ssda903.reader import collect
from placements.ssda903.report import errors_by_rule


class Command(BaseCommand):
    help = (
        "Validate and import SSDA903 CSV files (a folder per collection year, or files). "
        "Nothing is written if any row has an error."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--collection-year", type=int, metavar="YYYY")
        parser.add_argument("--dry-run", action="store_true", help="Validate only; write nothing.")

    def handle(self, *args, paths, collection_year, dry_run, **options):
        sets, problems = collect(paths)
        if not problems and (not sets or not any(s.files for s in sets)):
            raise CommandError("No SSDA903 files found in the paths given.")
        if collection_year and len(sets) > 1:
            raise CommandError("--collection-year applies to one folder or set of files only.")
        result = import_filesets(
            sets,
            actor=None,
            collection_year=collection_year,
            dry_run=dry_run,
            problems=problems,
        )
        for warning in result.warnings:
            self.stderr.write(f"Warning: {warning}")
        if not result.ok:
            self._refuse(result.errors)
        verb = "Checked (dry run, nothing written)" if dry_run else "Imported"
        self.stdout.write(
            f"{verb} collection years {', '.join(map(str, result.years))}: "
            f"{result.children} children, {result.episodes} episodes "
            f"in {result.seconds:.1f} seconds."
        )
        for table, count in result.rows.items():
            if count:
                self.stdout.write(f"  {table:<15} {count:>9} rows")
        for what, count in sorted(result.written.items()):
            self.stdout.write(f"  {what:<25} {count:>9}")

    def _refuse(self, errors):
        for error in errors:
            self.stderr.write(str(error))
        for code, source, count in errors_by_rule(errors):
            self.stderr.write(f"  {code:<10} {source:<10} {count}")
        self.stderr.write(f"{len(errors)} errors: nothing was imported.")
        raise SystemExit(1)
