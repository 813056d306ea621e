"""Board dashboards, indicator pages and the permanence tracker. Thin: check role, call a
selector, render; child-level pages audit every child they show; downloads are audited."""

import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from corporate_parenting.permissions import has_role, role_required
from corporate_parenting.roles import EXACT_FIGURE_ROLES, Role
from reports import selectors
from reports.audit import children_listed_audit, table_export_audit
from reports.forms import AsAtForm, BenchmarkUploadForm, PermanenceFilterForm, TargetForm
from reports.indicators import CATALOGUE
from reports.indicators.periods import age_on
from reports.models import Target
from reports.services import BenchmarkImportError, TargetError, benchmarks_import_csv, target_set
from reports.tables import csv_response, find_table

DASHBOARD_ROLES = (
    Role.BOARD_MEMBER,
    Role.DEMOCRATIC_SERVICES,
    Role.TEAM_MANAGER,
    Role.PERFORMANCE_OFFICER,
)
CHILD_LEVEL_ROLES = (Role.TEAM_MANAGER, Role.PERFORMANCE_OFFICER)
TRACKER_PAGE_SIZE = 50


def _as_at(request):
    """(form, as_at): the validated "as at" date from the query string, or today."""
    form = AsAtForm(request.GET if "as_at_0" in request.GET else None)
    as_at = timezone.localdate()
    if form.is_bound and form.is_valid() and form.cleaned_data["as_at"]:
        as_at = form.cleaned_data["as_at"]
    return form, as_at


def _download(request, tables, *, prefix):
    """A CSV of the requested table, audited as an export; None when none was asked for."""
    key = request.GET.get("download")
    if not key:
        return None
    table = find_table(tables, key)
    if table is None:
        raise Http404
    exact = has_role(request.user, *EXACT_FIGURE_ROLES)
    table_export_audit(
        actor=request.user,
        detail=f"{table.caption} ({'exact' if exact else 'suppressed'} figures, CSV)",
    )
    return csv_response(table, filename_prefix=prefix)


@role_required(*DASHBOARD_ROLES)
def dashboard(request):
    form, as_at = _as_at(request)
    exact = has_role(request.user, *EXACT_FIGURE_ROLES)
    board = selectors.dashboard(as_at=as_at, exact=exact)
    download = _download(request, board.tables, prefix=f"dashboard-{as_at:%Y-%m-%d}")
    if download:
        return download
    # The dashboard opens with what needs attention; each Pledge theme has a page of its own.
    theme = board.section(request.GET.get("theme", ""))
    if request.GET.get("theme") and theme is None:
        raise Http404
    return render(
        request,
        "reports/dashboard.html",
        {
            "form": form,
            "board": board,
            "theme": theme,
            "as_at": as_at,
            "query": _as_at_query(request, form),
            "can_manage_targets": has_role(request.user, Role.PERFORMANCE_OFFICER),
        },
    )


def _as_at_query(request, form):
    """The as-at part of the query string, kept on links and downloads."""
    if form.is_bound and form.is_valid() and form.cleaned_data["as_at"]:
        day = form.cleaned_data["as_at"]
        return f"as_at_0={day.day}&as_at_1={day.month}&as_at_2={day.year}"
    return ""


def _indicator_or_404(code):
    if code not in CATALOGUE:
        raise Http404
    return CATALOGUE[code]


@role_required(*DASHBOARD_ROLES)
def indicator(request, code):
    _indicator_or_404(code)
    form, as_at = _as_at(request)
    exact = has_role(request.user, *EXACT_FIGURE_ROLES)
    figure = selectors.indicator_figure(code=code, as_at=as_at, exact=exact)
    download = _download(request, figure.tables, prefix=f"{code}-{as_at:%Y-%m-%d}")
    if download:
        return download
    return render(
        request,
        "reports/indicator.html",
        {
            "form": form,
            "figure": figure,
            "as_at": as_at,
            "query": _as_at_query(request, form),
            "can_list_children": has_role(request.user, *CHILD_LEVEL_ROLES),
        },
    )


