from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"

    def ready(self):
        from reports import receivers

        receivers.connect()

        from placements.import_views import register_import_done_context
        from reports.coverage import import_done_context

        register_import_done_context(import_done_context)
