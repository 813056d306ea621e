"""Audited, optimistically locked writes to case records.

Every service that creates or changes a record of a child goes through these two functions, so
that each change is checked against the version the user started from and is audited with its
old and new values in the same transaction.
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from corporate_parenting.audit import audit_record, field_changes


class StaleRecord(Exception):
    """The record changed since the user opened it; their save is refused."""

    def __init__(self, instance):
        self.instance = instance
        who = instance.updated_by.display_name if instance.updated_by else "someone else"
        when = timezone.localtime(instance.updated_at).strftime("%-d %B %Y at %-I:%M%p").lower()
        when = when[0].upper() + when[1:]
        super().__init__(
            f"This record was changed by {who} at {when}. "
            "Your changes have not been saved: check them against the latest "
            "version and save again."
        )


def _values(instance, fields):
    return {name: getattr(instance, name) for name in fields}


def _child_of(instance):
    return (
        instance if instance._meta.label == "children.Child" else getattr(instance, "child", None)
    )


def record_create(*, instance, actor, action="create"):
    """Save a new record and audit every field it was given."""
    fields = [f.attname for f in instance._meta.concrete_fields if not f.primary_key]
    with transaction.atomic():
        instance.updated_by = actor
        instance.full_clean()
        instance.save()
        changes = field_changes({}, _values(instance, fields), fields)
        for skip in ("version", "updated_at", "updated_by_id", "created_at"):
            changes.pop(skip, None)
        audit_record(
            actor=actor, action=action, obj=instance, child=_child_of(instance), changes=changes
        )
    return instance


def record_update(*, instance, changes, expected_version, actor, action="change"):
    """Apply `changes` ({field: value}) if the stored version is still `expected_version`.

    Raises StaleRecord when someone else saved first. The check and the write are one UPDATE
    guarded by the version, so two concurrent saves can never both succeed.
    """
    model = type(instance)
    with transaction.atomic():
        current = (
            model.objects.select_for_update(of=("self",))
            .select_related("updated_by")
            .get(pk=instance.pk)
        )
        if current.version != int(expected_version):
            raise StaleRecord(current)
        before = _values(current, changes)
        for name, value in changes.items():
            setattr(current, name, value)
        current.updated_by = actor
        current.full_clean()
        updated = model.objects.filter(pk=current.pk, version=current.version).update(
            **changes, version=F("version") + 1, updated_by=actor, updated_at=timezone.now()
        )
        if updated != 1:  # pragma: no cover - the row lock above makes this unreachable
            raise StaleRecord(model.objects.get(pk=current.pk))
        current.refresh_from_db()
        audit_record(
            actor=actor,
            action=action,
            obj=current,
            child=_child_of(current),
            changes=field_changes(before, _values(current, changes), list(changes)),
        )
    return current
