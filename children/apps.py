from django.apps import AppConfig


class ChildrenConfig(AppConfig):
    name = "children"

    def ready(self):
        from children import timeline_sources

        timeline_sources.register()
