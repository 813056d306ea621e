"""Middleware: sessions end after an absolute limit, however active (OWASP ASVS 5.0, 7.3); an
unknown address answers with the GOV.UK "Page not found" page even with DEBUG on."""

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


class GovukNotFoundMiddleware:
    """With DEBUG on (as `make run` has it), Django answers an unknown address with its
    technical 404 page, which lists every URL pattern. Answer with the service's GOV.UK
    "Page not found" page instead, as production does."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            settings.DEBUG
            and response.status_code == 404
            and response.get("Content-Type", "").startswith("text/html")
            and not getattr(response, "govuk_page", False)
        ):
            from corporate_parenting.views import page_not_found

            return page_not_found(request)
        return response
