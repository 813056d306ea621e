from datetime import date, timedelta

import pytest

from reports.indicators import CATALOGUE, compute
from reports.indicators.periods import Period
from tests.reports.factories import (
    ChildFactory,
    LegalStatusFactory,
    PeriodOfCareFactory,
    PermanencePlanFactory,
    in_care,
    placements,
)

pytestmark = pytest.mark.django_db

AS_AT = date(2026, 3, 31)
YEAR = Period.as_at(AS_AT)


def adopted(
    *,
    entered,
    order,
    moves,
    ended,
    reason="E11",
    match=None,
    plan_order=None,
):
    """A child adopted on `ended`: care order from `entered`, placement order (E1) from `order`
    (None for none), the given placements, and an adoption plan with the match date."""
    child = ChildFactory()
    period = PeriodOfCareFactory(child=child, start=entered, end=ended, reason_ceased=reason)
    if order:
        LegalStatusFactory(period=period, start=entered, end=order, legal_status="C2")
        LegalStatusFactory(period=period, start=order, end=ended, legal_status="E1")
    else:
        LegalStatusFactory(period=period, start=entered, end=ended, legal_status="V2")
    placements(period, *moves)
    PermanencePlanFactory(
        child=child,
        plan_type="ADOPTION",
        decided_on=entered,
        placement_order_date=plan_order,
        matched_date=match,
    )
    return child


def test_adoptions_sgos_and_caos_count_children_ceasing_in_the_period():
    for reason in ["E11", "E12", "E45", "E48", "E41", "E4A"]:
        in_care(start=date(2024, 1, 1), end=AS_AT, reason_ceased=reason)
    in_care(start=date(2024, 1, 1), end=YEAR.start - timedelta(days=1), reason_ceased="E11")
    assert compute("ADOPTIONS", YEAR).numerator == 2
    assert compute("SGOS", YEAR).numerator == 2
    assert compute("CAOS", YEAR).numerator == 1


def test_po_to_ao_days_for_the_period_and_three_years():
    adopted(
        entered=date(2024, 1, 1),
        order=date(2025, 3, 1),
        moves=[(date(2024, 1, 1), "U4", True), (date(2025, 4, 1), "A6", True)],
        ended=date(2025, 6, 9),  # 100 days after the order
    )
    adopted(
        entered=date(2024, 1, 1),
        order=date(2025, 3, 1),
        moves=[(date(2024, 1, 1), "U4", True), (date(2025, 4, 1), "A6", True)],
        ended=date(2025, 9, 17),  # 200 days
    )
    adopted(
        entered=date(2022, 1, 1),
        order=date(2023, 1, 1),
        moves=[(date(2022, 1, 1), "U4", True), (date(2023, 3, 1), "A6", True)],
        ended=date(2024, 2, 5),  # 400 days, adopted in the 3 years only
    )

    iv = compute("PO_TO_AO_DAYS", YEAR)

    assert (iv.numerator, iv.denominator, iv.value) == (300, 2, 150)
    assert iv.extra["three_year_value"] == pytest.approx(700 / 3)
    assert iv.extra["three_year_children"] == 3


def test_a1_days_from_entering_care_to_placed_for_adoption_over_three_years():
    adopted(
        entered=date(2024, 1, 1),
        order=date(2024, 5, 1),
        moves=[(date(2024, 1, 1), "U4", True), (date(2024, 6, 1), "A6", True)],  # 152 days
        ended=date(2025, 1, 1),
    )
    adopted(
        entered=date(2022, 1, 1),
        order=date(2022, 5, 1),
        moves=[(date(2022, 1, 1), "U4", True), (date(2023, 1, 1), "A6", True)],  # 365 days
        ended=date(2023, 4, 1),  # first day of the 3 years
    )
    adopted(
        entered=date(2020, 1, 1),
        order=date(2020, 5, 1),
        moves=[(date(2020, 1, 1), "U4", True), (date(2022, 1, 1), "A6", True)],
        ended=date(2023, 3, 31),  # the day before: outside
    )

    iv = compute("A1_DAYS", YEAR)

    assert iv.denominator == 2
    assert iv.value == pytest.approx((152 + 365) / 2)
    assert iv.threshold == 426
    assert (iv.period_start, iv.period_end) == (date(2023, 4, 1), AS_AT)


def test_a2_days_is_zero_where_the_match_came_before_the_order():
    adopted(
        entered=date(2024, 1, 1),
        order=date(2024, 5, 1),
        match=date(2024, 4, 1),  # before the order
        moves=[(date(2024, 1, 1), "U4", True), (date(2024, 6, 1), "A6", True)],
        ended=date(2025, 1, 1),
    )
    adopted(
        entered=date(2024, 1, 1),
        order=date(2024, 5, 1),
        match=date(2024, 5, 31),  # 30 days
        moves=[(date(2024, 1, 1), "U4", True), (date(2024, 6, 1), "A6", True)],
        ended=date(2025, 1, 1),
    )
    adopted(  # placed with consent, no placement order: not in A2
        entered=date(2024, 1, 1),
        order=None,
        match=date(2024, 9, 1),
        moves=[(date(2024, 1, 1), "U4", True), (date(2024, 10, 1), "A4", True)],
        ended=date(2025, 1, 1),
    )

    iv = compute("A2_DAYS", YEAR)

    assert (iv.numerator, iv.denominator, iv.value) == (30, 2, 15)
    assert iv.threshold == 121


