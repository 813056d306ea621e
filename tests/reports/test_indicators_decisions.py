from datetime import date

import pytest

from reports.indicators import CATALOGUE, compute
from reports.indicators.periods import Period
from tests.reports.factories import (
    ChildFactory,
    LegalStatusFactory,
    PeriodOfCareFactory,
    ReviewFactory,
    in_care,
)

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


def rows(iv, code=None):
    breakdown = iv.breakdowns[0] if code is None else iv.breakdown(code)
    return {row.label: row.numerator for row in breakdown.rows}


# --- CLA_RATE_10K -----------------------------------------------------------------------------


def test_rate_per_10000_uses_the_latest_population_estimate_up_to_the_year():
    from reports.models import PopulationEstimate

    PopulationEstimate.objects.create(year=2025, population=20000, source="ONS mid-2025")
    PopulationEstimate.objects.create(year=2026, population=88888, source="next year's")
    PopulationEstimate.objects.create(year=2027, population=99999, source="future")
    for _ in range(3):
        in_care(start=date(2025, 1, 1))

    iv = compute("CLA_RATE_10K", Period.as_at(AS_AT))

    assert (iv.numerator, iv.denominator) == (3, 20000)
    assert iv.value == pytest.approx(1.5)
    assert iv.extra["population_year"] == 2025


def test_rate_follows_the_rate_per_setting(settings):
    from reports.models import PopulationEstimate

    settings.RATE_PER = 100000
    PopulationEstimate.objects.create(year=2025, population=20000, source="StatsWales")
    in_care(start=date(2025, 1, 1))

    assert compute("CLA_RATE_10K", Period.as_at(AS_AT)).value == pytest.approx(5.0)


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (date(2025, 3, 31), 2024),
        (date(2025, 4, 1), 2025),
        (date(2025, 12, 31), 2025),
        (date(2026, 1, 1), 2025),  # a new estimate entered in January does not step the trend
        (date(2026, 3, 31), 2025),  # the return date: mid-year inside the collection year
        (date(2026, 4, 1), 2026),
    ],
)
def test_rate_uses_the_mid_year_estimate_of_the_collection_year(day, year):
    from reports.models import PopulationEstimate

    for y in (2024, 2025, 2026):
        PopulationEstimate.objects.create(year=y, population=10000 * (y - 2020), source="ONS")
    in_care(start=date(2024, 1, 1))

    iv = compute("CLA_RATE_10K", Period.as_at(day))

    assert iv.extra["population_year"] == year
    assert iv.denominator == 10000 * (year - 2020)
    assert iv.extra["population_fallback"] is False


def test_rate_falls_back_to_the_latest_earlier_estimate_and_says_so():
    from reports.models import PopulationEstimate

    PopulationEstimate.objects.create(year=2023, population=20000, source="ONS mid-2023")
    in_care(start=date(2024, 1, 1))

    iv = compute("CLA_RATE_10K", Period.as_at(date(2025, 6, 30)))

    assert iv.extra["population_year"] == 2023
    assert iv.extra["population_year_wanted"] == 2025
    assert iv.extra["population_fallback"] is True


def test_rate_definition_states_the_population_rule():
    definition = CATALOGUE["CLA_RATE_10K"].definition
    assert "mid-year Y" in definition and "1 April Y to 31 March Y+1" in definition


def test_rate_has_no_value_without_a_population_estimate():
    in_care(start=date(2025, 1, 1))
    iv = compute("CLA_RATE_10K", Period.as_at(AS_AT))
    assert iv.numerator == 1
    assert iv.value is None


# --- CLA_STARTED / CLA_CEASED -----------------------------------------------------------------


def test_started_counts_each_child_once_and_includes_both_boundary_days():
    twice = ChildFactory()
    in_care(twice, start=date(2025, 4, 1), end=date(2025, 5, 1), reason_ceased="E4A")
    in_care(twice, start=date(2025, 9, 1))
    in_care(start=AS_AT)  # started on the as-at date
    in_care(start=date(2025, 3, 31))  # the day before the period
    in_care(start=date(2025, 6, 1), legal_status="V3")  # short breaks only

    iv = compute("CLA_STARTED", Period.as_at(AS_AT))

    assert iv.numerator == 2
    assert iv.period_start == date(2025, 4, 1)


