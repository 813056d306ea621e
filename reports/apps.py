from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"

    def ready(self):
        from reports import receivers

        receivers.connect()

        from placements.import_views import register_import_done_context
        from reports.coverage import import_done_context

        register_import_done_context(import_done_context)

        from meetings import indicators
        from reports.meeting_figures import MeetingFigures

        indicators.register_provider(MeetingFigures())

        # The board's meetings set the dates board figures may be shown as at, and the date
        # "change since" compares with.
        from meetings.selectors import last_meeting_date, meeting_dates_between
        from reports.board_cycle import register_last_meeting
        from reports.board_dates import register_meeting_dates

        register_last_meeting(last_meeting_date)
        register_meeting_dates(meeting_dates_between)
