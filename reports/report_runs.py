"""Report runs: ask for a board report PDF (report_run_request) and draw it (report_run_execute).

Asking, drawing and downloading are audited as exports (of board figures, never a child's
record, so they leave the dashboards' data fingerprint alone). A run is keyed by a hash of its
inputs (type, as-at date, parameters and the state of the data), so the same report asked for
twice on the same data is one row and one file. Drawing holds a PostgreSQL advisory lock on the
run for the whole render: a second worker given the same run leaves it alone, and a worker that
dies drops its lock with its connection, so the run can be redone by the worker that Celery
hands the message to next.

A run is saved even when the broker (Redis) cannot be reached: it stays queued, the page says it
will start by itself, and the sweep (report_runs_resend: Celery beat, and every worker as it
starts) sends again every run that report_runs_stale counts as stale.
"""

import hashlib
import json
import logging
import time
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import F
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerUnreachable
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from corporate_parenting.audit import audit_record
from corporate_parenting.models import AuditAction
from reports import values
from reports.models import ReportRun, ReportRunStatus, ReportType
from reports.pdf import documents

logger = logging.getLogger(__name__)
LOCK_NAMESPACE = 19_001  # pg_try_advisory_lock(namespace, run id)


def inputs_hash(*, report_type, as_at, parameters, fingerprint):
    text = json.dumps(
        [report_type, as_at.isoformat(), parameters, fingerprint], sort_keys=True, default=str
    )
    return hashlib.sha256(text.encode()).hexdigest()


def report_run_request(*, report_type, as_at, parameters=None, actor):
    """(run, created): the run for these inputs, made and queued when there is none yet.

    A run that failed is queued again; a queued, running or built run is returned as it is.
    """
    parameters = parameters or {}
    digest = inputs_hash(
        report_type=report_type,
        as_at=as_at,
        parameters=parameters,
        fingerprint=values.data_fingerprint(),
    )
    with transaction.atomic():
        run, created = ReportRun.objects.get_or_create(
            inputs_hash=digest,
            defaults={
                "report_type": report_type,
                "as_at": as_at,
                "parameters": parameters,
                "requested_by": actor if getattr(actor, "is_authenticated", False) else None,
            },
        )
        run = ReportRun.objects.select_for_update().get(pk=run.pk)
        again = not created and run.status == ReportRunStatus.FAILED
        if again:
            run.status, run.progress, run.stage, run.error = ReportRunStatus.QUEUED, 0, "", ""
            run.save(update_fields=["status", "progress", "stage", "error"])
        if created or again:
            audit_record(
                actor=actor,
                action=AuditAction.EXPORT,
                obj=run,
                detail=f"Asked for {run} ({'again after a failure' if again else 'new'})",
            )
            transaction.on_commit(lambda: report_run_send(run.pk))
    return run, created


BROKER_ERRORS = (BrokerUnreachable, RedisConnectionError, RedisTimeoutError, OSError)
WAITING_FOR_BROKER = (
    "the report service is not answering; it will start by itself when the service is back"
)


def report_run_send(run_id):
    """Hand a run to the workers. True if sent; False if the broker could not be reached, in
    which case the run stays queued, says so, and the sweep sends it later."""
    from corporate_parenting.celery import app
    from reports.tasks import report_run_render

    # One try, no reconnecting for seconds: the person asking is waiting for the page.
    options = {**app.conf.broker_transport_options, "max_retries": 0}
    try:
        with app.connection_for_write(transport_options=options) as connection:
            # The run's row holds its outcome: no result to wait for (waiting on one would
            # subscribe to Redis before sending, and retry for seconds while it is down).
            report_run_render.apply_async(
                (run_id,), retry=False, ignore_result=True, connection=connection
            )
    except BROKER_ERRORS as error:
        logger.warning("Report run %s stays queued: broker unreachable (%r)", run_id, error)
        ReportRun.objects.filter(pk=run_id, status=ReportRunStatus.QUEUED).update(
            stage=WAITING_FOR_BROKER
        )
        return False
    return True


def report_runs_stale(now=None):
    """Runs no worker may ever pick up unless sent again: queued for longer than
    REPORT_RUN_RESEND_AFTER_SECONDS (never sent because the broker was down, or their message
    was lost with a Redis that restarted empty). Sending one twice is safe: see
    report_run_execute."""
    now = now or timezone.now()
    since = now - timedelta(seconds=settings.REPORT_RUN_RESEND_AFTER_SECONDS)
    return ReportRun.objects.filter(status=ReportRunStatus.QUEUED, requested_at__lte=since)


def report_runs_resend(now=None):
    """Send every stale run again; stops at the first that cannot be sent. Returns how many
    were sent."""
    sent = 0
    for run_id in report_runs_stale(now).order_by("requested_at").values_list("pk", flat=True):
        if not report_run_send(run_id):
            break
        sent += 1
    if sent:
        logger.info("Sent %s stale queued report run(s) again", sent)
    return sent


@contextmanager
def _run_lock(run_id):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [LOCK_NAMESPACE, run_id])
        got = cursor.fetchone()[0]
    try:
        yield got
    finally:
        if got:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_NAMESPACE, run_id])


