"""The database refuses what the services check first: overlaps and ends before starts."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from placements.models import LegalStatus, Placement
from tests.factories import (
    LegalStatusFactory,
    PeriodOfCareFactory,
    PermanencePlanFactory,
    PlacementFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def test_overlapping_placements_of_one_child_are_refused_by_postgresql():
    first = PlacementFactory(start=D(2025, 5, 1), end=D(2025, 9, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        PlacementFactory(period=first.period, start=D(2025, 8, 31))


def test_a_placement_may_start_the_day_the_last_one_ended():
    first = PlacementFactory(start=D(2025, 5, 1), end=D(2025, 9, 1))
    PlacementFactory(period=first.period, start=D(2025, 9, 1))
    assert Placement.objects.filter(child=first.child).count() == 2


def test_placements_of_different_children_may_overlap():
    PlacementFactory(start=D(2025, 5, 1))
    PlacementFactory(start=D(2025, 5, 1))
    assert Placement.objects.count() == 2


def test_overlapping_legal_statuses_are_refused():
    first = LegalStatusFactory(start=D(2025, 5, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        LegalStatusFactory(period=first.period, start=D(2025, 6, 1))
    assert LegalStatus.objects.count() == 1


def test_overlapping_periods_of_care_are_refused():
    first = PeriodOfCareFactory(start=D(2025, 5, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        PeriodOfCareFactory(
            child=first.child, start=D(2024, 1, 1), end=D(2025, 5, 2), reason_ceased="E4A"
        )


def test_a_placement_ending_before_it_started_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        PlacementFactory(start=D(2025, 5, 1), end=D(2025, 4, 30))


def test_a_period_ending_without_a_reason_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        PeriodOfCareFactory(start=D(2025, 5, 1), end=D(2025, 6, 1), reason_ceased="")


def test_a_plan_matched_after_the_child_was_placed_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        PermanencePlanFactory(matched_date=D(2025, 9, 2), placed_date=D(2025, 9, 1))
