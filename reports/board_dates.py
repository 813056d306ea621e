"""The dates on which figures may be published: month ends (31 March among them) and board
meeting dates. Board members, and anything published, see figures only as at these dates, so
that two neighbouring days cannot be compared to single out one child; officers with case
access keep any date.

Meeting dates come from sources registered by the app that holds meetings (reports does not
import it): `register_meeting_dates(fn)` where `fn(first, last)` returns the meeting dates
between two dates, e.g. in that app's `AppConfig.ready()`:

    from reports.board_dates import register_meeting_dates
    register_meeting_dates(lambda first, last: Meeting.objects.dates_between(first, last))
"""

from collections.abc import Callable, Iterable
from datetime import date, timedelta

from reports.indicators.periods import month_end

MeetingDates = Callable[[date, date], Iterable[date]]
_meeting_sources: list[MeetingDates] = []


def register_meeting_dates(source: MeetingDates):
    """Add a source of board meeting dates; returns it (usable as a decorator)."""
    if source not in _meeting_sources:
        _meeting_sources.append(source)
    return source


def unregister_meeting_dates(source: MeetingDates):
    if source in _meeting_sources:
        _meeting_sources.remove(source)


def meeting_dates(first, last):
    """Board meeting dates from `first` to `last`, from every registered source."""
    return sorted({day for source in _meeting_sources for day in source(first, last)})


def is_month_end(day):
    return day == month_end(day)


def is_board_date(day):
    """True when figures as at `day` may be shown to board members."""
    return is_month_end(day) or day in meeting_dates(day, day)


def latest_board_date(day):
    """The latest date on or before `day` on which board figures may be shown."""
    if is_month_end(day):
        return day
    previous_month_end = day.replace(day=1) - timedelta(days=1)
    meetings = [d for d in meeting_dates(previous_month_end, day) if d <= day]
    return max([previous_month_end, *meetings])


def board_date_notice(requested, shown):
    """The sentence that explains a snapped date to a board member."""
    return (
        f"Board figures are shown as at month ends and board meeting dates only, so these are "
        f"as at {shown:%-d %B %Y}, the nearest such date before {requested:%-d %B %Y}."
    )
