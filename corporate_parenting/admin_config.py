from django.contrib.admin.apps import AdminConfig


class ServiceAdminConfig(AdminConfig):
    """django.contrib.admin with the service's site (corporate_parenting.admin_site)."""

    default_site = "corporate_parenting.admin_site.ServiceAdminSite"
