"""Registry of what the child record page shows, filled by any app that knows about a child.

children registers its own sources (children/timeline_sources.py); placements registers periods
of care, legal statuses, placements and permanence from its own AppConfig.ready(). The record
page only calls events_for / summary_for / actions_for, so children never imports placements.

Each source should run a bounded number of queries (one per source, with select_related).
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import Paginator


@dataclass(frozen=True)
class TimelineEvent:
    date: datetime.date
    title: str  # e.g. "Review held"
    category: str  # e.g. "Review", "Placement" (shown as an MOJ badge)
    detail: str = ""  # one line
    by: str = ""  # who recorded it
    actions: tuple[tuple[str, str], ...] = ()  # (label, url): "Change", "End"
    sort_key: int = 0  # tie-break within a day, higher first


EventSource = Callable[..., Iterable[TimelineEvent]]
SummarySource = Callable[..., Iterable[tuple[str, str]]]
ActionSource = Callable[..., Iterable[tuple[str, str]]]

_event_sources: list[EventSource] = []
_summary_sources: list[SummarySource] = []
_action_sources: list[ActionSource] = []


def _register(registry: list, fn):
    # ready() can run more than once (tests, autoreload): register each function once.
    if fn not in registry:
        registry.append(fn)
    return fn


def register_events(fn: EventSource) -> EventSource:
    """fn(child, user) -> Iterable[TimelineEvent]. Usable as a decorator."""
    return _register(_event_sources, fn)


def register_summary(fn: SummarySource) -> SummarySource:
    """fn(child) -> Iterable[(label, value)] rows for the summary card."""
    return _register(_summary_sources, fn)


def register_actions(fn: ActionSource) -> ActionSource:
    """fn(child, user) -> Iterable[(label, url)] "Add ..." links."""
    return _register(_action_sources, fn)


def events_for(child, user) -> list[TimelineEvent]:
    """Every registered source's events, newest first (ties: higher sort_key first)."""
    events = [event for fn in _event_sources for event in fn(child, user)]
    events.sort(key=lambda e: (e.date, e.sort_key), reverse=True)
    return events


def summary_for(child) -> list[tuple[str, str]]:
    return [row for fn in _summary_sources for row in fn(child)]


def actions_for(child, user) -> list[tuple[str, str]]:
    return [action for fn in _action_sources for action in fn(child, user)]


TIMELINE_PAGE_SIZE = 20


@dataclass(frozen=True)
class TimelinePage:
    """One page of a child's timeline, filtered to the chosen kinds (categories) of event."""

    page: object  # django.core.paginator.Page of TimelineEvent
    kinds: list[str]  # every kind of event the child's timeline has
    chosen: list[str]  # the kinds asked for (none: every kind)
    query: str  # the filter as a query string, kept on the page links


def timeline_page(events, *, kinds_asked, page_number) -> TimelinePage:
    """The page of `events` (newest first) asked for, of the kinds asked for; kinds the
    timeline does not have are ignored."""
    kinds = sorted({event.category for event in events})
    chosen = [kind for kind in kinds if kind in set(kinds_asked)]
    shown = [event for event in events if event.category in chosen] if chosen else events
    page = Paginator(shown, TIMELINE_PAGE_SIZE).get_page(page_number)
    return TimelinePage(
        page=page, kinds=kinds, chosen=chosen, query=urlencode([("kind", k) for k in chosen])
    )
