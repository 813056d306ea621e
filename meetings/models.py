"""Boards, their members, meetings, agendas, minutes, the action log and action plans.

This app depends on nothing but `corporate_parenting` (DESIGN §2: reports -> meetings). Two
extension points let `reports` join in without meetings importing it:

- `Paper` is any document attached to an agenda item. Today a paper is an uploaded PDF or Word
  file; a board report run (reports) attaches itself by pointing at a Paper (a one-to-one from
  the report run) and writing its PDF into `Paper.file` with `kind=REPORT_RUN`.
- `meetings.indicators` is a registry that reports fills in from its AppConfig.ready(): it
  lists the indicators an action may name and gives their figures on a day.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

SCHEDULE_12A_PARAGRAPHS = {
    1: "Information relating to any individual",
    2: "Information which is likely to reveal the identity of an individual",
    3: "Information relating to the financial or business affairs of any particular person "
    "(including the authority holding that information)",
    4: "Information relating to consultations or negotiations, or contemplated consultations or "
    "negotiations, in connection with any labour relations matter",
    5: "Information in respect of which a claim to legal professional privilege could be "
    "maintained in legal proceedings",
    6: "Information which reveals that the authority proposes to give a notice or to make an order "
    "or direction under any enactment",
    7: "Information relating to any action taken or to be taken in connection with the prevention, "
    "investigation or prosecution of crime",
}


class Versioned(models.Model):
    """The fields corporate_parenting.records needs for optimistically locked, audited writes."""

    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True


class BoardKind(models.TextChoices):
    CORPORATE_PARENTING_BOARD = "cpb", "Corporate parenting board"
    PANEL = "panel", "Corporate parenting panel"
    SCRUTINY = "scrutiny", "Scrutiny committee"


class Board(models.Model):
    name = models.CharField(max_length=150, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    kind = models.CharField(max_length=20, choices=BoardKind.choices)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class MemberRole(models.TextChoices):
    COUNCILLOR = "councillor", "Councillor"
    CO_OPTED = "co_opted", "Co-opted member"
    OFFICER = "officer", "Officer"
    YOUNG_PEOPLE = "young_people", "Young people’s representative"


class Position(models.TextChoices):
    CHAIR = "chair", "Chair"
    VICE_CHAIR = "vice_chair", "Vice-chair"
    MEMBER = "member", "Member"


class MembershipQuerySet(models.QuerySet):
    def active_on(self, day):
        return self.filter(Q(end__isnull=True) | Q(end__gte=day), start__lte=day)


class Membership(models.Model):
    """A person's seat on a board for a period. `user` links the member's account, if any."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="memberships")
    name = models.CharField(max_length=150)
    role = models.CharField(max_length=20, choices=MemberRole.choices)
    position = models.CharField(max_length=20, choices=Position.choices, default=Position.MEMBER)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="board_memberships",
    )
    start = models.DateField()
    end = models.DateField(null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["board", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="membership_end_after_start",
            )
        ]

    def __str__(self):
        return self.name


class MeetingStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    AGENDA_PUBLISHED = "agenda_published", "Agenda published"
    MINUTES_DRAFTED = "minutes_drafted", "Minutes drafted"
    MINUTES_APPROVED = "minutes_approved", "Minutes approved"


PUBLISHED_STATUSES = (
    MeetingStatus.AGENDA_PUBLISHED,
    MeetingStatus.MINUTES_DRAFTED,
    MeetingStatus.MINUTES_APPROVED,
)


