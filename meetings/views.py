"""Meetings pages. Views check the role, call a selector or a service, and render.

Officers (democratic services) manage; board members read; the public pages need no sign-in
and show published, open business only. Exempt content is rendered only by the item, action
and paper views, and every opening is audited.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from corporate_parenting.audit import audit_record
from corporate_parenting.models import AuditAction
from corporate_parenting.permissions import check_role
from corporate_parenting.records import StaleRecord
from corporate_parenting.roles import Role
from meetings import forms, ical, selectors, services
from meetings.models import ActionPlan, AgendaItem, Board, Meeting, Paper, PlanAction

OFFICER = Role.DEMOCRATIC_SERVICES


def _officer(request):
    check_role(request.user, OFFICER)


def _reader(request):
    check_role(request.user, *selectors.READERS)


def _data(request):
    return request.POST if request.method == "POST" else None


def _apply_errors(form, error):
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            target = name if name in form.fields else None
            for message in errors:
                text = " ".join(message.messages)
                form.add_error(target, text)
                if target and isinstance(form.fields[target], forms.GovukDateField):
                    form.fields[target].fields[0].widget.errors = [text]
    else:
        for message in error.messages:
            form.add_error(None, message)


def _stale(form, exc):
    form.add_error(None, str(exc))
    data = form.data.copy()
    data["version"] = exc.instance.version
    form.data = data


def _form_page(request, form, *, title, back, save, success, caption="", upload=False):
    """GET shows the form; a valid POST calls `save(cleaned_data)`, which returns the URL to go
    to. Service errors and stale versions come back on the form, with the user's input kept."""
    if request.method == "POST" and form.is_valid():
        try:
            next_url = save(form.cleaned_data)
        except StaleRecord as exc:
            _stale(form, exc)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect(next_url)
    return render(
        request,
        "meetings/form.html",
        {"form": form, "title": title, "back": back, "caption": caption, "upload": upload},
    )


def _meeting_for(request, pk):
    return selectors.get_meeting(selectors.meetings_visible_to(request.user), pk)


def _item_for(request, pk):
    item = get_object_or_404(AgendaItem.objects.select_related("meeting__board"), pk=pk)
    _meeting_for(request, item.meeting_id)
    if item.exempt and not selectors.may_open_exempt(request.user, item.meeting.board_id, _today()):
        raise PermissionDenied
    return item


def _audit_exempt_opening(request, obj, what):
    audit_record(actor=request.user, action=AuditAction.VIEW, obj=obj, detail=f"Opened {what}")


def _today():
    return timezone.localdate()


# --- Index, my meetings, boards ---------------------------------------------------------------


def index(request):
    _reader(request)
    today = _today()
    if selectors.can_manage(request.user):
        meetings = selectors.meetings_visible_to(request.user)
        return render(
            request,
            "meetings/index.html",
            {
                "boards": selectors.boards(),
                "upcoming": selectors.upcoming(meetings, today)[:20],
                "recent": selectors.past(meetings, today)[:10],
            },
        )
    boards = list(selectors.my_boards(request.user, today))
    meetings = selectors.meetings_visible_to(request.user).filter(board__in=boards)
    return render(
        request,
        "meetings/my_meetings.html",
        {
            "boards": boards,
            "upcoming": list(selectors.upcoming(meetings, today)[:10]),
            "recent": list(selectors.past(meetings, today)[:5]),
            "other_boards": selectors.boards().exclude(pk__in=[b.pk for b in boards]),
        },
    )


def board_add(request):
    _officer(request)

    def save(data):
        board = services.board_create(actor=request.user, **data)
        return reverse("meetings:board_detail", args=[board.slug])

    return _form_page(
        request,
        forms.BoardForm(_data(request)),
        title="Add a board",
        back=reverse("meetings:index"),
        save=save,
        success="Board added",
    )


def board_detail(request, slug):
    _reader(request)
    board = get_object_or_404(Board, slug=slug)
    today = _today()
    meetings = selectors.meetings_visible_to(request.user).filter(board=board)
    return render(
        request,
        "meetings/board_detail.html",
        {
            "board": board,
            "members": selectors.board_members(board, today),
            "upcoming": selectors.upcoming(meetings, today),
            "past": selectors.past(meetings, today),
            "plans": board.action_plans.all(),
            "can_manage": selectors.can_manage(request.user),
        },
    )


