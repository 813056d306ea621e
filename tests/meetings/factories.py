import datetime

import factory
from django.utils import timezone

from meetings.models import (
    Action,
    ActionPlan,
    AgendaItem,
    Board,
    BoardKind,
    Meeting,
    MeetingStatus,
    Membership,
    PlanAction,
    Priority,
)


def today():
    return timezone.localdate()


class BoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Board

    name = factory.Sequence(lambda n: f"Corporate Parenting Board {n}")
    slug = factory.Sequence(lambda n: f"cpb-{n}")
    kind = BoardKind.CORPORATE_PARENTING_BOARD


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    board = factory.SubFactory(BoardFactory)
    name = factory.Sequence(lambda n: f"Councillor {n}")
    role = "councillor"
    position = "member"
    start = datetime.date(2024, 5, 1)
    end = None


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    board = factory.SubFactory(BoardFactory)
    date = factory.LazyFunction(lambda: today() + datetime.timedelta(days=14))
    start_time = datetime.time(18, 0)
    venue = "Committee Room 1, Town Hall"
    status = MeetingStatus.DRAFT
    published_at = factory.LazyAttribute(
        lambda o: None if o.status == MeetingStatus.DRAFT else timezone.now()
    )
    minutes_approved_on = factory.LazyAttribute(
        lambda o: o.date if o.status == MeetingStatus.MINUTES_APPROVED else None
    )


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Item {n}")
    purpose = "For the board to note"
    presenter = "Head of Children in Care"
    exempt = False
    exempt_paragraph = None


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    meeting = factory.SubFactory(MeetingFactory)
    request = factory.Sequence(lambda n: f"Request number {n}")
    owner = "Head of Service"
    status = "open"


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlan

    board = factory.SubFactory(BoardFactory)
    title = "Permanence action plan"
    responsible = "Director of Children’s Services"
    start = datetime.date(2026, 1, 1)


class PriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Priority

    plan = factory.SubFactory(ActionPlanFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = "Reducing drift and delay"
    lead = "Head of Service"


class PlanActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanAction

    priority = factory.SubFactory(PriorityFactory)
    description = "Weekly tracking meeting for every child with a plan for adoption"
    lead = "Team Manager"
    due_date = datetime.date(2026, 9, 30)
    rag = "amber"


def published(**kwargs):
    return MeetingFactory(status=MeetingStatus.AGENDA_PUBLISHED, **kwargs)


def past_meeting(days_ago, **kwargs):
    kwargs.setdefault("status", MeetingStatus.MINUTES_APPROVED)
    return MeetingFactory(date=today() - datetime.timedelta(days=days_ago), **kwargs)
