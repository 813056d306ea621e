"""The meeting pack: cover, agenda, every open paper in agenda order, the action log.

Exempt items never enter a pack (the pack is public). A paper that is a board report run is
drawn again from the run's report as at its date (so its pages join the pack's numbering); an
uploaded PDF is merged in through reports.pdf.pack; any other upload (Word) is listed on the
agenda as available separately.
"""

import hashlib
import json

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from meetings.models import Meeting, PaperKind
from meetings.selectors import _actions, action_rows, carried_forward
from reports.meeting_figures import MeetingFigures
from reports.models import ReportRun
from reports.pdf import documents
from reports.pdf.pack import PackPart, pack_pdf

PDF = "application/pdf"


def _open_items(meeting):
    return list(meeting.items.filter(exempt=False).prefetch_related("papers").order_by("position"))


def meeting_pack_state(meeting):
    """A short hash of what the pack holds (items, papers, actions): part of a run's inputs."""
    items = [
        [item.pk, item.version, [(p.pk, p.kind, p.file.name) for p in item.papers.all()]]
        for item in _open_items(meeting)
    ]
    actions = list(
        (_actions().filter(meeting=meeting, item__exempt=False) | carried_forward(meeting))
        .order_by("id")
        .values_list("pk", "version")
    )
    text = json.dumps([meeting.version, meeting.status, items, actions], default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def meeting_title(meeting):
    return f"{meeting.board.name}, {meeting.date:%-d %B %Y}"


def meeting_pack_pdf(meeting_id, *, as_at=None, progress=None):
    """(bytes, pages) of the meeting's pack."""
    progress = progress or (lambda percent, stage: None)
    meeting = Meeting.objects.select_related("board").get(pk=meeting_id)
    as_at = as_at or timezone.localdate()
    items = _open_items(meeting)
    runs = {
        run.paper_id: run for run in ReportRun.objects.filter(paper__item__in=items, status="built")
    }
    progress(10, "Working out the figures")
    parts, agenda = [], []
    for item in items:
        papers = []
        for paper in item.papers.all():
            key = f"p{paper.pk}"
            run = runs.get(paper.pk)
            if paper.kind == PaperKind.REPORT_RUN and run is not None:
                report = documents.report_build(
                    run.report_type,
                    as_at=run.as_at,
                    board=meeting.board.name,
                    meeting=meeting_title(meeting),
                )
                html = documents.report_fragment(report, prefix=f"{key}-")
                parts.append(PackPart(key=key, title=f"{item.position}. {paper.title}", html=html))
                papers.append({"title": paper.title, "key": key})
            elif paper.file and paper.content_type == PDF:
                with paper.file.open("rb") as handle:
                    data = handle.read()
                parts.append(PackPart(key=key, title=f"{item.position}. {paper.title}", pdf=data))
                papers.append({"title": paper.title, "key": key})
            else:
                papers.append({"title": paper.title, "key": ""})
        agenda.append({"item": item, "papers": papers})
    provider = MeetingFigures()
    raised = _actions().filter(meeting=meeting, item__exempt=False)
    carried = carried_forward(meeting).filter(item__exempt=False)
    codes = set(
        (raised | carried).exclude(indicator_code="").values_list("indicator_code", flat=True)
    )
    figures = provider.figures(codes, as_at)
    rows = action_rows(carried, figures) + action_rows(raised, figures)
    parts.append(
        PackPart(
            key="actions",
            title="Action log",
            html=render_to_string("reports/pdf/_action_log.html", {"rows": rows, "as_at": as_at}),
        )
    )
    cover_html = render_to_string(
        "reports/pdf/_meeting_cover.html",
        {
            "meeting": meeting,
            "council": settings.COUNCIL_NAME,
            "agenda": agenda,
            "as_at": as_at,
        },
    )
    progress(50, "Drawing the pages")
    result = pack_pdf(
        title=f"Meeting pack: {meeting_title(meeting)}", cover_html=cover_html, parts=parts
    )
    progress(90, "Saving the file")
    return result
