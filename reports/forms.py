import datetime

from django import forms
from django.utils import timezone

from corporate_parenting.forms import BaseForm, GovukDateField
from placements.codes import PermanencePlanType
from reports.models import (
    MAX_DAYS_BEFORE_DEADLINE,
    MIN_DAYS_BEFORE_DEADLINE,
    STANDARD_REPORT_TYPES,
    GoodDirection,
    LocalMeasureUnit,
)
from reports.permanence_tracker import TrackerClock, TrackerSort


class AsAtForm(BaseForm):
    """The "as at" date of the figures (GET). Blank means today."""

    submit_label = "Show figures"

    as_at = GovukDateField(
        what="the date of the figures",
        label="Figures as at",
        help_text="For example, 31 3 2026. Leave blank for today.",
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A GET form carries no CSRF token: it would land in the URL, and the dashboard's body
        # (this form included) is cached and shared between readers (reports.dashboard_cache).
        self.helper.form_method = "get"
        self.helper.disable_csrf = True

    def clean_as_at(self):
        day = self.cleaned_data.get("as_at")
        if day and day > timezone.localdate():
            raise forms.ValidationError("The date of the figures must be today or in the past")
        if day and day.year < 2000:
            raise forms.ValidationError("The date of the figures must be after 1 January 2000")
        return day


class IndicatorFiguresForm(AsAtForm):
    """The indicator page's dates (GET): the figures' date and the date to compare with."""

    since = GovukDateField(
        what="the date to compare with",
        label="Compare with",
        help_text="For example, 30 9 2020. Leave blank for the last board meeting.",
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        since, as_at = cleaned.get("since"), cleaned.get("as_at") or timezone.localdate()
        if since and since >= as_at:
            self.add_error(
                "since", "The date to compare with must be before the date of the figures"
            )
        elif since and since.year < 2000:
            self.add_error("since", "The date to compare with must be after 1 January 2000")
        return cleaned


def _decimal_field(label, help_text=""):
    return forms.DecimalField(
        label=label,
        help_text=help_text,
        max_digits=10,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        error_messages={
            "required": f"Enter the {label.lower()}",
            "invalid": f"The {label.lower()} must be a number, like 75 or 62.5",
            "max_digits": f"The {label.lower()} must be smaller",
            "max_decimal_places": f"The {label.lower()} can have up to 2 decimal places",
        },
    )


class TargetForm(BaseForm):
    """A local target and its RAG thresholds, in the indicator's own unit."""

    submit_label = "Save target"

    value = _decimal_field("Target")
    green_threshold = _decimal_field(
        "Green threshold", "Figures at least this good are shown as on target."
    )
    amber_threshold = _decimal_field(
        "Amber threshold",
        "Figures at least this good, but not green, are shown as close to target. "
        "Anything worse is off target.",
    )

    def __init__(self, *args, higher_is_better, **kwargs):
        self.higher_is_better = higher_is_better
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        green, amber = cleaned.get("green_threshold"), cleaned.get("amber_threshold")
        if green is not None and amber is not None:
            wrong_way = green < amber if self.higher_is_better else green > amber
            if wrong_way:
                word = "higher" if self.higher_is_better else "lower"
                self.add_error(
                    "amber_threshold",
                    f"The amber threshold must not be {word} than the green threshold: "
                    f"for this indicator {word} is better",
                )
        return cleaned


def csv_file_field(what, columns):
    return forms.FileField(
        label=f"{what.capitalize()} CSV file",
        help_text=f"Columns: {columns}",
        error_messages={
            "required": f"Select a CSV file of {what}",
            "empty": "The selected file is empty",
        },
    )


class CsvUploadForm(BaseForm):
    """One CSV file, at most 1 MB (its rows are checked by the service that reads it)."""

    MAX_BYTES = 1_000_000

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 1 MB")
        return upload


class BenchmarkUploadForm(CsvUploadForm):
    submit_label = "Upload benchmarks"
    file = csv_file_field(
        "benchmarks",
        "code, area (England, Region or Statistical neighbours), year (year ending 31 March), "
        "value, source.",
    )


class PermanenceFilterForm(BaseForm):
    """The permanence tracker's filters and order (GET). A value that is not one of the choices
    falls back to its default rather than erroring: these come from links and bookmarks."""

    submit_label = "Apply filters"

    plan_type = forms.ChoiceField(
        label="Plan",
        help_text="Includes parallel plans",
        choices=[("", "Any plan"), *PermanencePlanType.choices],
        required=False,
    )
    clock = forms.ChoiceField(
        label="A1 or A2 clock",
        choices=[
            (TrackerClock.ALL, "Any"),
            (TrackerClock.DUE, "Due within 90 days"),
            (TrackerClock.OVERDUE, "Overdue"),
        ],
        required=False,
    )
    sort = forms.ChoiceField(
        label="Sort by",
        choices=[
            (TrackerSort.DUE_SOONEST, "Clock due soonest"),
            (TrackerSort.NAME, "Name"),
            (TrackerSort.LONGEST_IN_CARE, "Longest in care"),
        ],
        required=False,
    )

    DEFAULTS = {"plan_type": "", "clock": TrackerClock.ALL, "sort": TrackerSort.DUE_SOONEST}

    def __init__(self, data, *args, **kwargs):
        # "?due=90" is the tracker's first filter, kept for bookmarked links.
        if data.get("due") == "90" and not data.get("clock"):
            data = data.copy()
            data["clock"] = TrackerClock.DUE
        super().__init__(data, *args, **kwargs)

    def chosen(self):
        """{field: value}, with the default in place of anything missing or not a choice."""
        self.is_valid()
        return {
            name: self.cleaned_data.get(name) or default for name, default in self.DEFAULTS.items()
        }


class WholeNumberField(forms.IntegerField):
    """A whole number that may be typed with thousands separators (86,500)."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace(",", "").strip()
        return super().to_python(value)


class PopulationEstimateForm(BaseForm):
    """An ONS mid-year estimate of the children aged 0 to 17 living in the council's area."""

    submit_label = "Save estimate"

    year = forms.IntegerField(
        label="Mid-year",
        help_text="The year of the ONS mid-year estimate, for example 2025 for mid-2025. It is "
        "used for every date from 1 April of that year to 31 March of the next.",
        min_value=2000,
        max_value=2100,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
        error_messages={
            "required": "Enter the year of the estimate",
            "invalid": "The year must be 4 digits, like 2025",
            "min_value": "The year must be 2000 or later",
            "max_value": "The year must be 2100 or earlier",
        },
    )
    population = WholeNumberField(
        label="Children aged 0 to 17",
        min_value=1,
        max_value=10_000_000,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-10"}),
        error_messages={
            "required": "Enter the number of children aged 0 to 17",
            "invalid": "The number of children must be a whole number, like 86500",
            "min_value": "The number of children must be at least 1",
            "max_value": "The number of children must be 10,000,000 or fewer",
        },
    )
    source = forms.CharField(
        label="Source",
        help_text="For example, ONS mid-2025 population estimates, published July 2026",
        max_length=300,
        error_messages={
            "required": "Enter where the estimate comes from",
            "max_length": "The source must be 300 characters or fewer",
        },
    )
    replace = forms.BooleanField(
        label="Replace the estimate already saved for this year",
        required=False,
    )

    def __init__(self, *args, saved_years=(), **kwargs):
        self.saved_years = set(saved_years)
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        year = cleaned.get("year")
        if year in self.saved_years and not cleaned.get("replace"):
            self.add_error(
                "replace",
                f"An estimate for mid-{year} is already saved: tick the box to replace it",
            )
        return cleaned


class LocalMeasureForm(BaseForm):
    """What a local measure counts, who owns it and which way is better."""

    submit_label = "Save local measure"

    title = forms.CharField(
        label="Title",
        help_text="For example, Foster carer enquiries",
        max_length=200,
        error_messages={
            "required": "Enter a title",
            "max_length": "The title must be 200 characters or fewer",
        },
    )
    unit = forms.ChoiceField(
        label="What kind of figure is it?",
        choices=LocalMeasureUnit.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the figure is a number or a percentage"},
    )
    definition = forms.CharField(
        label="Definition",
        help_text="What is counted, for which month, and where the figure comes from.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={
            "required": "Enter the definition",
            "max_length": "The definition must be 2,000 characters or fewer",
        },
    )
    owner = forms.CharField(
        label="Owner",
        help_text="The team or officer who provides the figure.",
        max_length=200,
        error_messages={
            "required": "Enter the owner",
            "max_length": "The owner must be 200 characters or fewer",
        },
    )
    good_direction = forms.ChoiceField(
        label="Which way is better?",
        choices=GoodDirection.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose which way is better"},
    )

    def __init__(self, *args, version=None, **kwargs):
        super().__init__(*args, **kwargs)
        if version is not None:
            self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, initial=version)
            self.helper.layout.append("version")


