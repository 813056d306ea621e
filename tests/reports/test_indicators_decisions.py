from datetime import date

import pytest

from reports.indicators import compute
from reports.indicators.periods import Period
from tests.reports.factories import ChildFactory, LegalStatusFactory, PeriodOfCareFactory, in_care

pytestmark = pytest.mark.django_db

AS_AT = date(2026, 3, 31)


def test_cla_count_counts_children_looked_after_on_the_date():
    in_care(start=date(2025, 1, 1))
    in_care(start=AS_AT)  # starting on the date: open
    in_care(start=date(2025, 1, 1), end=AS_AT, reason_ceased="E4A")  # ending on it: not open
    in_care(start=date(2026, 4, 1))  # not yet

    iv = compute("CLA_COUNT", Period.as_at(AS_AT))

    assert iv.numerator == 2
    assert iv.value == 2
    assert iv.period_start is None
    assert iv.period_end == AS_AT


def test_cla_count_leaves_out_children_on_short_breaks_only():
    in_care(start=date(2025, 1, 1), legal_status="V3")
    in_care(start=date(2025, 1, 1), legal_status="V4")
    in_care(start=date(2025, 1, 1), legal_status="V2")

    assert compute("CLA_COUNT", Period.as_at(AS_AT)).numerator == 1


def test_cla_count_counts_a_legal_status_change_once():
    child = ChildFactory()
    period = PeriodOfCareFactory(child=child, start=date(2025, 1, 1))
    LegalStatusFactory(
        period=period, start=date(2025, 1, 1), end=date(2025, 6, 1), legal_status="C1"
    )
    LegalStatusFactory(period=period, start=date(2025, 6, 1), end=None, legal_status="C2")

    assert compute("CLA_COUNT", Period.as_at(AS_AT)).numerator == 1
