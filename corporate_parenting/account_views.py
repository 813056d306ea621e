"""One's own account: setting up and passing the second factor, changing and resetting the
password. The rules live in corporate_parenting.second_factor and the signals."""

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache

from corporate_parenting import account_forms
from corporate_parenting.audit import audit_record
from corporate_parenting.models import AuditAction
from corporate_parenting.second_factor import (
    app_device_confirm,
    app_device_start,
    code_verify,
    has_app,
    recovery_code_use,
    remember_device,
    remember_seconds,
)

RECOVERY_CODES_SESSION_KEY = "recovery_codes_to_show"


def _next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("home")


def _qr_svg(url):
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    svg = image.to_string(encoding="unicode")
    svg = svg[svg.index("<svg") :]
    svg = svg.replace("<svg", '<svg role="img" aria-label="QR code for your authenticator app"', 1)
    return mark_safe(svg)  # noqa: S308 - drawn by qrcode from our own URL, no user input


def _key_groups(device):
    from base64 import b32encode

    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@never_cache
def second_factor_set_up(request):
    """Set up (or, once verified, replace) the authenticator app. Before the session is
    verified an account that already has an app cannot set up another: that is the point."""
    user = request.user
    if has_app(user) and not user.is_verified():
        return redirect(f"{reverse('second_factor_verify')}?next={_next_url(request)}")
    device = app_device_start(user=user)
    form = account_forms.AppCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = app_device_confirm(request=request, device=device, code=form.cleaned_data["code"])
        if codes is not None:
            request.session[RECOVERY_CODES_SESSION_KEY] = codes
            return redirect("second_factor_recovery_codes")
        form.add_error(
            "code", "The security code is wrong or has expired. Enter the new code from your app"
        )
    return render(
        request,
        "account/second_factor_set_up.html",
        {
            "form": form,
            "qr_svg": _qr_svg(device.config_url),
            "key": _key_groups(device),
            "replacing": has_app(user),
        },
    )


@never_cache
def second_factor_recovery_codes(request):
    """The ten recovery codes, shown once straight after set-up."""
    codes = request.session.pop(RECOVERY_CODES_SESSION_KEY, None)
    if not codes:
        return redirect("home")
    return render(request, "account/recovery_codes.html", {"codes": codes})


def _remember_label(user):
    seconds = remember_seconds(user)
    period = f"{seconds // 86400} days" if seconds >= 2 * 86400 else f"{seconds // 3600} hours"
    return f"Do not ask for a code on this device for {period}"


@never_cache
def second_factor_verify(request):
    user = request.user
    if not has_app(user):
        return redirect(f"{reverse('second_factor_set_up')}?next={_next_url(request)}")
    if user.is_verified():
        return redirect(_next_url(request))
    form = account_forms.SignInCodeForm(request.POST or None, remember_label=_remember_label(user))
    if request.method == "POST" and form.is_valid():
        if code_verify(request=request, code=form.cleaned_data["code"]):
            response = redirect(_next_url(request))
            if form.cleaned_data["remember"]:
                remember_device(response, user=user, device=user.otp_device)
            return response
        form.add_error(
            "code", "The security code is wrong or has expired. Enter the new code from your app"
        )
    return render(
        request, "account/second_factor_verify.html", {"form": form, "next": _next_url(request)}
    )


@never_cache
def second_factor_recovery(request):
    user = request.user
    if user.is_verified():
        return redirect(_next_url(request))
    form = account_forms.RecoveryCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if recovery_code_use(request=request, code=form.cleaned_data["code"]):
            messages.success(
                request,
                "You signed in with a recovery code. It cannot be used again. "
                "If you have lost your phone, set up your authenticator app again.",
            )
            return redirect("second_factor_set_up")
        form.add_error("code", "The recovery code is wrong or has been used. Enter another one")
    return render(
        request, "account/second_factor_recovery.html", {"form": form, "next": _next_url(request)}
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = account_forms.PasswordChangeForm
    template_name = "account/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            audit_record(
                actor=self.request.user, action=AuditAction.PASSWORD_CHANGED, obj=self.request.user
            )
        messages.success(self.request, "Your password has been changed")
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Always says "check your email", whether or not the address has an account."""

    form_class = account_forms.PasswordResetForm
    template_name = "account/password_reset_form.html"
    email_template_name = "account/password_reset_email.txt"
    subject_template_name = "account/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form):
        with transaction.atomic():
            for user in form.get_users(form.cleaned_data["email"]):
                audit_record(actor=None, action=AuditAction.PASSWORD_RESET_ASKED, obj=user)
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "account/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = account_forms.SetPasswordForm
    template_name = "account/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form):
        with transaction.atomic():
            form.user.must_change_password = False
            response = super().form_valid(form)
            audit_record(actor=None, action=AuditAction.PASSWORD_RESET, obj=form.user)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "account/password_reset_complete.html"