def test_a2_says_how_many_children_it_left_out_for_want_of_a_match_date():
    """AD1 DATE_MATCH is required for every adopted child; a child placed for adoption under a
    placement order with no match date cannot be measured and is counted as left out."""
    adopted(
        entered=date(2024, 1, 1),
        order=date(2024, 5, 1),
        match=date(2024, 5, 31),
        moves=[(date(2024, 1, 1), "U4", True), (date(2024, 6, 1), "A6", True)],
        ended=date(2025, 1, 1),
    )
    for _ in range(2):
        adopted(
            entered=date(2024, 1, 1),
            order=date(2024, 5, 1),
            match=None,
            moves=[(date(2024, 1, 1), "U4", True), (date(2024, 6, 1), "A6", True)],
            ended=date(2025, 1, 1),
        )
    adopted(  # no placement order: outside A2's cohort, not left out
        entered=date(2024, 1, 1),
        order=None,
        moves=[(date(2024, 1, 1), "U4", True), (date(2024, 10, 1), "A4", True)],
        ended=date(2025, 1, 1),
    )

    iv = compute("A2_DAYS", YEAR)

    assert (iv.numerator, iv.denominator) == (30, 1)
    assert [(e.count, e.reason) for e in iv.excluded] == [
        (2, "no date of the decision to match (AD1 DATE_MATCH) recorded")
    ]
    assert compute("A1_DAYS", YEAR).excluded == ()


def test_a2_uses_the_plan_order_date_when_no_e1_legal_status_was_recorded():
    adopted(
        entered=date(2024, 1, 1),
        order=None,
        plan_order=date(2024, 5, 1),
        match=date(2024, 5, 11),
        moves=[(date(2024, 1, 1), "U4", True), (date(2024, 6, 1), "A6", True)],
        ended=date(2025, 1, 1),
    )
    assert compute("A2_DAYS", YEAR).value == 10


def test_a10_uses_the_day_the_child_moved_in_with_foster_carers_who_adopted():
    adopted(
        entered=date(2024, 1, 1),
        order=date(2024, 5, 1),
        moves=[
            (date(2024, 1, 1), "U6", True),
            (date(2024, 2, 1), "U4", True),  # moved in with the carers who adopt: day 31
            (date(2024, 9, 1), "A5", False),  # placed for adoption with them: day 244
        ],
        ended=date(2025, 3, 1),
    )
    assert compute("A1_DAYS", YEAR).value == 244
    assert compute("A10_DAYS", YEAR).value == 31


def test_po_awaiting_counts_placement_orders_in_force_on_the_date():
    waiting = ChildFactory()
    period = PeriodOfCareFactory(child=waiting, start=date(2024, 1, 1))
    LegalStatusFactory(
        period=period, start=date(2024, 1, 1), end=date(2025, 1, 1), legal_status="C2"
    )
    LegalStatusFactory(period=period, start=date(2025, 1, 1), end=None, legal_status="E1")
    adopted(
        entered=date(2024, 1, 1),
        order=date(2024, 5, 1),
        moves=[(date(2024, 1, 1), "U4", True), (date(2024, 6, 1), "A6", True)],
        ended=AS_AT,  # adopted on the date
    )
    assert compute("PO_AWAITING", YEAR).numerator == 1
    assert set(CATALOGUE["PO_AWAITING"].children(YEAR)) == {waiting}


def test_ffa_placements_are_u2_and_u5():
    in_care(start=date(2025, 1, 1), placement_type="U2")
    in_care(start=date(2025, 1, 1), placement_type="U5")
    in_care(start=date(2025, 1, 1), placement_type="U4")
    in_care(start=date(2025, 1, 1), end=AS_AT, reason_ceased="E11", placement_type="U5")
    assert compute("FFA_PLACEMENTS", YEAR).numerator == 2


def test_permanence_plan_in_force_on_the_date():
    planned = in_care(start=date(2025, 1, 1)).child
    PermanencePlanFactory(child=planned, decided_on=AS_AT)
    ended = in_care(start=date(2025, 1, 1)).child
    PermanencePlanFactory(
        child=ended, decided_on=date(2025, 2, 1), ended_on=AS_AT, end_reason="CHANGED"
    )
    in_care(start=date(2025, 1, 1))

    iv = compute("PERMANENCE_PLAN", YEAR)

    assert (iv.numerator, iv.denominator) == (1, 3)
