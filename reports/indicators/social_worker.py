"""Your social worker: changes of social worker and statutory visits."""

from django.db.models import (
    Count,
    DateField,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from children.models import Allocation, Child, StatutoryVisit
from placements.models import PeriodOfCare
from reports.indicators.base import Measure, indicator
from reports.indicators.sql import DaysBetween

THEME = "social_worker"
FIRST_VISIT_DAYS = 7  # a child newly in care is visited within a week (regulation 28)


def looked_after_children(period):
    return Child.objects.looked_after_on(period.end)


def with_social_worker_changes(period):
    changes = Subquery(
        Allocation.objects.social_workers()
        .changes_between(period.start, period.end)
        .filter(child=OuterRef("pk"))
        .order_by()
        .values("child")
        .annotate(n=Count("pk"))
        .values("n")[:1],
        output_field=IntegerField(),
    )
    return looked_after_children(period).annotate(_sw_changes=Coalesce(changes, 0))


def two_plus_changes_children(period):
    return with_social_worker_changes(period).filter(_sw_changes__gte=2)


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
    result = with_social_worker_changes(period).aggregate(
        total=Count("pk"), changed=Count("pk", filter=Q(_sw_changes__gte=2))
    )
    return Measure(numerator=result["changed"], denominator=result["total"], as_at=True)


def with_visit_timeliness(period):
    """Children looked after on the date with `_days_since` (days since the latest visit at
    which the child was seen, or since entering care if none) and `_allowed` (the interval the
    latest visit set, or a week for a child not yet visited)."""
    day = period.end
    latest = StatutoryVisit.objects.filter(child=OuterRef("pk"), date__lte=day, seen=True).order_by(
        "-date", "-id"
    )
    entered = Subquery(
        PeriodOfCare.objects.open_on(day)
        .filter(child=OuterRef("pk"))
        .order_by()
        .values("start")[:1]
    )
    return (
        looked_after_children(period)
        .annotate(
            _last_seen=Subquery(latest.values("date")[:1]),
            _interval=Subquery(latest.values("interval_days")[:1]),
            _entered=entered,
        )
        .annotate(
            _days_since=DaysBetween(
                Value(day, output_field=DateField()), Coalesce(F("_last_seen"), F("_entered"))
            ),
            _allowed=Coalesce(F("_interval"), Value(FIRST_VISIT_DAYS)),
        )
    )


def _visit_on_time():
    return Q(_days_since__lte=F("_allowed"))


def visits_on_time_children(period):
    return with_visit_timeliness(period).filter(_visit_on_time())


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

    Only visits at which the child was seen count. The interval is the one recorded with the
    latest visit (42 days unless the care plan sets another); a visit exactly that many days
    before the as-at date is still on time. A child not yet visited is on time for the first
    week after entering care.
    """
    result = with_visit_timeliness(period).aggregate(
        total=Count("pk"), on_time=Count("pk", filter=_visit_on_time())
    )
    return Measure(numerator=result["on_time"], denominator=result["total"], as_at=True)
