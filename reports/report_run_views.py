"""Board report PDFs in the browser: ask for one, watch it being drawn, download it.

Officers who prepare the board's papers (democratic services, performance officers) ask for and
download any run. Everyone else is refused (403): board members read published packs through
the meeting pages. Progress reaches the page through `report_run_status`, our own
permission-checked JSON view of the run row (static/app/report-progress.js polls it).
"""

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from corporate_parenting.permissions import role_required
from corporate_parenting.roles import Role
from reports.audit import table_export_audit
from reports.forms import AttachRunForm, MeetingPackForm, ReportRunForm
from reports.models import ReportRun, ReportRunStatus, ReportType
from reports.report_runs import meeting_pack_request, report_run_attach, report_run_request

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
    return _runs_page(request, form, MeetingPackForm())


def _runs_page(request, form, pack_form):
    runs = ReportRun.objects.select_related("requested_by")[:RECENT_RUNS]
    return render(
        request,
        "reports/report_runs.html",
        {"form": form, "pack_form": pack_form, "runs": runs},
    )


@role_required(*REPORT_OFFICERS)
@require_POST
def meeting_pack_ask(request):
    pack_form = MeetingPackForm(request.POST)
    if pack_form.is_valid():
        run, _ = meeting_pack_request(
            meeting=pack_form.cleaned_data["meeting"],
            as_at=timezone.localdate(),
            actor=request.user,
        )
        return redirect("reports:report_run", pk=run.pk)
    return _runs_page(request, ReportRunForm(), pack_form)


@role_required(*REPORT_OFFICERS)
@require_GET
def report_run(request, pk):
    run = get_object_or_404(ReportRun.objects.select_related("paper__item__meeting__board"), pk=pk)
    return _run_page(request, run, AttachRunForm())


def _run_page(request, run, attach_form):
    attachable = run.status == ReportRunStatus.BUILT and run.report_type != ReportType.MEETING_PACK
    return render(
        request,
        "reports/report_run.html",
        {
            "run": run,
            "status": _status(run),
            "attach_form": attach_form if attachable else None,
        },
    )


@role_required(*REPORT_OFFICERS)
@require_POST
def report_run_attach_view(request, pk):
    run = get_object_or_404(ReportRun, pk=pk)
    if run.status != ReportRunStatus.BUILT or run.report_type == ReportType.MEETING_PACK:
        raise Http404
    form = AttachRunForm(request.POST)
    if not form.is_valid():
        return _run_page(request, run, form)
    item = form.cleaned_data["item"]
    report_run_attach(run=run, item=item, actor=request.user)
    return redirect("meetings:meeting_detail", pk=item.meeting_id)


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


@role_required(Role.BOARD_MEMBER, *REPORT_OFFICERS)
@require_GET
def meeting_pack_download(request, meeting_id):
    """The newest built pack of a meeting: officers any meeting's; a board member only a
    published meeting of a board they sit on. Packs hold open items only."""
    from corporate_parenting.permissions import has_role
    from meetings.models import Meeting
    from meetings.selectors import my_boards

    meeting = get_object_or_404(Meeting, pk=meeting_id)
    on_board = my_boards(request.user, timezone.localdate()).filter(pk=meeting.board_id)
    officer = has_role(request.user, *REPORT_OFFICERS)
    if not officer and not (meeting.is_published and on_board.exists()):
        raise PermissionDenied
    run = (
        ReportRun.objects.filter(
            report_type=ReportType.MEETING_PACK,
            parameters__meeting=meeting.pk,
            status=ReportRunStatus.BUILT,
        )
        .order_by("-finished_at")
        .first()
    )
    if run is None:
        return render(
            request, "reports/meeting_pack_not_ready.html", {"meeting": meeting}, status=404
        )
    table_export_audit(
        actor=request.user, detail=f"Downloaded the pack of {meeting} (run {run.pk})"
    )
    return FileResponse(
        run.file.open("rb"),
        as_attachment=True,
        filename=f"meeting-pack-{meeting.date:%Y-%m-%d}.pdf",
        content_type="application/pdf",
    )
