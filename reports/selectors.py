"""Reads for the dashboards, indicator pages and the permanence tracker.

The permanence tracker: every child with a current permanence plan and the adoption scorecard
clocks (A1 entry to care -> placed for adoption, 426 days; A2 placement order -> match, 121
days), computed in one SQL query whatever the number of children.

A clock is "met" or "exceeded" once its end milestone is recorded, and otherwise "running":
running clocks that pass their threshold are "overdue", and those that will pass it within the
warning window (90 days) are "due".
"""

import datetime

from django.db.models import (
    Case,
    CharField,
    DateField,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Greatest

from placements.codes import PermanencePlanType
from placements.models import PeriodOfCare, PermanencePlan
from reports.tables import Table

A1_THRESHOLD_DAYS = 426
A2_THRESHOLD_DAYS = 121
WARNING_DAYS = 90


class DaysBetween(Func):
    """PostgreSQL `later - earlier` on two dates: whole days as an integer (null if either is)."""

    arg_joiner = " - "
    template = "(%(expressions)s)"
    output_field = IntegerField()


class AddDays(Func):
    """PostgreSQL `date + integer`: a date."""

    arg_joiner = " + "
    template = "(%(expressions)s)"
    output_field = DateField()


class ClockStatus:
    NOT_APPLICABLE = "not_applicable"
    MET = "met"
    EXCEEDED = "exceeded"
    ON_TRACK = "on_track"
    DUE = "due"
    OVERDUE = "overdue"


STATUS_LABELS = {
    ClockStatus.NOT_APPLICABLE: "Not applicable",
    ClockStatus.MET: "Met",
    ClockStatus.EXCEEDED: "Exceeded",
    ClockStatus.ON_TRACK: "On track",
    ClockStatus.DUE: "Due within 90 days",
    ClockStatus.OVERDUE: "Overdue",
}


def _clock(*, start, end, threshold, today, applies):
    """Annotations for one clock: days elapsed, breach date and status."""
    day = Value(today, output_field=DateField())
    # Zero where the end came first (A2: a match before the placement order).
    elapsed = Greatest(
        Case(
            When(Q(**{f"{end}__isnull": False}), then=DaysBetween(F(end), F(start))),
            default=DaysBetween(day, F(start)),
            output_field=IntegerField(),
        ),
        Value(0),
    )
    breach = AddDays(F(start), Value(threshold))
    warn_until = today + datetime.timedelta(days=WARNING_DAYS)
    status = Case(
        When(~applies | Q(**{f"{start}__isnull": True}), then=Value(ClockStatus.NOT_APPLICABLE)),
        When(
            Q(**{f"{end}__isnull": False}),
            then=Case(
                When(
                    Q(**{f"{end}__lte": AddDays(F(start), Value(threshold))}),
                    then=Value(ClockStatus.MET),
                ),
                default=Value(ClockStatus.EXCEEDED),
            ),
        ),
        When(
            Q(**{f"{start}__lte": today - datetime.timedelta(days=threshold)}),
            then=Value(ClockStatus.OVERDUE),
        ),
        When(
            Q(**{f"{start}__lte": warn_until - datetime.timedelta(days=threshold)}),
            then=Value(ClockStatus.DUE),
        ),
        default=Value(ClockStatus.ON_TRACK),
        output_field=CharField(),
    )
    return elapsed, breach, status


def permanence_tracker(*, user, today, due_only=False):
    """Current permanence plans visible to `user`, one row a plan, with the clocks annotated.

    `due_only` keeps the plans with a running clock that will pass its threshold within 90 days.
    """
    entered_care = Subquery(
        PeriodOfCare.objects.filter(child=OuterRef("child"), start__lte=today)
        .order_by("-start")
        .values("start")[:1],
        output_field=DateField(),
    )
    adoption = Q(plan_type=PermanencePlanType.ADOPTION) | Q(
        parallel_plan_type=PermanencePlanType.ADOPTION
    )
    plans = (
        PermanencePlan.objects.current_on(today)
        .visible_to(user)
        .select_related("child")
        .annotate(entered_care=entered_care)
    )
    a1_days, a1_breach, a1_status = _clock(
        start="entered_care",
        end="placed_date",
        threshold=A1_THRESHOLD_DAYS,
        today=today,
        applies=adoption,
    )
    a2_days, a2_breach, a2_status = _clock(
        start="placement_order_date",
        end="matched_date",
        threshold=A2_THRESHOLD_DAYS,
        today=today,
        applies=adoption,
    )
    plans = plans.annotate(
        days_in_care=DaysBetween(Value(today, output_field=DateField()), F("entered_care")),
        a1_days=a1_days,
        a1_breach_date=a1_breach,
        a1_status=a1_status,
        a2_days=a2_days,
        a2_breach_date=a2_breach,
        a2_status=a2_status,
    ).order_by("child__last_name", "child__first_name", "child__local_id", "-decided_on")
    if due_only:
        plans = plans.filter(Q(a1_status=ClockStatus.DUE) | Q(a2_status=ClockStatus.DUE))
    return plans


def _date(day):
    return f"{day:%-d %b %Y}" if day else ""


def permanence_table(plans):
    """The tracker as a downloadable table (the same rows as the page)."""
    head = (
        "Child ID",
        "Name",
        "Plan",
        "ADM decision",
        "Placement order",
        "Matched",
        "Placed",
        "Order granted",
        "Entered care",
        "Days in care",
        "A1 days (entry to placed)",
        "A1 status",
        "A1 threshold date",
        "A2 days (placement order to match)",
        "A2 status",
        "A2 threshold date",
    )
    rows = tuple(
        (
            plan.child.local_id,
            plan.child.display_name,
            plan.get_plan_type_display(),
            _date(plan.adm_decision_date),
            _date(plan.placement_order_date),
            _date(plan.matched_date),
            _date(plan.placed_date),
            _date(plan.order_date),
            _date(plan.entered_care),
            "" if plan.days_in_care is None else str(plan.days_in_care),
            "" if plan.a1_status == ClockStatus.NOT_APPLICABLE else str(plan.a1_days),
            STATUS_LABELS[plan.a1_status],
            "" if plan.a1_status == ClockStatus.NOT_APPLICABLE else _date(plan.a1_breach_date),
            "" if plan.a2_status == ClockStatus.NOT_APPLICABLE else str(plan.a2_days),
            STATUS_LABELS[plan.a2_status],
            "" if plan.a2_status == ClockStatus.NOT_APPLICABLE else _date(plan.a2_breach_date),
        )
        for plan in plans
    )
    return Table(
        key="permanence",
        caption="Children with a current permanence plan",
        head=head,
        rows=rows,
        numeric=(9, 10, 13),
    )
