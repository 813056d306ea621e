"""Sign-in throttling behind a proxy. A username is locked after AXES_FAILURE_LIMIT failures, for a
cool-off that doubles with each lockout in the last day (15 minutes, 30, 60, ... up to a day), so
guessing stays slow without locking a user out for good. An address (the client's, read through the
trusted proxies: corporate_parenting.network) that fails SIGN_IN_ADDRESS_LIMIT times in 15 minutes,
whatever the usernames, is refused until the window passes."""

from datetime import timedelta

from django.conf import settings
from django.shortcuts import render
from django.utils import timezone

from corporate_parenting.models import AuditAction, AuditEvent
from corporate_parenting.network import client_address

BASE_COOL_OFF = timedelta(minutes=15)
LONGEST_COOL_OFF = timedelta(days=1)
ADDRESS_WINDOW = timedelta(minutes=15)


def username_detail(username):
    return f"username={str(username or '')[:150]}"


def cool_off(request=None):
    """AXES_COOLOFF_TIME: doubles with each lockout of the same username in the last 24 hours."""
    username = request.POST.get("username") if request is not None else None
    if not username:
        return BASE_COOL_OFF
    since = timezone.now() - timedelta(days=1)
    lockouts = AuditEvent.objects.filter(
        action=AuditAction.LOCKED_OUT, detail=username_detail(username), at__gte=since
    ).count()
    return min(BASE_COOL_OFF * 2 ** max(lockouts - 1, 0), LONGEST_COOL_OFF)


def address_is_throttled(request):
    address = client_address(request)
    if address is None:
        return False
    since = timezone.now() - ADDRESS_WINDOW
    failures = AuditEvent.objects.filter(
        action=AuditAction.SIGN_IN_FAILED, address=address, at__gte=since
    ).count()
    return failures >= settings.SIGN_IN_ADDRESS_LIMIT


def locked_out_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the GOV.UK page, saying how long to wait, with 429."""
    minutes = int(cool_off(request).total_seconds() // 60)
    wait = f"{minutes // 60} hours" if minutes >= 120 else f"{minutes} minutes"
    return render(request, "registration/locked_out.html", {"wait": wait}, status=429)
