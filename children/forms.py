"""Forms for the children side of the case record. They check shape only; the services apply
the DfE rules. Every change form carries the record's version (optimistic locking)."""

from django import forms
from django.contrib.auth import get_user_model

from children import codes
from children.allocation_rules import allocatable_people
from children.models import (
    AllocationKind,
    CareLeaver,
    CareLeaverContact,
    CaseNote,
    Child,
    DeprivationOfLiberty,
    HealthCheck,
    MissingEpisode,
    PathwayPlanReview,
    PersonalEducationPlan,
    Review,
    StatutoryVisit,
)
from corporate_parenting.forms import BaseForm, BaseModelForm, GovukDateField


def _radio(field, **kwargs):
    field.widget = forms.RadioSelect(choices=field.choices)
    return field


class VersionedMixin:
    """Adds the hidden `version` of the record being changed (None when adding)."""

    def __init__(self, *args, version=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"] = forms.IntegerField(
            widget=forms.HiddenInput,
            required=version is not None,
            initial=version,
            error_messages={"required": "Reload the page and make your changes again"},
        )
        # The helper's layout was built from the fields before this one was added.
        self.helper.layout.append("version")


class RecordForm(VersionedMixin, BaseModelForm):
    """A model form whose instance is only read: the service validates and saves the record."""

    required_messages: dict = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, message in self.required_messages.items():
            if name in self.fields:
                self.fields[name].error_messages["required"] = message
                self.fields[name].error_messages["invalid_choice"] = message

    def _post_clean(self):
        # Model validation and constraints run in the service, with the DfE rule wording.
        pass

    def record_data(self):
        return {name: self.cleaned_data[name] for name in self._meta.fields}


NULL_BOOLEAN_CHOICES = [("yes", "Yes"), ("no", "No"), ("", "Not recorded")]


