"""The child's care (periods of care, legal statuses, placements) as children reads it.

Placements owns those records and depends on children, so children never imports placements
(docs/adr/0006-dependency-rules.md). Instead children states here what it needs, and the
placements app registers a source in its AppConfig.ready() (placements/care.py), as it does
for the record page's timeline (children/timeline.py). Each method returns a QuerySet, so the
callers still build one SQL query (subqueries, Exists) rather than reading rows in Python.
"""

import datetime
from typing import Protocol

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet


class CareSource(Protocol):
    def looked_after_on(self, day: datetime.date) -> QuerySet:
        """Rows (with a `child` key) that make a child looked after on `day`."""

    def looked_after_between(self, first_day: datetime.date, last_day: datetime.date) -> QuerySet:
        """Rows (with a `child` key) that make a child looked after at any time in the range."""

    def periods_of_care(self) -> QuerySet:
        """Periods of care: child, start, end (half-open; end empty while open)."""

    def legal_statuses(self) -> QuerySet:
        """Legal statuses: child, start, end, legal_status."""

    def placements(self) -> QuerySet:
        """Placements: child, start, end, placement_type."""

    def legal_status_labels(self) -> dict:
        """{code: label} of the legal statuses."""

    def placement_type_labels(self) -> dict:
        """{code: label} of the placement types."""


_source: CareSource | None = None


def register(source: CareSource) -> None:
    """Called once by the app that owns the care records (placements), from ready()."""
    global _source
    _source = source


def source() -> CareSource:
    if _source is None:
        raise ImproperlyConfigured(
            "No app has registered the care records: install the placements app."
        )
    return _source
