"""Every table a board member sees on the synthetic council's month ends: no hidden cell can be
worked out from its table, its total, the headline, or a number shown elsewhere that day."""

from datetime import date

import pytest
from django.conf import settings
from django.core.cache import cache

from demo.ssda903.generator import generate
from placements.ssda903.importer import import_filesets
from placements.ssda903.reader import collect
from reports import figures
from reports.board_dates import is_board_date
from reports.indicators.periods import monthly_ends
from reports.suppression import SUPPRESSED, published_values
from tests.reports.disclosure import interval_values

END = date(2026, 11, 30)
MONTH_ENDS = monthly_ends(date(2026, 3, 1), END)  # nine month ends, 31 March among them


@pytest.fixture
def council(tmp_path, db, settings):
    settings.REPORTS_TREND_CACHE_SECONDS = 3600
    years, _stats, _ = generate(tmp_path, children=1200, years=2, seed=1, end=END, in_year=True)
    sets, _ = collect(sorted(tmp_path / str(y) for y in years))
    assert import_filesets(sets, actor=None).errors == []
    cache.clear()
    yield
    cache.clear()


def _problems(figure, published, threshold):
    """What a reader could work out from one figure's tables, as readable strings."""
    iv, found = figure.iv, []
    hidden_count = iv.unit == "days" and figure.shown.denominator == SUPPRESSED
    if hidden_count and figure.shown.numerator != SUPPRESSED:
        found.append(f"{iv.code}: an average's total beside a hidden count")
    for breakdown, block in zip(iv.breakdowns, figure.breakdowns, strict=True):
        truth = [row.numerator for row in breakdown.rows]
        cells = [row[1] for row in block.table.rows]
        total = sum(truth)
        withheld = all(cell == SUPPRESSED for cell in cells) and 0 in truth
        known = []
        if figure.shown.numerator != SUPPRESSED and total == iv.denominator:
            known = [(i, n) for i, n in enumerate(truth) if n == iv.numerator]
        known += [
            (i, n)
            for i, n in enumerate(truth)
            if cells[i] == SUPPRESSED and n > threshold and n in published
        ]
        for cap in (None, None if withheld else threshold):
            for i, (low, high) in interval_values(
                cells, total=total, withheld=withheld, cap=cap, known=known
            ).items():
                if low == high == truth[i]:
                    found.append(f"{iv.code} {breakdown.code} row {i} is {truth[i]}: {cells}")
    return found


def test_no_board_table_on_any_month_end_gives_away_a_hidden_number(council):
    threshold = settings.SUPPRESSION_THRESHOLD
    problems, hidden_tables = [], 0
    for day in MONTH_ENDS:
        assert is_board_date(day)
        board = figures.dashboard(as_at=day, exact=False)
        published = published_values(figure.iv for figure in board.figures)
        for figure in board.figures:
            problems += [f"{day}: {p}" for p in _problems(figure, published, threshold)]
            hidden_tables += sum(
                any(row[1] == SUPPRESSED for row in block.table.rows) for block in figure.breakdowns
            )
        # The CSV of every figure carries the very same cells as the page.
        headline_rows = {row[0]: row for row in board.headline_table.rows}
        for figure in board.figures:
            assert headline_rows[figure.code][2] == figure.value_text
    assert problems == []
    assert hidden_tables > 0  # the council has small numbers to protect
