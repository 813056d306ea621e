from django.apps import AppConfig


class PlacementsConfig(AppConfig):
    name = "placements"

    def ready(self):
        from placements import timeline_sources

        timeline_sources.register()
