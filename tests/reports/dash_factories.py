"""Factories for the dashboard tests: a looked-after child with one period of care, legal status
and placement, and permanence plans. Every field an indicator or the tracker reads is explicit."""

import datetime

import factory

from children.models import Child
from placements.models import LegalStatus, PeriodOfCare, PermanencePlan, Placement


class DashChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child

    local_id = factory.Sequence(lambda n: f"D{n:05d}")
    first_name = factory.Sequence(lambda n: f"Child{n}")
    last_name = "Dashtest"
    date_of_birth = datetime.date(2015, 6, 1)
    sex = "F"
    ethnicity = "WBRI"


def looked_after_child(
    *,
    start,
    team=None,
    placement_type="U4",
    provider="PR1",
    legal_status="C2",
    date_of_birth=datetime.date(2015, 6, 1),
    **child_fields,
):
    """A child looked after from `start` with an open period, legal status and placement."""
    child = DashChildFactory(team=team, date_of_birth=date_of_birth, **child_fields)
    period = PeriodOfCare.objects.create(child=child, start=start)
    LegalStatus.objects.create(
        period=period, child=child, start=start, legal_status=legal_status, category_of_need="N1"
    )
    Placement.objects.create(
        period=period,
        child=child,
        start=start,
        placement_type=placement_type,
        provider=provider,
        inside_area=True,
    )
    return child


def placed_for_adoption(child, day, placement_type="A6"):
    """End the child's open placement on `day` and place them for adoption with new carers."""
    current = Placement.objects.get(child=child, end__isnull=True)
    current.end = day
    current.save(update_fields=["end"])
    return Placement.objects.create(
        period=current.period, child=child, start=day, placement_type=placement_type
    )


def adoption_plan(child, *, decided_on, **milestones):
    return PermanencePlan.objects.create(
        child=child, plan_type="ADOPTION", decided_on=decided_on, **milestones
    )
