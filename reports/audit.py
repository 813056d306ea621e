"""Audit of child-level lists and of downloads from the reports pages.

A list of children (the children behind a figure, the permanence tracker) writes one VIEW row per
child listed rather than one row holding a list of ids: a child's audit trail is read by
`child_id` (indexed), and "who has seen this child's name" must find every listing. The rows are
written in one bulk insert, so the cost stays one query whatever the length of the list.
"""

from django.db import transaction

from corporate_parenting.audit import audit_record
from corporate_parenting.models import AuditAction, AuditEvent


def children_listed_audit(*, actor, children, detail):
    """One VIEW audit row per child in `children` (Child instances), in one insert."""
    events = [
        AuditEvent(
            actor=actor,
            actor_name=actor.display_name,
            action=AuditAction.VIEW,
            object_type=child._meta.label,
            object_id=str(child.pk),
            object_repr=child.local_id,
            child_id=child.pk,
            detail=detail[:500],
        )
        for child in children
    ]
    with transaction.atomic():
        AuditEvent.objects.bulk_create(events)
    return len(events)


def table_export_audit(*, actor, detail):
    with transaction.atomic():
        return audit_record(actor=actor, action=AuditAction.EXPORT, detail=detail)
