"""Sessions end after an absolute limit, however active (OWASP ASVS 5.0, 7.3)."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect

STARTED_KEY = "signed_in_at"


class AbsoluteSessionLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            started = request.session.setdefault(STARTED_KEY, time.time())
            if time.time() - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                return redirect(f"{settings.LOGIN_URL_PATH}?expired=1")
        return self.get_response(request)
