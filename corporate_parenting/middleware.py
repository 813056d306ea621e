"""Sessions end after an absolute limit, however active (OWASP ASVS 5.0, 7.3); private pages are
never cached; an unknown address answers with the GOV.UK "Page not found" page even with DEBUG
on."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.utils.cache import patch_cache_control

STARTED_KEY = "signed_in_at"


class AbsoluteSessionLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            started = request.session.setdefault(STARTED_KEY, time.time())
            if time.time() - started > settings.SESSION_ABSOLUTE_SECONDS:
                request.session_timed_out = "absolute limit"
                logout(request)
                return redirect(f"{settings.LOGIN_URL_PATH}?expired=1")
        return self.get_response(request)


class PrivateResponseHeadersMiddleware:
    """Nothing a signed-in user sees, and no download, is kept by the browser or a shared cache:
    after sign-out on a shared PC the back button must not show a child's record. And the pages
    ask for no powerful browser features."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or response.has_header(
            "Content-Disposition"
        ):
            patch_cache_control(response, no_store=True, private=True)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


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
