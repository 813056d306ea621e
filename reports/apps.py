from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"

    def ready(self):
        from meetings import indicators
        from reports.meeting_figures import MeetingFigures

        indicators.register_provider(MeetingFigures())
