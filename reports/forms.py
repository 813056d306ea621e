from django import forms
from django.utils import timezone

from corporate_parenting.forms import BaseForm, GovukDateField
from placements.codes import PermanencePlanType
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

    def clean_as_at(self):
        day = self.cleaned_data.get("as_at")
        if day and day > timezone.localdate():
            raise forms.ValidationError("The date of the figures must be today or in the past")
        if day and day.year < 2000:
            raise forms.ValidationError("The date of the figures must be after 1 January 2000")
        return day


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


class BenchmarkUploadForm(BaseForm):
    submit_label = "Upload benchmarks"

    file = forms.FileField(
        label="Benchmarks CSV file",
        help_text="Columns: code, area (England, Region or Statistical neighbours), year "
        "(year ending 31 March), value, source.",
        error_messages={
            "required": "Select a CSV file of benchmarks",
            "empty": "The selected file is empty",
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 1_000_000:
            raise forms.ValidationError("The selected file must be smaller than 1 MB")
        return upload


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
        from reports.models import ReportType

        super().__init__(*args, **kwargs)
        self.fields["report_type"].choices = ReportType.choices

    def clean_as_at(self):
        day = self.cleaned_data.get("as_at")
        if day and day > timezone.localdate():
            raise forms.ValidationError("The date of the figures must be today or in the past")
        if day and day.year < 2000:
            raise forms.ValidationError("The date of the figures must be after 1 January 2000")
        return day
