"""Your social worker: changes of social worker and statutory visits."""

from django.db.models import Count, Exists, OuterRef, Q

from children.models import Allocation, Child
from reports.indicators.base import Measure, indicator

THEME = "social_worker"


def looked_after_children(period):
    return Child.objects.looked_after_on(period.end)


def _social_worker_on(day):
    return Exists(Allocation.objects.social_workers().open_on(day).filter(child=OuterRef("pk")))


def sw_allocated_children(period):
    return looked_after_children(period).filter(_social_worker_on(period.end))


@indicator(
    code="SW_ALLOCATED",
    title="Children with an allocated social worker",
    theme=THEME,
    unit="percent",
    higher_is_better=True,
    definition="Of the children looked after on the date, the share with a social worker "
    "allocated to them on that date.",
    reference="local (the Pledge: every child in care has an allocated social worker; from the "
    "allocation history, SSDA903 SWEpisodes)",
    children=sw_allocated_children,
)
def sw_allocated(period):
    """Catalogue SW_ALLOCATED (local): "% of children looked after on the as-at date with an
    allocated social worker (the Pledge's "all children in care have an allocated social
    worker")."

    Read from the allocation history: a social worker allocation open on the as-at date (it
    started on or before the date and had not ended by it; one ending on the date is over).
    """
    result = looked_after_children(period).aggregate(
        total=Count("pk"), allocated=Count("pk", filter=Q(_social_worker_on(period.end)))
    )
    return Measure(numerator=result["allocated"], denominator=result["total"], as_at=True)


def _two_plus_changes(period):
    """Children with 2 or more changes of social worker in the period (one grouped pass)."""
    changed_twice = (
        Allocation.objects.social_workers()
        .changes_between(period.start, period.end)
        .order_by()
        .values("child_id")
        .annotate(n=Count("pk"))
        .filter(n__gte=2)
        .values("child_id")
    )
    return Q(pk__in=changed_twice)


def two_plus_changes_children(period):
    return looked_after_children(period).filter(_two_plus_changes(period))


@indicator(
    code="SW_CHANGES_2PLUS",
    title="Children with 2 or more changes of social worker",
    theme=THEME,
    unit="percent",
    higher_is_better=False,
    definition="Of the children looked after on the date, the share whose allocated social "
    "worker changed 2 or more times in the period.",
    reference="local (from SSDA903 SWEpisodes)",
    children=two_plus_changes_children,
)
def sw_changes_2plus(period):
    """Catalogue SW_CHANGES_2PLUS (local): "% of children looked after on the as-at date who had
    2 or more changes of allocated social worker in the period."

    A change is a social worker allocation starting in the period that follows an earlier one;
    the first social worker a child is given is not a change.
    """
    result = looked_after_children(period).aggregate(
        total=Count("pk"), changed=Count("pk", filter=_two_plus_changes(period))
    )
    return Measure(numerator=result["changed"], denominator=result["total"], as_at=True)


def visits_on_time_children(period):
    return looked_after_children(period).with_visit_due(period.end).filter(visit_overdue=False)


@indicator(
    code="VISITS_ON_TIME",
    title="Children whose statutory visits are up to date",
    theme=THEME,
    unit="percent",
    higher_is_better=True,
    definition="Of the children looked after on the date, the share whose social worker last "
    "saw them within the required interval (every 6 weeks, or as often as their care plan "
    "says).",
    reference="local (Care Planning, Placement and Case Review (England) Regulations 2010, "
    "regulation 28)",
    children=visits_on_time_children,
)
def visits_on_time(period):
    """Catalogue VISITS_ON_TIME (local): "% of children looked after on the as-at date whose
    latest statutory visit is within the required interval (6 weeks, or the interval recorded
    in the care plan)."

    The rule is the caseload's (`Child.objects.with_visit_due`): only visits at which the
    child was seen count. The interval is the one recorded with the latest such visit (42 days
    unless the care plan sets another); a visit exactly that many days before the as-at date is
    still on time. A child not yet seen is on time for the first week after entering care.
    """
    children = looked_after_children(period).with_visit_due(period.end)
    result = children.aggregate(
        total=Count("pk"), on_time=Count("pk", filter=Q(visit_overdue=False))
    )
    return Measure(numerator=result["on_time"], denominator=result["total"], as_at=True)
