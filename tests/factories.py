import datetime

import factory

from corporate_parenting.models import Team, User


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


# ---------------------------------------------------------------------------------------------
# children
# ---------------------------------------------------------------------------------------------


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "children.Child"

    local_id = factory.Sequence(lambda n: f"C{n:05d}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    date_of_birth = factory.Faker("date_of_birth", minimum_age=5, maximum_age=15)
    sex = "F"
    ethnicity = "WBRI"
    is_uasc = False
    team = factory.SubFactory(TeamFactory)


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "children.Review"

    child = factory.SubFactory(ChildFactory)
    date = factory.Faker("date_between", start_date="-1y", end_date="today")
    participation = "PN1"


class StatutoryVisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "children.StatutoryVisit"

    child = factory.SubFactory(ChildFactory)
    date = factory.Faker("date_between", start_date="-1y", end_date="today")


class MissingEpisodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "children.MissingEpisode"

    child = factory.SubFactory(ChildFactory)
    kind = "M"
    start = factory.Faker("date_between", start_date="-1y", end_date="today")


class CaseNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "children.CaseNote"

    child = factory.SubFactory(ChildFactory)
    date = factory.Faker("date_between", start_date="-1y", end_date="today")
    kind = "CASE_UPDATE"
    text = "Spoke with carer; settled at school."


class CareLeaverContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "children.CareLeaverContact"

    child = factory.SubFactory(ChildFactory)
    date = factory.Faker("date_between", start_date="-1y", end_date="today")
    in_touch = "YES"
    accommodation = "U1"
    activity = "F2"


# ---------------------------------------------------------------------------------------------
# placements (fields a rule or an indicator reads are explicit; pass your own to override)
# ---------------------------------------------------------------------------------------------


class PeriodOfCareFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "placements.PeriodOfCare"

    child = factory.SubFactory(ChildFactory)
    start = datetime.date(2025, 5, 1)
    end = None
    reason_ceased = ""


class LegalStatusFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "placements.LegalStatus"

    period = factory.SubFactory(PeriodOfCareFactory)
    child = factory.SelfAttribute("period.child")
    start = factory.SelfAttribute("period.start")
    end = None
    legal_status = "C2"
    category_of_need = "N1"


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "placements.Provider"

    name = factory.Sequence(lambda n: f"Carer household {n}")
    urn = ""
    provider = "PR1"
    postcode = "LS1 4AP"
    inside_area = True


class PlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "placements.Placement"

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
        model = "placements.PermanencePlan"

    child = factory.SubFactory(ChildFactory)
    plan_type = "ADOPTION"
    decided_on = datetime.date(2025, 6, 1)
