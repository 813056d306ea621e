"""Writes for boards, meetings, agendas, minutes, actions and action plans.

Each service is keyword-only, runs in one transaction and writes its audit row there. Minutes
and actions are changed through corporate_parenting.records (optimistic locking): two officers
editing the same minutes never overwrite each other.
"""

import os
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from corporate_parenting.audit import audit_record
from corporate_parenting.models import AuditAction
from corporate_parenting.records import record_update
from meetings import indicators
from meetings.models import (
    CLOSED_ACTION_STATUSES,
    Action,
    ActionPlan,
    ActionStatus,
    ActionUpdate,
    AgendaItem,
    Attendance,
    Board,
    Decision,
    DecisionKind,
    Declaration,
    Meeting,
    MeetingStatus,
    Membership,
    Paper,
    PaperKind,
    PlanAction,
    Priority,
    ProgressUpdate,
)
from meetings.uploads import EXTENSIONS, paper_content_type


def _today():
    return timezone.localdate()


def _create(instance, actor):
    instance.full_clean()
    instance.save()
    audit_record(actor=actor, action=AuditAction.CREATE, obj=instance)
    return instance


# --- Boards and members ----------------------------------------------------------------------


def board_create(*, name, slug, kind, description="", actor):
    with transaction.atomic():
        return _create(Board(name=name, slug=slug, kind=kind, description=description), actor)


def membership_add(*, board, name, role, position, start, end=None, user=None, actor):
    with transaction.atomic():
        return _create(
            Membership(
                board=board,
                name=name,
                role=role,
                position=position,
                start=start,
                end=end,
                user=user,
            ),
            actor,
        )


def membership_end(*, membership, end, actor):
    if end < membership.start:
        raise ValidationError({"end": "The end date must be on or after the start date"})
    with transaction.atomic():
        Membership.objects.filter(pk=membership.pk).update(end=end)
        membership.end = end
        audit_record(
            actor=actor, action=AuditAction.END, obj=membership, changes={"end": [None, str(end)]}
        )
    return membership


# --- Meetings --------------------------------------------------------------------------------


def _previous_meeting(board, day, exclude=None):
    queryset = Meeting.objects.filter(board=board, date__lt=day)
    if exclude is not None:
        queryset = queryset.exclude(pk=exclude.pk)
    return queryset.order_by("-date").first()


def _check_meeting(data):
    errors = {}
    if not data.get("venue") and not data.get("online_link"):
        errors["venue"] = "Enter a venue or an online meeting link"
    deadline, day = data.get("papers_deadline"), data.get("date")
    if deadline and day and deadline > day:
        errors["papers_deadline"] = "The papers deadline must be on or before the meeting date"
    if errors:
        raise ValidationError(errors)


def meeting_create(
    *, board, date, start_time, venue="", online_link="", papers_deadline=None, actor
):
    data = {
        "date": date,
        "venue": venue,
        "online_link": online_link,
        "papers_deadline": papers_deadline,
    }
    _check_meeting(data)
    if Meeting.objects.filter(board=board, date=date).exists():
        raise ValidationError({"date": "This board already has a meeting on that date"})
    with transaction.atomic():
        meeting = _create(
            Meeting(
                board=board,
                start_time=start_time,
                previous=_previous_meeting(board, date),
                updated_by=actor,
                **data,
            ),
            actor,
        )
        # A meeting added between two others becomes the later one's previous meeting.
        Meeting.objects.filter(board=board, date__gt=date, previous=meeting.previous).exclude(
            pk=meeting.pk
        ).update(previous=meeting)
    return meeting


def meeting_update(*, meeting, changes, expected_version, actor):
    data = {
        name: changes.get(name, getattr(meeting, name))
        for name in ("date", "venue", "online_link", "papers_deadline")
    }
    _check_meeting(data)
    if meeting.is_published and data["date"] < _today() <= meeting.date:
        raise ValidationError({"date": "A published meeting cannot be moved into the past"})
    if "date" in changes:
        changes = {
            **changes,
            "previous": _previous_meeting(meeting.board, changes["date"], meeting),
        }
    return record_update(
        instance=meeting, changes=changes, expected_version=expected_version, actor=actor
    )


