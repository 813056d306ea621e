"""SSDA903 import in the browser, for performance officers."""

from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from corporate_parenting import spreadsheets
from corporate_parenting.audit import audit_record
from corporate_parenting.models import AuditAction
from corporate_parenting.permissions import role_required
from corporate_parenting.roles import Role
from placements.import_forms import ImportUploadForm
from placements.models import ImportRun
from placements.ssda903 import rules
from placements.ssda903.uploads import import_upload_confirm, import_upload_create

ERRORS_PER_PAGE = 100
FIRST_ROWS = 5

# Apps that read the imported data (reports) add to the done page without placements
# importing them: each callable takes the ImportRun and returns extra template context.
_done_page_context = []


def register_import_done_context(fn):
    if fn not in _done_page_context:
        _done_page_context.append(fn)
    return fn


def _run(request, pk):
    return get_object_or_404(ImportRun, pk=pk, source=ImportRun.Source.UPLOAD)


@role_required(Role.PERFORMANCE_OFFICER)
def import_upload(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        run = import_upload_create(
            files=form.cleaned_data["files"],
            collection_year=form.cleaned_data["collection_year"],
            actor=request.user,
        )
        names = ", ".join(f.name for f in form.cleaned_data["files"])[:400]
        with transaction.atomic():
            audit_record(
                actor=request.user,
                action=AuditAction.IMPORT,
                obj=run,
                detail=f"uploaded SSDA903 files: {names}",
            )
        return redirect("placements:import_report", pk=run.pk)
    recent = ImportRun.objects.filter(source=ImportRun.Source.UPLOAD)[:5]
    return render(request, "placements/import_upload.html", {"form": form, "recent": recent})


def group_errors(errors):
    """[{code, source, message, count, first: [(index, error)]}] by rule, most frequent first.
    `source` says whether the code is a DfE rule or one of our own checks."""
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
    return sorted(groups.values(), key=lambda g: (-g["count"], g["code"]))


@role_required(Role.PERFORMANCE_OFFICER)
def import_report(request, pk):
    run = _run(request, pk)
    if run.status == ImportRun.Status.IMPORTED:
        return redirect("placements:import_done", pk=run.pk)
    page = Paginator(list(enumerate(run.errors)), ERRORS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "placements/import_report.html",
        {"run": run, "groups": group_errors(run.errors), "page": page},
    )


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
    writer.writerow(["file", "row", "column", "rule", "message", "source"])
    writer.writerows([*error, rules.source(error[3])] for error in run.errors)
    return response


@require_POST
@role_required(Role.PERFORMANCE_OFFICER)
def import_confirm(request, pk):
    run = _run(request, pk)
    import_upload_confirm(run=run, actor=request.user)
    if run.status == ImportRun.Status.IMPORTED:
        return redirect("placements:import_done", pk=run.pk)
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
