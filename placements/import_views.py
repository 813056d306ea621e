"""SSDA903 import in the browser, for performance officers."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from children.models import Child
from corporate_parenting import spreadsheets
from corporate_parenting.audit import audit_record
from corporate_parenting.models import AuditAction
from corporate_parenting.permissions import role_required
from corporate_parenting.roles import Role
from placements.import_forms import ImportUploadForm
from placements.models import ImportRun
from placements.ssda903 import rules
from placements.ssda903.importer import ERRORS_KEPT
from placements.ssda903.uploads import import_upload_confirm, import_upload_create, progress_get
from placements.views import child_record_url

ERRORS_PER_PAGE = 100
FIRST_ROWS = 5

# Apps that read the imported data (reports) add to the done page without placements
# importing them: each callable takes the ImportRun and returns extra template context.
_done_page_context = []


def register_import_done_context(fn):
    if fn not in _done_page_context:
        _done_page_context.append(fn)
    return fn


def _run(request, pk, *, uploads_only=False):
    """An import run: any run (an upload, or the command line's, as the demo's is) can be
    read; only an upload can be confirmed."""
    runs = ImportRun.objects.all()
    if uploads_only:
        runs = runs.filter(source=ImportRun.Source.UPLOAD)
    return get_object_or_404(runs, pk=pk)


@role_required(Role.PERFORMANCE_OFFICER)
def import_upload(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        run = import_upload_create(
            files=form.cleaned_data["files"],
            collection_year=form.cleaned_data["collection_year"],
            actor=request.user,
        )
        names = ", ".join(run.file_names)[:400]
        with transaction.atomic():
            audit_record(
                actor=request.user,
                action=AuditAction.IMPORT,
                obj=run,
                detail=f"uploaded SSDA903 files: {names}",
            )
        return redirect("placements:import_report", pk=run.pk)
    recent = ImportRun.objects.select_related("created_by")[:5]
    return render(request, "placements/import_upload.html", {"form": form, "recent": recent})


def group_errors(errors, counts=None):
    """[{code, source, message, count, first: [(index, error)]}] by rule, most frequent first.
    `source` says whether the code is a DfE rule or one of our own checks.

    `errors` are the errors kept (the first ERRORS_KEPT); `counts` ({rule: count}) cover
    them all when there were more."""
    groups = {}
    for index, error in enumerate(errors):
        group = groups.setdefault(
            error[3],
            {
                "code": error[3],
                "source": rules.source(error[3]),
                "message": error[4],
                "count": 0,
                "first": [],
            },
        )
        group["count"] += 1
        if len(group["first"]) < FIRST_ROWS:
            group["first"].append((index, index // ERRORS_PER_PAGE + 1, error))
    for code, count in (counts or {}).items():
        group = groups.setdefault(
            code,
            {"code": code, "source": rules.source(code), "message": "", "count": 0, "first": []},
        )
        group["count"] = max(group["count"], count)
    return sorted(groups.values(), key=lambda g: (-g["count"], g["code"]))


IN_PROGRESS = (ImportRun.Status.CHECKING, ImportRun.Status.IMPORTING)


def _progress(run):
    """What the progress page and its JSON say about a run."""
    progress = progress_get(run)
    done = run.status not in IN_PROGRESS
    if run.status == ImportRun.Status.IMPORTED:
        next_url = reverse("placements:import_done", args=[run.pk])
    else:
        next_url = reverse("placements:import_report", args=[run.pk])
    return {
        "status": run.status,
        "status_label": run.get_status_display(),
        "percent": progress["percent"],
        "note": progress["note"],
        "done": done,
        "next": next_url,
    }


@role_required(Role.PERFORMANCE_OFFICER)
def import_report(request, pk):
    run = _run(request, pk)
    if run.status == ImportRun.Status.IMPORTED:
        return redirect("placements:import_done", pk=run.pk)
    if run.status in IN_PROGRESS:
        return render(
            request, "placements/import_progress.html", {"run": run, "progress": _progress(run)}
        )
    page = Paginator(list(enumerate(run.errors)), ERRORS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "placements/import_report.html",
        {
            "run": run,
            "groups": group_errors(run.errors, run.summary.get("errors_by_rule")),
            "page": page,
            "rows": _rows_with_records(request.user, page),
            "errors_kept": len(run.errors),
            "errors_more": max(run.error_count - len(run.errors), 0),
            "errors_limit": ERRORS_KEPT,
        },
    )


def _child_of(error):
    """The CHILD an error's row names ('' for errors kept before runs recorded it)."""
    return error[5] if len(error) > 5 else ""


def _rows_with_records(user, page):
    """(index, error, CHILD, URL of that child's record) for a page of errors: a URL only for a
    child we hold whom `user` may read (opening the record is audited there, as any reading)."""
    local_ids = {_child_of(error) for _index, error in page} - {""}
    held = Child.objects.visible_to(user).filter(local_id__in=local_ids).only("pk", "local_id")
    records = {child.local_id: child_record_url(child) for child in held} if local_ids else {}
    return [
        (index, error, _child_of(error), records.get(_child_of(error))) for index, error in page
    ]


@role_required(Role.PERFORMANCE_OFFICER)
def import_progress(request, pk):
    """JSON for the progress page's script: how far the check or import has got."""
    run = _run(request, pk)
    response = JsonResponse(_progress(run))
    response["Cache-Control"] = "no-store"
    return response


@role_required(Role.PERFORMANCE_OFFICER)
def import_errors_csv(request, pk):
    run = _run(request, pk)
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        obj=run,
        detail=f"downloaded the import's errors CSV ({len(run.errors)} rows)",
    )
    response = HttpResponse(content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="ssda903-import-{run.pk}-errors.csv"'
    # Messages quote values from the uploaded files: the writer keeps a spreadsheet from
    # reading one as a formula.
    writer = spreadsheets.writer(response)
    writer.writerow(["file", "row", "column", "rule", "message", "source", "child"])
    writer.writerows([*error[:5], rules.source(error[3]), _child_of(error)] for error in run.errors)
    return response


@require_POST
@role_required(Role.PERFORMANCE_OFFICER)
def import_confirm(request, pk):
    run = _run(request, pk, uploads_only=True)
    # Either this request moves the run to importing, or another one already did (then both
    # show its progress); a run with errors or not yet checked cannot be imported.
    if not import_upload_confirm(run=run, actor=request.user):
        run.refresh_from_db()
        if run.status not in (ImportRun.Status.IMPORTING, ImportRun.Status.IMPORTED):
            raise PermissionDenied("Only a checked upload without errors can be imported.")
    return redirect("placements:import_report", pk=run.pk)


@role_required(Role.PERFORMANCE_OFFICER)
def import_done(request, pk):
    run = _run(request, pk)
    if run.status != ImportRun.Status.IMPORTED:
        return redirect("placements:import_report", pk=run.pk)
    context = {"run": run}
    for extra in _done_page_context:
        context.update(extra(run))
    return render(request, "placements/import_done.html", context)
