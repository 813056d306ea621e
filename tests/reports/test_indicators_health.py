from datetime import date

import pytest

from reports.indicators import CATALOGUE, compute
from reports.indicators.periods import Period
from tests.reports.factories import (
    AnnualOutcomeFactory,
    ChildFactory,
    LegalStatusFactory,
    PeriodOfCareFactory,
    in_care,
)

pytestmark = pytest.mark.django_db

YEAR_END = date(2026, 3, 31)


def oc2(period, **outcomes):
    AnnualOutcomeFactory(child=period.child, collection_year=2026, **outcomes)
    return period.child


def test_cohort_is_looked_after_continuously_from_1_april_of_the_year_before():
    counted = oc2(in_care(start=date(2025, 4, 1)))
    oc2(in_care(start=date(2025, 4, 2)))  # less than 12 months
    oc2(in_care(start=date(2024, 1, 1), end=YEAR_END, reason_ceased="E4A"))  # left on 31 March
    iv = compute("HEALTH_ASSESSMENT", Period.as_at(YEAR_END))
    assert (iv.numerator, iv.denominator) == (1, 1)
    assert set(CATALOGUE["HEALTH_ASSESSMENT"].children(Period.as_at(YEAR_END))) == {counted}
    assert (iv.period_start, iv.period_end) == (date(2025, 4, 1), YEAR_END)


def test_a_short_break_during_the_year_breaks_continuity():
    child = ChildFactory()
    period = PeriodOfCareFactory(child=child, start=date(2024, 1, 1))
    for start, end, ls in [
        (date(2024, 1, 1), date(2025, 5, 1), "C2"),
        (date(2025, 5, 1), date(2025, 6, 1), "V4"),
        (date(2025, 6, 1), None, "C2"),
    ]:
        LegalStatusFactory(period=period, start=start, end=end, legal_status=ls)
    oc2(period)
    assert compute("HEALTH_ASSESSMENT", Period.as_at(YEAR_END)).denominator == 0


def test_each_oc2_measure_reads_its_own_field_for_the_latest_31_march():
    oc2(
        in_care(start=date(2024, 1, 1)),
        health_assessment=True,
        teeth_check=False,
        immunisations=True,
    )
    oc2(
        in_care(start=date(2024, 1, 1)),
        health_assessment=False,
        teeth_check=False,
        immunisations=True,
    )
    in_care(start=date(2024, 1, 1))  # no OC2 row: counted as not done
    later = Period.as_at(date(2026, 9, 30))  # still the year ending 31 March 2026

    assert compute("HEALTH_ASSESSMENT", later).numerator == 1
    assert compute("DENTAL_CHECK", later).numerator == 0
    iv = compute("IMMUNISATIONS", later)
    assert (iv.numerator, iv.denominator) == (2, 3)
