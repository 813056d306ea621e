"""The one rendering module: the only importer of WeasyPrint, reading only our static files."""

import ast
import io
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from reports.pdf.render import DiskFetcher, FetchRefused, pdf_from_html

ROOT = Path(__file__).resolve().parents[2]
APPS = ["corporate_parenting", "children", "placements", "meetings", "reports", "demo"]


def _imports_weasyprint(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(
            a.name.split(".")[0] == "weasyprint" for a in node.names
        ):
            return True
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "weasyprint":
            return True
    return False


def test_only_the_rendering_module_imports_weasyprint():
    importers = sorted(
        str(path.relative_to(ROOT))
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if _imports_weasyprint(path)
    )
    assert importers == ["reports/pdf/render.py"]


@pytest.mark.parametrize(
    "url",
    ["https://example.org/font.woff2", "http://127.0.0.1/x.css", "file:///etc/passwd"],
)
def test_the_fetcher_refuses_anything_but_our_static_files(url):
    with pytest.raises(FetchRefused):
        DiskFetcher().fetch(url)


def test_the_fetcher_reads_the_report_stylesheet_from_disk():
    response = DiskFetcher().fetch((ROOT / "static" / "reports" / "pdf.css").as_uri())
    assert b"@page" in response.read()


def test_a_pdf_is_tagged_with_its_title_and_language(tmp_path):
    html = (
        '<!DOCTYPE html><html lang="en-GB"><head><title>Test paper</title>'
        '<link rel="stylesheet" href="reports/pdf.css"></head><body><h1>Hello</h1></body></html>'
    )
    data, pages = pdf_from_html(html)
    assert pages == 1
    (tmp_path / "t.pdf").write_bytes(data)
    info = subprocess.run(
        ["pdfinfo", str(tmp_path / "t.pdf")], capture_output=True, text=True, check=True
    ).stdout
    assert "Tagged:          yes" in info
    assert "Title:           Test paper" in info
    catalog = PdfReader(io.BytesIO(data)).trailer["/Root"]
    assert catalog["/Lang"] == "en-GB"
    assert bool(catalog["/MarkInfo"]["/Marked"])
