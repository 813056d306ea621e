"""One helper records every audited action, inside the caller's transaction."""

from django.db import connection

from corporate_parenting.models import AuditAction, AuditEvent
from corporate_parenting.network import client_address, session_fingerprint
from corporate_parenting.request_context import current_request

# Changes to the case record (the dashboards' figures read them) and to accounts and roles.
CASE_RECORD_WRITES = frozenset(
    {
        AuditAction.CREATE,
        AuditAction.CHANGE,
        AuditAction.END,
        AuditAction.DELETE,
        AuditAction.IMPORT,
    }
)
WRITE_ACTIONS = CASE_RECORD_WRITES | {
    AuditAction.ACCOUNT_CREATED,
    AuditAction.ACCOUNT_CHANGED,
    AuditAction.ROLES_CHANGED,
}


class AuditOutsideTransaction(RuntimeError):
    pass


def audit_record(*, actor, action, obj=None, child=None, changes=None, detail=""):
    """Write one audit row. Writes must be audited inside the transaction that makes them,
    so that a change and its audit row are committed, or rolled back, together."""
    action = AuditAction(action)
    if action in WRITE_ACTIONS and not connection.in_atomic_block:
        raise AuditOutsideTransaction(f"Audit of '{action}' must run inside transaction.atomic()")
    actor = actor if getattr(actor, "is_authenticated", False) else None
    child_id = getattr(child, "pk", child)
    if obj is not None and child_id is None and type(obj).__name__ == "Child":
        child_id = obj.pk
    request = current_request.get()
    return AuditEvent.objects.create(
        address=client_address(request) if request else None,
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300] if request else "",
        session_hash=session_fingerprint(request) if request else "",
        actor=actor,
        actor_name=actor.display_name if actor else "",
        action=action,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        child_id=child_id,
        changes=changes or {},
        detail=detail[:500],
    )


def field_changes(before, after, fields):
    """{field: [old, new]} for the fields whose values differ, as strings for the JSON column."""
    changed = {}
    for name in fields:
        old, new = before.get(name), after.get(name)
        if old != new:
            changed[name] = [None if old is None else str(old), None if new is None else str(new)]
    return changed
