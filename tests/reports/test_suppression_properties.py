"""Property: no hidden cell of a board table can be worked out by arithmetic from what the same
reader sees for the same date: the table, its total, the headline and another breakdown of the
same total. Small tables are generated and every filling of their hidden cells brute-forced."""

from datetime import date

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from reports.indicators.base import Breakdown, BreakdownRow, IndicatorValue
from reports.suppression import SUPPRESSED, display_figure, format_value
from tests.reports.disclosure import feasible_fillings, hidden_values, interval_values


def _iv(*, numerator, denominator, unit, breakdowns):
    value = numerator
    if unit == "percent":
        value = 100 * numerator / denominator if denominator else None
    return IndicatorValue(
        code="X",
        title="X",
        theme="decisions",
        numerator=numerator,
        denominator=denominator,
        value=value,
        unit=unit,
        higher_is_better=None,
        period_start=None,
        period_end=date(2026, 3, 31),
        definition="",
        reference="local",
        breakdowns=breakdowns,
    )


def _table(name, values):
    return Breakdown(name, name, tuple(BreakdownRow(f"{name}{i}", n) for i, n in enumerate(values)))


def _candidate_totals(text, threshold, truth):
    """Totals a reader finds possible from the shown total: itself, or 1 to the threshold."""
    if text == SUPPRESSED:
        return range(1, threshold + 1)
    return [int(text.replace(",", ""))] if text not in ("", "x") else [truth]


def _cells(shown_breakdown):
    return [dv.numerator for _, dv in shown_breakdown.rows]


@st.composite
def figures(draw):
    threshold = draw(st.sampled_from([3, 5]))
    first = draw(st.lists(st.integers(0, 3 * threshold), min_size=2, max_size=4))
    total = sum(first)
    assume(total > 0)
    # A second breakdown of the same total (another way of splitting the same children).
    cuts = sorted(draw(st.lists(st.integers(0, total), min_size=1, max_size=3)))
    second = [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]
    shape = draw(st.sampled_from(["count", "percent"]))
    numerator_row = draw(st.integers(0, len(first) - 1))
    published = frozenset(draw(st.sets(st.integers(0, 3 * threshold), max_size=4)))
    return threshold, first, second, shape, numerator_row, published


@settings(max_examples=400, deadline=None)
@given(figures())
def test_no_hidden_cell_can_be_worked_out(figure):  # noqa: C901 - one brute force, read whole
    threshold, first, second, shape, numerator_row, published = figure
    total = sum(first)
    if shape == "count":
        # A breakdown indicator: the headline is the total (CLA_BY_AGE and CLA_BY_SEX).
        iv = _iv(
            numerator=total,
            denominator=None,
            unit="count",
            breakdowns=(_table("a", first), _table("b", second)),
        )
    else:
        # A percentage whose numerator is one row of a breakdown of its denominator
        # (PLACED_OUTSIDE_LA: outside / all, broken down inside / outside / not known).
        iv = _iv(
            numerator=first[numerator_row],
            denominator=total,
            unit="percent",
            breakdowns=(_table("a", first), _table("b", second)),
        )
    shown = display_figure(iv, exact=False, published=published, threshold=threshold)
    headline = shown.headline
    total_text = headline.numerator if shape == "count" else headline.denominator
    tables = [(first, shown.breakdowns[0]), (second, shown.breakdowns[1])]

    def headline_holds(filling, t):
        if shape != "percent":
            return True
        n = filling[numerator_row]
        if headline.numerator != SUPPRESSED and n != int(headline.numerator.replace(",", "")):
            return False
        return headline.value in (SUPPRESSED, format_value(100 * n / t, "percent"))

    # A reader who reads every "c" as 1 to the threshold, too: not in a withheld table, which
    # says that its "c" may be 0 or more than the threshold.
    for cap in (None, threshold):
        # What each table allows, for each total the reader finds possible; a total counts
        # only when both breakdowns of it are possible.
        possible = {}
        for t in _candidate_totals(total_text, threshold, total):
            per_table = []
            for index, (_truth, shown_table) in enumerate(tables):
                check = (lambda f, t=t: headline_holds(f, t)) if index == 0 else None
                per_table.append(
                    feasible_fillings(
                        _cells(shown_table),
                        total=t,
                        withheld=shown_table.withheld,
                        cap=None if shown_table.withheld else cap,
                        check=check,
                    )
                )
            if all(per_table):
                possible[t] = per_table
        for index, (truth, shown_table) in enumerate(tables):
            assert possible or cap is not None  # the truth itself is always possible
            for i, text in enumerate(_cells(shown_table)):
                if text != SUPPRESSED:
                    continue
                values = {f[i] for fills in possible.values() for f in fills[index]}
                if cap is None:
                    assert len(values) > 1, (truth, _cells(shown_table), headline)
                assert values != {truth[i]}, (truth, _cells(shown_table), headline, cap)


@settings(max_examples=200, deadline=None)
@given(figures())
def test_secondary_cells_avoid_numbers_shown_elsewhere(figure):
    threshold, first, _second, _shape, _row, published = figure
    iv = _iv(numerator=sum(first), denominator=None, unit="count", breakdowns=(_table("a", first),))
    table = display_figure(iv, exact=False, published=published, threshold=threshold).breakdowns[0]
    if table.withheld:
        assert set(_cells(table)) == {SUPPRESSED}
        return
    for i in table.hidden:
        assert first[i] <= threshold or first[i] not in published


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(["c", "0", "1", "4", "7"]), min_size=1, max_size=4),
    st.integers(0, 20),
    st.booleans(),
)
def test_the_interval_reading_equals_the_brute_force(cells, total, withheld):
    brute = hidden_values(cells, total=total, withheld=withheld)
    assume(all(brute.values()))
    intervals = interval_values(cells, total=total, withheld=withheld)
    assert {i: (min(v), max(v)) for i, v in brute.items()} == intervals
    assert all(v == set(range(min(v), max(v) + 1)) for v in brute.values())