def membership_add(request, slug):
    _officer(request)
    board = get_object_or_404(Board, slug=slug)

    def save(data):
        services.membership_add(board=board, actor=request.user, **data)
        return reverse("meetings:board_detail", args=[board.slug])

    return _form_page(
        request,
        forms.MembershipForm(_data(request)),
        title="Add a member",
        caption=board.name,
        back=reverse("meetings:board_detail", args=[slug]),
        save=save,
        success="Member added",
    )


def meeting_add(request, slug):
    _officer(request)
    board = get_object_or_404(Board, slug=slug)

    def save(data):
        meeting = services.meeting_create(board=board, actor=request.user, **data)
        return reverse("meetings:agenda", args=[meeting.pk])

    return _form_page(
        request,
        forms.MeetingForm(_data(request)),
        title="Add a meeting",
        caption=board.name,
        back=reverse("meetings:board_detail", args=[slug]),
        save=save,
        success="Meeting added: now build its agenda",
    )


# --- The meeting ---------------------------------------------------------------------------


def meeting_detail(request, pk):
    _reader(request)
    meeting = _meeting_for(request, pk)
    page = selectors.meeting_page(meeting=meeting, user=request.user, today=_today())
    return render(
        request,
        "meetings/meeting_detail.html",
        {"page": page, "meeting": meeting, "can_manage": selectors.can_manage(request.user)},
    )


def meeting_change(request, pk):
    _officer(request)
    meeting = _meeting_for(request, pk)
    form = forms.MeetingForm(_data(request), initial=forms.meeting_initial(meeting))
    form.fields["version"] = forms.forms.IntegerField(
        widget=forms.forms.HiddenInput, initial=meeting.version
    )
    form.helper.layout.append("version")

    def save(data):
        version = data.pop("version")
        services.meeting_update(
            meeting=meeting, changes=data, expected_version=version, actor=request.user
        )
        return reverse("meetings:meeting_detail", args=[meeting.pk])

    return _form_page(
        request,
        form,
        title="Change the meeting details",
        caption=str(meeting),
        back=reverse("meetings:meeting_detail", args=[pk]),
        save=save,
        success="Meeting details saved",
    )


def agenda(request, pk):
    """The task list for building an agenda, and publishing it."""
    _officer(request)
    meeting = _meeting_for(request, pk)
    items = list(meeting.items.prefetch_related("papers").order_by("position"))
    return render(
        request,
        "meetings/agenda.html",
        {"meeting": meeting, "items": items, "errors": [], "today": _today()},
    )


@require_POST
def meeting_publish(request, pk):
    _officer(request)
    meeting = _meeting_for(request, pk)
    try:
        services.meeting_publish(meeting=meeting, actor=request.user)
    except ValidationError as exc:
        items = list(meeting.items.prefetch_related("papers").order_by("position"))
        return render(
            request,
            "meetings/agenda.html",
            {"meeting": meeting, "items": items, "errors": exc.messages, "today": _today()},
            status=400,
        )
    messages.success(request, "Agenda published")
    return redirect("meetings:meeting_detail", pk=meeting.pk)


def item_add(request, pk):
    _officer(request)
    meeting = _meeting_for(request, pk)
    form = forms.AgendaItemForm(_data(request), plans=meeting.board.action_plans.all())

    def save(data):
        services.item_add(meeting=meeting, data=data, actor=request.user)
        return reverse("meetings:agenda", args=[meeting.pk])

    return _form_page(
        request,
        form,
        title="Add an agenda item",
        caption=str(meeting),
        back=reverse("meetings:agenda", args=[pk]),
        save=save,
        success="Agenda item added",
    )


def item_change(request, pk):
    _officer(request)
    item = _item_for(request, pk)
    form = forms.AgendaItemForm(
        _data(request),
        initial=forms.item_initial(item),
        plans=item.meeting.board.action_plans.all(),
    )
    form.fields["version"] = forms.forms.IntegerField(
        widget=forms.forms.HiddenInput, initial=item.version
    )
    form.helper.layout.append("version")

    def save(data):
        version = data.pop("version")
        services.item_update(item=item, changes=data, expected_version=version, actor=request.user)
        return reverse("meetings:agenda", args=[item.meeting_id])

    return _form_page(
        request,
        form,
        title=f"Change item {item.position}",
        caption=str(item.meeting),
        back=reverse("meetings:agenda", args=[item.meeting_id]),
        save=save,
        success="Agenda item saved",
    )


