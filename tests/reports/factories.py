"""Factories for indicator tests: every field an indicator reads is passed explicitly."""

import datetime

import factory

from children import models as child_models
from placements import models as placement_models


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = child_models.Child

    local_id = factory.Sequence(lambda n: f"IND{n:06d}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Child{n}")
    date_of_birth = datetime.date(2015, 6, 1)
    sex = "F"
    ethnicity = "WBRI"


class PeriodOfCareFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = placement_models.PeriodOfCare

    child = factory.SubFactory(ChildFactory)
    start = datetime.date(2024, 1, 1)
    end = None
    reason_ceased = ""


class LegalStatusFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = placement_models.LegalStatus

    period = factory.SubFactory(PeriodOfCareFactory)
    child = factory.SelfAttribute("period.child")
    start = factory.SelfAttribute("period.start")
    end = factory.SelfAttribute("period.end")
    legal_status = "C2"
    category_of_need = "N1"


class PlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = placement_models.Placement

    period = factory.SubFactory(PeriodOfCareFactory)
    child = factory.SelfAttribute("period.child")
    start = factory.SelfAttribute("period.start")
    end = factory.SelfAttribute("period.end")
    placement_type = "U4"
    provider = "PR1"
    new_carer = True


class PermanencePlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = placement_models.PermanencePlan

    child = factory.SubFactory(ChildFactory)
    plan_type = "ADOPTION"
    decided_on = datetime.date(2024, 1, 1)


def in_care(
    child=None,
    *,
    start,
    end=None,
    reason_ceased="",
    legal_status="C2",
    category_of_need="N1",
    placement_type="U4",
    provider="PR1",
    **child_fields,
):
    """A child with one period of care holding one legal status and one placement."""
    child = child or ChildFactory(**child_fields)
    period = PeriodOfCareFactory(child=child, start=start, end=end, reason_ceased=reason_ceased)
    LegalStatusFactory(
        period=period,
        start=start,
        end=end,
        legal_status=legal_status,
        category_of_need=category_of_need,
    )
    if placement_type:
        PlacementFactory(
            period=period,
            start=start,
            end=end,
            placement_type=placement_type,
            provider=provider,
            new_carer=True,
        )
    return period
