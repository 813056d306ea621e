"""The base form every form in the service inherits (GOV.UK markup through crispy-forms-gds),
and the one GOV.UK date field every form uses."""

import datetime

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Submit
from crispy_forms_gds.widgets import DateInputWidget
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError


class GovukFormMixin:
    submit_label = "Save"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.label_size = "s"
        self.helper.legend_size = "s"
        self.helper.form_tag = False
        self.helper.add_input(Submit("submit", self.submit_label))


class BaseForm(GovukFormMixin, forms.Form):
    pass


class BaseModelForm(GovukFormMixin, forms.ModelForm):
    pass


class SignInForm(GovukFormMixin, AuthenticationForm):
    submit_label = "Sign in"
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account is not active. Ask your administrator.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "username", "spellcheck": "false"}
        )


class GovukDateField(forms.MultiValueField):
    """The GOV.UK date input (day, month, year) of every form, with the Design System's error
    wording: the only date field in the service, so that every date error reads the same.

    `what` names the date in messages: GovukDateField(what="the date of the review") gives
    "Enter the date of the review" and "The date of the review must be a real date".
    """

    widget = DateInputWidget

    def __init__(self, *, what, **kwargs):
        self.what = what
        kwargs.setdefault("help_text", "For example, 27 3 2026")
        parts = (forms.CharField(), forms.CharField(), forms.CharField())
        super().__init__(fields=parts, require_all_fields=False, **kwargs)

    def _message(self, rest):
        return f"{self.what[0].upper()}{self.what[1:]} {rest}"

    def _error(self, message, code, part=0):
        # Tie the message to one of the three inputs so the error summary links to it.
        self.fields[part].widget.errors = [message]
        return ValidationError(message, code=code)

    def clean(self, value):
        for subfield in self.fields:
            subfield.widget.errors = []
        value = list(value or ("", "", ""))
        parts = [str(v or "").strip() for v in value[:3]] + [""] * (3 - len(value[:3]))
        if not any(parts):
            if self.required:
                raise self._error(f"Enter {self.what}", "required")
            return None
        missing = [
            name for name, part in zip(("day", "month", "year"), parts, strict=True) if not part
        ]
        if missing:
            first = ("day", "month", "year").index(missing[0])
            raise self._error(
                self._message(f"must include a {' and '.join(missing)}"), "incomplete", first
            )
        if not all(part.isdigit() for part in parts) or len(parts[2]) != 4:
            raise self._error(self._message("must be a real date"), "invalid")
        try:
            return datetime.date(int(parts[2]), int(parts[1]), int(parts[0]))
        except ValueError:
            raise self._error(self._message("must be a real date"), "invalid") from None

    def compress(self, data_list):  # pragma: no cover - clean() does the work
        return data_list

    def has_changed(self, initial, data):
        return True