def meeting_publish(*, meeting, actor, today=None):
    """Publish a draft agenda: the meeting must be upcoming, have items, and every item a
    presenting officer. Raises ValidationError listing every reason it cannot be published."""
    today = today or _today()
    problems = []
    if meeting.status != MeetingStatus.DRAFT:
        raise ValidationError("This agenda has already been published")
    if meeting.date < today:
        problems.append(
            f"The meeting was on {meeting.date:%-d %B %Y}: a meeting in the past cannot be "
            "published as upcoming. Change its date first"
        )
    items = list(meeting.items.all())
    if not items:
        problems.append("Add at least one agenda item")
    for item in items:
        if not item.presenter.strip():
            problems.append(f"Enter the presenting officer for item {item.position}, {item.title}")
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        Meeting.objects.filter(pk=meeting.pk, status=MeetingStatus.DRAFT).update(
            status=MeetingStatus.AGENDA_PUBLISHED, published_at=timezone.now()
        )
        meeting.refresh_from_db()
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            obj=meeting,
            changes={"status": [MeetingStatus.DRAFT, MeetingStatus.AGENDA_PUBLISHED]},
            detail="Published the agenda",
        )
    return meeting


def _require_minutes_open(meeting, today=None):
    today = today or _today()
    if meeting.status == MeetingStatus.DRAFT:
        raise ValidationError("Publish the agenda before recording the meeting")
    if meeting.status == MeetingStatus.MINUTES_APPROVED:
        raise ValidationError("The minutes of this meeting are approved and cannot be changed")
    if meeting.date > today:
        raise ValidationError(
            f"The meeting is on {meeting.date:%-d %B %Y}: record it on or after that day"
        )


def _minutes_drafted(meeting):
    if meeting.status == MeetingStatus.AGENDA_PUBLISHED:
        Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.MINUTES_DRAFTED)
        meeting.status = MeetingStatus.MINUTES_DRAFTED


def minutes_approve(*, meeting, approved_on, actor):
    """Approve the minutes (usually at the next meeting). They cannot be changed afterwards."""
    if meeting.status != MeetingStatus.MINUTES_DRAFTED:
        raise ValidationError("Record the minutes of this meeting before approving them")
    if approved_on < meeting.date:
        raise ValidationError(
            {"approved_on": "The minutes must be approved on or after the meeting date"}
        )
    with transaction.atomic():
        Meeting.objects.filter(pk=meeting.pk, status=MeetingStatus.MINUTES_DRAFTED).update(
            status=MeetingStatus.MINUTES_APPROVED, minutes_approved_on=approved_on
        )
        meeting.refresh_from_db()
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            obj=meeting,
            changes={"status": [MeetingStatus.MINUTES_DRAFTED, MeetingStatus.MINUTES_APPROVED]},
            detail="Approved the minutes",
        )
    return meeting


def attendance_record(*, meeting, rows, actor):
    """rows: [(membership, status, substitute)]; replaces the meeting's attendance."""
    _require_minutes_open(meeting)
    with transaction.atomic():
        meeting.attendance.all().delete()
        records = [
            Attendance(meeting=meeting, membership=m, status=s, substitute=sub)
            for m, s, sub in rows
        ]
        for record in records:
            record.full_clean(exclude=["meeting", "membership"], validate_unique=False)
        Attendance.objects.bulk_create(records)
        _minutes_drafted(meeting)
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            obj=meeting,
            changes={"attendance": [None, f"{len(records)} members"]},
            detail="Recorded attendance",
        )


# --- Agenda items and papers -------------------------------------------------------------------


