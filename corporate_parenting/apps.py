from django.apps import AppConfig


class CorporateParentingConfig(AppConfig):
    name = "corporate_parenting"
    verbose_name = "Accounts, roles and audit"

    def ready(self):
        from corporate_parenting import signals  # noqa: F401  (connects the receivers)
