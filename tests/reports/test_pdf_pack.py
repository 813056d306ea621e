"""A pack of generated papers and uploaded PDFs: one contents page, continuous page numbers."""

import io
import re
import subprocess

import pytest
from pypdf import PdfReader

from reports.pdf.pack import PackPart, pack_pdf
from reports.pdf.render import pdf_from_html
from tests.reports import test_report_runs as runs
from tests.reports.test_report_runs import AS_AT

council = runs.council  # eleven children looked after

COVER = (
    '<section class="cover"><p class="cover__council">Demo Borough Council</p>'
    "<h1>Pack</h1></section>"
)


def uploaded_pdf():
    """A two-page PDF as a member of staff might upload it (A4 landscape, its own margins)."""
    html = (
        '<!DOCTYPE html><html lang="en-GB"><head><title>Upload</title><style>'
        "@page { size: A4 landscape; margin: 10mm } p { break-after: page }</style></head>"
        "<body><p>UPLOADED-ONE</p><p>UPLOADED-TWO</p></body></html>"
    )
    return pdf_from_html(html)[0]


def page_text(path, number):
    return subprocess.run(
        ["pdftotext", "-f", str(number), "-l", str(number), str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_uploaded_pages_are_numbered_with_the_rest_and_listed_in_the_one_contents(tmp_path):
    parts = [
        PackPart("a", "Children in care overview", html="<h2>Overview</h2><p>ALPHA</p>"),
        PackPart("b", "Virtual school head's report", pdf=uploaded_pdf()),
        PackPart("c", "Action log", html="<h2>Action log</h2><p>OMEGA</p>"),
    ]
    data, pages = pack_pdf(title="Corporate Parenting Board pack", cover_html=COVER, parts=parts)
    path = tmp_path / "pack.pdf"
    path.write_bytes(data)
    # cover, contents, overview, divider, 2 uploaded pages, action log
    assert pages == 7
    contents = " ".join(page_text(path, 2).replace(".", " ").split())
    assert "Children in care overview 3 Virtual school head's report 4 Action log 7" in contents
    assert "uploaded as a PDF of 2 pages" in page_text(path, 4)
    for number, marker in ((5, "UPLOADED-ONE"), (6, "UPLOADED-TWO")):
        text = page_text(path, number)
        assert marker in text
        assert f"Page {number} of 7" in text
    assert "OMEGA" in page_text(path, 7)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert "Tagged:          yes" in info
    assert "Title:           Corporate Parenting Board pack" in info


@pytest.mark.parametrize("pages", [1, 3])
def test_a_pack_of_only_uploads_reserves_a_page_for_each(pages, tmp_path):
    html = (
        '<!DOCTYPE html><html lang="en-GB"><head><title>U</title><style>p{break-after:page}'
        "</style></head><body>" + "<p>X</p>" * pages + "</body></html>"
    )
    data, total = pack_pdf(
        title="Pack", cover_html=COVER, parts=[PackPart("u", "Upload", pdf=pdf_from_html(html)[0])]
    )
    assert total == 2 + 1 + pages


def test_uploaded_pages_bring_no_tags_that_would_clash_with_the_packs(tmp_path):
    """pypdf cannot merge structure trees: the uploaded pages' marked content becomes artifacts,
    so none of their ids points a screen reader at the pack's own elements, and the divider
    says so."""
    upload = uploaded_pdf()
    assert "/StructTreeRoot" in PdfReader(io.BytesIO(upload)).trailer["/Root"]  # it was tagged
    data, pages = pack_pdf(
        title="Pack", cover_html=COVER, parts=[PackPart("u", "Upload", pdf=upload)]
    )
    path = tmp_path / "pack.pdf"
    path.write_bytes(data)
    assert "a screen reader skips them" in " ".join(page_text(path, 3).split())
    reader = PdfReader(io.BytesIO(data))
    for index, marker in ((3, "UPLOADED-ONE"), (4, "UPLOADED-TWO")):
        content = reader.pages[index].get_contents().get_data()
        ids = re.findall(rb"/MCID (\d+)", content)
        assert len(ids) == len(set(ids)), f"page {index + 1} repeats marked-content ids {ids}"
        assert re.search(rb"/Artifact\s+BMC", content)
        assert marker in page_text(path, index + 1)  # still printed and searchable


def test_the_running_header_returns_to_the_pack_after_a_report(tmp_path):
    report = '<section class="cover"><h1>REPORT TITLE</h1></section><p>Report body</p>'
    parts = [
        PackPart("r", "A report", html=report),
        PackPart("a", "Action log", html="<h2>Action log</h2><p>OMEGA</p>"),
    ]
    data, pages = pack_pdf(title="Meeting pack: the board", cover_html=COVER, parts=parts)
    path = tmp_path / "pack.pdf"
    path.write_bytes(data)
    assert pages == 5  # cover, contents, report cover, report body, action log
    assert "REPORT TITLE" in page_text(path, 4)  # the report's pages carry its title
    last = page_text(path, 5)
    assert "OMEGA" in last and "Meeting pack: the board" in last
    assert "REPORT TITLE" not in last


def test_two_reports_in_one_pack_give_their_figures_different_ids(council, tmp_path):
    """A figure in two reports of a pack (children looked after is in the overview and the
    Pledge) must not define one anchor twice."""
    from reports.pdf import documents
    from reports.pdf.pack import pack_html

    parts = [
        PackPart(key=key, title=slug, html=documents.report_fragment(report, prefix=f"{key}-"))
        for key, slug in (("p1", "cla-overview"), ("p2", "cla-overview"))
        for report in [documents.report_build(slug, as_at=AS_AT)]
    ]
    html = pack_html(title="Pack", cover_html=COVER, parts=parts)
    ids = re.findall(r'id="([^"]*figure-CLA_COUNT)"', html)
    assert ids == ["p1-figure-CLA_COUNT", "p2-figure-CLA_COUNT"]
