"""Board report PDFs in the browser: ask for one, watch it being drawn, download it.

Officers who prepare the board's papers (democratic services, performance officers) ask for and
download any run. Everyone else is refused (403): board members read published packs through
the meeting pages. Progress reaches the page through `report_run_status`, our own
permission-checked JSON view of the run row (static/app/report-progress.js polls it).
"""

from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from corporate_parenting.permissions import role_required
from corporate_parenting.roles import Role
from reports.audit import table_export_audit
from reports.forms import ReportRunForm
from reports.models import ReportRun, ReportRunStatus
from reports.report_runs import report_run_request

REPORT_OFFICERS = (Role.DEMOCRATIC_SERVICES, Role.PERFORMANCE_OFFICER)
RECENT_RUNS = 20


@role_required(*REPORT_OFFICERS)
def report_runs(request):
    form = ReportRunForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        run, _ = report_run_request(
            report_type=form.cleaned_data["report_type"],
            as_at=form.cleaned_data["as_at"],
            actor=request.user,
        )
        return redirect("reports:report_run", pk=run.pk)
    runs = ReportRun.objects.select_related("requested_by")[:RECENT_RUNS]
    return render(request, "reports/report_runs.html", {"form": form, "runs": runs})


@role_required(*REPORT_OFFICERS)
@require_GET
def report_run(request, pk):
    run = get_object_or_404(ReportRun, pk=pk)
    return render(request, "reports/report_run.html", {"run": run, "status": _status(run)})


def _status(run):
    built = run.status == ReportRunStatus.BUILT
    return {
        "id": run.pk,
        "status": run.status,
        "status_label": run.get_status_display(),
        "progress": run.progress,
        "stage": run.stage,
        "finished": run.status in (ReportRunStatus.BUILT, ReportRunStatus.FAILED),
        "download_url": reverse("reports:report_run_download", args=[run.pk]) if built else "",
        "pages": run.pages,
        "error": run.error.split(" (")[0] if run.status == ReportRunStatus.FAILED else "",
    }


@role_required(*REPORT_OFFICERS)
@require_GET
def report_run_status(request, pk):
    run = get_object_or_404(ReportRun, pk=pk)
    response = JsonResponse(_status(run))
    response["Cache-Control"] = "no-store"
    return response


@role_required(*REPORT_OFFICERS)
@require_GET
def report_run_download(request, pk):
    run = get_object_or_404(ReportRun, pk=pk)
    if run.status != ReportRunStatus.BUILT:
        raise Http404
    table_export_audit(actor=request.user, detail=f"Downloaded {run} (report run {run.pk}, PDF)")
    return FileResponse(
        run.file.open("rb"),
        as_attachment=True,
        filename=run.filename,
        content_type="application/pdf",
    )
