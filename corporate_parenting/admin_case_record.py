"""The admin reads the case record and never changes it. Changes go through the services, which
apply the DfE's rules, bump the row's version and audit the change; the admin has none of that.
Every admin page that shows case-record rows writes an audit row."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.db import transaction

from corporate_parenting.audit import audit_record
from corporate_parenting.models import AuditAction


def _child_of(obj):
    return obj.pk if type(obj).__name__ == "Child" else getattr(obj, "child_id", None)


class CaseRecordAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        label = self.model._meta.verbose_name_plural
        search = request.GET.get("q", "")
        with transaction.atomic():
            audit_record(
                actor=request.user,
                action=AuditAction.VIEW,
                detail=f"admin list of {label}" + (f", searched for '{search}'" if search else ""),
            )
            return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        with transaction.atomic():
            if obj is not None:
                audit_record(
                    actor=request.user,
                    action=AuditAction.VIEW,
                    obj=obj,
                    child=_child_of(obj),
                    detail="admin",
                )
            return super().change_view(request, object_id, form_url, extra_context)
