"""The second factor every account must pass after its password: a TOTP app (django-otp), ten
single-use recovery codes (stored as hashes), and "remember this device".

A remembered device is a signed cookie naming the user and the app device, with a hash of the
device's key and of the user's password hash: setting up the app again, or a new password,
invalidates every remembered device. It lasts SECOND_FACTOR_REMEMBER_SECONDS, or
SECOND_FACTOR_REMEMBER_BOARD_MEMBER_SECONDS for an account whose only role is board member.
"""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils.crypto import salted_hmac
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from corporate_parenting.audit import audit_record
from corporate_parenting.models import AuditAction, RecoveryCode, RecoveryCodeDevice
from corporate_parenting.roles import Role

APP_DEVICE_NAME = "Authenticator app"
RECOVERY_CODE_COUNT = 10
REMEMBER_SALT = "corporate_parenting.second_factor.remember"
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i


def remember_cookie_name():
    return "__Host-remember-device" if settings.SECURE else "remember-device"


def app_device(user, *, confirmed=True):
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("-pk").first()


def has_app(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def app_device_start(*, user):
    """The unconfirmed app device the set-up page shows (made once, kept until confirmed)."""
    device = app_device(user, confirmed=False)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def recovery_code_hash(code):
    normalised = "".join(ch for ch in str(code).lower() if ch.isalnum())
    return hmac.new(settings.SECRET_KEY.encode(), normalised.encode(), hashlib.sha256).hexdigest()


def _new_recovery_code():
    raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def recovery_codes_create(*, user):
    """Ten new codes replace any earlier ones; returns them in clear, to be shown once."""
    RecoveryCodeDevice.objects.filter(user=user).delete()
    device = RecoveryCodeDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    RecoveryCode.objects.bulk_create(
        RecoveryCode(device=device, code_hash=recovery_code_hash(code)) for code in codes
    )
    return codes


def app_device_confirm(*, request, device, code):
    """Confirm the app with a code from it. Returns the new recovery codes, or None when the
    code is wrong. Any earlier app and its remembered devices stop working."""
    user = request.user
    if not device.verify_token(str(code).strip().replace(" ", "")):
        audit_record(
            actor=user,
            action=AuditAction.SECOND_FACTOR_FAILED,
            obj=user,
            detail="setting up the authenticator app",
        )
        return None
    with transaction.atomic():
        replaced = TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk)
        was_set_up = replaced.exists()
        replaced.delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = recovery_codes_create(user=user)
        audit_record(
            actor=user,
            action=AuditAction.SECOND_FACTOR_SET_UP,
            obj=user,
            detail="authenticator app replaced" if was_set_up else "authenticator app set up",
        )
    otp_login(request, device)
    return codes


def code_verify(*, request, code):
    """A code from the app, after the password. True when it verifies the session."""
    device = app_device(request.user)
    if device is None:
        return False
    allowed, _ = device.verify_is_allowed()
    if allowed and device.verify_token(str(code).strip().replace(" ", "")):
        otp_login(request, device)
        return True
    audit_record(
        actor=request.user,
        action=AuditAction.SECOND_FACTOR_FAILED,
        obj=request.user,
        detail="code from the app" if allowed else "code from the app: too many tries, waiting",
    )
    return False


def recovery_code_use(*, request, code):
    """A recovery code instead of the app: single use; True when it verifies the session."""
    user = request.user
    with transaction.atomic():
        device = RecoveryCodeDevice.objects.select_for_update().filter(user=user).first()
        if device is not None and device.verify_token(code):
            left = device.codes.count()
            audit_record(
                actor=user,
                action=AuditAction.RECOVERY_CODE_USED,
                obj=user,
                detail=f"{left} recovery codes left",
            )
            verified = True
        else:
            verified = False
    if verified:
        otp_login(request, device)
        return True
    audit_record(
        actor=user, action=AuditAction.SECOND_FACTOR_FAILED, obj=user, detail="recovery code"
    )
    return False


def second_factor_reset(*, user, actor):
    """An administrator's reset (a lost phone): the user sets up the app at next sign-in."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        RecoveryCodeDevice.objects.filter(user=user).delete()
        audit_record(actor=actor, action=AuditAction.SECOND_FACTOR_RESET, obj=user)


def remember_seconds(user):
    if user.roles == {Role.BOARD_MEMBER}:
        return settings.SECOND_FACTOR_REMEMBER_BOARD_MEMBER_SECONDS
    return settings.SECOND_FACTOR_REMEMBER_SECONDS


def _binding(user, device):
    return salted_hmac(
        REMEMBER_SALT, f"{user.pk}:{device.pk}:{device.key}:{user.password}"
    ).hexdigest()


def remember_device(response, *, user, device):
    value = signing.dumps(
        {"u": user.pk, "d": device.pk, "b": _binding(user, device)}, salt=REMEMBER_SALT
    )
    response.set_cookie(
        remember_cookie_name(),
        value,
        max_age=remember_seconds(user),
        secure=settings.SECURE,
        httponly=True,
        samesite="Lax",
    )


def remembered_device(request):
    """The app device this browser was remembered for, if the cookie is this user's, unexpired,
    and neither the app nor the password has changed since."""
    value = request.COOKIES.get(remember_cookie_name())
    user = request.user
    if not value:
        return None
    try:
        data = signing.loads(value, salt=REMEMBER_SALT, max_age=remember_seconds(user))
    except signing.BadSignature:
        return None
    if data.get("u") != user.pk:
        return None
    device = TOTPDevice.objects.filter(pk=data.get("d"), user=user, confirmed=True).first()
    if device is None or not hmac.compare_digest(str(data.get("b")), _binding(user, device)):
        return None
    return device