class Meeting(Versioned):
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="meetings")
    date = models.DateField()
    start_time = models.TimeField()
    venue = models.CharField(max_length=200, blank=True)
    online_link = models.URLField(blank=True)
    papers_deadline = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.DRAFT
    )
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    minutes_approved_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-date", "-start_time"]
        constraints = [
            models.CheckConstraint(
                condition=Q(papers_deadline__isnull=True)
                | Q(papers_deadline__lte=models.F("date")),
                name="meeting_papers_deadline_before_meeting",
            ),
            models.CheckConstraint(
                condition=~Q(venue="", online_link=""), name="meeting_has_venue_or_link"
            ),
            models.CheckConstraint(
                condition=Q(status=MeetingStatus.DRAFT, published_at__isnull=True)
                | (~Q(status=MeetingStatus.DRAFT) & Q(published_at__isnull=False)),
                name="meeting_published_has_time",
            ),
            models.CheckConstraint(
                condition=Q(
                    status=MeetingStatus.MINUTES_APPROVED, minutes_approved_on__isnull=False
                )
                | (~Q(status=MeetingStatus.MINUTES_APPROVED) & Q(minutes_approved_on__isnull=True)),
                name="meeting_approved_minutes_have_date",
            ),
            models.UniqueConstraint(fields=["board", "date"], name="meeting_one_per_board_day"),
        ]

    def __str__(self):
        return f"{self.board.name}, {self.date:%-d %B %Y}"

    @property
    def is_published(self):
        return self.status in PUBLISHED_STATUSES

    @property
    def minutes_approved(self):
        return self.status == MeetingStatus.MINUTES_APPROVED


class AgendaItem(Versioned):
    """One item of business. An exempt item names its Schedule 12A paragraph (1 to 7).

    `minutes` is the record of the discussion, questions and answers; it is changed through
    corporate_parenting.records so that two officers editing it cannot overwrite each other.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    purpose = models.TextField(blank=True)
    presenter = models.CharField("Presenting officer", max_length=200, blank=True)
    invitees = models.TextField(blank=True)
    exempt = models.BooleanField(default=False)
    exempt_paragraph = models.PositiveSmallIntegerField(
        null=True, blank=True, choices=[(n, f"Paragraph {n}") for n in SCHEDULE_12A_PARAGRAPHS]
    )
    action_plan = models.ForeignKey(
        "ActionPlan", null=True, blank=True, on_delete=models.SET_NULL, related_name="items"
    )
    minutes = models.TextField(blank=True)

    class Meta:
        ordering = ["meeting", "position"]
        constraints = [
            models.CheckConstraint(
                condition=Q(exempt=False, exempt_paragraph__isnull=True)
                | Q(
                    exempt=True,
                    exempt_paragraph__isnull=False,
                    exempt_paragraph__gte=1,
                    exempt_paragraph__lte=7,
                ),
                name="agenda_item_exempt_has_paragraph",
            ),
            models.UniqueConstraint(
                fields=["meeting", "position"],
                name="agenda_item_unique_position",
                deferrable=models.Deferrable.DEFERRED,
            ),
        ]

    def __str__(self):
        return f"{self.position}. {self.title}"


class PaperKind(models.TextChoices):
    UPLOAD = "upload", "Uploaded document"
    REPORT_RUN = "report_run", "Board report"


class Paper(models.Model):
    """A document attached to an agenda item, stored through Django's storage API.

    Extension point: a board report run (reports) links to its Paper with a one-to-one field on
    the report run and fills `file` when its PDF is built (kind REPORT_RUN, `file` empty until
    then). Meetings never imports reports.
    """

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="papers")
    kind = models.CharField(max_length=20, choices=PaperKind.choices, default=PaperKind.UPLOAD)
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to="meeting-papers/%Y/%m/", blank=True)
    filename = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["item", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=PaperKind.UPLOAD) | ~Q(file=""), name="paper_upload_has_file"
            )
        ]

    def __str__(self):
        return self.title


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Present"
    APOLOGIES = "apologies", "Apologies"
    ABSENT = "absent", "Absent"
    SUBSTITUTED = "substituted", "Apologies, substitute attended"


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=AttendanceStatus.choices)
    substitute = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["membership__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "membership"], name="attendance_one_per_member"
            ),
            models.CheckConstraint(
                condition=Q(status=AttendanceStatus.SUBSTITUTED, substitute__gt="")
                | (~Q(status=AttendanceStatus.SUBSTITUTED) & Q(substitute="")),
                name="attendance_substitute_named",
            ),
        ]

    def __str__(self):
        return f"{self.membership_id}: {self.status}"


class Declaration(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="declarations")
    member = models.CharField(max_length=150)
    interest = models.TextField()

    class Meta:
        ordering = ["item", "id"]

    def __str__(self):
        return f"{self.member}: {self.interest[:60]}"


class DecisionKind(models.TextChoices):
    RESOLVED = "resolved", "Resolved"
    AGREED = "agreed", "Agreed"
    RECOMMENDED = "recommended", "Recommended"
    REFERRED = "referred", "Referred to another committee"


class Decision(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(max_length=20, choices=DecisionKind.choices)
    text = models.TextField()
    referred_to = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["item", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=DecisionKind.REFERRED, referred_to__gt="")
                | (~Q(kind=DecisionKind.REFERRED) & Q(referred_to="")),
                name="decision_referral_names_committee",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:60]}"


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    WITHDRAWN = "withdrawn", "Withdrawn"


CLOSED_ACTION_STATUSES = (ActionStatus.COMPLETED, ActionStatus.WITHDRAWN)


class Action(Versioned):
    """A request made at a meeting. An action naming an indicator keeps the figure as it was
    when raised (as board members saw it: suppressed) beside the figure now."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="actions")
    item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )
    request = models.TextField()
    owner = models.CharField(max_length=150)
    due_meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions_due"
    )
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    response = models.TextField(blank=True)
    evidence = models.TextField(blank=True)
    closed_on = models.DateField(null=True, blank=True)
    indicator_code = models.CharField(max_length=40, blank=True)
    indicator_title = models.CharField(max_length=200, blank=True)
    figure_when_raised = models.CharField(max_length=40, blank=True)
    figure_as_at = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["meeting__date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=CLOSED_ACTION_STATUSES, closed_on__isnull=False)
                | (~Q(status__in=CLOSED_ACTION_STATUSES) & Q(closed_on__isnull=True)),
                name="action_closed_has_date",
            ),
            models.CheckConstraint(
                condition=Q(indicator_code="", figure_as_at__isnull=True)
                | (~Q(indicator_code="") & Q(figure_as_at__isnull=False)),
                name="action_indicator_has_figure_date",
            ),
        ]
        indexes = [models.Index(fields=["status", "closed_on"], name="action_status_idx")]

    def __str__(self):
        return self.request[:80]

    @property
    def is_open(self):
        return self.status not in CLOSED_ACTION_STATUSES


