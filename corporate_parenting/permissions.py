"""The permission layer every view uses: role checks and caseload scoping."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from corporate_parenting.roles import Role


def has_role(user, *roles):
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.roles.intersection(roles))


def check_role(user, *roles):
    if not has_role(user, *roles):
        raise PermissionDenied


def role_required(*roles):
    """Decorator: anonymous users go to sign-in (LoginRequiredMiddleware); others need a role."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            check_role(request.user, *roles)
            return view(request, *args, **kwargs)

        wrapped.allowed_roles = frozenset(roles)
        return wrapped

    return decorator


def caseload_q(user, prefix=""):
    """A Q object selecting the children `user` may read, over a lookup `prefix` to Child
    (e.g. "child__" on a model with a `child` foreign key).

    Performance officers read every child; team managers their team's; social workers their
    team's and any child allocated to them; everyone else none.
    """
    roles = user.roles if getattr(user, "is_authenticated", False) else frozenset()
    if Role.PERFORMANCE_OFFICER in roles:
        return Q()
    q = Q(pk__in=[])
    if roles & {Role.SOCIAL_WORKER, Role.TEAM_MANAGER} and user.team_id:
        q |= Q(**{f"{prefix}team_id": user.team_id})
    if Role.SOCIAL_WORKER in roles:
        q |= Q(**{f"{prefix}social_worker_id": user.pk})
    return q


def can_change_case(user):
    return has_role(user, Role.SOCIAL_WORKER, Role.TEAM_MANAGER)
