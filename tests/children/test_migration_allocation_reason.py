"""The data migration that moves SW_REASON from the allocation that ended to the one it began."""

import datetime
import importlib

import pytest
from django.apps import apps

from children.models import Allocation
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db
migration = importlib.import_module("children.migrations.0007_allocation_reason_is_why_it_began")
D = datetime.date


def _allocations(child, reasons):
    starts = [D(2024, 1, 1), D(2024, 5, 1), D(2024, 9, 1)]
    for i, (start, reason) in enumerate(zip(starts, reasons, strict=True)):
        end = starts[i + 1] if i + 1 < len(starts) else None
        Allocation.objects.create(
            child=child, kind="SW", worker_ref=f"SW{i}", start=start, end=end, start_reason=reason
        )


def _reasons(child):
    held = Allocation.objects.filter(child=child).order_by("start")
    return list(held.values_list("start_reason", flat=True))


def test_each_reason_moves_to_the_allocation_that_followed_and_back():
    child = ChildFactory()
    # Held the old way: why each allocation ended (the open one has none).
    _allocations(child, ["LEFTRL", "ORGRST", ""])

    migration.reason_to_the_allocation_that_began(apps, None)
    assert _reasons(child) == ["FCONTA", "LEFTRL", "ORGRST"]

    migration.reason_back_to_the_allocation_that_ended(apps, None)
    assert _reasons(child) == ["LEFTRL", "ORGRST", ""]
