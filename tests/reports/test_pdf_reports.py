"""What the board reports say: incomplete marks where the data coverage says so, and the
figures exactly as `indicators --suppressed` prints them."""

import datetime
import re
import subprocess

import pytest

from placements.models import ImportRun
from reports.figures import value_with_unit
from reports.indicators.periods import Period
from reports.management.commands.indicators import indicator_rows
from reports.pdf.documents import REPORTS, report_pdf
from tests.reports.dash_factories import looked_after_child

AS_AT = datetime.date(2026, 11, 30)


def pdf_text(tmp_path, data):
    path = tmp_path / "r.pdf"
    path.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def council(db):
    for n in range(8):
        looked_after_child(start=datetime.date(2025, 3, 1 + n), sex="F")
    # One imported return (year ending 31 March 2026): figures looking back further are
    # incomplete, as the dashboard shows them.
    ImportRun.objects.create(
        source=ImportRun.Source.COMMAND,
        status=ImportRun.Status.IMPORTED,
        collection_years=[2026],
    )


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["cla-overview", "permanence", "care-leavers"])
def test_each_report_marks_incomplete_figures_with_their_note_and_carries_the_board_figures(
    slug, council, tmp_path
):
    data, _pages = report_pdf(slug, as_at=AS_AT)
    text = pdf_text(tmp_path, data)
    board = {row["code"]: row for row in indicator_rows(Period.as_at(AS_AT), suppressed=True)}
    codes = [code for section in REPORTS[slug].sections for code in section.codes]
    incomplete = [code for code in codes if not board[code]["complete"]]
    complete = [code for code in codes if board[code]["complete"]]
    assert incomplete and complete, (slug, incomplete)
    for code in codes:
        row = board[code]
        shown = value_with_unit(row["value"], row["unit"])
        mark = " Incomplete" if not row["complete"] else ""
        assert f"{row['title']} {shown}{mark} " in text, (code, shown)
    for code in incomplete:
        note = re.sub(r"\s+", " ", board[code]["coverage_note"])
        assert f"Incomplete figure. {note}" in text, code
    assert text.count("Incomplete figure.") == len(incomplete)


@pytest.mark.django_db
def test_the_pledge_scorecard_has_a_page_per_promise_with_its_national_and_local_measures(
    council, tmp_path
):
    from pypdf import PdfReader

    from reports.local_services import local_measure_create
    from reports.models import PledgeMeasure, PledgePromise
    from reports.pledge import pledge_promises

    measure = local_measure_create(
        title="Children in Care Council attendance",
        unit="count",
        definition="Children at the Children in Care Council's meetings in the month.",
        owner="Participation team",
        good_direction="higher",
        actor=None,
    )
    first = PledgePromise.objects.first()
    PledgeMeasure.objects.create(promise=first, code=measure.code, order=99)
    promises = pledge_promises()
    assert len(promises) >= 3

    data, pages = report_pdf("pledge", as_at=AS_AT)
    text = pdf_text(tmp_path, data)
    reader = PdfReader(tmp_path / "r.pdf")
    page_texts = [re.sub(r"\s+", " ", page.extract_text()) for page in reader.pages]
    board = {row["code"]: row for row in indicator_rows(Period.as_at(AS_AT), suppressed=True)}
    for promise in promises:
        # The promise's page starts with its title and the council's words.
        (page,) = [t for t in page_texts if f"{promise.title} {promise.promise[:40]}" in t]
        for evidence in promise.measures:
            if evidence.is_local:
                assert f"{evidence.title} (local measure)" in text
            else:
                row = board[evidence.code]
                assert f"{row['title']} {value_with_unit(row['value'], row['unit'])}" in text
    assert "Pledge scorecard" in text
    assert pages >= len(promises) + 3
