"""The Django admin, signed into only through the service's own sign-in page.

Django's admin has a sign-in form of its own, which would skip the per-address throttle
(corporate_parenting.lockout) and the audit of the service's sign-in. Its login view here
authenticates nobody: it sends the visitor to our sign-in, which returns them to the admin."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache


class ServiceAdminSite(admin.AdminSite):
    @method_decorator([login_not_required, never_cache])
    def login(self, request, extra_context=None):
        return redirect_to_login(
            request.GET.get("next") or reverse("admin:index", current_app=self.name),
            settings.LOGIN_URL,
        )
