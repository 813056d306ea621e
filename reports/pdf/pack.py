"""One PDF from generated papers and uploaded PDFs: one contents page, continuous page numbers.

The pack is drawn as one HTML document, so WeasyPrint numbers every page and fills the contents
with target-counter(). Each uploaded PDF gets a tagged divider page (its title and length) and
as many reserved pages as it has; after drawing, each uploaded page is scaled into the content
area of its reserved page (the running header and "Page N of M" stay ours). The uploaded pages'
own tags do not survive the merge: the divider says so, and the original stays on the meeting.
"""

import io
from dataclasses import dataclass

from django.template.loader import render_to_string
from pypdf import PdfReader, PdfWriter, Transformation

from reports.pdf.render import pdf_with_anchors

MM = 72 / 25.4
A4 = (210 * MM, 297 * MM)
# The content box of static/reports/pdf.css's @page (margins 22, 18, 20, 18 mm).
CONTENT = {"left": 18 * MM, "bottom": 20 * MM, "width": 174 * MM, "height": 255 * MM}


@dataclass(frozen=True)
class PackPart:
    """A paper in the pack: `html` (a fragment drawn by our templates) or `pdf` (uploaded bytes)."""

    key: str
    title: str
    html: str = ""
    pdf: bytes = b""


def _pages(data):
    return len(PdfReader(io.BytesIO(data)).pages)


def pack_html(*, title, cover_html, parts):
    """The pack's HTML: parts carry their page counts for reserved pages."""
    papers = [
        {"part": part, "reserved": range(_pages(part.pdf)) if part.pdf else range(0)}
        for part in parts
    ]
    return render_to_string(
        "reports/pdf/pack.html", {"title": title, "cover_html": cover_html, "papers": papers}
    )


def _overlay(page, uploaded):
    box = uploaded.mediabox
    width, height = float(box.width), float(box.height)
    scale = min(CONTENT["width"] / width, CONTENT["height"] / height)
    x = CONTENT["left"] + (CONTENT["width"] - width * scale) / 2 - float(box.left) * scale
    y = CONTENT["bottom"] + (CONTENT["height"] - height * scale) - float(box.bottom) * scale
    page.merge_transformed_page(uploaded, Transformation().scale(scale).translate(x, y))


def pack_pdf(*, title, cover_html, parts):
    """(bytes, pages) of the whole pack."""
    data, pages, anchors = pdf_with_anchors(
        pack_html(title=title, cover_html=cover_html, parts=parts)
    )
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    for part in parts:
        if not part.pdf:
            continue
        for number, uploaded in enumerate(PdfReader(io.BytesIO(part.pdf)).pages):
            target = writer.pages[anchors[f"reserved-{part.key}-{number}"]]
            _overlay(target, uploaded)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue(), pages
