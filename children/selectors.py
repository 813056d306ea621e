"""Reads of children, scoped to the user, with the caseload's due dates worked out in SQL.

Placements depends on children, so periods of care, placements and legal statuses are read
through the source placements registers (children/care.py).
"""

from django.db.models import OuterRef, Q, Subquery
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


def caseload(
    user, *, scope=None, search="", team_id=None, legal_status="", overdue_only=False, today=None
):
    """The children on the user's caseload with their status columns, filtered and ordered.

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
    if legal_status:
        queryset = queryset.filter(legal_status=legal_status)
    if overdue_only:
        queryset = queryset.filter(Q(review_overdue=True) | Q(visit_overdue=True))
    return queryset.order_by("last_name", "first_name", "local_id")


def placement_type_labels():
    return care.source().placement_type_labels()


def legal_status_labels():
    return care.source().legal_status_labels()
