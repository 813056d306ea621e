from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin

from corporate_parenting.models import AuditEvent, Team, User


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    fieldsets = (
        *UserAdmin.fieldsets,
        ("Service", {"fields": ("team", "job_title", "job_function")}),
    )
    list_display = ("username", "first_name", "last_name", "team", "is_active")
    list_filter = ("groups", "team", "is_active")
    actions = ["reset_second_factor"]

    @admin.action(description="Reset the second factor (a lost phone): set up again at sign-in")
    def reset_second_factor(self, request, queryset):
        from corporate_parenting.second_factor import second_factor_reset

        for user in queryset:
            second_factor_reset(user=user, actor=request.user)
        self.message_user(
            request, f"Reset the second factor of {queryset.count()} account(s).", messages.SUCCESS
        )


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit trail can be browsed, never edited or deleted."""

    list_display = ("at", "actor_name", "action", "object_type", "object_repr", "child_id")
    list_filter = ("action", "object_type")
    search_fields = ("actor_name", "object_repr", "object_id", "child_id")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
