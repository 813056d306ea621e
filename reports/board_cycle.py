"""The date the dashboard's "change since" compares with: the last board meeting before the
figures' date, once the meetings app says when that was; otherwise a fixed board cycle
(settings.BOARD_CYCLE_DAYS, 56 days) before it.

reports may depend on meetings, but the meetings app registers itself here instead (in its
AppConfig.ready()), so that reports works with or without it:

    from reports.board_cycle import register_last_meeting
    register_last_meeting(lambda before: Meeting.objects.held_before(before).latest_date())

A provider takes a date and returns the date of the last board meeting strictly before it, or
None when there was none.
"""

import datetime

from django.conf import settings

_providers = []


def register_last_meeting(provider):
    """Add `provider(before) -> date | None`. Registering the same function twice is a no-op."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def unregister_last_meeting(provider):
    if provider in _providers:
        _providers.remove(provider)


def board_cycle_days():
    return settings.BOARD_CYCLE_DAYS


def change_since(as_at):
    """The comparison date for figures as at `as_at`: the last board meeting before it when a
    provider knows one, else `as_at` minus the board cycle."""
    for provider in _providers:
        day = provider(as_at)
        if day is not None and day < as_at:
            return day
    return as_at - datetime.timedelta(days=board_cycle_days())
