"""The children app tells the audit search how to find children by local id
(corporate_parenting/audit_children.py)."""

from children.models import Child


class ChildAuditLookup:
    def pks_for_local_id(self, local_id):
        return list(Child.objects.filter(local_id__iexact=local_id).values_list("pk", flat=True))

    def local_ids(self, pks):
        return dict(Child.objects.filter(pk__in=set(pks)).values_list("pk", "local_id"))


def register():
    from corporate_parenting import audit_children

    audit_children.register(ChildAuditLookup())
