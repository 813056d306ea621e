"""Sessions end after an absolute limit, however active (OWASP ASVS 5.0, 7.3); private pages are
never cached; an unknown address answers with the GOV.UK "Page not found" page even with DEBUG
on; a second factor and a changed password are required before anything else."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
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


# Pages a signed-in user may open before the second factor: the second factor's own pages,
# signing out, and the timeout warning's extend call.
SECOND_FACTOR_OPEN_URLS = frozenset(
    {
        "second_factor_verify",
        "second_factor_set_up",
        "second_factor_recovery",
        "logout",
        "session_extend",
    }
)


class SecondFactorRequiredMiddleware:
    """Every signed-in URL, the Django admin included, needs a session verified with the
    second factor (corporate_parenting.second_factor); a remembered device verifies it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from django_otp import login as otp_login

        from corporate_parenting.second_factor import has_app, remembered_device

        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        match = request.resolver_match
        if match is not None and match.url_name in SECOND_FACTOR_OPEN_URLS:
            return None
        public = getattr(view_func, "login_required", True) is False
        if public and not request.path_info.startswith("/admin/"):
            return None
        device = remembered_device(request)
        if device is not None:
            otp_login(request, device)
            return None
        target = "second_factor_verify" if has_app(user) else "second_factor_set_up"
        return redirect_to_login(request.get_full_path(), reverse(target))


class PasswordChangeRequiredMiddleware:
    """After an administrator sets a user's password, the user sets their own before anything
    else (User.must_change_password)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or not user.must_change_password:
            return None
        match = request.resolver_match
        if match is not None and match.url_name in SECOND_FACTOR_OPEN_URLS | {"password_change"}:
            return None
        if getattr(view_func, "login_required", True) is False and not request.path_info.startswith(
            "/admin/"
        ):
            return None
        return redirect_to_login(request.get_full_path(), reverse("password_change"))


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
