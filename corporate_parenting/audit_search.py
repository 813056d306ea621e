"""Selectors for the audit search page and its CSV export."""

import datetime

from django.db.models import Q
from django.utils import timezone

from corporate_parenting import audit_children
from corporate_parenting.models import AuditEvent

EXPORT_COLUMNS = [
    "When",
    "Who",
    "Username",
    "Action",
    "Record type",
    "Record",
    "Child ID",
    "Changes",
    "Detail",
    "Address",
    "Browser",
    "Session hash",
]


def _day_start(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def audit_events_matching(*, child_local_id="", user="", action="", date_from=None, date_to=None):
    """The audit rows matching the search, newest first. An unknown child id matches nothing."""
    events = AuditEvent.objects.select_related("actor")
    if child_local_id:
        lookup = audit_children.lookup()
        pks = lookup.pks_for_local_id(child_local_id) if lookup else []
        events = events.filter(child_id__in=pks)
    if user:
        events = events.filter(Q(actor__username__iexact=user) | Q(actor_name__icontains=user))
    if action:
        events = events.filter(action=action)
    if date_from:
        events = events.filter(at__gte=_day_start(date_from))
    if date_to:
        events = events.filter(at__lt=_day_start(date_to + datetime.timedelta(days=1)))
    return events.order_by("-at", "-id")


def with_child_local_ids(events):
    """The events (a page of them) with `child_local_id` set, in one query."""
    events = list(events)
    lookup = audit_children.lookup()
    ids = lookup.local_ids(e.child_id for e in events if e.child_id) if lookup else {}
    for event in events:
        event.child_local_id = ids.get(event.child_id, "") if event.child_id else ""
    return events


def export_rows(events, *, chunk=2000):
    """CSV rows for every matching event, reading them in chunks."""
    batch = []
    for event in events.iterator(chunk_size=chunk):
        batch.append(event)
        if len(batch) == chunk:
            yield from _rows(batch)
            batch = []
    yield from _rows(batch)


def _rows(batch):
    for event in with_child_local_ids(batch):
        yield [
            timezone.localtime(event.at).isoformat(timespec="seconds"),
            event.actor_name,
            event.actor.username if event.actor else "",
            event.get_action_display(),
            event.object_type,
            event.object_repr,
            event.child_local_id,
            "; ".join(f"{k}: {v}" for k, v in (event.changes or {}).items()),
            event.detail,
            event.address or "",
            event.user_agent,
            event.session_hash,
        ]
