"""no_overlap_per_child: GiST exclusion constraints refuse overlapping dates of one child,
whichever way the rows arrive (ORM save, UPDATE, COPY), also when two transactions race."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from children.models import Allocation, AllocationKind
from placements.models import Placement
from placements.ssda903 import bulk
from tests.factories import ChildFactory, PeriodOfCareFactory, PlacementFactory

D = datetime.date
NOW = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
PLACEMENT_COLUMNS = ("child_id", "period_id", "start", "end", "placement_type", "provider")


@pytest.mark.django_db
def test_moving_a_placement_onto_another_is_refused():
    first = PlacementFactory(start=D(2025, 5, 1), end=D(2025, 9, 1))
    second = PlacementFactory(period=first.period, start=D(2025, 9, 1))
    second.start = D(2025, 8, 1)
    with pytest.raises(IntegrityError, match="placement_no_overlap"), transaction.atomic():
        second.save()


@pytest.mark.django_db
def test_one_copy_of_many_rows_is_refused_for_a_single_overlap_and_writes_nothing():
    period = PeriodOfCareFactory(start=D(2025, 1, 1))
    others = [PeriodOfCareFactory(start=D(2025, 1, 1)) for _ in range(3)]
    rows = [
        (p.child_id, p.pk, D(2025, 1, 1), D(2025, 6, 1), "U1", "PR1") for p in [*others, period]
    ] + [(period.child_id, period.pk, D(2025, 5, 31), None, "U1", "PR1")]
    with pytest.raises(IntegrityError, match="placement_no_overlap"), transaction.atomic():
        bulk.insert(Placement, PLACEMENT_COLUMNS, rows, now=NOW)
    assert not Placement.objects.exists()


@pytest.mark.django_db
def test_one_copy_of_back_to_back_rows_is_accepted():
    period = PeriodOfCareFactory(start=D(2025, 1, 1))
    rows = [
        (period.child_id, period.pk, D(2025, 1, 1), D(2025, 6, 1), "U1", "PR1"),
        (period.child_id, period.pk, D(2025, 6, 1), None, "U1", "PR1"),
    ]
    assert bulk.insert(Placement, PLACEMENT_COLUMNS, rows, now=NOW) == 2


@pytest.mark.django_db
def test_only_social_worker_allocations_are_exclusive():
    child = ChildFactory()
    for kind in (AllocationKind.IRO, AllocationKind.IRO, AllocationKind.SOCIAL_WORKER):
        Allocation.objects.create(child=child, kind=kind, start=D(2025, 1, 1))
    with pytest.raises(IntegrityError, match="allocation_no_overlap"), transaction.atomic():
        Allocation.objects.create(
            child=child, kind=AllocationKind.SOCIAL_WORKER, start=D(2025, 3, 1)
        )
    assert child.allocations.count() == 3
    another_iro = Allocation(child=child, kind=AllocationKind.IRO, start=D(2025, 3, 1))
    another_iro.validate_constraints()
    second_worker = Allocation(child=child, kind=AllocationKind.SOCIAL_WORKER, start=D(2025, 3, 1))
    with pytest.raises(ValidationError, match="already has a social worker allocated"):
        second_worker.validate_constraints()


@pytest.mark.django_db
def test_model_validation_names_the_overlap_before_the_database_does():
    first = PlacementFactory(start=D(2025, 5, 1), end=D(2025, 9, 1))
    clash = Placement(
        child=first.child, period=first.period, start=D(2025, 6, 1), placement_type="U1"
    )
    with pytest.raises(ValidationError, match="already has a placement covering these dates"):
        clash.validate_constraints()
    first.end = D(2025, 10, 1)
    first.validate_constraints()  # a row never clashes with itself


@pytest.mark.django_db(transaction=True)
def test_two_transactions_adding_overlapping_placements_of_one_child_cannot_both_commit():
    period = PeriodOfCareFactory(start=D(2025, 1, 1))
    first_inserted, outcomes = threading.Event(), {}

    def add(name, start, wait_for=None):
        try:
            with transaction.atomic():
                if wait_for:
                    wait_for.wait(5)
                PlacementFactory(period=period, start=start)
                if name == "first":
                    first_inserted.set()
                    # Hold the transaction open while the second writer tries its insert.
                    threading.Event().wait(0.5)
            outcomes[name] = "saved"
        except IntegrityError:
            outcomes[name] = "refused"
        finally:
            connection.close()

    threads = [
        threading.Thread(target=add, args=("first", D(2025, 1, 1))),
        threading.Thread(target=add, args=("second", D(2025, 3, 1), first_inserted)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert outcomes == {"first": "saved", "second": "refused"}
    assert Placement.objects.filter(child=period.child).count() == 1


@pytest.mark.django_db
def test_the_rules_are_exclusion_constraints_and_no_trigger_is_left():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname FROM pg_constraint WHERE contype = 'x' AND conname LIKE %s",
            ["%no_overlap"],
        )
        exclusions = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname LIKE %s", ["%no_overlap%"])
        triggers = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT proname FROM pg_proc WHERE proname LIKE %s", ["%no_overlap"])
        functions = [row[0] for row in cursor.fetchall()]
    assert exclusions == {
        "allocation_no_overlap",
        "legal_status_no_overlap",
        "period_no_overlap",
        "placement_no_overlap",
    }
    assert triggers == []
    assert functions == []
