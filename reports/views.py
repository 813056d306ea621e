"""Board dashboards, indicator pages and the permanence tracker. Thin: check role, call a
selector, render; child-level pages audit every child they show; downloads are audited."""

import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from corporate_parenting.dates import age_on
from corporate_parenting.permissions import has_role, role_required
from corporate_parenting.roles import EXACT_FIGURE_ROLES, Role
from reports import dashboard_cache, figures
from reports import permanence_tracker as tracker
from reports.audit import children_listed_audit, table_export_audit
from reports.board_dates import board_date_notice, is_board_date, latest_board_date
from reports.forms import (
    AsAtForm,
    BenchmarkUploadForm,
    IndicatorFiguresForm,
    PermanenceFilterForm,
    PopulationEstimateForm,
    TargetForm,
)
from reports.indicators import CATALOGUE
from reports.indicators.decisions import RATE_RULE
from reports.local_measures import is_local_code
from reports.measures import measure_info
from reports.models import PopulationEstimate, Target
from reports.services import (
    BenchmarkImportError,
    TargetError,
    benchmarks_import_csv,
    population_estimate_set,
    target_set,
)
from reports.tables import csv_response, find_table

DASHBOARD_ROLES = (
    Role.BOARD_MEMBER,
    Role.DEMOCRATIC_SERVICES,
    Role.TEAM_MANAGER,
    Role.PERFORMANCE_OFFICER,
)
CHILD_LEVEL_ROLES = (Role.TEAM_MANAGER, Role.PERFORMANCE_OFFICER)
TRACKER_PAGE_SIZE = 50


def _as_at(request, form_class=AsAtForm, *, exact=True):
    """(form, as_at): the validated "as at" date from the query string, or today.

    A reader of suppressed figures sees them only as at board dates (month ends and board
    meeting dates): any other date snaps to the board date before it, and the page says so."""
    bound = any(f"{name}_0" in request.GET for name in form_class.base_fields)
    form = form_class(request.GET if bound else None)
    as_at = timezone.localdate()
    requested = form.is_bound and form.is_valid() and form.cleaned_data["as_at"]
    if requested:
        as_at = form.cleaned_data["as_at"]
    if not exact and not is_board_date(as_at):
        shown = latest_board_date(as_at)
        if requested and not request.GET.get("download"):
            messages.info(request, board_date_notice(as_at, shown))
        as_at = shown
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
    exact = has_role(request.user, *EXACT_FIGURE_ROLES)
    can_manage_targets = has_role(request.user, Role.PERFORMANCE_OFFICER)
    form, as_at = _as_at(request, exact=exact)
    theme_key = request.GET.get("theme", "")
    body_key = dashboard_cache.fragment_key(
        as_at=as_at, exact=exact, can_manage_targets=can_manage_targets, query=request.GET
    )
    body = None if request.GET.get("download") else dashboard_cache.cached_body(body_key)
    if body is not None:
        board, theme = None, dashboard_cache.theme_heading(theme_key) if theme_key else None
    else:
        board = figures.dashboard(as_at=as_at, exact=exact)
        download = _download(request, board.tables, prefix=f"dashboard-{as_at:%Y-%m-%d}")
        if download:
            return download
        # The dashboard opens with what needs attention; each Pledge theme has a page of its own.
        theme = board.section(theme_key)
        if theme_key and theme is None:
            raise Http404
    return render(
        request,
        "reports/dashboard_cached.html",
        {
            "form": form,
            "board": board,
            "theme": theme,
            "as_at": as_at,
            "query": _as_at_query(request, form, as_at),
            "can_manage_targets": can_manage_targets,
            "cached_body": body,
            "body_key": body_key,
            "body_seconds": dashboard_cache.timeout(),
        },
    )


def _as_at_query(request, form, as_at=None):
    """The as-at part of the query string, kept on links and downloads (the date shown, which
    for a board member may be the board date before the one asked for)."""
    if form.is_bound and form.is_valid() and form.cleaned_data["as_at"]:
        day = as_at or form.cleaned_data["as_at"]
        return f"as_at_0={day.day}&as_at_1={day.month}&as_at_2={day.year}"
    return ""


def _indicator_or_404(code):
    if code not in CATALOGUE:
        raise Http404
    return CATALOGUE[code]


