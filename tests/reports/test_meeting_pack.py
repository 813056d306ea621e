"""The meeting pack drawn by a real worker: cover, agenda, open papers in agenda order (an
attached report run and an uploaded PDF), Word papers listed, the action log with figures then
and now; exempt items never in it; one contents page and continuous page numbers."""

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from pypdf import PdfReader

from meetings.models import Paper, PaperKind
from reports.models import ReportRunStatus
from reports.pdf.render import pdf_from_html
from reports.report_runs import meeting_pack_request, report_run_attach, report_run_request
from tests.meetings.factories import ActionFactory, AgendaItemFactory, published
from tests.reports import test_report_runs as runs
from tests.reports.test_report_runs import AS_AT, pdf_text, wait_for

council, media = runs.council, runs.media  # the worker tests' fixtures

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _upload(item, title, name, content_type, data):
    paper = Paper(item=item, title=title, filename=name, content_type=content_type, size=len(data))
    paper.file.save(name, ContentFile(data), save=False)
    paper.save()
    return paper


def test_an_officer_attaches_a_run_and_the_worker_draws_the_meeting_pack(
    council, media, make_user, celery_worker, tmp_path
):
    officer = make_user("democratic_services")
    meeting = published(date=AS_AT + datetime.timedelta(days=10))
    first = AgendaItemFactory(meeting=meeting, position=1, title="Permanence update")
    secret = AgendaItemFactory(
        meeting=meeting,
        position=2,
        title="Secret placement matter",
        exempt=True,
        exempt_paragraph=1,
    )
    third = AgendaItemFactory(meeting=meeting, position=3, title="Health of children in care")
    run, _ = report_run_request(report_type="permanence", as_at=AS_AT, actor=officer)
    run = wait_for(run, {ReportRunStatus.BUILT, ReportRunStatus.FAILED})
    paper = report_run_attach(run=run, item=first, actor=officer)
    assert paper.kind == PaperKind.REPORT_RUN and paper.file.name == run.file.name
    assert report_run_attach(run=run, item=first, actor=officer).pk == paper.pk  # once

    upload, _ = pdf_from_html(
        '<html lang="en-GB"><head><title>Health</title></head><body><p>UPLOADED HEALTH PAPER</p>'
        '<p style="break-before: page">SECOND UPLOADED PAGE</p></body></html>'
    )
    _upload(third, "Annual health report", "health.pdf", "application/pdf", upload)
    _upload(third, "Health appendix", "appendix.docx", "application/vnd.openxmlformats", b"PK")
    _upload(secret, "Exempt paper", "secret.pdf", "application/pdf", upload)
    ActionFactory(
        meeting=meeting,
        item=first,
        request="Report on adoption timeliness",
        indicator_code="CLA_COUNT",
        indicator_title="Children looked after",
        figure_when_raised="9",
        figure_as_at=AS_AT - datetime.timedelta(days=90),
    )

    pack, created = meeting_pack_request(meeting=meeting, as_at=AS_AT, actor=officer)
    assert created
    pack = wait_for(pack, {ReportRunStatus.BUILT, ReportRunStatus.FAILED})
    assert pack.status == ReportRunStatus.BUILT, pack.error
    text = pdf_text(pack.file.path)
    assert "meeting pack" in text and "Agenda" in text
    assert "Health appendix: available separately" in text
    assert "Secret placement matter" not in text and "Exempt paper" not in text
    # Agenda order: the report (item 1) before the uploaded paper (item 3), then the action log.
    assert text.index("Permanence and adoption scorecard") < text.index("UPLOADED HEALTH PAPER")
    assert text.index("SECOND UPLOADED PAGE") < text.rindex("Action log")
    assert "Children looked after: 9" in text and "Report on adoption timeliness" in text
    assert "11" in text[text.rindex("Report on adoption timeliness") :]  # the figure now
    reader = PdfReader(io.BytesIO(pack.file.read()))
    total = len(reader.pages)
    assert total == pack.pages
    footers = [f"Page {n} of {total}" for n in range(1, total + 1)]
    pages = [page.extract_text() for page in reader.pages]
    # Every page after the cover numbered continuously; one contents page.
    assert all(footer in page for footer, page in zip(footers[1:], pages[1:], strict=True))
    assert sum("Contents" in page for page in pages) == 1  # one contents page for the pack
    again, created_again = meeting_pack_request(meeting=meeting, as_at=AS_AT, actor=officer)
    assert not created_again and again.pk == pack.pk
