"""One PDF from generated papers and uploaded PDFs: one contents page, continuous page numbers.

The pack is drawn as one HTML document, so WeasyPrint numbers every page and fills the contents
with target-counter(). Each uploaded PDF gets a tagged divider page (its title and length) and
as many reserved pages as it has; after drawing, each uploaded page is scaled into the content
area of its reserved page (the running header and "Page N of M" stay ours).

The uploaded pages' own tags (structure tree) do not survive the merge: pypdf merges content
streams and has no way to merge structure trees, and grafting one by hand (renumbering every
marked-content id, the parent tree and each element's page) is beyond what we should own. The
uploaded content's marked-content ids would otherwise collide with ours on the same page and
point a screen reader at our elements, so they are turned into artifacts: a screen reader skips
the uploaded pages, and the divider page says so and where to get the original.
"""

import io
from dataclasses import dataclass

from django.template.loader import render_to_string
from pypdf import PdfReader, PdfWriter, Transformation
from pypdf.generic import ContentStream, NameObject

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


ARTIFACT = NameObject("/Artifact")


def _pages_as_artifacts(data):
    """The uploaded PDF's pages with every tagged marked-content sequence made an artifact (its
    ids belong to the uploaded file's structure tree, which the pack does not carry)."""
    upload = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    for page in upload.pages:
        content = ContentStream(page.get_contents(), upload)
        for index, (operands, operator) in enumerate(content.operations):
            if operator == b"BDC" and operands[0] != ARTIFACT:
                content.operations[index] = ([ARTIFACT], b"BMC")
        page.replace_contents(content)
    return upload.pages


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
        for number, uploaded in enumerate(_pages_as_artifacts(part.pdf)):
            target = writer.pages[anchors[f"reserved-{part.key}-{number}"]]
            _overlay(target, uploaded)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue(), pages