def test_ceased_counts_each_child_once_by_the_date_ceased():
    twice = ChildFactory()
    in_care(twice, start=date(2024, 1, 1), end=date(2025, 5, 1), reason_ceased="E4A")
    in_care(twice, start=date(2025, 9, 1), end=date(2025, 12, 1), reason_ceased="E11")
    in_care(start=date(2024, 1, 1), end=AS_AT, reason_ceased="E45")  # ceased on the as-at date
    in_care(start=date(2024, 1, 1), end=date(2025, 3, 31), reason_ceased="E45")  # before
    in_care(start=date(2024, 1, 1), end=date(2025, 6, 1), reason_ceased="E4A", legal_status="V4")

    assert compute("CLA_CEASED", Period.as_at(AS_AT)).numerator == 2


def test_same_day_start_and_end_starts_and_ceases_but_is_not_looked_after_that_day():
    in_care(start=date(2026, 1, 10), end=date(2026, 1, 10), reason_ceased="E4B")
    as_at_that_day = Period.as_at(date(2026, 1, 10))

    assert compute("CLA_STARTED", as_at_that_day).numerator == 1
    assert compute("CLA_CEASED", as_at_that_day).numerator == 1
    assert compute("CLA_COUNT", as_at_that_day).numerator == 0


def test_ceased_by_reason_counts_a_child_once_by_the_last_reason():
    twice = ChildFactory()
    in_care(twice, start=date(2024, 1, 1), end=date(2025, 5, 1), reason_ceased="E4A")
    in_care(twice, start=date(2025, 6, 1), end=date(2026, 1, 1), reason_ceased="E12")
    in_care(start=date(2024, 1, 1), end=date(2025, 7, 1), reason_ceased="E47")
    in_care(start=date(2024, 1, 1), end=date(2025, 7, 1), reason_ceased="E17")
    in_care(start=date(2024, 1, 1), end=date(2025, 7, 1), reason_ceased="E15")

    iv = compute("CLA_CEASED_BY_REASON", Period.as_at(AS_AT))

    assert iv.numerator == 4
    counts = rows(iv)
    assert counts["Adopted"] == 1
    assert counts["Returned home"] == 0
    assert counts["Special guardianship order"] == 1
    assert counts["Aged 18, stayed with carers (staying put)"] == 1
    assert counts["Other reasons"] == 1


# --- breakdowns of CLA_COUNT ------------------------------------------------------------------


def test_age_bands_use_whole_years_on_the_date():
    as_at = date(2025, 2, 28)
    in_care(start=date(2024, 3, 1), date_of_birth=date(2024, 2, 29))  # 1 on 1 March: under 1
    in_care(start=date(2024, 3, 1), date_of_birth=date(2024, 2, 28))  # 1 today
    in_care(start=date(2024, 3, 1), date_of_birth=date(2020, 3, 1))  # 4
    in_care(start=date(2024, 3, 1), date_of_birth=date(2009, 2, 28))  # 16 today
    in_care(start=date(2024, 3, 1), date_of_birth=date(2009, 3, 1))  # 15

    iv = compute("CLA_BY_AGE", Period.as_at(as_at))

    assert rows(iv) == {
        "Under 1": 1,
        "1 to 4": 2,
        "5 to 9": 0,
        "10 to 15": 1,
        "16 and over": 1,
    }
    assert iv.numerator == 5


def test_leap_day_birthday_counts_from_1_march_in_a_common_year():
    in_care(start=date(2024, 3, 1), date_of_birth=date(2024, 2, 29))
    assert rows(compute("CLA_BY_AGE", Period.as_at(date(2025, 3, 1))))["1 to 4"] == 1