class ChildForm(RecordForm):
    date_of_birth = GovukDateField(what="the child’s date of birth", label="Date of birth")
    uasc_ceased = GovukDateField(
        what="the date UASC status ceased", label="Date UASC status ceased", required=False
    )
    mother = forms.ChoiceField(
        label="Is she a mother?",
        choices=NULL_BOOLEAN_CHOICES,
        required=False,
        widget=forms.RadioSelect,
        help_text="Girls only (SSDA903 MOTHER).",
    )
    mother_child_dob = GovukDateField(
        what="the date of birth of her first child",
        label="Date of birth of her first child",
        required=False,
    )
    required_messages = {
        "local_id": "Enter the child ID",
        "sex": "Select the child’s sex",
        "ethnicity": "Select the child’s ethnicity",
    }

    class Meta:
        model = Child
        fields = [
            "local_id",
            "first_name",
            "last_name",
            "preferred_name",
            "date_of_birth",
            "sex",
            "ethnicity",
            "upn",
            "is_uasc",
            "uasc_ceased",
            "disability",
            "mother",
            "mother_child_dob",
            "home_postcode",
        ]
        labels = {"upn": "Unique pupil number (UPN)"}
        help_texts = {
            "upn": "13 characters, or UN1 to UN5 if the UPN is not known.",
            "local_id": "The council’s child identifier, up to 10 characters.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _radio(self.fields["sex"])
        self.fields["sex"].choices = codes.Sex.choices
        self.fields["sex"].widget.choices = codes.Sex.choices
        self.fields["ethnicity"].choices = [("", "Select ethnicity"), *codes.Ethnicity.choices]
        if self.instance.pk and not self.is_bound:
            self.initial["mother"] = {True: "yes", False: "no"}.get(self.instance.mother, "")
        for name in ("local_id", "upn", "home_postcode"):
            self.fields[name].widget.attrs["spellcheck"] = "false"

    def clean_mother(self):
        return {"yes": True, "no": False}.get(self.cleaned_data.get("mother"))

    def clean_upn(self):
        return self.cleaned_data["upn"].strip().upper()


class AllocationForm(VersionedMixin, BaseForm):
    worker = forms.ModelChoiceField(queryset=get_user_model().objects.none())
    start = GovukDateField(what="the date the new allocation starts", label="Start date")
    reason = forms.ChoiceField(
        label="Why did the social worker change?",
        choices=codes.SocialWorkerChangeReason.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text="Only if a social worker was allocated before (SSDA903 SW_REASON).",
    )
    manager_approval = forms.BooleanField(
        label="I approve allocating a social worker from another team",
        required=False,
        help_text="Team managers only. Social workers of the child’s team need no approval.",
    )

    def __init__(self, *args, kind, **kwargs):
        super().__init__(*args, **kwargs)
        kind = AllocationKind(kind)
        if kind != AllocationKind.SOCIAL_WORKER:
            del self.fields["reason"]
            del self.fields["manager_approval"]
        self.fields["worker"].queryset = allocatable_people(kind)
        self.fields["worker"].label = f"New {kind.label.lower()}"
        self.fields["worker"].label_from_instance = lambda user: user.display_name
        self.fields["worker"].empty_label = "Select a person"
        self.fields["worker"].error_messages["required"] = f"Select the new {kind.label.lower()}"


class ReviewForm(RecordForm):
    date = GovukDateField(what="the date of the review", label="Date of the review")
    required_messages = {"participation": "Select how the child took part in the review"}

    class Meta:
        model = Review
        fields = ["date", "participation"]
        labels = {"participation": "How did the child take part?"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _radio(self.fields["participation"])
        choices = [
            (value, f"{value}: {label}")
            for value, label in self.fields["participation"].choices
            if value
        ]
        self.fields["participation"].choices = choices
        self.fields["participation"].widget.choices = choices


class VisitForm(RecordForm):
    date = GovukDateField(what="the date of the visit", label="Date of the visit")
    interval_days = forms.IntegerField(
        label="Next visit due in (days)",
        min_value=1,
        max_value=365,
        initial=42,
        help_text="6 weeks (42 days) unless the care plan sets another interval.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "required": "Enter the number of days until the next visit is due",
            "invalid": "The number of days must be a whole number, like 42",
            "min_value": "The number of days must be 1 or more",
            "max_value": "The number of days must be 365 or fewer",
        },
    )

    class Meta:
        model = StatutoryVisit
        fields = ["date", "seen", "seen_alone", "interval_days"]


class HealthCheckForm(RecordForm):
    date = GovukDateField(what="the date of the check", label="Date of the check")
    required_messages = {"kind": "Select the kind of check"}

    class Meta:
        model = HealthCheck
        fields = ["kind", "date"]
        labels = {"kind": "Kind of check"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _radio(self.fields["kind"])
        choices = [c for c in self.fields["kind"].choices if c[0]]
        self.fields["kind"].choices = self.fields["kind"].widget.choices = choices


class PepForm(RecordForm):
    date = GovukDateField(what="the date of the PEP review", label="Date the PEP was reviewed")

    class Meta:
        model = PersonalEducationPlan
        fields = ["date"]


class MissingEpisodeForm(RecordForm):
    start = GovukDateField(what="the date the episode started", label="Date started")
    end = GovukDateField(
        what="the date the episode ended",
        label="Date ended",
        required=False,
        help_text="Leave blank if the child is still missing or away. For example, 27 3 2026",
    )
    required_messages = {"kind": "Select whether the child was missing or away"}

    class Meta:
        model = MissingEpisode
        fields = ["kind", "start", "end"]
        labels = {"kind": "Missing or away from placement?"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _radio(self.fields["kind"])
        choices = [c for c in self.fields["kind"].choices if c[0]]
        self.fields["kind"].choices = self.fields["kind"].widget.choices = choices


class EndForm(VersionedMixin, BaseForm):
    submit_label = "End"

    def __init__(self, *args, what, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["end"] = GovukDateField(what=what, label="End date")
        self.order_fields(["end", "version"])
        self.helper.layout.insert(0, "end")


class CaseNoteForm(RecordForm):
    date = GovukDateField(what="the date of the case note", label="Date")
    required_messages = {"kind": "Select the kind of case note", "text": "Enter the case note"}

    class Meta:
        model = CaseNote
        fields = ["date", "kind", "text"]
        labels = {"kind": "Kind of note", "text": "Case note"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "Select a kind"), *codes.CaseNoteType.choices]


class CareLeaverForm(RecordForm):
    required_messages = {"eligibility": "Select the young person’s leaving-care status"}

    class Meta:
        model = CareLeaver
        fields = ["eligibility", "staying_put"]
        labels = {"eligibility": "Leaving-care status"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _radio(self.fields["eligibility"])
        choices = [c for c in self.fields["eligibility"].choices if c[0]]
        self.fields["eligibility"].choices = self.fields["eligibility"].widget.choices = choices


class PathwayPlanReviewForm(RecordForm):
    date = GovukDateField(
        what="the date of the pathway plan review", label="Date the pathway plan was reviewed"
    )

    class Meta:
        model = PathwayPlanReview
        fields = ["date"]


class CareLeaverContactForm(RecordForm):
    date = GovukDateField(what="the date of the contact", label="Date of the contact")
    is_oc3_return = forms.BooleanField(
        label="This is the year’s OC3 return for the young person",
        required=False,
        help_text="Tick only for a contact from 3 months before to 1 month after their 17th, "
        "18th, 19th, 20th or 21st birthday.",
    )
    required_messages = {
        "in_touch": "Select whether the council is in touch with the young person",
        "accommodation": "Select where the young person lives",
        "activity": "Select the young person’s main activity",
    }

    class Meta:
        model = CareLeaverContact
        fields = ["date", "in_touch", "accommodation", "activity"]
        labels = {
            "in_touch": "In touch?",
            "accommodation": "Accommodation and whether it is suitable",
            "activity": "Main activity (education, employment or training)",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["is_oc3_return"] = self.instance.collection_year is not None
        for name in ("in_touch", "accommodation", "activity"):
            self.fields[name].choices = [
                ("", "Select"),
                *[c for c in self.fields[name].choices if c[0]],
            ]


class DeprivationOfLibertyForm(RecordForm):
    start = GovukDateField(what="the date the order started", label="Date the order started")
    end = GovukDateField(
        what="the date the order ended",
        label="Date the order ended",
        required=False,
        help_text="Leave blank if the order is still in force. For example, 27 3 2026",
    )

    class Meta:
        model = DeprivationOfLiberty
        fields = ["start", "end"]
