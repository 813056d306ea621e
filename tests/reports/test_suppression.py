from datetime import date

import pytest

from reports.indicators.base import Breakdown, BreakdownRow, IndicatorValue
from reports.suppression import display, display_breakdown


def value(*, numerator, denominator=None, value=None, unit="count"):
    if value is None and unit == "count":
        value = numerator
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
    )


@pytest.mark.parametrize(("n", "shown"), [(0, "0"), (1, "c"), (5, "c"), (6, "6"), (1234, "1,234")])
def test_counts_of_one_to_five_are_shown_as_c_and_zero_as_zero(n, shown):
    assert display(value(numerator=n), exact=False).value == shown
    assert display(value(numerator=n), exact=False).numerator == shown


def test_exact_shows_small_counts():
    shown = display(value(numerator=3), exact=True)
    assert (shown.numerator, shown.value, shown.suppressed) == ("3", "3", False)


def test_threshold_is_a_setting(settings):
    settings.SUPPRESSION_THRESHOLD = 10
    assert display(value(numerator=8), exact=False).value == "c"
    assert display(value(numerator=8), exact=False, threshold=5).value == "8"


@pytest.mark.parametrize(
    ("numerator", "denominator", "shown"),
    [(3, 100, "c"), (50, 4, "c"), (59, 181, "33"), (0, 100, "0"), (0, 0, "x")],
)
def test_percentage_is_suppressed_when_numerator_or_denominator_is_small(
    numerator, denominator, shown
):
    pct = 100 * numerator / denominator if denominator else None
    iv = value(numerator=numerator, denominator=denominator, value=pct, unit="percent")
    assert display(iv, exact=False).value == shown


def test_percentages_round_half_up_to_whole_numbers_and_use_k_under_half():
    assert (
        display(value(numerator=10, denominator=80, value=12.5, unit="percent"), exact=False).value
        == "13"
    )
    assert (
        display(value(numerator=6, denominator=1500, value=0.4, unit="percent"), exact=False).value
        == "k"
    )
    assert (
        display(value(numerator=6, denominator=1200, value=0.5, unit="percent"), exact=False).value
        == "1"
    )


def test_average_days_suppressed_when_few_children():
    iv = value(numerator=900, denominator=3, value=300.0, unit="days")
    assert display(iv, exact=False).value == "c"
    assert display(iv, exact=True).value == "300"


def test_an_average_score_has_one_decimal_and_is_suppressed_as_an_average():
    assert (
        display(value(numerator=50, denominator=3, value=16.67, unit="score"), exact=False).value
        == "c"
    )
    assert (
        display(value(numerator=50, denominator=3, value=16.67, unit="score"), exact=True).value
        == "16.7"
    )
    assert (
        display(
            value(numerator=3558, denominator=257, value=13.844, unit="score"), exact=False
        ).value
        == "13.8"
    )


def test_secondary_suppression_hides_the_next_smallest_part():
    b = Breakdown(
        "sex",
        "Sex",
        (BreakdownRow("Female", 40), BreakdownRow("Male", 12), BreakdownRow("Unknown", 2)),
    )
    shown = dict(display_breakdown(b, exact=False))
    assert shown["Unknown"].value == "c"
    assert shown["Male"].value == "c"
    assert shown["Female"].value == "40"


def test_no_secondary_suppression_when_hidden_parts_already_sum_past_the_threshold():
    b = Breakdown(
        "sex",
        "Sex",
        (BreakdownRow("Female", 40), BreakdownRow("Male", 4), BreakdownRow("Unknown", 2)),
    )
    shown = dict(display_breakdown(b, exact=False))
    assert [shown[k].value for k in ("Female", "Male", "Unknown")] == ["40", "c", "c"]


def test_hidden_parts_summing_to_the_threshold_or_less_take_another_part():
    b = Breakdown(
        "sex",
        "Sex",
        (
            BreakdownRow("Female", 40),
            BreakdownRow("Male", 30),
            BreakdownRow("Unknown", 2),
            BreakdownRow("Other", 3),
        ),
    )
    shown = dict(display_breakdown(b, exact=False))
    assert [shown[k].value for k in ("Female", "Male", "Unknown", "Other")] == [
        "40",
        "c",
        "c",
        "c",
    ]


def test_secondary_suppression_skips_zero_parts():
    b = Breakdown(
        "age",
        "Age",
        (BreakdownRow("a", 0), BreakdownRow("b", 4), BreakdownRow("c", 9), BreakdownRow("d", 30)),
    )
    shown = dict(display_breakdown(b, exact=False))
    assert [shown[k].value for k in "abcd"] == ["0", "c", "c", "30"]


def test_exact_breakdown_shows_everything():
    b = Breakdown("sex", "Sex", (BreakdownRow("Female", 40), BreakdownRow("Male", 2)))
    shown = dict(display_breakdown(b, exact=True))
    assert shown["Male"].value == "2"