def _progress(run_id, percent, stage):
    ReportRun.objects.filter(pk=run_id).update(progress=percent, stage=stage[:100])


def _pause(run_id):
    """REPORTS_RENDER_PAUSE_SECONDS (0 in service): a render slow enough to interrupt in tests."""
    pause = settings.REPORTS_RENDER_PAUSE_SECONDS
    if pause:
        _progress(run_id, 20, "Pausing before drawing (REPORTS_RENDER_PAUSE_SECONDS)")
        time.sleep(pause)


def _draw(run):
    def progress(percent, stage):
        _progress(run.pk, percent, stage)
        if percent == 50:
            _pause(run.pk)

    if run.report_type == ReportType.MEETING_PACK:
        from reports.pdf.meeting_pack import meeting_pack_pdf

        return meeting_pack_pdf(run.parameters["meeting"], as_at=run.as_at, progress=progress)
    return documents.report_pdf(
        run.report_type,
        as_at=run.as_at,
        board=run.parameters.get("board", ""),
        meeting=run.parameters.get("meeting_title", ""),
        progress=progress,
    )


# Errors worth another try (the database went away): the task retries them with backoff.
TRANSIENT_ERRORS = (InterfaceError, OperationalError)


def report_run_execute(run_id):
    """Draw run `run_id` unless it is built or another worker is drawing it. Returns what it did:
    "built", "already built", "busy", "failed" or "gone"."""
    with _run_lock(run_id) as got:
        if not got:
            return "busy"
        run = ReportRun.objects.filter(pk=run_id).first()
        if run is None:
            return "gone"
        if run.status == ReportRunStatus.BUILT:
            return "already built"
        started = timezone.now()
        ReportRun.objects.filter(pk=run_id).update(
            status=ReportRunStatus.RUNNING,
            started_at=started,
            finished_at=None,
            attempts=F("attempts") + 1,
            progress=5,
            stage="Starting",
            error="",
        )
        try:
            data, pages = _draw(run)
        except Exception as error:
            if isinstance(error, TRANSIENT_ERRORS):
                _progress(run_id, 0, "Waiting to try again")
                raise
            logger.exception("Report run %s failed", run_id)
            _run_failed(run, error)
            return "failed"
        _run_built(run, data, pages)
        return "built"


def _requester(run):
    """Who asked for the run (None for the schedule, or once their account is gone)."""
    return get_user_model().objects.filter(pk=run.requested_by_id).first()


def _run_built(run, data, pages):
    name = run.file.storage.save(
        run.file.field.generate_filename(run, run.filename), ContentFile(data)
    )
    with transaction.atomic():
        ReportRun.objects.filter(pk=run.pk).update(
            status=ReportRunStatus.BUILT,
            file=name,
            pages=pages,
            progress=100,
            stage="Ready",
            finished_at=timezone.now(),
        )
        audit_record(
            actor=_requester(run),
            action=AuditAction.EXPORT,
            obj=run,
            detail=f"Drew {run}: {pages} pages, {len(data):,} bytes",
        )


FAILURE_TEXT = (
    "The report could not be drawn. Ask for it again; if it fails again, tell the performance "
    "team and give them this reference: report run {pk}."
)


def _run_failed(run, error):
    with transaction.atomic():
        ReportRun.objects.filter(pk=run.pk).update(
            status=ReportRunStatus.FAILED,
            stage="Failed",
            finished_at=timezone.now(),
            error=f"{FAILURE_TEXT.format(pk=run.pk)} ({type(error).__name__}: {error})"[:2000],
        )
        audit_record(
            actor=_requester(run),
            action=AuditAction.EXPORT,
            obj=run,
            detail=f"Failed to draw {run}: {type(error).__name__}",
        )


def meeting_pack_request(*, meeting, as_at, actor):
    """(run, created): the meeting's pack as it stands (its items, papers and actions are part
    of the inputs, so a changed agenda makes a new pack)."""
    from reports.pdf.meeting_pack import meeting_pack_state

    return report_run_request(
        report_type=ReportType.MEETING_PACK,
        as_at=as_at,
        parameters={"meeting": meeting.pk, "state": meeting_pack_state(meeting)},
        actor=actor,
    )


def report_run_attach(*, run, item, actor):
    """Attach a built run to an agenda item as a paper (kind REPORT_RUN, the run's file)."""
    from meetings.models import Paper, PaperKind

    if run.status != ReportRunStatus.BUILT:
        raise ValueError("Only a report that is ready can be attached")
    with transaction.atomic():
        run = ReportRun.objects.select_for_update().get(pk=run.pk)
        if run.paper_id is not None and run.paper.item_id == item.pk:
            return run.paper
        paper = Paper.objects.create(
            item=item,
            kind=PaperKind.REPORT_RUN,
            title=str(run),
            file=run.file.name,
            filename=run.filename,
            content_type="application/pdf",
            size=run.file.size,
            uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        run.paper = paper
        run.save(update_fields=["paper"])
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            obj=run,
            detail=f"Attached {run} to agenda item {item.position} of {item.meeting}",
        )
    return paper
