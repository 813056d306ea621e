from datetime import date

import pytest

from reports.context import (
    AMBER,
    GREEN,
    RED,
    change,
    latest_benchmarks,
    previous_meeting_value,
    previous_period_value,
    rag_for,
)
from reports.indicators import compute
from reports.indicators.periods import Period
from reports.models import Benchmark, Target
from tests.reports.factories import in_care

pytestmark = pytest.mark.django_db

AS_AT = date(2026, 3, 31)


def target(higher, green, amber):
    return Target(
        code="X", value=green, green_threshold=green, amber_threshold=amber, higher_is_better=higher
    )


class FakeValue:
    def __init__(self, value):
        self.value = value


@pytest.mark.parametrize(("value", "rag"), [(90, GREEN), (89.9, AMBER), (80, AMBER), (79.9, RED)])
def test_rag_when_higher_is_better(value, rag):
    assert rag_for(FakeValue(value), target(True, 90, 80)) == rag


@pytest.mark.parametrize(("value", "rag"), [(10, GREEN), (10.1, AMBER), (12, AMBER), (13, RED)])
def test_rag_when_lower_is_better(value, rag):
    assert rag_for(FakeValue(value), target(False, 10, 12)) == rag


def test_no_rag_without_a_target_or_a_value():
    assert rag_for(FakeValue(5), None) is None
    assert rag_for(FakeValue(None), target(True, 1, 0)) is None


def test_previous_period_is_the_same_indicator_a_year_earlier():
    in_care(start=date(2024, 6, 1), end=date(2025, 6, 1), reason_ceased="E4A")
    in_care(start=date(2025, 6, 1))
    in_care(start=date(2025, 6, 1))
    period = Period.as_at(AS_AT)

    previous = previous_period_value("CLA_COUNT", period)

    assert previous.period_end == date(2025, 3, 31)
    assert previous.numerator == 1
    assert change(compute("CLA_COUNT", period), previous) == 1


def test_previous_meeting_value_is_as_at_the_meeting_date():
    in_care(start=date(2025, 6, 1))
    in_care(start=date(2026, 2, 1))
    period = Period.as_at(AS_AT)

    at_meeting = previous_meeting_value("CLA_STARTED", period, date(2026, 1, 15))

    assert at_meeting.period_end == date(2026, 1, 15)
    assert at_meeting.period_start == date(2025, 1, 16)
    assert at_meeting.numerator == 1
    assert previous_meeting_value("CLA_STARTED", period, None) is None


def test_latest_benchmarks_per_area():
    for year, value in [(2024, 67), (2025, 70)]:
        Benchmark.objects.create(
            code="CLA_RATE_10K", area="ENGLAND", year=year, value=value, source="DfE"
        )
    Benchmark.objects.create(code="CLA_RATE_10K", area="REGION", year=2024, value=90, source="DfE")

    latest = latest_benchmarks()["CLA_RATE_10K"]

    assert latest["ENGLAND"].value == 70
    assert latest["REGION"].year == 2024
