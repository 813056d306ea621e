"""The indicators an action may name, and their figures: a registry that `reports` fills in.

Meetings never imports reports (DESIGN §2: reports -> meetings). Reports registers a provider in
its AppConfig.ready(); without one (meetings on its own) no indicator can be chosen.

A provider has two methods:
- choices() -> [(code, title), ...]
- figures(codes, day) -> {code: Figure}: each figure as a board member may see it (suppressed),
  in a constant number of queries whatever the number of codes.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    code: str
    title: str
    text: str  # the display value with its unit, e.g. "12%", "c", "430 days"
    as_at: object  # datetime.date


_provider = None


def register_provider(provider):
    global _provider
    _provider = provider


def provider():
    return _provider


def choices():
    return list(_provider.choices()) if _provider else []


def figures(codes, day):
    codes = sorted({code for code in codes if code})
    if not codes or _provider is None:
        return {}
    return _provider.figures(codes, day)
