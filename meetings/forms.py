"""Forms for boards, meetings, agendas, minutes, actions and plans. They check shape only, in
GOV.UK wording; the services apply the rules."""

from crispy_forms_gds.layout import Layout
from django import forms
from django.contrib.auth import get_user_model

from corporate_parenting.forms import BaseForm, GovukDateField
from corporate_parenting.roles import Role
from meetings import indicators
from meetings.models import (
    SCHEDULE_12A_PARAGRAPHS,
    ActionStatus,
    AttendanceStatus,
    BoardKind,
    DecisionKind,
    MemberRole,
    Position,
    Rag,
)


def _required(form, messages):
    for name, message in messages.items():
        form.fields[name].error_messages["required"] = message
        form.fields[name].error_messages["invalid_choice"] = message


def _date_initial(day):
    return [day.day, day.month, day.year] if day else None


class VersionedForm(BaseForm):
    """Carries the version of the record being changed (optimistic locking)."""

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"] = forms.IntegerField(
            widget=forms.HiddenInput,
            initial=version,
            error_messages={"required": "Reload the page and make your changes again"},
        )
        self.helper.layout.append("version")


# --- Boards and members ----------------------------------------------------------------------


class BoardForm(BaseForm):
    name = forms.CharField(max_length=150)
    slug = forms.SlugField(
        label="Short name for web addresses",
        max_length=60,
        help_text="Lower case letters, numbers and hyphens, for example corporate-parenting",
    )
    kind = forms.ChoiceField(
        label="Type of board", choices=BoardKind.choices, widget=forms.RadioSelect
    )
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _required(
            self,
            {
                "name": "Enter the name of the board",
                "slug": "Enter a short name for web addresses",
                "kind": "Select the type of board",
            },
        )


class MembershipForm(BaseForm):
    name = forms.CharField(max_length=150, label="Full name")
    role = forms.ChoiceField(choices=MemberRole.choices, widget=forms.RadioSelect)
    position = forms.ChoiceField(
        choices=Position.choices, widget=forms.RadioSelect, initial=Position.MEMBER
    )
    user = forms.ModelChoiceField(
        label="Their account in this service (optional)",
        queryset=get_user_model().objects.none(),
        required=False,
        help_text="Board members with an account read the exempt papers of this board.",
    )
    start = GovukDateField(what="the date the membership starts", label="Start date")
    end = GovukDateField(
        what="the date the membership ends", label="End date (optional)", required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            get_user_model()
            .objects.filter(groups__name__in=[Role.BOARD_MEMBER.label])
            .order_by("last_name", "first_name")
        )
        self.fields["user"].label_from_instance = lambda u: f"{u.display_name} ({u.username})"
        _required(
            self,
            {
                "name": "Enter the member’s full name",
                "role": "Select the member’s role",
                "position": "Select the member’s position",
            },
        )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "The end date must be on or after the start date")
        return data


# --- Meetings and agenda items ----------------------------------------------------------------


