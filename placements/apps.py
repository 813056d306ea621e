from django.apps import AppConfig


class PlacementsConfig(AppConfig):
    name = "placements"

    def ready(self):
        from placements import care, timeline_sources

        care.register()
        timeline_sources.register()