def _check_item(data):
    if data.get("exempt") and not data.get("exempt_paragraph"):
        raise ValidationError(
            {"exempt_paragraph": "Select the Schedule 12A paragraph that makes this item exempt"}
        )
    if not data.get("exempt"):
        data["exempt_paragraph"] = None
    return data


def _require_agenda_open(meeting):
    if meeting.status == MeetingStatus.MINUTES_APPROVED:
        raise ValidationError("The minutes of this meeting are approved: its agenda is closed")


ITEM_FIELDS = (
    "title",
    "purpose",
    "presenter",
    "invitees",
    "exempt",
    "exempt_paragraph",
    "action_plan",
)


def item_add(*, meeting, data, actor):
    _require_agenda_open(meeting)
    data = _check_item({name: data.get(name) for name in ITEM_FIELDS if name in data})
    with transaction.atomic():
        Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
        position = (meeting.items.aggregate(top=Max("position"))["top"] or 0) + 1
        return _create(
            AgendaItem(meeting=meeting, position=position, updated_by=actor, **data), actor
        )


def item_update(*, item, changes, expected_version, actor):
    _require_agenda_open(item.meeting)
    changes = _check_item(dict(changes))
    return record_update(
        instance=item, changes=changes, expected_version=expected_version, actor=actor
    )


def item_move(*, item, up, actor):
    """Swap an item with the one before (up) or after it."""
    _require_agenda_open(item.meeting)
    with transaction.atomic():
        siblings = list(
            AgendaItem.objects.select_for_update().filter(meeting=item.meeting).order_by("position")
        )
        index = next(i for i, other in enumerate(siblings) if other.pk == item.pk)
        other_index = index - 1 if up else index + 1
        if not 0 <= other_index < len(siblings):
            return item
        other = siblings[other_index]
        mine, theirs = siblings[index].position, other.position
        AgendaItem.objects.filter(pk=item.pk).update(position=theirs)
        AgendaItem.objects.filter(pk=other.pk).update(position=mine)
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            obj=item,
            changes={"position": [str(mine), str(theirs)]},
        )
    return item


def paper_upload(*, item, title, upload, actor):
    """Attach an uploaded PDF or Word document. Checked by content and size first: a refused
    file is never stored."""
    _require_agenda_open(item.meeting)
    try:
        content_type = paper_content_type(upload)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from None
    if not title.strip():
        raise ValidationError({"title": "Enter the title of the paper"})
    stored = None
    try:
        with transaction.atomic():
            paper = Paper(
                item=item,
                kind=PaperKind.UPLOAD,
                title=title.strip(),
                filename=os.path.basename(upload.name)[:200],
                content_type=content_type,
                size=upload.size,
                uploaded_by=actor,
            )
            paper.file.save(f"{uuid.uuid4().hex}{EXTENSIONS[content_type]}", upload, save=False)
            stored = paper.file.name
            _create(paper, actor)
    except Exception:
        if stored:
            paper.file.storage.delete(stored)
        raise
    return paper


# --- At the meeting ------------------------------------------------------------------------------


def declaration_add(*, item, member, interest, actor):
    _require_minutes_open(item.meeting)
    with transaction.atomic():
        return _create(Declaration(item=item, member=member, interest=interest), actor)


def minutes_update(*, item, minutes, expected_version, actor):
    _require_minutes_open(item.meeting)
    with transaction.atomic():
        item = record_update(
            instance=item,
            changes={"minutes": minutes},
            expected_version=expected_version,
            actor=actor,
        )
        _minutes_drafted(item.meeting)
    return item


def decision_add(*, item, kind, text, referred_to="", actor):
    _require_minutes_open(item.meeting)
    if kind == DecisionKind.REFERRED and not referred_to.strip():
        raise ValidationError({"referred_to": "Enter the committee the matter is referred to"})
    if kind != DecisionKind.REFERRED:
        referred_to = ""
    with transaction.atomic():
        decision = _create(
            Decision(item=item, kind=kind, text=text, referred_to=referred_to.strip()), actor
        )
        _minutes_drafted(item.meeting)
    return decision


