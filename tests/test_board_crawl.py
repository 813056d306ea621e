"""A board member's whole view of the service, crawled: every same-site link and download from
the home page (breadth first, bounded). No page, CSV or PDF may name a child, give a child's local
id or date of birth, or show a count small enough to identify a child (reports/suppression.py)."""

import csv
import datetime
import io
import re
from collections import deque
from html import unescape
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.conf import settings
from django.utils import timezone
from pypdf import PdfReader

from children.models import Child
from corporate_parenting.models import User
from meetings.models import Membership
from tests.demo_world import demo_world  # noqa: F401 - a fixture
from tests.reports.dash_factories import looked_after_child

pytestmark = pytest.mark.django_db

MAX_PAGES = 600
HREF = re.compile(r'href="([^"]+)"')
SKIP = ("/static/", "/admin/", "/sign-out/")
# A child only the crawl knows: a name, id and birthday no other page could contain by chance.
SENTINEL = {
    "first_name": "Zephyrine",
    "last_name": "Quillbottom",
    "local_id": "QZ99173",
    "date_of_birth": datetime.date(2012, 2, 29),
}


def _links(base, html):
    for href in HREF.findall(html):
        url, _ = urldefrag(urljoin(base, unescape(href)))
        parts = urlsplit(url)
        if parts.scheme in ("", "http") and parts.netloc in ("", "testserver"):
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if path.startswith("/") and not path.startswith(SKIP):
                yield path


def crawl(client):
    """(url, content type, text) for every page and download a board member can reach."""
    seen, queue, found = {"/"}, deque(["/"]), []
    while queue and len(found) < MAX_PAGES:
        url = queue.popleft()
        response = client.get(url)
        assert response.status_code in (200, 302, 403, 404), f"{url}: {response.status_code}"
        if response.status_code == 302:
            target = urlsplit(response["Location"])
            nxt = target.path + (f"?{target.query}" if target.query else "")
            if not target.netloc and nxt not in seen and not nxt.startswith(SKIP):
                seen.add(nxt)
                queue.append(nxt)
            continue
        if response.status_code != 200:
            continue
        kind = response["Content-Type"].split(";")[0]
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if kind == "application/pdf":
            text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
        else:
            text = body.decode("utf-8-sig", errors="replace")
        found.append((url, kind, text))
        if kind == "text/html":
            for link in _links(url, text):
                if link not in seen:
                    seen.add(link)
                    queue.append(link)
    return found


def identifiers(child):
    dob = child.date_of_birth
    return {
        f"{child.first_name} {child.last_name}",
        child.local_id,
        dob.isoformat(),
        dob.strftime("%d/%m/%Y"),
        f"{dob.day} {dob:%B %Y}",
        f"{dob.day} {dob:%b %Y}",
    }


def test_a_board_members_crawl_shows_no_child_and_no_small_number(client, demo_world):  # noqa: F811
    sentinel = looked_after_child(
        start=timezone.localdate() - datetime.timedelta(days=400),
        team=demo_world.child.team,
        **SENTINEL,
    )
    client.force_login(demo_world.users["bm"])
    found = crawl(client)
    kinds = {kind for _url, kind, _text in found}
    csvs = [(url, text) for url, kind, text in found if kind == "text/csv"]
    print(f"crawled {len(found)} responses ({sorted(kinds)}), {len(csvs)} CSVs")
    # The crawl really went round the service: the dashboard, indicators, meetings and CSVs.
    assert len(found) >= 30, [url for url, _kind, _text in found]
    assert csvs, "no CSV download found"
    # No child's identity, anywhere.
    sentinel_ids = identifiers(sentinel)
    # Every demo child's name and id too, except a name an adult happens to share (the demo draws
    # both from one list of names: a child shares a councillor's name; the sentinel's is unique).
    adults = [f"{user.first_name} {user.last_name}" for user in User.objects.all()]
    adults += list(Membership.objects.values_list("name", flat=True))
    everyone = {
        name
        for child in Child.objects.exclude(pk=sentinel.pk)
        for name in (f"{child.first_name} {child.last_name}", child.local_id)
        if not any(name in adult for adult in adults)
    }
    leaks = [
        (url, ident)
        for url, _kind, text in found
        for ident in sentinel_ids | everyone
        if ident in text
    ]
    assert not leaks, leaks[:20]
    # No small count: every whole number in a CSV (counts, numerators, denominators, breakdown
    # rows) is 0 or above the threshold; 1 to the threshold is shown as "c".
    small = [
        (url, line)
        for url, text in csvs
        for line in csv.reader(io.StringIO(text))
        for cell in line[1:]
        if _is_small(cell)
    ]
    assert not small, small[:20]


def _is_small(cell):
    digits = cell.replace(",", "")
    return digits.isdigit() and 0 < int(digits) <= settings.SUPPRESSION_THRESHOLD
