"""Draw one board report PDF to a file, for scripting (no worker needed)."""

import time
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports.models import ReportType
from reports.pdf import documents


def _date(text):
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"Enter a date as YYYY-MM-DD, not {text!r}") from None


class Command(BaseCommand):
    help = "Draw a board report as at a date into a PDF file."

    def add_arguments(self, parser):
        parser.add_argument("type", choices=ReportType.values, help="Which report")
        parser.add_argument("--as-at", required=True, type=_date, help="YYYY-MM-DD")
        parser.add_argument("--out", required=True, type=Path, help="The PDF file to write")

    def handle(self, *args, type, as_at, out, **options):
        started = time.perf_counter()
        data, pages = documents.report_pdf(type, as_at=as_at)
        out.write_bytes(data)
        self.stdout.write(
            f"Wrote {out} ({pages} pages, {len(data):,} bytes) "
            f"in {time.perf_counter() - started:.1f} s"
        )