# --- Actions -----------------------------------------------------------------------------------


def action_raise(
    *, meeting, item=None, request, owner, due_meeting=None, due_date=None, indicator_code="", actor
):
    """Record a request made at `meeting`. An action naming an indicator keeps the figure as at
    the meeting date, as board members saw it."""
    _require_minutes_open(meeting)
    if item is not None and item.meeting_id != meeting.pk:
        raise ValidationError({"item": "Select an item of this meeting"})
    if due_meeting is not None and (
        due_meeting.board_id != meeting.board_id or due_meeting.date <= meeting.date
    ):
        raise ValidationError({"due_meeting": "Select a later meeting of this board"})
    if due_date is not None and due_date < meeting.date:
        raise ValidationError({"due_date": "The due date must be on or after the meeting date"})
    figure = None
    if indicator_code:
        figure = indicators.figures([indicator_code], meeting.date).get(indicator_code)
        if figure is None:
            raise ValidationError({"indicator_code": "Select an indicator from the list"})
    with transaction.atomic():
        action = _create(
            Action(
                meeting=meeting,
                item=item,
                request=request,
                owner=owner,
                due_meeting=due_meeting,
                due_date=due_date,
                indicator_code=indicator_code,
                indicator_title=figure.title if figure else "",
                figure_when_raised=figure.text if figure else "",
                figure_as_at=figure.as_at if figure else None,
                updated_by=actor,
            ),
            actor,
        )
        ActionUpdate.objects.create(
            action=action,
            by=actor,
            by_name=actor.display_name,
            status=ActionStatus.OPEN,
            note="Raised at the meeting",
        )
        _minutes_drafted(meeting)
    return action


def action_update(*, action, status, response, evidence, note, expected_version, actor, today=None):
    """Change an action's status and response. Closing it dates it; it then leaves the action
    log after the next meeting."""
    today = today or _today()
    closing = status in CLOSED_ACTION_STATUSES
    if closing and not response.strip():
        raise ValidationError({"response": "Enter the response before closing the action"})
    changes = {"status": status, "response": response, "evidence": evidence}
    if closing and action.closed_on is None:
        changes["closed_on"] = today
    if not closing:
        changes["closed_on"] = None
    with transaction.atomic():
        action = record_update(
            instance=action, changes=changes, expected_version=expected_version, actor=actor
        )
        ActionUpdate.objects.create(
            action=action, by=actor, by_name=actor.display_name, status=status, note=note
        )
    return action


# --- Action plans ------------------------------------------------------------------------------


def action_plan_create(*, board, title, summary, responsible, start, end=None, actor):
    with transaction.atomic():
        return _create(
            ActionPlan(
                board=board,
                title=title,
                summary=summary,
                responsible=responsible,
                start=start,
                end=end,
            ),
            actor,
        )


def priority_add(*, plan, title, lead, actor):
    with transaction.atomic():
        position = (plan.priorities.aggregate(top=Max("position"))["top"] or 0) + 1
        return _create(Priority(plan=plan, position=position, title=title, lead=lead), actor)


def plan_action_add(*, priority, description, lead, due_date, rag, actor):
    with transaction.atomic():
        return _create(
            PlanAction(
                priority=priority, description=description, lead=lead, due_date=due_date, rag=rag
            ),
            actor,
        )


def progress_add(*, action, date, rag, note, actor):
    """A dated progress update; the action takes its RAG status."""
    if date > _today():
        raise ValidationError({"date": "The date of the update must be today or in the past"})
    with transaction.atomic():
        update = _create(
            ProgressUpdate(
                action=action, date=date, rag=rag, note=note, by_name=actor.display_name
            ),
            actor,
        )
        latest = action.updates.order_by("-date", "-id").first()
        PlanAction.objects.filter(pk=action.pk).update(rag=latest.rag)
    return update
