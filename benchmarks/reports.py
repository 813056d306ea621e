"""Benchmark: draw each board report PDF for synthetic councils and print the time it takes.

    DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/cpb_bench .venv/bin/python \
        benchmarks/reports.py [--sizes 600 2500]

Uses (and empties) the database in DATABASE_URL (its name must contain "bench"): each council is
the demo's, built as benchmarks/indicators.py builds it (600 is the demo council's size). For
each report it prints pages and seconds: cold (empty figure cache: what a worker does after an
import) and warm (the figures already cached by the dashboard), split into working out the
figures and drawing the pages. Then it draws a real meeting pack (a meeting whose agenda has
each report attached and an uploaded PDF) and prints its pages and seconds. Aim: a 30-page
meeting pack in under 10 seconds.
"""

import argparse
import datetime
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.files.base import ContentFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from benchmarks.indicators import AS_AT, build  # noqa: E402  (sets Django up)
from children.models import Child  # noqa: E402
from meetings.models import AgendaItem, Board, Meeting, Paper, PaperKind  # noqa: E402
from reports.models import ReportRun, ReportRunStatus, ReportType  # noqa: E402
from reports.pdf import documents  # noqa: E402
from reports.pdf.meeting_pack import meeting_pack_pdf  # noqa: E402
from reports.pdf.render import pdf_from_html  # noqa: E402

AIM_SECONDS, AIM_PAGES = 10.0, 30
REPORTS = [slug for slug in ReportType.values if slug != ReportType.MEETING_PACK]
UPLOADED_PAGES = 4


def draw(slug):
    """(pages, seconds working out figures, seconds drawing)."""
    started = time.perf_counter()
    report = documents.report_build(slug, as_at=AS_AT)
    html = documents.report_html(report)
    figured = time.perf_counter()
    _, pages = pdf_from_html(html)
    return pages, figured - started, time.perf_counter() - figured


def _uploaded_pdf():
    pages = "".join(
        f'<p style="break-before: page">Uploaded paper, page {n + 1}</p>'
        for n in range(UPLOADED_PAGES)
    )
    html = f'<html lang="en-GB"><head><title>Uploaded</title></head><body>{pages}</body></html>'
    return pdf_from_html(html)[0]


def pack_meeting():
    """A meeting whose open agenda holds each report (as attached runs) and an uploaded PDF."""
    board = Board.objects.create(name="Benchmark board", slug="benchmark-board", kind="cpb")
    meeting = Meeting.objects.create(
        board=board,
        date=AS_AT + datetime.timedelta(days=14),
        start_time=datetime.time(18),
        venue="Town Hall",
    )
    for position, slug in enumerate(REPORTS, start=1):
        item = AgendaItem.objects.create(meeting=meeting, position=position, title=slug)
        paper = Paper.objects.create(item=item, kind=PaperKind.REPORT_RUN, title=slug)
        ReportRun.objects.create(
            report_type=slug,
            as_at=AS_AT,
            inputs_hash=f"benchmark-{slug}",
            status=ReportRunStatus.BUILT,
            file="benchmark-run.pdf",  # never read: the pack draws the report again
            paper=paper,
        )
    item = AgendaItem.objects.create(meeting=meeting, position=len(REPORTS) + 1, title="Upload")
    paper = Paper(item=item, title="Uploaded paper", content_type="application/pdf")
    paper.file.save("benchmark-upload.pdf", ContentFile(_uploaded_pdf()))
    return meeting


def draw_pack(meeting):
    """(pages, seconds) of the meeting's pack, drawn as a worker draws it."""
    started = time.perf_counter()
    _, pages = meeting_pack_pdf(meeting.pk, as_at=AS_AT)
    return pages, time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[600, 2500])
    parser.add_argument("--years", type=int, default=3, help="collection years of history")
    parser.add_argument(
        "--reuse", action="store_true", help="keep the data already there (one size only)"
    )
    args = parser.parse_args()
    database = settings.DATABASES["default"]["NAME"]
    if "bench" not in database and not args.reuse:
        sys.exit(f"Refusing to empty database {database!r}: use a database named *bench*.")
    call_command("migrate", verbosity=0)
    settings.DEBUG = False
    print(f"database {database}; as at {AS_AT}")
    for size in args.sizes:
        if not args.reuse:
            build(size, args.years)
        print(f"\n== about {size:,} children looked after ({Child.objects.count():,} children)")
        print(
            f"{'report':<14} {'pages':>5} {'cold s':>7} {'(figures':>9} {'draw)':>6} {'warm s':>7}"
        )
        for slug in REPORTS:
            cache.clear()
            pages, figures_cold, draw_cold = draw(slug)
            pages, figures_warm, draw_warm = draw(slug)
            cold, warm = figures_cold + draw_cold, figures_warm + draw_warm
            print(
                f"{slug:<14} {pages:>5} {cold:>7.1f} {figures_cold:>9.1f} {draw_cold:>6.1f} "
                f"{warm:>7.1f}"
            )
            per_page = warm / pages
            print(
                f"{'':<14} {per_page:.2f} s a page warm: a {AIM_PAGES}-page pack would take about "
                f"{per_page * AIM_PAGES:.1f} s (aim {AIM_SECONDS:.0f} s: "
                f"{'met' if per_page * AIM_PAGES <= AIM_SECONDS else 'NOT met'})"
            )
        with tempfile.TemporaryDirectory() as media, transaction.atomic():
            settings.MEDIA_ROOT = media
            meeting = pack_meeting()
            pack_pages, seconds = draw_pack(meeting)
            transaction.set_rollback(True)  # the benchmark's meeting leaves no trace
        print(
            f"meeting pack ({len(REPORTS)} reports and a {UPLOADED_PAGES}-page upload, figures "
            f"cached): {pack_pages} pages in {seconds:.1f} s; about "
            f"{seconds / pack_pages * AIM_PAGES:.1f} s for {AIM_PAGES} pages "
            f"(aim {AIM_SECONDS:.0f} s)"
        )


if __name__ == "__main__":
    main()