def test_sex_ethnicity_and_legal_status_breakdowns_add_up_to_the_count():
    in_care(start=date(2025, 1, 1), sex="F", ethnicity="WBRI", legal_status="C2")
    in_care(start=date(2025, 1, 1), sex="M", ethnicity="MWBC", legal_status="C1")
    in_care(start=date(2025, 1, 1), sex="M", ethnicity="NOBT", legal_status="E1")
    in_care(start=date(2025, 1, 1), sex="U", ethnicity="CHNE", legal_status="V2")
    in_care(start=date(2025, 1, 1), sex="F", ethnicity="BAFR", legal_status="V3")  # not CLA

    period = Period.as_at(AS_AT)
    assert rows(compute("CLA_BY_SEX", period)) == {"Male": 2, "Female": 1, "Unknown": 1}
    ethnicity = rows(compute("CLA_BY_ETHNICITY", period))
    assert ethnicity == {"White": 1, "Mixed": 1, "Asian": 0, "Black": 0, "Other": 1, "Not known": 1}
    legal = rows(compute("CLA_BY_LEGAL_STATUS", period))
    assert legal["Care orders"] == 2
    assert legal["Placement or freeing orders"] == 1
    assert legal["Accommodated by agreement (section 20)"] == 1


def test_legal_status_and_category_of_need_breakdowns_use_the_status_open_on_the_date():
    child = ChildFactory()
    period = PeriodOfCareFactory(child=child, start=date(2025, 1, 1))
    LegalStatusFactory(
        period=period, start=date(2025, 1, 1), end=AS_AT, legal_status="C1", category_of_need="N4"
    )
    LegalStatusFactory(
        period=period, start=AS_AT, end=None, legal_status="E1", category_of_need="N1"
    )

    period_ = Period.as_at(AS_AT)
    assert rows(compute("CLA_BY_LEGAL_STATUS", period_))["Placement or freeing orders"] == 1
    cin = rows(compute("CLA_BY_CATEGORY_OF_NEED", period_))
    assert cin["Abuse or neglect"] == 1
    assert cin["Family in acute stress"] == 0


def test_placement_type_and_provider_breakdowns():
    in_care(start=date(2025, 1, 1), placement_type="U4", provider="PR4")
    in_care(start=date(2025, 1, 1), placement_type="U1", provider="PR1")
    in_care(start=date(2025, 1, 1), placement_type="K2", provider="PR4")
    in_care(start=date(2025, 1, 1), placement_type=None)  # no placement recorded

    period = Period.as_at(AS_AT)
    types = rows(compute("CLA_BY_PLACEMENT_TYPE", period))
    assert types["Foster placements"] == 2
    assert types["Secure homes and children's homes"] == 1
    assert types["Not recorded"] == 1
    providers = rows(compute("CLA_BY_PROVIDER", period))
    assert providers["Private provision"] == 2
    assert providers["Own provision (this council)"] == 1
    assert providers["Not recorded"] == 1


def test_uasc_counts_children_whose_status_has_not_ceased_on_the_date():
    in_care(start=date(2025, 1, 1), is_uasc=True)
    in_care(start=date(2025, 1, 1), is_uasc=True, uasc_ceased=AS_AT)  # ceased on the date
    in_care(start=date(2025, 1, 1), is_uasc=True, uasc_ceased=date(2026, 4, 1))
    in_care(start=date(2025, 1, 1), is_uasc=False)

    assert compute("CLA_UASC", Period.as_at(AS_AT)).numerator == 2


# --- reviews ----------------------------------------------------------------------------------


def reviewed(entered, *review_dates, participation="PN1"):
    period = in_care(start=entered)
    for day in review_dates:
        ReviewFactory(child=period.child, date=day, participation=participation)
    return period.child


def test_first_review_is_due_20_working_days_after_entering_care():
    # Entered Monday 1 September 2025: 20 working days later is Monday 29 September.
    on_time = reviewed(date(2025, 9, 1), date(2025, 9, 29))
    late = reviewed(date(2025, 9, 1), date(2025, 9, 30))
    as_at = date(2025, 10, 15)

    iv = compute("REVIEWS_ON_TIME", Period.as_at(as_at))
    children = set(CATALOGUE["REVIEWS_ON_TIME"].children(Period.as_at(as_at)))

    assert (iv.numerator, iv.denominator) == (1, 2)
    assert children == {on_time}
    assert late not in children


def test_working_days_skip_weekends_when_care_starts_on_a_saturday():
    # Entered Saturday 6 September 2025: the 20th working day is Friday 3 October.
    reviewed(date(2025, 9, 6), date(2025, 10, 3))
    reviewed(date(2025, 9, 6), date(2025, 10, 6))
    iv = compute("REVIEWS_ON_TIME", Period.as_at(date(2025, 10, 20)))
    assert (iv.numerator, iv.denominator) == (1, 2)


