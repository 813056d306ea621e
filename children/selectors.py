"""Reads of children, scoped to the user, with the caseload's due dates worked out in SQL.

Placements depends on children, so periods of care, placements and legal statuses are read
through the source placements registers (children/care.py).
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.http import Http404
from django.utils import timezone

from children import care
from children.models import Child
from corporate_parenting.audit import audit_record
from corporate_parenting.models import AuditAction
from corporate_parenting.permissions import caseload_q
from corporate_parenting.roles import Role


def child_scope(user):
    return Child.objects.filter(caseload_q(user))


def get_child_for(user, pk):
    """The child if the user may read it; Http404 otherwise (never reveals it exists). A miss is
    audited: asking for children outside one's caseload is how probing looks."""
    child = (
        child_scope(user)
        .select_related("team", "social_worker", "iro", "personal_adviser")
        .filter(pk=pk)
        .first()
    )
    if child is None:
        audit_record(
            actor=user, action=AuditAction.NOT_FOUND, child=pk, detail="child outside caseload"
        )
        raise Http404("No child found")
    return child


def with_case_status(queryset, today=None):
    """Annotate the current placement type and legal status, and the next review and visit due
    with their overdue flags: the rules of `Child.objects.with_review_due` and `with_visit_due`,
    which the indicators apply too. Children not looked after today have neither."""
    today = today or timezone.localdate()
    records = care.source()

    open_today = Q(start__lte=today) & (Q(end__isnull=True) | Q(end__gt=today))
    queryset = queryset.annotate(
        placement_type=Subquery(
            records.placements()
            .filter(open_today, child=OuterRef("pk"))
            .order_by("-start")
            .values("placement_type")[:1]
        ),
        legal_status=Subquery(
            records.legal_statuses()
            .filter(open_today, child=OuterRef("pk"))
            .order_by("-start")
            .values("legal_status")[:1]
        ),
    )
    return queryset.with_care_start(today).with_review_due(today).with_visit_due(today)


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
    looked_after = care.source().looked_after_on(today or timezone.localdate())
    queryset = queryset.annotate(looked_after_now=Exists(looked_after.filter(child=OuterRef("pk"))))
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
    today = today or timezone.localdate()
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    children = with_case_status(child_scope(user).filter(social_worker=user), today=today)
    return children.aggregate(
        children=Count("pk"),
        reviews_overdue=Count("pk", filter=Q(next_review_due__lt=today)),
        reviews_due=Count("pk", filter=Q(next_review_due__gte=today, next_review_due__lte=soon)),
        visits_overdue=Count("pk", filter=Q(next_visit_due__lt=today)),
        visits_due=Count("pk", filter=Q(next_visit_due__gte=today, next_visit_due__lte=soon)),
    )


# The plans and checks the social worker's home lists child by child: (annotation, what).
TO_DO_PLANS = (
    ("next_health_assessment_due", "Health assessment"),
    ("next_dental_check_due", "Dental check"),
    ("next_pep_due", "Personal education plan (PEP) review"),
    ("next_pathway_plan_due", "Pathway plan review"),
)


@dataclass(frozen=True)
class ToDoItem:
    child: Child
    what: str
    due: datetime.date
    overdue: bool


def to_do_plans(user, *, today=None):
    """Health assessments, dental checks, PEPs and pathway plans overdue or due in the next 14
    days for the children allocated to the user, soonest first: each due date by its one rule
    (`Child.objects.with_health_assessment_due` and the others), in one query."""
    today = today or timezone.localdate()
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    children = (
        child_scope(user)
        .filter(social_worker=user)
        .with_health_assessment_due(today)
        .with_dental_check_due(today)
        .with_pep_due(today)
        .with_pathway_plan_due(today)
    )
    due_soon = Q()
    for field, _ in TO_DO_PLANS:
        due_soon |= Q(**{f"{field}__lte": soon})
    items = [
        ToDoItem(
            child=child, what=what, due=getattr(child, field), overdue=getattr(child, field) < today
        )
        for child in children.filter(due_soon)
        for field, what in TO_DO_PLANS
        if getattr(child, field) is not None and getattr(child, field) <= soon
    ]
    return sorted(items, key=lambda item: (item.due, item.child.display_name, item.what))


def placement_type_labels():
    return care.source().placement_type_labels()


def legal_status_labels():
    return care.source().legal_status_labels()