class ActionUpdate(models.Model):
    """One entry of an action's history (the MOJ timeline on the action page)."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    by_name = models.CharField(max_length=150, blank=True)
    status = models.CharField(max_length=20, choices=ActionStatus.choices)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.get_status_display()} {self.at:%Y-%m-%d}"


class Rag(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    COMPLETE = "complete", "Complete"


class ActionPlan(models.Model):
    """A plan that reports to a board, e.g. the permanence action plan."""

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="action_plans")
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    responsible = models.CharField("Overall responsible officer", max_length=150)
    start = models.DateField()
    end = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["board", "-start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="action_plan_end_after_start",
            )
        ]

    def __str__(self):
        return self.title


class Priority(models.Model):
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="priorities")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    lead = models.CharField("Accountable lead", max_length=150)

    class Meta:
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "position"], name="priority_unique_position")
        ]

    def __str__(self):
        return f"{self.position}. {self.title}"


class PlanAction(models.Model):
    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField()
    lead = models.CharField(max_length=150)
    due_date = models.DateField()
    rag = models.CharField("RAG status", max_length=10, choices=Rag.choices, default=Rag.AMBER)

    class Meta:
        ordering = ["priority", "due_date", "id"]

    def __str__(self):
        return self.description[:80]


class ProgressUpdate(models.Model):
    action = models.ForeignKey(PlanAction, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField()
    rag = models.CharField("RAG status", max_length=10, choices=Rag.choices)
    note = models.TextField()
    by_name = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.date}: {self.get_rag_display()}"