def test_second_review_within_3_months_then_every_6_months():
    reviewed(date(2025, 1, 6), date(2025, 2, 3), date(2025, 5, 3), date(2025, 11, 3))
    reviewed(date(2025, 1, 6), date(2025, 2, 3), date(2025, 5, 4))  # second a day late
    reviewed(date(2025, 1, 6), date(2025, 2, 3), date(2025, 5, 3), date(2025, 11, 4))
    iv = compute("REVIEWS_ON_TIME", Period.as_at(date(2025, 12, 31)))
    assert (iv.numerator, iv.denominator) == (1, 3)


def test_a_child_overdue_a_review_on_the_date_is_not_on_time():
    reviewed(date(2025, 9, 1))  # no review; first was due 29 September
    reviewed(date(2025, 10, 1))  # not due yet
    iv = compute("REVIEWS_ON_TIME", Period.as_at(date(2025, 10, 15)))
    assert (iv.numerator, iv.denominator) == (1, 2)


def test_participation_excludes_under_fours_and_counts_pn1_to_pn6():
    child = in_care(start=date(2024, 1, 1)).child
    for day, code in [
        (date(2025, 5, 1), "PN1"),
        (date(2025, 6, 1), "PN6"),
        (date(2025, 7, 1), "PN7"),
        (date(2025, 8, 1), "PN0"),
        (date(2025, 3, 31), "PN7"),  # before the period
    ]:
        ReviewFactory(child=child, date=day, participation=code)

    iv = compute("REVIEW_PARTICIPATION", Period.as_at(AS_AT))

    assert (iv.numerator, iv.denominator) == (2, 3)
    assert iv.value == pytest.approx(200 / 3)


def test_participation_leaves_out_reviews_of_children_only_on_short_breaks():
    """Children on an agreed series of short breaks (V3/V4) are not looked after: their reviews
    are not in the measure. A review on the day care ended still is."""
    short_breaks = in_care(start=date(2024, 1, 1), legal_status="V4").child
    ReviewFactory(child=short_breaks, date=date(2025, 6, 1), participation="PN7")
    ReviewFactory(child=short_breaks, date=date(2025, 9, 1), participation="PN1")
    child = ChildFactory()
    period = PeriodOfCareFactory(
        child=child, start=date(2025, 1, 1), end=date(2025, 12, 1), reason_ceased="E4A"
    )
    LegalStatusFactory(
        period=period, start=date(2025, 1, 1), end=date(2025, 7, 1), legal_status="V3"
    )
    LegalStatusFactory(
        period=period, start=date(2025, 7, 1), end=date(2025, 12, 1), legal_status="C2"
    )
    ReviewFactory(child=child, date=date(2025, 6, 1), participation="PN7")  # on a short break
    ReviewFactory(child=child, date=date(2025, 8, 1), participation="PN1")
    ReviewFactory(child=child, date=date(2025, 12, 1), participation="PN7")  # the day care ended

    iv = compute("REVIEW_PARTICIPATION", Period.as_at(AS_AT))

    assert (iv.numerator, iv.denominator) == (1, 2)


def test_every_breakdown_of_cla_count_adds_up_to_it():
    in_care(start=date(2025, 1, 1), placement_type="U4", provider="PR4", sex="F")
    in_care(start=date(2025, 1, 1), placement_type="K2", provider="", sex="M")
    in_care(start=date(2025, 1, 1), placement_type=None, ethnicity="REFU")
    in_care(start=date(2025, 1, 1), legal_status="V4")  # short breaks: in none of them
    period = Period.as_at(AS_AT)
    count = compute("CLA_COUNT", period).numerator

    for code in [
        "CLA_BY_AGE",
        "CLA_BY_SEX",
        "CLA_BY_ETHNICITY",
        "CLA_BY_LEGAL_STATUS",
        "CLA_BY_CATEGORY_OF_NEED",
        "CLA_BY_PLACEMENT_TYPE",
        "CLA_BY_PROVIDER",
    ]:
        iv = compute(code, period)
        assert iv.numerator == iv.breakdowns[0].total == count == 3, code