@role_required(*DASHBOARD_ROLES)
def indicator(request, code):
    if is_local_code(code):  # dashboard links to local measures go to their own page
        query = request.META.get("QUERY_STRING", "")
        url = reverse("reports:local_measure", args=[code])
        return redirect(f"{url}?{query}" if query else url)
    _indicator_or_404(code)
    exact = has_role(request.user, *EXACT_FIGURE_ROLES)
    form, as_at = _as_at(request, IndicatorFiguresForm, exact=exact)
    since = form.cleaned_data.get("since") if form.is_bound and form.is_valid() else None
    if since is not None and not exact:
        since = latest_board_date(since)  # a difference from any other day would show it
    figure = figures.indicator_figure(code=code, as_at=as_at, exact=exact, since=since)
    periods = figures.figure_periods(code=code, as_at=as_at, exact=exact)
    tables = [*figure.tables, periods.table, periods.annual.table]
    download = _download(request, tables, prefix=f"{code}-{as_at:%Y-%m-%d}")
    if download:
        return download
    return render(
        request,
        "reports/indicator.html",
        {
            "form": form,
            "figure": figure,
            "periods": periods,
            "as_at": as_at,
            "query": _as_at_query(request, form, as_at),
            "can_list_children": has_role(request.user, *CHILD_LEVEL_ROLES),
            "can_manage_population": has_role(request.user, Role.PERFORMANCE_OFFICER),
        },
    )


@role_required(*CHILD_LEVEL_ROLES)
def indicator_children(request, code):
    indicator_def = _indicator_or_404(code)
    form, as_at = _as_at(request)
    children = list(figures.indicator_children(code=code, as_at=as_at, user=request.user))
    rows = [(child, age_on(child.date_of_birth, as_at)) for child in children]
    downloading = request.GET.get("download") == "children"
    children_listed_audit(
        actor=request.user,
        children=children,
        detail=f"Listed behind {code} as at {as_at:%d/%m/%Y}{' (CSV)' if downloading else ''}",
    )
    if downloading:
        table = figures.children_table(indicator_def, rows, as_at=as_at)
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
    plans = tracker.permanence_tracker(user=request.user, today=today, **chosen)
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
            tracker.permanence_table(plans), filename_prefix=f"permanence-{today:%Y-%m-%d}"
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
    counts = tracker.permanence_clock_counts(
        tracker.permanence_tracker(user=request.user, today=today, plan_type=chosen["plan_type"])
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
            "warn_until": today + datetime.timedelta(days=tracker.WARNING_DAYS),
            "a1_threshold": tracker.A1_THRESHOLD_DAYS,
            "a2_threshold": tracker.A2_THRESHOLD_DAYS,
        },
    )


@role_required(Role.PERFORMANCE_OFFICER)
def targets(request):
    return render(request, "reports/targets.html", {"rows": figures.target_rows()})


@role_required(Role.PERFORMANCE_OFFICER)
def target_edit(request, code):
    indicator_def = measure_info(code)
    if indicator_def is None or indicator_def.higher_is_better is None:
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
    return render(
        request,
        "reports/target_form.html",
        {"form": form, "indicator": indicator_def, "rate_label": figures.rate_label()},
    )


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
        {"form": form, "errors": errors, "benchmarks": figures.benchmark_rows()},
    )


@role_required(Role.PERFORMANCE_OFFICER)
def population_estimates(request):
    """The ONS mid-year estimates behind the rate per 10,000: list, add or replace (audited)."""
    estimates = list(PopulationEstimate.objects.order_by("-year"))
    form = PopulationEstimateForm(
        request.POST or None, saved_years=[estimate.year for estimate in estimates]
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        population_estimate_set(
            year=data["year"],
            population=data["population"],
            source=data["source"],
            actor=request.user,
        )
        verb = "replaced" if data["year"] in form.saved_years else "saved"
        messages.success(request, f"Population estimate for mid-{data['year']} {verb}")
        return redirect("reports:population_estimates")
    return render(
        request,
        "reports/population_estimates.html",
        {
            "form": form,
            "estimates": estimates,
            "rate_label": figures.rate_label(),
            "rule": RATE_RULE,
        },
    )