@require_POST
def item_move(request, pk):
    _officer(request)
    item = _item_for(request, pk)
    try:
        services.item_move(item=item, up=request.POST.get("direction") == "up", actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("meetings:agenda", pk=item.meeting_id)


def item_detail(request, pk):
    _reader(request)
    item = _item_for(request, pk)
    meeting = item.meeting
    if item.exempt:
        _audit_exempt_opening(request, item, f"exempt item {item.position} of {meeting}")
    actions = item.actions.all()
    codes = set(actions.exclude(indicator_code="").values_list("indicator_code", flat=True))
    return render(
        request,
        "meetings/item_detail.html",
        {
            "item": item,
            "meeting": meeting,
            "papers": item.papers.all(),
            "actions": selectors.action_rows(
                actions, selectors.indicators.figures(codes, _today())
            ),
            "minutes_visible": selectors.minutes_visible(request.user, meeting),
            "can_manage": selectors.can_manage(request.user),
        },
    )


def paper_add(request, pk):
    _officer(request)
    item = _item_for(request, pk)
    form = forms.PaperForm(_data(request), request.FILES or None)

    def save(data):
        services.paper_upload(
            item=item, title=data["title"], upload=data.get("file"), actor=request.user
        )
        return reverse("meetings:agenda", args=[item.meeting_id])

    return _form_page(
        request,
        form,
        title=f"Add a paper to item {item.position}",
        caption=item.title,
        back=reverse("meetings:agenda", args=[item.meeting_id]),
        save=save,
        success="Paper uploaded",
        upload=True,
    )


def _send_paper(paper):
    if not paper.file:
        raise Http404
    return FileResponse(
        paper.file.open("rb"),
        as_attachment=True,
        filename=paper.filename or paper.file.name.rsplit("/", 1)[-1],
        content_type=paper.content_type or "application/octet-stream",
    )


def paper_download(request, pk):
    _reader(request)
    paper = get_object_or_404(Paper.objects.select_related("item__meeting"), pk=pk)
    item = _item_for(request, paper.item_id)
    if item.exempt:
        _audit_exempt_opening(request, paper, f"exempt paper “{paper.title}”")
    return _send_paper(paper)


# --- At the meeting ------------------------------------------------------------------------------


def attendance(request, pk):
    _officer(request)
    meeting = _meeting_for(request, pk)
    members = selectors.board_members(meeting.board, meeting.date)
    current = {a.membership_id: a for a in meeting.attendance.all()}
    form = forms.AttendanceForm(_data(request), members=members, current=current)

    def save(data):
        services.attendance_record(meeting=meeting, rows=form.rows(), actor=request.user)
        return reverse("meetings:meeting_detail", args=[meeting.pk])

    return _form_page(
        request,
        form,
        title="Record attendance",
        caption=str(meeting),
        back=reverse("meetings:meeting_detail", args=[pk]),
        save=save,
        success="Attendance saved",
    )


def declaration_add(request, pk):
    _officer(request)
    item = _item_for(request, pk)

    def save(data):
        services.declaration_add(item=item, actor=request.user, **data)
        return reverse("meetings:item_detail", args=[item.pk])

    return _form_page(
        request,
        forms.DeclarationForm(_data(request)),
        title="Record a declaration of interest",
        caption=str(item),
        back=reverse("meetings:item_detail", args=[pk]),
        save=save,
        success="Declaration recorded",
    )


def minutes_change(request, pk):
    _officer(request)
    item = _item_for(request, pk)
    form = forms.MinutesForm(
        _data(request), initial={"minutes": item.minutes}, version=item.version
    )

    def save(data):
        services.minutes_update(
            item=item, minutes=data["minutes"], expected_version=data["version"], actor=request.user
        )
        return reverse("meetings:item_detail", args=[item.pk])

    return _form_page(
        request,
        form,
        title=f"Minutes of item {item.position}",
        caption=item.title,
        back=reverse("meetings:item_detail", args=[pk]),
        save=save,
        success="Minutes saved",
    )


def decision_add(request, pk):
    _officer(request)
    item = _item_for(request, pk)

    def save(data):
        services.decision_add(item=item, actor=request.user, **data)
        return reverse("meetings:item_detail", args=[item.pk])

    return _form_page(
        request,
        forms.DecisionForm(_data(request)),
        title="Record a decision",
        caption=str(item),
        back=reverse("meetings:item_detail", args=[pk]),
        save=save,
        success="Decision recorded",
    )


def action_add(request, pk):
    _officer(request)
    meeting = _meeting_for(request, pk)
    initial = {}
    if request.GET.get("item", "").isdigit():
        initial["item"] = int(request.GET["item"])
    form = forms.ActionForm(
        _data(request),
        initial=initial,
        items=meeting.items.order_by("position"),
        later_meetings=Meeting.objects.filter(board=meeting.board, date__gt=meeting.date).order_by(
            "date"
        ),
    )

    def save(data):
        action = services.action_raise(meeting=meeting, actor=request.user, **data)
        return reverse("meetings:action_detail", args=[action.pk])

    return _form_page(
        request,
        form,
        title="Record an action",
        caption=str(meeting),
        back=reverse("meetings:meeting_detail", args=[pk]),
        save=save,
        success="Action recorded",
    )


def minutes_approve(request, pk):
    _officer(request)
    meeting = _meeting_for(request, pk)
    form = forms.ApproveMinutesForm(_data(request), initial={})

    def save(data):
        services.minutes_approve(
            meeting=meeting, approved_on=data["approved_on"], actor=request.user
        )
        return reverse("meetings:meeting_detail", args=[meeting.pk])

    return _form_page(
        request,
        form,
        title="Approve the minutes",
        caption=str(meeting),
        back=reverse("meetings:meeting_detail", args=[pk]),
        save=save,
        success="Minutes approved",
    )


# --- Actions -----------------------------------------------------------------------------------


def _action_for(request, pk):
    action = get_object_or_404(
        selectors.actions_visible_to(request.user).select_related("meeting__board"), pk=pk
    )
    exempt = action.item is not None and action.item.exempt
    if exempt and not selectors.may_open_exempt(request.user, action.meeting.board_id, _today()):
        raise PermissionDenied
    return action


def action_detail(request, pk):
    _reader(request)
    action = _action_for(request, pk)
    if action.item is not None and action.item.exempt:
        _audit_exempt_opening(request, action, "an action of an exempt item")
    return render(
        request,
        "meetings/action_detail.html",
        {
            "action": action,
            "updates": action.updates.all(),
            "figure": selectors.indicators.figures([action.indicator_code], _today()).get(
                action.indicator_code
            ),
            "can_manage": selectors.can_manage(request.user),
        },
    )


def action_update(request, pk):
    _officer(request)
    action = _action_for(request, pk)
    form = forms.ActionUpdateForm(
        _data(request),
        initial={"status": action.status, "response": action.response, "evidence": action.evidence},
        version=action.version,
    )

    def save(data):
        services.action_update(
            action=action,
            status=data["status"],
            response=data["response"],
            evidence=data["evidence"],
            note=data["note"],
            expected_version=data["version"],
            actor=request.user,
        )
        return reverse("meetings:action_detail", args=[action.pk])

    return _form_page(
        request,
        form,
        title="Update the action",
        caption=action.request[:80],
        back=reverse("meetings:action_detail", args=[pk]),
        save=save,
        success="Action updated",
    )


def action_log(request, slug):
    _reader(request)
    board = get_object_or_404(Board, slug=slug)
    show = request.GET.get("show", selectors.LogFilter.OPEN)
    if show not in (selectors.LogFilter.OPEN, selectors.LogFilter.CLOSED, selectors.LogFilter.ALL):
        show = selectors.LogFilter.OPEN
    actions = selectors.board_action_log(board=board, user=request.user, show=show)
    codes = set(actions.exclude(indicator_code="").values_list("indicator_code", flat=True))
    return render(
        request,
        "meetings/action_log.html",
        {
            "board": board,
            "actions": selectors.action_rows(
                actions, selectors.indicators.figures(codes, _today())
            ),
            "show": show,
            "exempt_allowed": selectors.may_open_exempt(request.user, board.pk, _today()),
        },
    )


# --- Action plans --------------------------------------------------------------------------------


def plan_add(request, slug):
    _officer(request)
    board = get_object_or_404(Board, slug=slug)

    def save(data):
        plan = services.action_plan_create(board=board, actor=request.user, **data)
        return reverse("meetings:plan_detail", args=[plan.pk])

    return _form_page(
        request,
        forms.ActionPlanForm(_data(request)),
        title="Add an action plan",
        caption=board.name,
        back=reverse("meetings:board_detail", args=[slug]),
        save=save,
        success="Action plan added",
    )


def plan_detail(request, pk):
    _reader(request)
    plan = selectors.action_plan_page(get_object_or_404(ActionPlan, pk=pk))
    return render(
        request,
        "meetings/plan_detail.html",
        {"plan": plan, "can_manage": selectors.can_manage(request.user), "today": _today()},
    )


def priority_add(request, pk):
    _officer(request)
    plan = get_object_or_404(ActionPlan, pk=pk)

    def save(data):
        services.priority_add(plan=plan, actor=request.user, **data)
        return reverse("meetings:plan_detail", args=[plan.pk])

    return _form_page(
        request,
        forms.PriorityForm(_data(request)),
        title="Add a priority",
        caption=plan.title,
        back=reverse("meetings:plan_detail", args=[pk]),
        save=save,
        success="Priority added",
    )


def plan_action_add(request, pk):
    _officer(request)
    plan = get_object_or_404(ActionPlan, pk=pk)
    form = forms.PlanActionForm(_data(request), priorities=plan.priorities.order_by("position"))

    def save(data):
        services.plan_action_add(actor=request.user, **data)
        return reverse("meetings:plan_detail", args=[plan.pk])

    return _form_page(
        request,
        form,
        title="Add an action to the plan",
        caption=plan.title,
        back=reverse("meetings:plan_detail", args=[pk]),
        save=save,
        success="Action added to the plan",
    )


def progress_add(request, pk):
    _officer(request)
    action = get_object_or_404(PlanAction.objects.select_related("priority__plan"), pk=pk)
    plan = action.priority.plan

    def save(data):
        services.progress_add(action=action, actor=request.user, **data)
        return reverse("meetings:plan_detail", args=[plan.pk])

    return _form_page(
        request,
        forms.ProgressForm(_data(request)),
        title="Add a progress update",
        caption=action.description[:80],
        back=reverse("meetings:plan_detail", args=[plan.pk]),
        save=save,
        success="Progress update added",
    )


# --- Public pages (no sign-in) -----------------------------------------------------------------


@login_not_required
def public_index(request):
    today = _today()
    meetings = selectors.public_meetings()
    return render(
        request,
        "meetings/public_index.html",
        {
            "boards": selectors.boards(),
            "upcoming": list(selectors.upcoming(meetings, today)),
            "past": list(selectors.past(meetings, today)[:20]),
        },
    )


@login_not_required
def public_meeting(request, pk):
    meeting = selectors.get_meeting(selectors.public_meetings(), pk)
    page = selectors.meeting_page(meeting=meeting, user=None, today=_today(), public=True)
    return render(request, "meetings/public_meeting.html", {"page": page, "meeting": meeting})


@login_not_required
def public_paper(request, pk):
    paper = get_object_or_404(
        Paper.objects.select_related("item__meeting"),
        pk=pk,
        item__exempt=False,
        item__meeting__status__in=selectors.PUBLISHED_STATUSES,
    )
    return _send_paper(paper)


@login_not_required
def calendar_feed(request, slug):
    board = get_object_or_404(Board, slug=slug)
    meetings = selectors.public_meetings().filter(board=board).order_by("date")
    body = ical.calendar(
        board=board,
        meetings=meetings,
        url_for=lambda m: request.build_absolute_uri(
            reverse("meetings:public_meeting", args=[m.pk])
        ),
        host=request.get_host().split(":")[0] or "localhost",
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{board.slug}.ics"'
    return response
