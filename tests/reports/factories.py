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


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = placement_models.Provider

    name = factory.Sequence(lambda n: f"Carer household {n}")


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = child_models.Review

    child = factory.SubFactory(ChildFactory)
    date = datetime.date(2025, 6, 1)
    participation = "PN1"


class StatutoryVisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = child_models.StatutoryVisit

    child = factory.SubFactory(ChildFactory)
    date = datetime.date(2026, 3, 1)
    seen = True
    interval_days = 42


class AllocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = child_models.Allocation

    child = factory.SubFactory(ChildFactory)
    kind = child_models.AllocationKind.SOCIAL_WORKER
    worker_ref = factory.Sequence(lambda n: f"SW{n}")
    start = datetime.date(2025, 1, 1)
    end = None


class MissingEpisodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = child_models.MissingEpisode

    child = factory.SubFactory(ChildFactory)
    kind = "M"
    start = datetime.date(2025, 6, 1)
    end = factory.SelfAttribute("start")


class AnnualOutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = child_models.AnnualOutcome

    child = factory.SubFactory(ChildFactory)
    collection_year = 2026
    health_assessment = True
    teeth_check = True
    immunisations = True


class HealthCheckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = child_models.HealthCheck

    child = factory.SubFactory(ChildFactory)
    kind = child_models.HealthCheckKind.HEALTH_ASSESSMENT
    date = datetime.date(2026, 1, 15)


class PersonalEducationPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = child_models.PersonalEducationPlan

    child = factory.SubFactory(ChildFactory)
    date = datetime.date(2026, 1, 15)


class CareLeaverFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = child_models.CareLeaver

    child = factory.SubFactory(ChildFactory)
    eligibility = "FORMER_RELEVANT"


class CareLeaverContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = child_models.CareLeaverContact

    child = factory.SubFactory(ChildFactory)
    date = datetime.date(2026, 1, 1)
    in_touch = "YES"
    accommodation = "D1"
    activity = "F2"


class PathwayPlanReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = child_models.PathwayPlanReview

    child = factory.SubFactory(ChildFactory)
    date = datetime.date(2026, 1, 1)


def placements(period, *moves):
    """Consecutive placements in a period of care: moves are (start, placement_type, new_carer)
    tuples; each ends when the next starts and the last ends with the period."""
    rows = []
    for i, (start, placement_type, new_carer) in enumerate(moves):
        end = moves[i + 1][0] if i + 1 < len(moves) else period.end
        rows.append(
            PlacementFactory(
                period=period,
                start=start,
                end=end,
                placement_type=placement_type,
                provider="" if placement_type.startswith("T") else "PR1",
                new_carer=new_carer,
            )
        )
    return rows


def period_with_legal_status(child=None, *, start, end=None, reason_ceased="", legal_status="C2"):
    """A period of care with one legal status and no placement yet (add them with placements)."""
    child = child or ChildFactory()
    period = PeriodOfCareFactory(child=child, start=start, end=end, reason_ceased=reason_ceased)
    LegalStatusFactory(period=period, start=start, end=end, legal_status=legal_status)
    return period
