from django.contrib import admin

from corporate_parenting.admin_case_record import CaseRecordAdmin
from placements.models import (
    LegalStatus,
    PeriodOfCare,
    PermanencePlan,
    Placement,
    PreviousPermanence,
    Provider,
)

VERSION_FIELDS = ("version", "updated_at", "updated_by")


@admin.register(PeriodOfCare)
class PeriodOfCareAdmin(CaseRecordAdmin):
    list_display = ("child", "start", "end", "reason_ceased")
    list_filter = ("reason_ceased",)
    search_fields = ("child__local_id", "child__last_name")
    date_hierarchy = "start"
    raw_id_fields = ("child",)
    readonly_fields = VERSION_FIELDS


@admin.register(LegalStatus)
class LegalStatusAdmin(CaseRecordAdmin):
    list_display = ("child", "legal_status", "category_of_need", "start", "end")
    list_filter = ("legal_status", "category_of_need")
    search_fields = ("child__local_id", "child__last_name")
    raw_id_fields = ("child", "period")
    readonly_fields = VERSION_FIELDS


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ("name", "urn", "provider", "postcode", "inside_area")
    list_filter = ("provider", "inside_area")
    search_fields = ("name", "urn", "postcode")


@admin.register(Placement)
class PlacementAdmin(CaseRecordAdmin):
    list_display = ("child", "placement_type", "provider", "carer", "start", "end", "new_carer")
    list_filter = ("placement_type", "provider", "new_carer", "reason_for_change")
    search_fields = ("child__local_id", "child__last_name", "urn", "carer__name")
    raw_id_fields = ("child", "period", "carer")
    readonly_fields = VERSION_FIELDS


@admin.register(PermanencePlan)
class PermanencePlanAdmin(CaseRecordAdmin):
    list_display = ("child", "plan_type", "decided_on", "placement_order_date", "ended_on")
    list_filter = ("plan_type", "end_reason")
    search_fields = ("child__local_id", "child__last_name")
    raw_id_fields = ("child",)
    readonly_fields = VERSION_FIELDS


@admin.register(PreviousPermanence)
class PreviousPermanenceAdmin(CaseRecordAdmin):
    list_display = ("child", "previous_permanence", "local_authority", "date_text")
    list_filter = ("previous_permanence",)
    raw_id_fields = ("child",)
