"""Board dashboards, indicator pages and the permanence tracker. Thin: check role, call a
selector, render; child-level pages audit every child they show."""

import datetime

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from corporate_parenting.permissions import has_role, role_required
from corporate_parenting.roles import Role
from reports import selectors
from reports.audit import children_listed_audit, table_export_audit
from reports.tables import csv_response

CHILD_LEVEL_ROLES = (Role.TEAM_MANAGER, Role.PERFORMANCE_OFFICER)


@role_required(*CHILD_LEVEL_ROLES)
def permanence(request):
    today = timezone.localdate()
    due_only = request.GET.get("due") == "90"
    plans = list(selectors.permanence_tracker(user=request.user, today=today, due_only=due_only))
    if request.GET.get("download") == "permanence":
        table = selectors.permanence_table(plans)
        children_listed_audit(
            actor=request.user,
            children=[plan.child for plan in plans],
            detail="Listed in the permanence tracker download",
        )
        table_export_audit(actor=request.user, detail=f"Permanence tracker CSV ({len(plans)} rows)")
        return csv_response(table, filename_prefix=f"permanence-{today:%Y-%m-%d}")
    if request.GET.get("download"):
        raise Http404
    children_listed_audit(
        actor=request.user,
        children=[plan.child for plan in plans],
        detail="Listed in the permanence tracker",
    )
    return render(
        request,
        "reports/permanence.html",
        {
            "plans": plans,
            "today": today,
            "whole_council": has_role(request.user, Role.PERFORMANCE_OFFICER),
            "due_only": due_only,
            "warn_until": today + datetime.timedelta(days=selectors.WARNING_DAYS),
            "a1_threshold": selectors.A1_THRESHOLD_DAYS,
            "a2_threshold": selectors.A2_THRESHOLD_DAYS,
            "due_count": sum(
                1 for plan in plans if selectors.ClockStatus.DUE in (plan.a1_status, plan.a2_status)
            ),
        },
    )