@role_required(*CHILD_LEVEL_ROLES)
def indicator_children(request, code):
    indicator_def = _indicator_or_404(code)
    form, as_at = _as_at(request)
    children = list(selectors.indicator_children(code=code, as_at=as_at, user=request.user))
    rows = [(child, age_on(child.date_of_birth, as_at)) for child in children]
    downloading = request.GET.get("download") == "children"
    children_listed_audit(
        actor=request.user,
        children=children,
        detail=f"Listed behind {code} as at {as_at:%d/%m/%Y}{' (CSV)' if downloading else ''}",
    )
    if downloading:
        table = selectors.children_table(indicator_def, rows, as_at=as_at)
        table_export_audit(actor=request.user, detail=f"{table.caption} ({len(rows)} rows, CSV)")
        return csv_response(table, filename_prefix=f"{code}-{as_at:%Y-%m-%d}")
    return render(
        request,
        "reports/indicator_children.html",
        {
            "indicator": indicator_def,
            "rows": rows,
            "as_at": as_at,
            "query": _as_at_query(request, form),
            "whole_council": has_role(request.user, Role.PERFORMANCE_OFFICER),
        },
    )


@role_required(*CHILD_LEVEL_ROLES)
def permanence(request):
    today = timezone.localdate()
    form = PermanenceFilterForm(request.GET)
    chosen = form.chosen()
    plans = selectors.permanence_tracker(user=request.user, today=today, **chosen)
    filter_query = urlencode(
        {name: value for name, value in chosen.items() if value != form.DEFAULTS[name]}
    )
    if request.GET.get("download") == "permanence":
        plans = list(plans)
        children_listed_audit(
            actor=request.user,
            children=[plan.child for plan in plans],
            detail="Listed in the permanence tracker download",
        )
        table_export_audit(actor=request.user, detail=f"Permanence tracker CSV ({len(plans)} rows)")
        return csv_response(
            selectors.permanence_table(plans), filename_prefix=f"permanence-{today:%Y-%m-%d}"
        )
    if request.GET.get("download"):
        raise Http404
    page = Paginator(plans, TRACKER_PAGE_SIZE).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    children_listed_audit(
        actor=request.user,
        children=[plan.child for plan in shown],
        detail=f"Listed in the permanence tracker (page {page.number})",
    )
    counts = selectors.permanence_clock_counts(
        selectors.permanence_tracker(user=request.user, today=today, plan_type=chosen["plan_type"])
    )
    return render(
        request,
        "reports/permanence.html",
        {
            "form": form,
            "chosen": chosen,
            "filtered": chosen["plan_type"] or chosen["clock"],
            "page": page,
            "plans": shown,
            "page_range": page.paginator.get_elided_page_range(
                page.number, on_each_side=1, on_ends=1
            ),
            "query": filter_query,
            "counts": counts,
            "today": today,
            "whole_council": has_role(request.user, Role.PERFORMANCE_OFFICER),
            "warn_until": today + datetime.timedelta(days=selectors.WARNING_DAYS),
            "a1_threshold": selectors.A1_THRESHOLD_DAYS,
            "a2_threshold": selectors.A2_THRESHOLD_DAYS,
        },
    )


@role_required(Role.PERFORMANCE_OFFICER)
def targets(request):
    return render(request, "reports/targets.html", {"rows": selectors.target_rows()})


@role_required(Role.PERFORMANCE_OFFICER)
def target_edit(request, code):
    indicator_def = _indicator_or_404(code)
    if indicator_def.higher_is_better is None:
        raise Http404
    current = Target.objects.filter(code=code).first()
    initial = (
        {name: getattr(current, name) for name in TargetForm.base_fields}
        if current is not None
        else None
    )
    form = TargetForm(
        request.POST or None, initial=initial, higher_is_better=indicator_def.higher_is_better
    )
    if request.method == "POST" and form.is_valid():
        try:
            target_set(code=code, actor=request.user, **form.cleaned_data)
        except TargetError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Target saved for {indicator_def.title.lower()}")
            return redirect("reports:targets")
    return render(request, "reports/target_form.html", {"form": form, "indicator": indicator_def})


@role_required(Role.PERFORMANCE_OFFICER)
def benchmarks(request):
    form = BenchmarkUploadForm(request.POST or None, request.FILES or None)
    errors = ()
    if request.method == "POST" and form.is_valid():
        try:
            result = benchmarks_import_csv(file=form.cleaned_data["file"], actor=request.user)
        except BenchmarkImportError as error:
            errors = [str(row_error) for row_error in error.errors]
        else:
            added = f"{result.created} benchmark{'' if result.created == 1 else 's'} added"
            messages.success(request, f"{added} and {result.updated} replaced")
            return redirect("reports:benchmarks")
    return render(
        request,
        "reports/benchmarks.html",
        {"form": form, "errors": errors, "benchmarks": selectors.benchmark_rows()},
    )
