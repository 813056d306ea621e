"""The permanence tracker's SQL: every current permanence plan visible to the user, with the
adoption scorecard clocks (A1 entering care -> moving in with the adopters, 426 days; A2
authority to place -> match, 121 days), in one query whatever the number of children.

The clocks are `PermanencePlan.objects.with_adoption_clocks`, measured between the dates the
A1_DAYS and A2_DAYS indicators use. A clock is "met" or "exceeded" once its end is recorded, and
otherwise "running": running clocks that pass their threshold are "overdue", and those that will
pass it within the warning window (90 days) are "due".
"""

import datetime

from django.db.models import Case, CharField, Count, DateField, F, Q, Value, When
from django.db.models.functions import Least

from corporate_parenting.sql import AddDays, DaysBetween
from placements.codes import PermanencePlanType
from placements.models import A1_THRESHOLD_DAYS, A2_THRESHOLD_DAYS, PermanencePlan
from reports.tables import Table

__all__ = ["A1_THRESHOLD_DAYS", "A2_THRESHOLD_DAYS"]

WARNING_DAYS = 90


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


def _clock_status(clock, *, threshold, today, applies):
    """The breach date and status of clock `clock` ("a1" or "a2"), from its annotated start and
    end. The end is referred to twice only: each reference repeats its subquery."""
    start, end = f"{clock}_start", f"{clock}_end"
    breach = AddDays(F(start), threshold)
    warn_until = today + datetime.timedelta(days=WARNING_DAYS)
    status = Case(
        When(
            ~applies | Q(**{f"{start}__isnull": True}) | Q(**{f"{start}__gt": today}),
            then=Value(ClockStatus.NOT_APPLICABLE),
        ),
        When(
            Q(**{f"{end}__isnull": False}),
            then=Case(
                # Met when the end came within the threshold, or before the start (A2 is 0).
                When(
                    Q(**{f"{end}__lte": AddDays(F(start), threshold)}), then=Value(ClockStatus.MET)
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
    return breach, status


class TrackerClock:
    """The clock filter: every plan, or only those with a running clock due or overdue."""

    ALL = ""
    DUE = "due"
    OVERDUE = "overdue"


class TrackerSort:
    DUE_SOONEST = "due"
    NAME = "name"
    LONGEST_IN_CARE = "in_care"


RUNNING = (ClockStatus.ON_TRACK, ClockStatus.DUE, ClockStatus.OVERDUE)

_ORDERINGS = {
    TrackerSort.DUE_SOONEST: (F("next_threshold").asc(nulls_last=True),),
    TrackerSort.NAME: (),
    TrackerSort.LONGEST_IN_CARE: (F("entered_care").asc(nulls_last=True),),
}
_BY_NAME = ("child__last_name", "child__first_name", "child__local_id", "-decided_on")


def _either_clock(status):
    return Q(a1_status=status) | Q(a2_status=status)


def permanence_tracker(
    *, user, today, plan_type="", clock=TrackerClock.ALL, sort=TrackerSort.DUE_SOONEST
):
    """Current permanence plans of children looked after today and visible to `user`, one row
    a plan, with the clocks annotated.

    `plan_type` keeps the plans of that type, as the plan or as its parallel plan. `clock` keeps
    the plans with a running clock that is overdue, or that will pass its threshold within 90
    days. The default order puts the running clock that passes its threshold soonest first
    (overdue clocks first, the longest overdue at the top), then plans with no running clock.
    """
    plans = _tracker_rows(user=user, today=today)
    if plan_type:
        plans = plans.filter(Q(plan_type=plan_type) | Q(parallel_plan_type=plan_type))
    if clock == TrackerClock.DUE:
        plans = plans.filter(_either_clock(ClockStatus.DUE))
    elif clock == TrackerClock.OVERDUE:
        plans = plans.filter(_either_clock(ClockStatus.OVERDUE))
    return plans.order_by(*_ORDERINGS.get(sort, _ORDERINGS[TrackerSort.DUE_SOONEST]), *_BY_NAME)


def permanence_clock_counts(plans):
    """{"due": n, "overdue": n}: children in `plans` (a tracker queryset) with a running clock
    due within 90 days or overdue, in one query."""
    return plans.order_by().aggregate(
        due=Count("child", distinct=True, filter=_either_clock(ClockStatus.DUE)),
        overdue=Count("child", distinct=True, filter=_either_clock(ClockStatus.OVERDUE)),
    )


def _tracker_rows(*, user, today):
    adoption = Q(plan_type=PermanencePlanType.ADOPTION) | Q(
        parallel_plan_type=PermanencePlanType.ADOPTION
    )
    plans = (
        PermanencePlan.objects.current_on(today)
        .of_children_looked_after_on(today)
        .visible_to(user)
        .select_related("child")
        .with_adoption_clocks(today)
    )
    a1_breach, a1_status = _clock_status(
        "a1", threshold=A1_THRESHOLD_DAYS, today=today, applies=adoption
    )
    a2_breach, a2_status = _clock_status(
        "a2", threshold=A2_THRESHOLD_DAYS, today=today, applies=adoption
    )
    plans = plans.annotate(
        days_in_care=DaysBetween(Value(today, output_field=DateField()), F("entered_care")),
        a1_breach_date=a1_breach,
        a1_status=a1_status,
        a2_breach_date=a2_breach,
        a2_status=a2_status,
    )
    # PostgreSQL's LEAST skips nulls: the earlier threshold of the clocks still running.
    return plans.annotate(
        next_threshold=Least(
            Case(When(a1_status__in=RUNNING, then=F("a1_breach_date")), output_field=DateField()),
            Case(When(a2_status__in=RUNNING, then=F("a2_breach_date")), output_field=DateField()),
        )
    )


def _date(day):
    return f"{day:%-d %b %Y}" if day else ""


def permanence_table(plans):
    """The tracker as a downloadable table: every row of the filtered list, not one page."""
    head = (
        "Child ID",
        "Name",
        "Plan",
        "Parallel plan",
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
            plan.get_parallel_plan_type_display() if plan.parallel_plan_type else "",
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
        caption="Children looked after with a current permanence plan",
        head=head,
        rows=rows,
        numeric=(10, 11, 14),
    )
