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
        parser.add_argument("--meeting", type=int, help="The meeting's id (meeting-pack only)")

    def handle(self, *args, type, as_at, out, meeting=None, **options):
        started = time.perf_counter()
        if type == ReportType.MEETING_PACK:
            from meetings.models import Meeting
            from reports.pdf.meeting_pack import meeting_pack_pdf

            if meeting is None or not Meeting.objects.filter(pk=meeting).exists():
                raise CommandError("Give the meeting's id with --meeting ID")
            data, pages = meeting_pack_pdf(meeting, as_at=as_at)
        else:
            data, pages = documents.report_pdf(type, as_at=as_at)
        out.write_bytes(data)
        self.stdout.write(
            f"Wrote {out} ({pages} pages, {len(data):,} bytes) "
            f"in {time.perf_counter() - started:.1f} s"
        )
