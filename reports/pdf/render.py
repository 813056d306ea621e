"""HTML to tagged PDF: the only module that imports WeasyPrint (tests/reports/test_pdf_render.py
enforces it).

Stylesheets and fonts are read from our static folder on disk by `DiskFetcher`; any other URL
(http, https, a file elsewhere) is refused, so a render never waits on the network.
"""

import mimetypes
from pathlib import Path

from django.conf import settings
from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse


def static_root():
    """The folder the report's relative URLs resolve against: our own static files."""
    return Path(settings.STATICFILES_DIRS[0]).resolve()


class FetchRefused(FatalURLFetchingError):
    pass


class DiskFetcher(URLFetcher):
    """Reads file: URLs inside the static folder; refuses every other URL."""

    def fetch(self, url, headers=None):
        root = static_root()
        path = Path(url.removeprefix("file://")).resolve() if url.startswith("file://") else None
        if path is None or not path.is_relative_to(root) or not path.is_file():
            raise FetchRefused(f"Reports read only our own static files from disk, not {url!r}")
        mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": mime_type})


def pdf_with_anchors(html):
    """(bytes, pages, {anchor id: page index}) of a tagged PDF of `html`: where each element with
    an id landed, so that pages reserved in the HTML can be filled afterwards (reports.pdf.pack)."""
    base_url = static_root().as_uri() + "/"
    document = HTML(string=html, base_url=base_url, url_fetcher=DiskFetcher()).render()
    anchors = {name: index for index, page in enumerate(document.pages) for name in page.anchors}
    return document.write_pdf(pdf_variant="pdf/ua-1"), len(document.pages), anchors


def pdf_from_html(html):
    """(bytes, pages) of a tagged PDF (PDF/UA-1) of `html`. Its <title> and <html lang> become
    the PDF's title and language, which screen readers announce."""
    base_url = static_root().as_uri() + "/"
    document = HTML(string=html, base_url=base_url, url_fetcher=DiskFetcher()).render()
    return document.write_pdf(pdf_variant="pdf/ua-1"), len(document.pages)
