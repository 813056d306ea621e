"""A board's standard reports: which reports are drawn for every meeting, and how long before
the papers deadline (reports.scheduled reads them). Managed by the officers who manage the
board's meetings (meetings.selectors.can_manage)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render

from meetings.models import Board
from meetings.selectors import can_manage
from reports.forms import StandardReportsForm
from reports.models import DEFAULT_DAYS_BEFORE_DEADLINE
from reports.scheduled import board_standard_reports_set


def standard_reports(request, slug):
    if not can_manage(request.user):
        raise PermissionDenied
    board = get_object_or_404(Board, slug=slug)
    rows = list(board.standard_reports.all())
    initial = {
        "report_types": [row.report_type for row in rows],
        "days_before_deadline": (
            rows[0].days_before_deadline if rows else DEFAULT_DAYS_BEFORE_DEADLINE
        ),
    }
    form = StandardReportsForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        board_standard_reports_set(
            board=board,
            report_types=form.cleaned_data["report_types"],
            days_before_deadline=(
                form.cleaned_data["days_before_deadline"] or DEFAULT_DAYS_BEFORE_DEADLINE
            ),
            actor=request.user,
        )
        messages.success(request, "Standard reports saved")
        return redirect("meetings:board_detail", slug=board.slug)
    return render(
        request, "reports/standard_reports.html", {"board": board, "form": form, "rows": rows}
    )
