"""The children models in the admin: read-only and audited (see admin_case_record)."""

from django.contrib import admin

from children import models
from corporate_parenting.admin_case_record import CaseRecordAdmin

VERSION_FIELDS = ("version", "updated_at", "updated_by")


class ChildRecordAdmin(CaseRecordAdmin):
    list_select_related = ("child",)
    search_fields = ("child__local_id", "child__first_name", "child__last_name")
    raw_id_fields = ("child",)
    readonly_fields = VERSION_FIELDS


class DatedEventAdmin(ChildRecordAdmin):
    list_display = ("child", "date", "recorded_by")
    list_filter = ("date",)
    date_hierarchy = "date"
    readonly_fields = (*VERSION_FIELDS, "recorded_by")


class AllocationInline(admin.TabularInline):
    model = models.Allocation
    extra = 0
    raw_id_fields = ("worker",)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.Child)
class ChildAdmin(CaseRecordAdmin):
    list_display = ("local_id", "first_name", "last_name", "date_of_birth", "team", "social_worker")
    list_filter = ("team", "sex", "is_uasc", "disability")
    search_fields = ("local_id", "first_name", "last_name", "preferred_name", "upn")
    raw_id_fields = ("social_worker", "iro", "personal_adviser")
    readonly_fields = (*VERSION_FIELDS, "created_at")
    inlines = [AllocationInline]


@admin.register(models.Allocation)
class AllocationAdmin(ChildRecordAdmin):
    list_display = ("child", "kind", "worker", "start", "end", "start_reason")
    list_filter = ("kind", "start_reason")
    raw_id_fields = ("child", "worker")
    readonly_fields = ()


@admin.register(models.Review)
class ReviewAdmin(DatedEventAdmin):
    list_display = ("child", "date", "participation", "recorded_by")
    list_filter = ("participation", "date")


@admin.register(models.StatutoryVisit)
class StatutoryVisitAdmin(DatedEventAdmin):
    list_display = ("child", "date", "seen", "seen_alone", "interval_days", "recorded_by")
    list_filter = ("seen", "seen_alone", "date")


@admin.register(models.HealthCheck)
class HealthCheckAdmin(DatedEventAdmin):
    list_display = ("child", "kind", "date", "recorded_by")
    list_filter = ("kind", "date")


@admin.register(models.PersonalEducationPlan)
class PersonalEducationPlanAdmin(DatedEventAdmin):
    pass


@admin.register(models.CaseNote)
class CaseNoteAdmin(DatedEventAdmin):
    list_display = ("child", "date", "kind", "recorded_by")
    list_filter = ("kind", "date")


@admin.register(models.PathwayPlanReview)
class PathwayPlanReviewAdmin(DatedEventAdmin):
    pass


@admin.register(models.CareLeaverContact)
class CareLeaverContactAdmin(DatedEventAdmin):
    list_display = ("child", "date", "in_touch", "accommodation", "activity", "collection_year")
    list_filter = ("in_touch", "activity", "collection_year")


@admin.register(models.MissingEpisode)
class MissingEpisodeAdmin(ChildRecordAdmin):
    list_display = ("child", "kind", "start", "end")
    list_filter = ("kind",)
    date_hierarchy = "start"


@admin.register(models.DeprivationOfLiberty)
class DeprivationOfLibertyAdmin(ChildRecordAdmin):
    list_display = ("child", "start", "end")
    date_hierarchy = "start"


@admin.register(models.CareLeaver)
class CareLeaverAdmin(ChildRecordAdmin):
    list_display = ("child", "eligibility", "staying_put")
    list_filter = ("eligibility", "staying_put")


@admin.register(models.AnnualOutcome)
class AnnualOutcomeAdmin(ChildRecordAdmin):
    list_display = ("child", "collection_year", "sdq_score", "convicted", "health_check")
    list_filter = ("collection_year", "convicted", "health_check")
    readonly_fields = ()
