from datetime import date

from crispy_forms_gds.fields import DateInputField
from django import forms
from django.utils import timezone

from corporate_parenting.forms import BaseForm


class GovukDateField(DateInputField):
    """A GOV.UK date input whose errors are worded for people, not Python."""

    def __init__(self, *, noun, **kwargs):
        self.noun = noun
        super().__init__(**kwargs)
        name = noun.capitalize()
        self.error_messages["incomplete"] = f"{name} must include a day, month and year"
        for field, part in zip(self.fields, ("day", "month", "year"), strict=True):
            field.error_messages["incomplete"] = f"{noun.capitalize()} must include a {part}"
            field.validators[0].message = f"{noun.capitalize()} must be a real date"

    def compress(self, data_list):
        day, month, year = data_list
        if not (day and month and year):
            return None
        try:
            return date(day=int(day), month=int(month), year=int(year))
        except ValueError:
            raise forms.ValidationError(f"{self.noun.capitalize()} must be a real date") from None


class AsAtForm(BaseForm):
    """The "as at" date of the figures (GET). Blank means today."""

    submit_label = "Show figures"

    as_at = GovukDateField(
        noun="the date of the figures",
        label="Figures as at",
        help_text="For example, 31 3 2026. Leave blank for today.",
        required=False,
        require_all_fields=False,
    )

    def clean_as_at(self):
        day = self.cleaned_data.get("as_at")
        if day and day > timezone.localdate():
            raise forms.ValidationError("The date of the figures must be today or in the past")
        if day and day.year < 2000:
            raise forms.ValidationError("The date of the figures must be after 1 January 2000")
        return day
