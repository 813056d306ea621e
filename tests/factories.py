import datetime

import factory

from children.models import Child
from corporate_parenting.models import Team, User
from placements.models import (
    LegalStatus,
    PeriodOfCare,
    PermanencePlan,
    Placement,
    Provider,
)


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Team {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")


# --- Case record (children and placements) ------------------------------------------------
# Every field an indicator or a rule depends on is set explicitly; pass your own to override.


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child
        django_get_or_create = ("local_id",)

    local_id = factory.Sequence(lambda n: f"C{n:05d}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    date_of_birth = datetime.date(2014, 6, 1)
    sex = "F"
    ethnicity = "WBRI"
    is_uasc = False
    team = factory.SubFactory(TeamFactory)


class PeriodOfCareFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PeriodOfCare

    child = factory.SubFactory(ChildFactory)
    start = datetime.date(2025, 5, 1)
    end = None
    reason_ceased = ""


class LegalStatusFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LegalStatus

    period = factory.SubFactory(PeriodOfCareFactory)
    child = factory.SelfAttribute("period.child")
    start = factory.SelfAttribute("period.start")
    end = None
    legal_status = "C2"
    category_of_need = "N1"


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider

    name = factory.Sequence(lambda n: f"Carer household {n}")
    urn = ""
    provider = "PR1"
    postcode = "LS1 4AP"
    inside_area = True


class PlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Placement

    period = factory.SubFactory(PeriodOfCareFactory)
    child = factory.SelfAttribute("period.child")
    start = factory.SelfAttribute("period.start")
    end = None
    placement_type = "U6"
    provider = "PR1"
    new_carer = True
    carer = None
    postcode = "LS1 4AP"
    urn = "XXXXXXX"
    distance_miles = None
    inside_area = True
    reason_for_change = ""


class PermanencePlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PermanencePlan

    child = factory.SubFactory(ChildFactory)
    plan_type = "ADOPTION"
    decided_on = datetime.date(2025, 6, 1)
