from datetime import date, timedelta

import pytest

from children.models import AllocationKind
from reports.indicators import CATALOGUE, compute
from reports.indicators.periods import Period
from tests.reports.factories import AllocationFactory, StatutoryVisitFactory, in_care

pytestmark = pytest.mark.django_db

AS_AT = date(2026, 3, 31)
YEAR = Period.as_at(AS_AT)


def allocations(child, *starts):
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else None
        AllocationFactory(child=child, start=start, end=end)


def test_two_changes_of_social_worker_in_the_period():
    two = in_care(start=date(2024, 1, 1)).child
    allocations(two, date(2024, 1, 1), YEAR.start, date(2025, 9, 1))
    first_is_not_a_change = in_care(start=date(2025, 5, 1)).child
    allocations(first_is_not_a_change, date(2025, 5, 1), date(2025, 9, 1))
    before = in_care(start=date(2024, 1, 1)).child
    allocations(before, date(2024, 1, 1), date(2024, 6, 1), date(2025, 3, 31), date(2025, 10, 1))

    iv = compute("SW_CHANGES_2PLUS", YEAR)

    assert (iv.numerator, iv.denominator) == (1, 3)
    assert set(CATALOGUE["SW_CHANGES_2PLUS"].children(YEAR)) == {two}


@pytest.mark.parametrize(("days_ago", "on_time"), [(42, True), (43, False)])
def test_visit_within_six_weeks_is_on_time_on_the_last_day(days_ago, on_time):
    child = in_care(start=date(2025, 1, 1)).child
    StatutoryVisitFactory(child=child, date=AS_AT - timedelta(days=days_ago), interval_days=42)
    iv = compute("VISITS_ON_TIME", YEAR)
    assert (iv.numerator, iv.denominator) == (int(on_time), 1)


def test_visit_interval_from_the_care_plan_and_unseen_visits_ignored():
    child = in_care(start=date(2025, 1, 1)).child
    StatutoryVisitFactory(child=child, date=AS_AT - timedelta(days=29), interval_days=28)
    other = in_care(start=date(2025, 1, 1)).child
    StatutoryVisitFactory(child=other, date=AS_AT - timedelta(days=50), interval_days=42)
    StatutoryVisitFactory(child=other, date=AS_AT - timedelta(days=2), seen=False)
    iv = compute("VISITS_ON_TIME", YEAR)
    assert (iv.numerator, iv.denominator) == (0, 2)


def test_a_child_new_to_care_has_a_week_before_the_first_visit_is_late():
    in_care(start=AS_AT - timedelta(days=7))
    in_care(start=AS_AT - timedelta(days=8))
    iv = compute("VISITS_ON_TIME", YEAR)
    assert (iv.numerator, iv.denominator) == (1, 2)


def test_allocated_social_worker_is_read_from_the_allocation_open_on_the_date():
    allocated = in_care(start=date(2024, 1, 1)).child
    AllocationFactory(child=allocated, start=date(2024, 1, 1), end=None)
    ended_on_the_date = in_care(start=date(2024, 1, 1)).child
    AllocationFactory(child=ended_on_the_date, start=date(2024, 1, 1), end=AS_AT)
    starts_after = in_care(start=date(2024, 1, 1)).child
    AllocationFactory(child=starts_after, start=AS_AT + timedelta(days=1))
    only_an_iro = in_care(start=date(2024, 1, 1)).child
    AllocationFactory(child=only_an_iro, kind=AllocationKind.IRO, start=date(2024, 1, 1))
    left_care = in_care(start=date(2024, 1, 1), end=date(2025, 1, 1), reason_ceased="E4A").child
    AllocationFactory(child=left_care, start=date(2024, 1, 1))

    iv = compute("SW_ALLOCATED", YEAR)

    assert (iv.numerator, iv.denominator) == (1, 4)
    assert set(CATALOGUE["SW_ALLOCATED"].children(YEAR)) == {allocated}