class MeetingForm(BaseForm):
    date = GovukDateField(what="the date of the meeting", label="Date of the meeting")
    start_time = forms.TimeField(
        label="Start time",
        input_formats=["%H:%M", "%H.%M"],
        help_text="24-hour clock, for example 18:00",
        widget=forms.TimeInput(format="%H:%M", attrs={"class": "govuk-input--width-5"}),
    )
    venue = forms.CharField(max_length=200, required=False)
    online_link = forms.URLField(
        label="Online meeting link (optional)", required=False, assume_scheme="https"
    )
    papers_deadline = GovukDateField(
        what="the papers deadline",
        label="Papers deadline (optional)",
        required=False,
        help_text="The last day papers can be added. For example, 20 3 2027",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _required(self, {"start_time": "Enter the start time"})
        self.fields["start_time"].error_messages["invalid"] = (
            "Enter the start time as hours and minutes, for example 18:00"
        )
        self.fields["online_link"].error_messages["invalid"] = (
            "Enter the online meeting link in the correct format, like https://example.org/join"
        )

    def clean(self):
        data = super().clean()
        no_place = "venue" in data and not data.get("venue") and not data.get("online_link")
        if no_place and "online_link" not in self.errors:
            self.add_error("venue", "Enter a venue or an online meeting link")
        return data


def meeting_initial(meeting):
    return {
        "date": _date_initial(meeting.date),
        "start_time": meeting.start_time,
        "venue": meeting.venue,
        "online_link": meeting.online_link,
        "papers_deadline": _date_initial(meeting.papers_deadline),
    }


class AgendaItemForm(BaseForm):
    title = forms.CharField(max_length=200)
    purpose = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="What the board is asked to do",
    )
    presenter = forms.CharField(
        label="Presenting officer",
        max_length=200,
        required=False,
        help_text="Name and job title. Needed before the agenda can be published.",
    )
    invitees = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="One a line, for example Cllr A Shah, Cabinet Member",
    )
    exempt = forms.TypedChoiceField(
        label="Is this item exempt from publication?",
        choices=[("no", "No, it is open to the public"), ("yes", "Yes, it is exempt")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        initial="no",
    )
    exempt_paragraph = forms.TypedChoiceField(
        label="Schedule 12A paragraph (exempt items only)",
        choices=[("", "Select a paragraph")]
        + [(str(n), f"{n}. {text}") for n, text in SCHEDULE_12A_PARAGRAPHS.items()],
        coerce=int,
        empty_value=None,
        required=False,
        help_text="Local Government Act 1972, Schedule 12A",
    )
    action_plan = forms.ModelChoiceField(
        label="Action plan reported (optional)", queryset=None, required=False
    )

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action_plan"].queryset = plans
        _required(
            self,
            {"title": "Enter the title of the item", "exempt": "Select whether the item is exempt"},
        )

    def clean(self):
        data = super().clean()
        if data.get("exempt") and not data.get("exempt_paragraph"):
            self.add_error(
                "exempt_paragraph", "Select the Schedule 12A paragraph that makes this item exempt"
            )
        return data


def item_initial(item):
    return {
        "title": item.title,
        "purpose": item.purpose,
        "presenter": item.presenter,
        "invitees": item.invitees,
        "exempt": "yes" if item.exempt else "no",
        "exempt_paragraph": item.exempt_paragraph,
        "action_plan": item.action_plan_id,
    }


class PaperForm(BaseForm):
    submit_label = "Upload"
    title = forms.CharField(max_length=200, label="Title of the paper")
    file = forms.FileField(
        label="Upload a file",
        help_text="A PDF or a Word document (.docx), up to 20MB",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _required(self, {"title": "Enter the title of the paper"})


# --- At the meeting ------------------------------------------------------------------------------


class AttendanceForm(BaseForm):
    """One status (and substitute) a member of the board."""

    def __init__(self, *args, members, current, **kwargs):
        self.members = list(members)
        super().__init__(*args, **kwargs)
        for member in self.members:
            record = current.get(member.pk)
            self.fields[f"status_{member.pk}"] = forms.ChoiceField(
                label=f"{member.name} ({member.get_role_display()})",
                choices=AttendanceStatus.choices,
                widget=forms.RadioSelect,
                initial=record.status if record else None,
                error_messages={"required": f"Select whether {member.name} attended"},
            )
            self.fields[f"substitute_{member.pk}"] = forms.CharField(
                label=f"Substitute for {member.name}",
                required=False,
                initial=record.substitute if record else "",
                help_text="Only if a substitute attended",
            )
        self.helper.layout = Layout(*self.fields)  # the fields were added after the helper

    def clean(self):
        data = super().clean()
        for member in self.members:
            status = data.get(f"status_{member.pk}")
            substitute = (data.get(f"substitute_{member.pk}") or "").strip()
            if status == AttendanceStatus.SUBSTITUTED and not substitute:
                self.add_error(
                    f"substitute_{member.pk}", f"Enter the name of {member.name}’s substitute"
                )
            if status != AttendanceStatus.SUBSTITUTED:
                data[f"substitute_{member.pk}"] = ""
        return data

    def rows(self):
        return [
            (m, self.cleaned_data[f"status_{m.pk}"], self.cleaned_data[f"substitute_{m.pk}"])
            for m in self.members
        ]


class DeclarationForm(BaseForm):
    member = forms.CharField(max_length=150, label="Member declaring the interest")
    interest = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), label="The interest declared"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _required(
            self,
            {"member": "Enter the name of the member", "interest": "Enter the interest declared"},
        )


class MinutesForm(VersionedForm):
    minutes = forms.CharField(
        label="Minutes",
        widget=forms.Textarea(attrs={"rows": 14}),
        required=False,
        help_text="The discussion, questions and answers",
    )


class DecisionForm(BaseForm):
    kind = forms.ChoiceField(
        label="Type of decision", choices=DecisionKind.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label="Decision",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, that the report be noted",
    )
    referred_to = forms.CharField(
        label="Committee referred to (referrals only)", max_length=200, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _required(self, {"kind": "Select the type of decision", "text": "Enter the decision"})

    def clean(self):
        data = super().clean()
        if data.get("kind") == DecisionKind.REFERRED and not data.get("referred_to", "").strip():
            self.add_error("referred_to", "Enter the committee the matter is referred to")
        return data


class ActionForm(BaseForm):
    request = forms.CharField(
        label="What was asked for",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, a breakdown of the reasons children were placed out of the area",
    )
    item = forms.ModelChoiceField(
        label="Agenda item", queryset=None, required=False, empty_label="Not about one item"
    )
    owner = forms.CharField(max_length=150, label="Owner", help_text="Name and job title")
    due_meeting = forms.ModelChoiceField(
        label="Due at meeting (optional)", queryset=None, required=False, empty_label="No meeting"
    )
    due_date = GovukDateField(what="the due date", label="Due date (optional)", required=False)
    indicator_code = forms.ChoiceField(
        label="Indicator this action is about (optional)",
        required=False,
        help_text="The action log will show the figure now beside the figure when raised.",
    )

    def __init__(self, *args, items, later_meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items
        self.fields["due_meeting"].queryset = later_meetings
        self.fields["due_meeting"].label_from_instance = lambda m: f"{m.date:%-d %B %Y}"
        self.fields["indicator_code"].choices = [("", "No indicator")] + [
            (code, f"{title} ({code})") for code, title in indicators.choices()
        ]
        _required(
            self, {"request": "Enter what was asked for", "owner": "Enter the owner of the action"}
        )


class ActionUpdateForm(VersionedForm):
    status = forms.ChoiceField(choices=ActionStatus.choices, widget=forms.RadioSelect)
    response = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="Needed before the action is closed",
    )
    evidence = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="Where the evidence is, for example the paper or the report presented",
    )
    note = forms.CharField(
        label="Note for the action’s history",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _required(self, {"status": "Select the status of the action"})

    def clean(self):
        data = super().clean()
        closing = data.get("status") in (ActionStatus.COMPLETED, ActionStatus.WITHDRAWN)
        if closing and not data.get("response", "").strip():
            self.add_error("response", "Enter the response before closing the action")
        return data


class ApproveMinutesForm(BaseForm):
    submit_label = "Approve the minutes"
    approved_on = GovukDateField(
        what="the date the minutes were approved", label="Date the board approved the minutes"
    )


# --- Action plans --------------------------------------------------------------------------------


class ActionPlanForm(BaseForm):
    title = forms.CharField(max_length=200)
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    responsible = forms.CharField(max_length=150, label="Overall responsible officer")
    start = GovukDateField(what="the start date of the plan", label="Start date")
    end = GovukDateField(
        what="the end date of the plan", label="End date (optional)", required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _required(
            self,
            {
                "title": "Enter the title of the plan",
                "responsible": "Enter the overall responsible officer",
            },
        )


class PriorityForm(BaseForm):
    title = forms.CharField(max_length=200, label="Priority")
    lead = forms.CharField(max_length=150, label="Accountable lead")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _required(self, {"title": "Enter the priority", "lead": "Enter the accountable lead"})


class PlanActionForm(BaseForm):
    priority = forms.ModelChoiceField(queryset=None, empty_label=None)
    description = forms.CharField(label="Action", widget=forms.Textarea(attrs={"rows": 3}))
    lead = forms.CharField(max_length=150)
    due_date = GovukDateField(what="the due date", label="Due date")
    rag = forms.ChoiceField(label="RAG status", choices=Rag.choices, widget=forms.RadioSelect)

    def __init__(self, *args, priorities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["priority"].queryset = priorities
        _required(
            self,
            {
                "description": "Enter the action",
                "lead": "Enter the lead",
                "rag": "Select the RAG status",
            },
        )


class ProgressForm(BaseForm):
    date = GovukDateField(what="the date of the update", label="Date of the update")
    rag = forms.ChoiceField(label="RAG status", choices=Rag.choices, widget=forms.RadioSelect)
    note = forms.CharField(label="Progress", widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _required(self, {"rag": "Select the RAG status", "note": "Enter the progress made"})
