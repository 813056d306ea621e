"""The tests pass the second factor honestly: the user has a real TOTP device and the test
enters a real code from it on the real code page."""

import time

from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def app_for(user):
    """The user's authenticator app (set up already, as every account's is after first sign-in)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def code_for(device):
    """The code the app shows now; if now's code was used already (two sign-ins within 30
    seconds), the next step's code, which the device's tolerance of one step accepts."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, 0)
    totp.time = time.time()
    expected = totp.t() + device.drift  # the step the device expects now
    step = max(device.last_t + 1, expected)
    if step > expected + device.tolerance:
        raise AssertionError("Codes used faster than the app makes them: wait for the next one")
    totp.time = device.t0 + step * device.step
    return f"{totp.token():06d}"


def pass_second_factor(client, user):
    response = client.post(reverse("second_factor_verify"), {"code": code_for(app_for(user))})
    assert response.status_code == 302, response.content[:500]
    return response
