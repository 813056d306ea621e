from django.apps import AppConfig


class CorporateParentingConfig(AppConfig):
    name = "corporate_parenting"
    verbose_name = "Accounts, roles and audit"

    def ready(self):
        from django.db.models.signals import post_migrate

        from corporate_parenting import signals  # noqa: F401  (connects the receivers)
        from corporate_parenting.administrators import grant_administrator_permissions

        post_migrate.connect(grant_administrator_permissions, sender=self)