DAYS_OUT_OF_RANGE = (
    f"The number of days must be between {MIN_DAYS_BEFORE_DEADLINE} and {MAX_DAYS_BEFORE_DEADLINE}"
)
MONTH_FORMATS = ("%m %Y", "%m/%Y", "%Y-%m", "%B %Y", "%b %Y")


class LocalValueForm(BaseForm):
    """One month's figure for a local measure."""

    submit_label = "Save figure"

    month = forms.CharField(
        label="Month",
        help_text="For example, 3 2026 for March 2026",
        max_length=20,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
        error_messages={"required": "Enter the month the figure is for"},
    )
    numerator = WholeNumberField(
        label="Number",
        min_value=0,
        max_value=10_000_000,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-10"}),
        error_messages={
            "required": "Enter the number",
            "invalid": "The number must be a whole number, like 12",
            "min_value": "The number must be 0 or more",
            "max_value": "The number must be 10,000,000 or fewer",
        },
    )
    denominator = WholeNumberField(
        label="Out of",
        help_text="Only for a percentage: the total the number is out of.",
        required=False,
        min_value=1,
        max_value=10_000_000,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-10"}),
        error_messages={
            "invalid": "The total must be a whole number, like 40",
            "min_value": "The total must be at least 1",
            "max_value": "The total must be 10,000,000 or fewer",
        },
    )

    def __init__(self, *args, version=None, fixed_month=None, percent=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not percent:  # a count has no total
            del self.fields["denominator"]
            self.helper.layout.fields.remove("denominator")
        if version is not None:
            self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, initial=version)
            self.helper.layout.append("version")
        if fixed_month is not None:
            self.fields["month"].initial = f"{fixed_month:%-m %Y}"
            self.fields["month"].disabled = True

    def clean_month(self):
        text = " ".join(str(self.cleaned_data["month"]).split())
        for pattern in MONTH_FORMATS:
            try:
                parsed = datetime.datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a month, no time of day
            except ValueError:
                continue
            if parsed.year < 2000:
                raise forms.ValidationError("The month must be in 2000 or later")
            if parsed > timezone.localdate():
                raise forms.ValidationError("The month must not be in the future")
            return parsed.replace(day=1)
        raise forms.ValidationError("Enter the month as a number and a year, like 3 2026")


