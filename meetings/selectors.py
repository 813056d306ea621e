"""Reads for the meetings pages, scoped to the reader.

Who sees what (DESIGN §3):
- democratic services officers: everything, drafts and exempt items included;
- board members: published meetings of every board, and exempt items of the boards they are
  currently members of (a membership linked to their account);
- the public (no sign-in): published meetings' open items, papers and approved minutes;
- everyone else: nothing (the views refuse them).
Exempt content is only rendered by the item, action and paper views, which audit each opening.
"""

from dataclasses import dataclass

from django.db.models import Case, Exists, OuterRef, Prefetch, Q, Value, When
from django.http import Http404
from django.urls import reverse

from corporate_parenting.permissions import has_role
from corporate_parenting.roles import Role
from meetings import indicators
from meetings.models import (
    CLOSED_ACTION_STATUSES,
    PUBLISHED_STATUSES,
    Action,
    ActionPlan,
    AgendaItem,
    Attendance,
    Board,
    BoardKind,
    Meeting,
    MeetingStatus,
    Membership,
    Paper,
    PlanAction,
    Position,
    Priority,
)

MANAGERS = (Role.DEMOCRATIC_SERVICES,)
READERS = (Role.DEMOCRATIC_SERVICES, Role.BOARD_MEMBER)


def can_manage(user):
    return has_role(user, *MANAGERS)


def can_read(user):
    return has_role(user, *READERS)


def exempt_board_ids(user, day):
    """The boards whose exempt items `user` may open: None means every board."""
    if can_manage(user):
        return None
    if not has_role(user, Role.BOARD_MEMBER):
        return frozenset()
    return frozenset(
        Membership.objects.active_on(day).filter(user=user).values_list("board_id", flat=True)
    )


def may_open_exempt(user, board_id, day):
    allowed = exempt_board_ids(user, day)
    return allowed is None or board_id in allowed


def meetings_visible_to(user):
    """Meetings a signed-in reader may open: officers every one, members published ones."""
    queryset = Meeting.objects.select_related("board")
    if can_manage(user):
        return queryset
    if has_role(user, Role.BOARD_MEMBER):
        return queryset.filter(status__in=PUBLISHED_STATUSES)
    return queryset.none()


def public_meetings():
    return Meeting.objects.select_related("board").filter(status__in=PUBLISHED_STATUSES)


def get_meeting(queryset, pk):
    meeting = queryset.filter(pk=pk).first()
    if meeting is None:
        raise Http404
    return meeting


def minutes_visible(user, meeting):
    return can_manage(user) or meeting.status == MeetingStatus.MINUTES_APPROVED


# --- The meeting page ----------------------------------------------------------------------------


def _items(meeting, *, open_only):
    items = AgendaItem.objects.filter(meeting=meeting).select_related("action_plan")
    if open_only:
        items = items.filter(exempt=False)
    return items.prefetch_related(
        Prefetch("papers", queryset=Paper.objects.order_by("id")),
        "declarations",
        "decisions",
    ).order_by("position")


@dataclass
class MeetingPage:
    meeting: Meeting
    items: list
    attendance: list
    raised: list
    carried_forward: list
    figures: dict
    minutes_visible: bool
    exempt_allowed: bool


def meeting_page(*, meeting, user, today, public=False):
    """Everything the meeting page shows, in a constant number of queries."""
    exempt_allowed = False if public else may_open_exempt(user, meeting.board_id, today)
    show_minutes = (
        meeting.status == MeetingStatus.MINUTES_APPROVED
        if public
        else minutes_visible(user, meeting)
    )
    items = list(_items(meeting, open_only=public))
    attendance = (
        list(Attendance.objects.filter(meeting=meeting).select_related("membership"))
        if show_minutes
        else []
    )
    if public:
        raised = _actions().filter(meeting=meeting, item__exempt=False)
        raised = raised if show_minutes else raised.none()
        carried = Action.objects.none()
    else:
        raised = _actions().filter(meeting=meeting)
        carried = carried_forward(meeting)
    # The codes the actions name, in one query; their figures come from the cached catalogue.
    codes = set(
        (raised | carried).exclude(indicator_code="").values_list("indicator_code", flat=True)
    )
    figures = indicators.figures(codes, today)
    return MeetingPage(
        meeting=meeting,
        items=items,
        attendance=attendance,
        raised=action_rows(raised, figures),
        carried_forward=action_rows(carried, figures),
        figures=figures,
        minutes_visible=show_minutes,
        exempt_allowed=exempt_allowed,
    )


# --- Action log ----------------------------------------------------------------------------------

STATUS_TAGS = {
    "open": ("Open", "govuk-tag--blue"),
    "in_progress": ("In progress", "govuk-tag--yellow"),
    "completed": ("Completed", "govuk-tag--green"),
    "withdrawn": ("Withdrawn", "govuk-tag--grey"),
}
ROW_FIELDS = (
    "pk",
    "request",
    "response",
    "owner",
    "status",
    "closed_on",
    "indicator_code",
    "indicator_title",
    "figure_when_raised",
    "figure_as_at",
    "due_date",
    "meeting__date",
    "due_meeting__date",
    "item__exempt",
)


def _day(value):
    return f"{value:%-d %b %Y}" if value else ""


def _words(text, limit):
    words = text.split()
    return text if len(words) <= limit else " ".join(words[:limit]) + " …"


