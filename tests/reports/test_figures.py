"""Figures as the dashboards show them, built from hand-made IndicatorValues with breakdowns."""

import datetime
from dataclasses import replace
from decimal import Decimal

import pytest
from django.template.loader import render_to_string

from reports.figures import build_figure, period_text, trend_days
from reports.forms import AsAtForm
from reports.indicators import CATALOGUE, Breakdown, BreakdownRow, IndicatorValue
from reports.indicators.education import school_term_start
from reports.indicators.periods import Period
from reports.models import Benchmark, BenchmarkArea

AS_AT = datetime.date(2026, 3, 31)


def value(numerator, *, denominator=None, unit="count", breakdowns=(), day=AS_AT):
    return IndicatorValue(
        code="CLA_COUNT",
        title="Children looked after",
        theme="decisions",
        numerator=numerator,
        denominator=denominator,
        value=numerator if unit == "count" else 100 * numerator / denominator,
        unit=unit,
        higher_is_better=None if unit == "count" else True,
        period_start=None,
        period_end=day,
        definition="The number of children looked after.",
        reference="DfE",
        breakdowns=breakdowns,
    )


AGE = Breakdown(
    code="age_band",
    title="Age band",
    rows=(
        BreakdownRow("Under 1", 2),
        BreakdownRow("1 to 4", 10),
        BreakdownRow("5 to 9", 20),
        BreakdownRow("10 to 15", 30),
        BreakdownRow("16 and over", 0),
    ),
)


def figure(iv, *, exact, previous=None):
    return build_figure(
        iv,
        exact=exact,
        previous=previous,
        since=AS_AT - datetime.timedelta(days=56),
        target=None,
        benchmarks=[],
        series=[(AS_AT, iv)],
    )


def test_breakdown_hides_small_groups_and_the_next_smallest_for_board_members():
    block = figure(value(62, breakdowns=(AGE,)), exact=False).breakdowns[0]

    assert block.table.head == ("Age band", "Number")
    assert dict(block.table.rows) == {
        "Under 1": "c",
        "1 to 4": "c",
        "5 to 9": "20",
        "10 to 15": "30",
        "16 and over": "0",
    }
    assert "2 groups are hidden" in block.summary
    assert ">c</text>" in block.svg


def test_breakdown_is_exact_for_officers():
    block = figure(value(62, breakdowns=(AGE,)), exact=True).breakdowns[0]

    assert dict(block.table.rows)["Under 1"] == "2"
    assert block.table.key == "CLA_COUNT-age_band"


def test_indicator_page_html_for_a_board_member_shows_no_small_number():
    page = render_to_string(
        "reports/indicator.html",
        {"figure": figure(value(62, breakdowns=(AGE,)), exact=False), "form": AsAtForm()},
    )

    assert "Children looked after by age band" in page
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">c</td>' in page
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">2</td>' not in page
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">10</td>' not in page


def test_percentage_shows_its_parts_and_change_in_percentage_points():
    now = value(45, denominator=60, unit="percent")
    before = value(40, denominator=60, unit="percent", day=AS_AT - datetime.timedelta(days=56))

    shown = figure(now, exact=False, previous=before)

    assert shown.value_text == "75%"
    assert shown.shown.numerator == "45"
    assert shown.change == "Up 8 percentage points since 3 Feb 2026 (better)"


def test_change_is_not_shown_when_either_figure_is_a_small_number():
    now = value(7)
    before = value(4, day=AS_AT - datetime.timedelta(days=56))

    assert figure(now, exact=False, previous=before).change == (
        "Change since 3 Feb 2026 not shown (small numbers)"
    )
    assert figure(now, exact=True, previous=before).change == "Up 3 since 3 Feb 2026"


def test_trend_has_twelve_monthly_points_ending_on_the_as_at_date():
    days = trend_days(datetime.date(2026, 11, 23))

    assert len(days) == 12
    assert days[0] == datetime.date(2025, 12, 31)
    assert days[-2] == datetime.date(2026, 10, 31)
    assert days[-1] == datetime.date(2026, 11, 23)
    assert trend_days(datetime.date(2026, 3, 31))[0] == datetime.date(2025, 4, 30)


def days_value(total, children):
    return replace(
        value(total),
        code="A1_DAYS",
        title="Average days from entering care to moving in with the adoptive family (A1)",
        theme="permanence",
        denominator=children,
        value=total / children,
        unit="days",
        higher_is_better=False,
    )


def test_an_average_of_days_reads_as_children_and_an_average_not_a_fraction():
    shown = figure(days_value(13_919, 38), exact=True)

    assert shown.value_text == "366 days"
    assert shown.basis_text == "38 children adopted; on average 366 days"
    html = render_to_string("reports/_value.html", {"figure": shown})
    assert "13,919 of 38" not in html
    assert '38 children adopted; on average</span> <span class="cpb-value">366 days' in html


def test_a_change_of_one_is_singular():
    now = value(41, denominator=100, unit="percent")
    before = value(40, denominator=100, unit="percent", day=AS_AT - datetime.timedelta(days=56))

    assert figure(now, exact=True, previous=before).change == (
        "Up 1 percentage point since 3 Feb 2026 (better)"
    )


def test_an_invented_england_comparator_is_labelled_illustrative_on_the_tile():
    iv = days_value(13_919, 38)
    invented = Benchmark(
        code="A1_DAYS",
        area=BenchmarkArea.ENGLAND,
        value=Decimal("460"),
        year=2025,
        source="Demo comparator (illustrative, not official statistics)",
    )
    published = replace_benchmark(invented, source="DfE CLA 2025, table E1")

    def tile(benchmark):
        return build_figure(
            iv,
            exact=True,
            previous=None,
            since=AS_AT,
            target=None,
            benchmarks=[benchmark],
            series=[],
        ).benchmark

    assert tile(invented) == "England 460 days (2025, illustrative demo figure, not official)"
    assert tile(published) == "England 460 days (2025)"


def replace_benchmark(benchmark, **changes):
    fields = {f: getattr(benchmark, f) for f in ("code", "area", "value", "year", "source")}
    return Benchmark(**(fields | changes))


def pep_value(current, total, *, day):
    return replace(
        value(current, denominator=total, unit="percent", day=day),
        code="PEP_CURRENT",
        title="Children with a personal education plan reviewed this term",
        extra={
            "window_start": school_term_start(day).isoformat(),
            "window": "this school term so far (it starts again from 0% each term)",
            "window_name": "school term",
        },
    )


def test_a_term_figure_states_its_window_and_is_not_compared_across_terms():
    now = pep_value(27, 100, day=datetime.date(2026, 9, 20))
    before = pep_value(96, 100, day=datetime.date(2026, 7, 25))

    shown = build_figure(
        now,
        exact=True,
        previous=before,
        since=datetime.date(2026, 7, 25),
        target=None,
        benchmarks=[],
        series=[],
    )

    assert shown.period_text == (
        "1 September 2026 to 20 September 2026, this school term so far "
        "(it starts again from 0% each term)"
    )
    assert shown.change == ("Not comparable with 25 Jul 2026: counted over a different school term")


@pytest.mark.django_db
def test_the_pep_indicator_carries_its_term_window():
    iv = CATALOGUE["PEP_CURRENT"].compute(Period.as_at(datetime.date(2026, 11, 5)))

    assert iv.extra["window_start"] == "2026-09-01"
    assert "1 September 2026 to 5 November 2026, this school term" in period_text(iv)
