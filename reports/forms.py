from crispy_forms_gds.fields import DateInputField
from django import forms
from django.utils import timezone

from corporate_parenting.forms import BaseForm


class AsAtForm(BaseForm):
    """The "as at" date of the figures (GET). Blank means today."""

    submit_label = "Show figures"

    as_at = DateInputField(
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
