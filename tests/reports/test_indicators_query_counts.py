"""Each indicator runs a fixed number of queries, however many children there are."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from children.models import AllocationKind
from reports.indicators import CATALOGUE, compute, trend
from reports.indicators.periods import Period
from reports.models import PopulationEstimate
from tests.reports.factories import (
    AllocationFactory,
    AnnualOutcomeFactory,
    CareLeaverContactFactory,
    CareLeaverFactory,
    ChildFactory,
    LegalStatusFactory,
    MissingEpisodeFactory,
    PathwayPlanReviewFactory,
    PeriodOfCareFactory,
    PermanencePlanFactory,
    PersonalEducationPlanFactory,
    ReviewFactory,
    StatutoryVisitFactory,
    placements,
)

pytestmark = pytest.mark.django_db

AS_AT = date(2026, 3, 31)
YEAR = Period.as_at(AS_AT)


def full_record(i):
    """One looked-after child, one adopted child and one care leaver, touching every table the
    catalogue reads."""
    child = ChildFactory(date_of_birth=date(2014, 1, 1 + i))
    period = PeriodOfCareFactory(child=child, start=date(2023, 1, 1))
    LegalStatusFactory(
        period=period, start=date(2023, 1, 1), end=date(2025, 5, 1), legal_status="C1"
    )
    LegalStatusFactory(period=period, start=date(2025, 5, 1), end=None, legal_status="C2")
    placements(
        period,
        (date(2023, 1, 1), "U4", True),
        (date(2025, 6, 1), "T1", True),
        (date(2025, 6, 5), "U4", True),
        (date(2025, 9, 1), "K2", True),
    )
    ReviewFactory(child=child, date=date(2025, 6, 1), participation="PN3")
    StatutoryVisitFactory(child=child, date=date(2026, 3, 1))
    AllocationFactory(child=child, start=date(2023, 1, 1), end=date(2025, 7, 1))
    AllocationFactory(child=child, start=date(2025, 7, 1))
    MissingEpisodeFactory(child=child, start=date(2025, 8, 1))
    AnnualOutcomeFactory(child=child, collection_year=2026)
    PersonalEducationPlanFactory(child=child, date=date(2026, 3, 1))
    PermanencePlanFactory(child=child, plan_type="LONG_TERM_FOSTERING", decided_on=date(2024, 1, 1))

    adopted = ChildFactory(date_of_birth=date(2022, 1, 1))
    adoption = PeriodOfCareFactory(
        child=adopted, start=date(2023, 1, 1), end=date(2025, 10, 1), reason_ceased="E11"
    )
    LegalStatusFactory(
        period=adoption, start=date(2023, 1, 1), end=date(2024, 1, 1), legal_status="C2"
    )
    LegalStatusFactory(
        period=adoption, start=date(2024, 1, 1), end=date(2025, 10, 1), legal_status="E1"
    )
    placements(adoption, (date(2023, 1, 1), "U4", True), (date(2024, 6, 1), "A5", False))
    PermanencePlanFactory(
        child=adopted,
        decided_on=date(2023, 6, 1),
        placement_order_date=date(2024, 1, 1),
        matched_date=date(2024, 5, 1),
    )

    care_leaver = ChildFactory(date_of_birth=date(2007, 9, 1))
    left = PeriodOfCareFactory(
        child=care_leaver, start=date(2021, 1, 1), end=date(2025, 9, 1), reason_ceased="E17"
    )
    LegalStatusFactory(period=left, start=date(2021, 1, 1), end=date(2025, 9, 1), legal_status="C2")
    placements(left, (date(2021, 1, 1), "U4", True))
    CareLeaverFactory(child=care_leaver)
    CareLeaverContactFactory(child=care_leaver, date=date(2025, 9, 10))
    PathwayPlanReviewFactory(child=care_leaver, date=date(2026, 1, 1))
    AllocationFactory(child=care_leaver, kind=AllocationKind.PERSONAL_ADVISER)


def queries(fn):
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured)


@pytest.fixture
def population():
    PopulationEstimate.objects.create(year=2025, population=50000, source="ONS")


@pytest.mark.parametrize("code", list(CATALOGUE))
def test_queries_do_not_grow_with_the_number_of_children(code, population):
    full_record(0)
    small = queries(lambda: compute(code, YEAR))
    small_children = queries(lambda: list(CATALOGUE[code].children(YEAR)))
    for i in range(1, 6):
        full_record(i)

    iv = compute(code, YEAR)

    assert queries(lambda: compute(code, YEAR)) == small
    assert queries(lambda: list(CATALOGUE[code].children(YEAR))) == small_children == 1
    assert small <= 2
    assert iv.numerator is None or iv.numerator >= 0


def test_trend_runs_the_same_queries_for_each_month(population):
    full_record(0)
    one_month = queries(lambda: trend("STAB_3PLUS", date(2026, 3, 1), date(2026, 3, 31)))
    twelve = queries(lambda: trend("STAB_3PLUS", date(2025, 4, 1), date(2026, 3, 31)))
    assert twelve == 12 * one_month