class LocalValuesUploadForm(CsvUploadForm):
    submit_label = "Upload figures"
    file = csv_file_field(
        "figures",
        "measure (the code shown on the measure's page), month (like 2026-03), number, "
        "and out_of for percentages.",
    )


class ReportRunForm(BaseForm):
    """Ask for a board report PDF."""

    submit_label = "Ask for the report"

    report_type = forms.ChoiceField(
        label="Which report",
        choices=(),
        widget=forms.RadioSelect,
        error_messages={"required": "Select which report you want"},
    )
    as_at = GovukDateField(
        what="the date of the figures",
        label="Figures as at",
        help_text="For example, 31 3 2026.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["report_type"].choices = STANDARD_REPORT_TYPES

    def clean_as_at(self):
        day = self.cleaned_data.get("as_at")
        if day and day > timezone.localdate():
            raise forms.ValidationError("The date of the figures must be today or in the past")
        if day and day.year < 2000:
            raise forms.ValidationError("The date of the figures must be after 1 January 2000")
        return day


class MeetingPackForm(BaseForm):
    """Ask for a meeting's pack (its figures as at today)."""

    submit_label = "Make the meeting pack"

    meeting = forms.ModelChoiceField(
        label="Which meeting",
        queryset=None,
        empty_label="Select a meeting",
        error_messages={"required": "Select the meeting the pack is for"},
    )

    def __init__(self, *args, **kwargs):
        from meetings.models import Meeting

        super().__init__(*args, **kwargs)
        since = timezone.localdate() - datetime.timedelta(days=60)
        self.fields["meeting"].queryset = (
            Meeting.objects.filter(date__gte=since).select_related("board").order_by("date")
        )
        self.fields["meeting"].label_from_instance = lambda m: f"{m.board.name}, {m.date:%-d %B %Y}"


class AttachRunForm(BaseForm):
    """Attach a finished report to an agenda item of a coming meeting."""

    submit_label = "Attach to the agenda item"

    item = forms.ModelChoiceField(
        label="Agenda item",
        queryset=None,
        empty_label="Select an agenda item",
        error_messages={"required": "Select the agenda item to attach the report to"},
    )

    def __init__(self, *args, **kwargs):
        from meetings.models import AgendaItem

        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = (
            AgendaItem.objects.filter(meeting__date__gte=timezone.localdate())
            .select_related("meeting__board")
            .order_by("meeting__date", "position")
        )
        self.fields["item"].label_from_instance = lambda i: (
            f"{i.meeting.board.name}, {i.meeting.date:%-d %b %Y}: {i.position}. {i.title}"
        )


class StandardReportsForm(BaseForm):
    """Which reports are drawn for every meeting of a board, and how long before the papers
    deadline."""

    submit_label = "Save standard reports"

    report_types = forms.MultipleChoiceField(
        label="Which reports does the board have at every meeting?",
        help_text="Select all that apply. The meeting pack is made separately.",
        choices=STANDARD_REPORT_TYPES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    days_before_deadline = forms.IntegerField(
        label="How many days before the papers deadline should they be drawn?",
        help_text="For example, 14. The figures are as at the end of the month before the "
        "deadline.",
        required=False,
        min_value=MIN_DAYS_BEFORE_DEADLINE,
        max_value=MAX_DAYS_BEFORE_DEADLINE,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "invalid": "The number of days must be a whole number, like 14",
            "min_value": DAYS_OUT_OF_RANGE,
            "max_value": DAYS_OUT_OF_RANGE,
        },
    )

    def clean(self):
        cleaned = super().clean()
        days_left_blank = cleaned.get("days_before_deadline", 0) is None
        if cleaned.get("report_types") and days_left_blank:
            self.add_error(
                "days_before_deadline",
                "Enter how many days before the papers deadline the reports are drawn",
            )
        return cleaned
