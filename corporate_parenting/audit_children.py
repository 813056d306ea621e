"""How the audit search names children, without this app importing the case record.

The audit table keeps a child's primary key (AuditEvent.child_id). People search by the child's
local id, so the app that owns children registers a lookup in its AppConfig.ready()
(children/apps.py), as placements does for the child's care (children/care.py).
"""

from typing import Protocol


class ChildLookup(Protocol):
    def pks_for_local_id(self, local_id: str) -> list[int]:
        """The primary keys of the children with this local id (exact, case-insensitive)."""

    def local_ids(self, pks) -> dict[int, str]:
        """{pk: local id} for these children, in one query."""


_lookup: ChildLookup | None = None


def register(lookup: ChildLookup) -> None:
    global _lookup
    _lookup = lookup


def lookup() -> ChildLookup | None:
    return _lookup
