from datetime import date

import pytest

from reports.indicators import CATALOGUE, compute
from reports.indicators.periods import Period
from tests.reports.factories import (
    AnnualOutcomeFactory,
    ChildFactory,
    HealthCheckFactory,
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


def sdq(date_of_birth, score, start=date(2024, 1, 1)):
    return oc2(in_care(start=start, date_of_birth=date_of_birth), sdq_score=score)


def test_sdq_cohort_is_the_oc2_cohort_aged_4_to_16_on_31_march():
    scored_at_4 = sdq(date(2022, 3, 31), 0)  # 4 on 31 March 2026; a score of 0 is a score
    sdq(date(2022, 4, 1), 10)  # 3 on 31 March
    scored_at_16 = sdq(date(2009, 4, 1), 20)  # 16 on 31 March
    sdq(date(2009, 3, 31), 30)  # 17 on 31 March
    sdq(date(2015, 1, 1), None)  # in the cohort, no score
    sdq(date(2015, 1, 1), 12, start=date(2025, 6, 1))  # not looked after for the whole year

    iv = compute("SDQ_RETURNED", Period.as_at(YEAR_END))

    assert (iv.numerator, iv.denominator) == (2, 3)
    assert set(CATALOGUE["SDQ_RETURNED"].children(Period.as_at(YEAR_END))) == {
        scored_at_4,
        scored_at_16,
    }
    assert (iv.period_start, iv.period_end) == (date(2025, 4, 1), YEAR_END)


def test_sdq_mean_and_bands_at_their_edges():
    for score in (13, 14, 16, 17, 40):
        sdq(date(2015, 1, 1), score)
    sdq(date(2015, 1, 1), None)

    iv = compute("SDQ_MEAN", Period.as_at(date(2026, 6, 30)))

    assert (iv.numerator, iv.denominator) == (100, 5)
    assert iv.value == 20
    rows = {row.label: row.numerator for row in iv.breakdown("sdq_band").rows}
    assert rows == {
        "Normal (0 to 13)": 1,
        "Borderline (14 to 16)": 2,
        "Cause for concern (17 to 40)": 2,
    }


def test_sdq_mean_with_no_scores_has_no_value():
    sdq(date(2015, 1, 1), None)
    iv = compute("SDQ_MEAN", Period.as_at(YEAR_END))
    assert (iv.numerator, iv.denominator, iv.value) == (None, 0, None)


def test_checks_recorded_in_the_product_count_as_well_as_the_imported_return():
    """A health assessment, dental check or immunisations recorded by a social worker count
    for the year they fall in, whether or not an annual outcome row was imported."""
    recorded = in_care(start=date(2024, 1, 1)).child
    for kind, day in (("HA", date(2025, 4, 1)), ("DENTAL", YEAR_END), ("IMMS", date(2025, 9, 1))):
        HealthCheckFactory(child=recorded, kind=kind, date=day)
    overridden = oc2(in_care(start=date(2024, 1, 1)), health_assessment=False, teeth_check=False)
    HealthCheckFactory(child=overridden, kind="HA", date=date(2026, 1, 10))
    last_year = in_care(start=date(2024, 1, 1)).child
    HealthCheckFactory(child=last_year, kind="HA", date=date(2025, 3, 31))  # the year before
    HealthCheckFactory(child=last_year, kind="DENTAL", date=date(2026, 4, 1))  # the year after

    period = Period.as_at(YEAR_END)

    assert (
        compute("HEALTH_ASSESSMENT", period).numerator,
        compute("HEALTH_ASSESSMENT", period).denominator,
    ) == (2, 3)
    assert set(CATALOGUE["HEALTH_ASSESSMENT"].children(period)) == {recorded, overridden}
    assert compute("DENTAL_CHECK", period).numerator == 1
    assert compute("IMMUNISATIONS", period).numerator == 2  # the factory's row says yes


@pytest.mark.parametrize(
    ("day", "up_to_date"), [(date(2025, 9, 30), False), (date(2025, 10, 1), True)]
)
def test_a_child_under_5_needs_a_health_assessment_in_the_last_6_months(day, up_to_date):
    under_5 = in_care(start=date(2024, 1, 1), date_of_birth=date(2021, 4, 1)).child  # 4 on 31 March
    HealthCheckFactory(child=under_5, kind="HA", date=day)
    aged_5 = in_care(start=date(2024, 1, 1), date_of_birth=date(2021, 3, 31)).child
    HealthCheckFactory(child=aged_5, kind="HA", date=date(2025, 4, 1))

    iv = compute("HEALTH_ASSESSMENT", Period.as_at(YEAR_END))

    assert (iv.numerator, iv.denominator) == (1 + up_to_date, 2)
