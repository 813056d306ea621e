"""The four ways a board member could work out a hidden number (issue 15), each pinned by a
test that failed before the fix."""

import datetime
from datetime import date

import pytest
from django.core.cache import cache
from django.urls import reverse

from corporate_parenting.roles import Role
from reports import figures
from reports.indicators.base import Breakdown, BreakdownRow, IndicatorValue
from reports.suppression import display, display_breakdown
from tests.reports.dash_factories import looked_after_child
from tests.reports.disclosure import pinned_cells


def _iv(*, code="X", numerator, denominator=None, value=None, unit="count", breakdowns=()):
    return IndicatorValue(
        code=code,
        title="X",
        theme="where_you_live",
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


def test_an_average_over_a_hidden_count_hides_its_total_too():
    """PO_TO_AO_DAYS read "253 of c": one child's exact wait."""
    iv = _iv(code="PO_TO_AO_DAYS", numerator=253, denominator=1, value=253.0, unit="days")
    shown = display(iv, exact=False)
    assert (shown.numerator, shown.denominator, shown.value) == ("c", "c", "c")


def test_a_breakdown_is_protected_against_its_own_total_not_the_numerator():
    """PLACED_OUTSIDE_LA: 63 in all, 50 inside, 10 not known and "c" outside, so outside is 3."""
    area = Breakdown(
        "area",
        "Inside or outside the area",
        (
            BreakdownRow("Inside the area", 50),
            BreakdownRow("Outside the area", 3),
            BreakdownRow("Not known", 10),
        ),
    )
    iv = _iv(
        code="PLACED_OUTSIDE_LA",
        numerator=3,
        denominator=63,
        value=100 * 3 / 63,
        unit="percent",
        breakdowns=(area,),
    )
    figure = figures.build_figure(
        iv, exact=False, previous=None, since=None, target=None, benchmarks=[], series=[]
    )
    cells = [row[1] for row in figure.breakdowns[0].table.rows]
    assert figure.shown.denominator == "63"
    assert pinned_cells(cells, [50, 3, 10], total=63) == []
    assert cells.count("c") >= 2


def test_two_hidden_cells_that_leave_two_do_not_pin_each_other():
    """Zero is printed, so every "c" is at least 1: two "c" cells summing to 2 are each 1."""
    rows = (
        BreakdownRow("a", 0),
        BreakdownRow("b", 1),
        BreakdownRow("c", 1),
        BreakdownRow("d", 40),
    )
    shown = [s.numerator for _, s in display_breakdown(Breakdown("x", "X", rows), exact=False)]
    assert pinned_cells(shown, [0, 1, 1, 40], total=42) == []


@pytest.mark.django_db
def test_a_board_member_cannot_pick_a_day_between_month_ends(client, make_user):
    """Comparing 3 and 4 June showed one child's age band, legal status and placement."""
    cache.clear()
    for _ in range(8):
        looked_after_child(start=date(2025, 1, 1))
    looked_after_child(start=date(2026, 6, 4))
    client.force_login(make_user(Role.BOARD_MEMBER))
    query = {"as_at_0": "4", "as_at_1": "6", "as_at_2": "2026"}

    page = client.get(reverse("reports:dashboard"), query).content.decode()
    assert "Figures as at 31 May 2026" in page
    assert "Figures as at 4 June 2026" not in page
    indicator = client.get(reverse("reports:indicator", args=["CLA_COUNT"]), query)
    assert indicator.context["as_at"] == date(2026, 5, 31)
    rows = client.get(reverse("reports:dashboard"), {**query, "download": "all-figures"})
    assert "31 May 2026" in rows.content.decode()
    assert "4 June 2026" not in rows.content.decode()
    cache.clear()


@pytest.mark.django_db
def test_an_officer_keeps_any_date(client, make_user):
    cache.clear()
    client.force_login(make_user(Role.PERFORMANCE_OFFICER))
    query = {"as_at_0": "4", "as_at_1": "6", "as_at_2": "2026"}
    response = client.get(reverse("reports:indicator", args=["CLA_COUNT"]), query)
    assert response.context["as_at"] == datetime.date(2026, 6, 4)
    cache.clear()