@dataclass(frozen=True)
class ActionRow:
    """One line of an action log, formatted once in Python: the log shows hundreds."""

    pk: int
    url: str
    exempt: bool
    raised: str
    request: str
    response: str
    owner: str
    due: str
    indicator_code: str
    indicator_title: str
    figure_then: str
    figure_then_as_at: str
    figure_now: str
    figure_now_url: str
    status_label: str
    status_class: str
    closed_on: str


def action_rows(actions, figures):
    """[ActionRow] for an action queryset, read as plain values in one query."""
    detail = reverse("meetings:action_detail", args=[0])[: -len("0/")]
    indicator = reverse("reports:indicator", args=["X"])[: -len("X/")]
    rows = []
    for a in actions.values(*ROW_FIELDS):
        code = a["indicator_code"]
        figure = figures.get(code) if code else None
        label, css = STATUS_TAGS[a["status"]]
        if a["due_meeting__date"]:
            due = f"Meeting of {_day(a['due_meeting__date'])}"
        else:
            due = _day(a["due_date"]) or "Not set"
        rows.append(
            ActionRow(
                pk=a["pk"],
                url=f"{detail}{a['pk']}/",
                exempt=bool(a["item__exempt"]),
                raised=_day(a["meeting__date"]),
                request=_words(a["request"], 30),
                response=_words(a["response"], 25),
                owner=a["owner"],
                due=due,
                indicator_code=code,
                indicator_title=a["indicator_title"],
                figure_then=a["figure_when_raised"],
                figure_then_as_at=_day(a["figure_as_at"]),
                figure_now=figure.text if figure else ("Not available" if code else ""),
                figure_now_url=f"{indicator}{code}/" if figure else "",
                status_label=label,
                status_class=css,
                closed_on=_day(a["closed_on"]),
            )
        )
    return rows


def _actions():
    return Action.objects.select_related("meeting", "item", "due_meeting").order_by(
        "meeting__date", "id"
    )


def carried_forward(meeting):
    """Actions raised at earlier meetings of the board still open at `meeting`: open now, or
    closed since the meeting before it (reported back once, then they leave the log)."""
    previous = meeting.previous or (
        Meeting.objects.filter(board_id=meeting.board_id, date__lt=meeting.date)
        .order_by("-date")
        .first()
    )
    still_open = Q(closed_on__isnull=True)
    if previous is not None:
        still_open |= Q(closed_on__gt=previous.date)
    else:
        still_open |= Q(closed_on__gte=meeting.date)
    return _actions().filter(
        still_open, meeting__board_id=meeting.board_id, meeting__date__lt=meeting.date
    )


def actions_visible_to(user, queryset=None):
    """Actions a signed-in reader may see in a log: officers all, members those of published
    meetings."""
    queryset = _actions() if queryset is None else queryset
    if can_manage(user):
        return queryset
    if has_role(user, Role.BOARD_MEMBER):
        return queryset.filter(meeting__status__in=PUBLISHED_STATUSES)
    return queryset.none()


class LogFilter:
    OPEN = "open"
    CLOSED = "closed"
    ALL = "all"


def board_action_log(*, board, user, show=LogFilter.OPEN):
    actions = actions_visible_to(user, _actions().filter(meeting__board=board))
    if show == LogFilter.OPEN:
        actions = actions.exclude(status__in=CLOSED_ACTION_STATUSES)
    elif show == LogFilter.CLOSED:
        actions = actions.filter(status__in=CLOSED_ACTION_STATUSES)
    return actions


# --- Boards, my meetings, plans ----------------------------------------------------------------


def boards():
    return Board.objects.order_by("name")


def board_members(board, day):
    rank = Case(
        When(position=Position.CHAIR, then=Value(0)),
        When(position=Position.VICE_CHAIR, then=Value(1)),
        default=Value(2),
    )
    return Membership.objects.filter(board=board).active_on(day).order_by(rank, "name")


def my_boards(user, day):
    return Board.objects.filter(
        Exists(Membership.objects.active_on(day).filter(board=OuterRef("pk"), user=user))
    )


def upcoming(queryset, day):
    return queryset.filter(date__gte=day).order_by("date", "start_time")


def past(queryset, day):
    return queryset.filter(date__lt=day).order_by("-date", "-start_time")


def action_plan_page(plan):
    return (
        ActionPlan.objects.select_related("board")
        .prefetch_related(
            Prefetch(
                "priorities",
                queryset=Priority.objects.order_by("position").prefetch_related(
                    Prefetch(
                        "actions",
                        queryset=PlanAction.objects.order_by("due_date", "id").prefetch_related(
                            "updates"
                        ),
                    )
                ),
            )
        )
        .get(pk=plan.pk)
    )


def last_meeting_date(on, board=None):
    """The date of the board's last meeting before `on` (a published one): the reports code
    compares figures with it ("since the last board meeting"). Without a board, the latest of
    any corporate parenting board. None when there is none."""
    meetings = Meeting.objects.filter(date__lt=on, status__in=PUBLISHED_STATUSES)
    if board is not None:
        meetings = meetings.filter(board=board)
    else:
        meetings = meetings.filter(board__kind=BoardKind.CORPORATE_PARENTING_BOARD)
    return meetings.order_by("-date").values_list("date", flat=True).first()


def meeting_dates_between(first, last):
    """The dates of published corporate parenting board meetings from `first` to `last`: board
    members may see figures as at these dates as well as at month ends (reports.board_dates)."""
    return (
        Meeting.objects.filter(
            date__gte=first,
            date__lte=last,
            status__in=PUBLISHED_STATUSES,
            board__kind=BoardKind.CORPORATE_PARENTING_BOARD,
        )
        .values_list("date", flat=True)
        .distinct()
    )
