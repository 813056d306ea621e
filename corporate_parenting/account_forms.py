"""Forms of one's own account: the second factor and passwords, worded the GOV.UK way."""

from django import forms
from django.contrib.auth import forms as auth_forms

from corporate_parenting.forms import BaseForm, GovukFormMixin


class AppCodeForm(BaseForm):
    submit_label = "Continue"
    code = forms.CharField(
        label="Security code",
        help_text="The 6-digit code shown in your authenticator app",
        max_length=12,
        error_messages={"required": "Enter the security code from your authenticator app"},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
                "class": "govuk-input--width-10",
            }
        ),
    )

    def clean_code(self):
        code = self.cleaned_data["code"].replace(" ", "")
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError("Enter the 6-digit security code, like 123456")
        return code


class SignInCodeForm(AppCodeForm):
    remember = forms.BooleanField(required=False)

    def __init__(self, *args, remember_label, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["remember"].label = remember_label


class RecoveryCodeForm(BaseForm):
    submit_label = "Continue"
    code = forms.CharField(
        label="Recovery code",
        help_text="One of the 10 codes you saved when you set up your app, like abcde-fghjk",
        max_length=20,
        error_messages={"required": "Enter a recovery code"},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class PasswordChangeForm(GovukFormMixin, auth_forms.PasswordChangeForm):
    submit_label = "Change password"
    error_messages = {
        **auth_forms.PasswordChangeForm.error_messages,
        "password_incorrect": "Your current password is wrong. Enter it again.",
        "password_mismatch": "The new passwords do not match. Enter the same password twice.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Current password"
        self.fields["old_password"].error_messages["required"] = "Enter your current password"
        _word_new_password_fields(self)


class PasswordResetForm(GovukFormMixin, auth_forms.PasswordResetForm):
    submit_label = "Send reset link"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        self.fields["email"].error_messages.update(
            {
                "required": "Enter your email address",
                "invalid": "Enter an email address in the correct format, like name@example.com",
            }
        )


class SetPasswordForm(GovukFormMixin, auth_forms.SetPasswordForm):
    submit_label = "Set password"
    error_messages = {
        **auth_forms.SetPasswordForm.error_messages,
        "password_mismatch": "The new passwords do not match. Enter the same password twice.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _word_new_password_fields(self)


def _word_new_password_fields(form):
    form.fields["new_password1"].label = "New password"
    form.fields[
        "new_password1"
    ].help_text = "At least 12 characters. Do not use a common password or one like your name."
    form.fields["new_password1"].error_messages["required"] = "Enter a new password"
    form.fields["new_password2"].label = "Confirm new password"
    form.fields["new_password2"].help_text = ""
    form.fields["new_password2"].error_messages["required"] = "Enter the new password again"
