"""Who may be allocated to a child, in one place (the service checks it; the form offers only
the people it allows).

- Social worker: a social worker (or team manager) of the child's team. Someone from another
  team only with a team manager's approval, recorded on the allocation (Allocation.approved_by):
  a team manager allocating says so on the form; a social worker cannot approve it.
- Independent reviewing officer and personal adviser: only people whose account says they hold
  that post (User.job_function, set by an administrator).
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from children.models import AllocationKind
from corporate_parenting.roles import JobFunction, Role

SOCIAL_WORKER_ROLES = (Role.SOCIAL_WORKER, Role.TEAM_MANAGER)
JOB_FUNCTION_FOR = {
    AllocationKind.IRO: JobFunction.IRO,
    AllocationKind.PERSONAL_ADVISER: JobFunction.PERSONAL_ADVISER,
}


def allocatable_people(kind):
    """Everyone who could be allocated as `kind` to some child (the form's choices)."""
    users = get_user_model().objects.filter(is_active=True)
    if kind == AllocationKind.SOCIAL_WORKER:
        users = users.filter(groups__name__in=[role.label for role in SOCIAL_WORKER_ROLES])
    else:
        users = users.filter(job_function=JOB_FUNCTION_FOR[kind])
    return users.distinct().order_by("first_name", "last_name")


def allocation_approver(*, child, kind, worker, manager_approval, actor):
    """Check that `worker` may be allocated to `child` as `kind`; return the team manager who
    approved an allocation from outside the child's team (or None). Raises ValidationError."""
    kind = AllocationKind(kind)
    name = worker.display_name
    if not worker.is_active:
        raise ValidationError({"worker": f"{name}’s account is not active. Choose someone else."})
    if kind != AllocationKind.SOCIAL_WORKER:
        if worker.job_function != JOB_FUNCTION_FOR[kind]:
            raise ValidationError(
                {
                    "worker": f"{name} is not a {kind.label.lower()}. Choose a "
                    f"{kind.label.lower()}, or ask an administrator to record {name}’s post."
                }
            )
        return None
    if not worker.roles & set(SOCIAL_WORKER_ROLES):
        raise ValidationError({"worker": f"{name} is not a social worker. Choose a social worker."})
    if child.team_id is not None and worker.team_id == child.team_id:
        return None
    if not manager_approval:
        raise ValidationError(
            {
                "worker": f"{name} is not in the child’s team. Choose a social worker from "
                "the team, or a team manager must approve allocating someone from another team."
            }
        )
    if Role.TEAM_MANAGER not in actor.roles or (
        child.team_id is not None and actor.team_id != child.team_id
    ):
        raise ValidationError(
            {
                "manager_approval": "Only a team manager of the child’s team can approve "
                "allocating a social worker from another team."
            }
        )
    return actor
