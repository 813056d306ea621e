from django.apps import AppConfig


class ChildrenConfig(AppConfig):
    name = "children"

    def ready(self):
        from children import audit_lookup, timeline_sources

        timeline_sources.register()
        audit_lookup.register()
