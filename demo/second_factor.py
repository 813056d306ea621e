"""Demo accounts have an authenticator app set up with a key printed by demo_setup, so that
`make run` can be used at once (no bypass: the code is checked like any other)."""

import time
from base64 import b32encode

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def demo_app_set_up(user):
    """A new app device for a demo account; returns its key in base32, as apps take it."""
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    return b32encode(device.bin_key).decode().rstrip("=")


def current_code(device):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():06d}"
