"""Reads of children, scoped to the user, with the caseload's due dates worked out in SQL.

Placements depends on children, so its models are looked up lazily with apps.get_model.
"""

import datetime

from django.apps import apps
from django.db import models
from django.db.models import Count, Exists, F, Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, ExtractIsoWeekDay
from django.shortcuts import get_object_or_404

from children.models import Child, Review, StatutoryVisit
from corporate_parenting.permissions import caseload_q
from corporate_parenting.roles import Role

FIRST_VISIT_DAYS = 7  # a child newly in care is visited within a week of placement


class AddDays(models.Func):
    """date + integer days (PostgreSQL date arithmetic gives a date)."""

    template = "(%(expressions)s)"
    arg_joiner = " + "
    output_field = models.DateField()


class AddMonths(models.Func):
    """date + n calendar months, clipped to the month's end like PostgreSQL's interval."""

    output_field = models.DateField()

    def __init__(self, expression, months, **extra):
        super().__init__(expression, **extra)
        self.months = int(months)

    def as_sql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"(({sql}) + interval '{self.months} months')::date", params


# 20 working days (Monday to Friday; bank holidays ignored) after entering care: from a weekday
# that is exactly 4 weeks; from a Saturday or Sunday it is the Friday 4 weeks later.
TWENTY_WORKING_DAYS = models.Case(
    models.When(Q(_entry_weekday=6), then=Value(27)),
    models.When(Q(_entry_weekday=7), then=Value(26)),
    default=Value(28),
)


def child_scope(user):
    return Child.objects.filter(caseload_q(user))


def get_child_for(user, pk):
    """The child if the user may read it; Http404 otherwise (never reveals it exists)."""
    return get_object_or_404(
        child_scope(user).select_related("team", "social_worker", "iro", "personal_adviser"),
        pk=pk,
    )


def with_case_status(queryset, today=None):
    """Annotate current placement type, legal status, next review and visit due, overdue flags.

    Next review due: the first review within 20 working days of entering care, the second within
    3 months of the first, then every 6 months (Care Planning Regulations 2010, reg. 33), counting
    reviews since the start of the current period of care. Next visit due: the latest visit plus
    its interval (42 days unless the care plan says otherwise); with no visit yet, a week after
    entering care. Children not looked after today have neither.
    """
    today = today or datetime.date.today()
    PeriodOfCare = apps.get_model("placements", "PeriodOfCare")
    Placement = apps.get_model("placements", "Placement")
    LegalStatus = apps.get_model("placements", "LegalStatus")

    open_today = Q(start__lte=today) & (Q(end__isnull=True) | Q(end__gt=today))
    current_period = PeriodOfCare.objects.filter(open_today, child=OuterRef("pk"))
    period_start = Subquery(current_period.values("start")[:1])
    reviews_in_period = (
        Review.objects.filter(child=OuterRef("pk"), date__gte=OuterRef("period_start"))
        .order_by()
        .values("child")
    )
    latest_visit = StatutoryVisit.objects.filter(child=OuterRef("pk")).order_by("-date", "-id")

    queryset = queryset.annotate(
        period_start=period_start,
        placement_type=Subquery(
            Placement.objects.filter(open_today, child=OuterRef("pk"))
            .order_by("-start")
            .values("placement_type")[:1]
        ),
        legal_status=Subquery(
            LegalStatus.objects.filter(open_today, child=OuterRef("pk"))
            .order_by("-start")
            .values("legal_status")[:1]
        ),
        reviews_in_period=Coalesce(
            Subquery(reviews_in_period.annotate(n=Count("id")).values("n")[:1]), Value(0)
        ),
        latest_review=Subquery(reviews_in_period.annotate(d=Max("date")).values("d")[:1]),
        _entry_weekday=ExtractIsoWeekDay("period_start"),
        latest_visit_due=Subquery(
            latest_visit.annotate(due=AddDays(F("date"), F("interval_days"))).values("due")[:1]
        ),
    )
    queryset = queryset.annotate(
        next_review_due=models.Case(
            models.When(period_start__isnull=True, then=Value(None)),
            models.When(reviews_in_period=0, then=AddDays(F("period_start"), TWENTY_WORKING_DAYS)),
            models.When(reviews_in_period=1, then=AddMonths(F("latest_review"), 3)),
            default=AddMonths(F("latest_review"), 6),
            output_field=models.DateField(),
        ),
        next_visit_due=models.Case(
            models.When(period_start__isnull=True, then=Value(None)),
            default=Coalesce(
                F("latest_visit_due"), AddDays(F("period_start"), Value(FIRST_VISIT_DAYS))
            ),
            output_field=models.DateField(),
        ),
    )
    return queryset.annotate(
        review_overdue=_flag(Q(next_review_due__lt=today)),
        visit_overdue=_flag(Q(next_visit_due__lt=today)),
    )


