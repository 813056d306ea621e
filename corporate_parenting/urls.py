from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from corporate_parenting import audit_views, views

handler403 = "corporate_parenting.views.permission_denied"
handler404 = "corporate_parenting.views.page_not_found"
handler500 = "corporate_parenting.views.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("session/extend/", views.session_extend, name="session_extend"),
    path("account/", include("corporate_parenting.account_urls")),
    path("audit/", audit_views.audit_search, name="audit_search"),
    path("audit/export.csv", audit_views.audit_export, name="audit_export"),
    path("healthz", views.healthz, name="healthz"),
    path("accessibility/", views.accessibility_statement, name="accessibility"),
    path("admin/", admin.site.urls),
    path("children/", include("children.urls")),
    path("placements/", include("placements.urls")),
    path("meetings/", include("meetings.urls")),
    path("reports/", include("reports.urls")),
]
