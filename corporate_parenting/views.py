from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.crypto import constant_time_compare
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from corporate_parenting.audit import audit_record
from corporate_parenting.forms import SignInForm
from corporate_parenting.health import health_cached
from corporate_parenting.lockout import address_is_throttled
from corporate_parenting.models import AuditAction
from corporate_parenting.roles import Role

# A user with several roles lands on the home page of the first one listed here.
HOME_ORDER = [
    Role.SOCIAL_WORKER,
    Role.TEAM_MANAGER,
    Role.PERFORMANCE_OFFICER,
    Role.DEMOCRATIC_SERVICES,
    Role.BOARD_MEMBER,
    Role.ADMINISTRATOR,
]


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if address_is_throttled(request):
            return render(request, "registration/address_throttled.html", status=429)
        return super().post(request, *args, **kwargs)


def home(request):
    role = next((role for role in HOME_ORDER if role in request.user.roles), None)
    template = (
        f"corporate_parenting/home_{role.value}.html"
        if role
        else ("corporate_parenting/home_no_role.html")
    )
    return render(request, template, {"role": role})


@login_not_required
@require_GET
@never_cache
def healthz(request):
    """Status only for the public ("ok" or "degraded"); which part is down for staff or for a
    monitor that sends the HEALTHZ_TOKEN setting in an X-Health-Token header."""
    report = health_cached()
    status = 200 if report["status"] == "ok" else 503
    token = request.headers.get("X-Health-Token", "")
    detailed = request.user.is_staff or (
        settings.HEALTHZ_TOKEN and constant_time_compare(token, settings.HEALTHZ_TOKEN)
    )
    return JsonResponse(report if detailed else {"status": report["status"]}, status=status)


@require_POST
def session_extend(request):
    """Called by the timeout warning's "Stay signed in": any request renews the idle timer."""
    request.session.modified = True
    return JsonResponse({"idle_seconds": settings.SESSION_IDLE_SECONDS})


@login_not_required
def accessibility_statement(request):
    return render(request, "corporate_parenting/accessibility.html")


@login_not_required
def permission_denied(request, exception=None):
    audit_record(actor=request.user, action=AuditAction.DENIED, detail=request.path)
    return render(request, "403.html", status=403)


@login_not_required
def page_not_found(request, exception=None):
    response = render(request, "404.html", status=404)
    response.govuk_page = True
    return response


@login_not_required
def server_error(request):
    return render(request, "500.html", status=500)