def _flag(condition):
    """True or False, never NULL (a child with no due date is not overdue)."""
    return models.Case(
        models.When(condition, then=Value(True)),
        default=Value(False),
        output_field=models.BooleanField(),
    )


CASELOAD_MINE = "mine"
CASELOAD_TEAM = "team"


# The caseload's sortable columns: {key: fields in ascending order}. Sorting happens here, on
# the whole list, so that every page of a paginated caseload is in the same order.
CASELOAD_SORTS = {
    "name": ("last_name", "first_name", "local_id"),
    "age": ("-date_of_birth",),
    "placement": ("placement_type",),
    "legal_status": ("legal_status",),
    "review": ("next_review_due",),
    "visit": ("next_visit_due",),
    "status": ("-looked_after_now",),
}
CASELOAD_SORT_DEFAULT = "name"


def _caseload_order(sort, descending):
    fields = CASELOAD_SORTS.get(sort, CASELOAD_SORTS[CASELOAD_SORT_DEFAULT])
    order = []
    for name in fields:
        reverse = name.startswith("-") != descending
        expression = F(name.lstrip("-"))
        # Empty values last whichever the direction: "no review due" is not the most urgent.
        order.append(
            expression.desc(nulls_last=True) if reverse else expression.asc(nulls_last=True)
        )
    # Then by name, so that equal values keep one order across pages.
    return [*order, "last_name", "first_name", "local_id", "pk"]


def caseload(
    user,
    *,
    scope=None,
    search="",
    team_id=None,
    legal_status="",
    overdue_only=False,
    today=None,
    sort=CASELOAD_SORT_DEFAULT,
    descending=False,
    looked_after_only=False,
):
    """The children on the user's caseload with their status columns (and `looked_after_now`),
    filtered (`looked_after_only`: looked after today) and ordered by `sort` (a key of
    CASELOAD_SORTS), ascending unless `descending`.

    Social workers and team managers choose between the children allocated to them ("mine")
    and the whole team.
    """
    queryset = child_scope(user)
    if scope == CASELOAD_MINE and user.roles & {Role.TEAM_MANAGER, Role.SOCIAL_WORKER}:
        queryset = queryset.filter(social_worker=user)
    if search:
        search = search.strip()
        every_word = Q()
        for word in search.split():
            every_word &= (
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(preferred_name__icontains=word)
            )
        queryset = queryset.filter(Q(local_id__iexact=search) | every_word)
    if team_id:
        queryset = queryset.filter(team_id=team_id)
    queryset = with_case_status(queryset.select_related("team", "social_worker"), today=today)
    LegalStatus = apps.get_model("placements", "LegalStatus")
    queryset = queryset.annotate(
        looked_after_now=Exists(
            LegalStatus.objects.open_on(today or datetime.date.today())
            .looked_after()
            .filter(child=OuterRef("pk"))
        )
    )
    if looked_after_only:
        queryset = queryset.filter(looked_after_now=True)
    if legal_status:
        queryset = queryset.filter(legal_status=legal_status)
    if overdue_only:
        queryset = queryset.filter(Q(review_overdue=True) | Q(visit_overdue=True))
    return queryset.order_by(*_caseload_order(sort, descending))


DUE_SOON_DAYS = 14


def to_do(user, *, today=None):
    """What a social worker should act on, for the children allocated to them: reviews and
    statutory visits overdue or due in the next 14 days (the caseload's own rule), in one
    query."""
    today = today or datetime.date.today()
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    children = with_case_status(child_scope(user).filter(social_worker=user), today=today)
    return children.aggregate(
        children=Count("pk"),
        reviews_overdue=Count("pk", filter=Q(next_review_due__lt=today)),
        reviews_due=Count("pk", filter=Q(next_review_due__gte=today, next_review_due__lte=soon)),
        visits_overdue=Count("pk", filter=Q(next_visit_due__lt=today)),
        visits_due=Count("pk", filter=Q(next_visit_due__gte=today, next_visit_due__lte=soon)),
    )


def placement_type_labels():
    return dict(apps.get_model("placements", "Placement")._meta.get_field("placement_type").choices)


def legal_status_labels():
    return dict(apps.get_model("placements", "LegalStatus")._meta.get_field("legal_status").choices)
