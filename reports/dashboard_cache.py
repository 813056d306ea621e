"""The board dashboard's rendered page body, cached.

Figures are cached already (reports.values), but building the dashboard from them (trend charts,
suppression, sixty figures) and rendering it cost most of a request. The rendered body (the
template's `content` block, never the header with the reader's name nor a CSRF token) is cached
per database, state of the data, as-at date, query string (theme, date, form errors) and the
reader's kind of figures (exact or suppressed) and links (who may manage targets). The state of
the data is the case record's fingerprint (reports.values: an import or any change) and a
generation bumped by every ORM save or delete of the board's set-up (targets, benchmarks, local
measures, boards, meetings and their dates, which choose the comparison date). It is kept as long
as the trend points it shows (REPORTS_TREND_CACHE_SECONDS).
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.utils.safestring import mark_safe

from reports import local_measures, values
from reports.indicators import THEMES

FRAGMENT = "reports-dashboard"
SETUP_GENERATION_KEY = "reports:dashboard-setup-generation"
SETUP_APPS = ("reports", "meetings")
NOT_SETUP_MODELS = ("reportrun",)  # a report being drawn changes no figure
CSRF_FIELD = "csrfmiddlewaretoken"


def board_setup_bump(sender, **kwargs):
    """Receiver of every ORM save and delete (reports.receivers)."""
    meta = sender._meta
    if meta.app_label in SETUP_APPS and meta.model_name not in NOT_SETUP_MODELS:
        try:
            cache.incr(SETUP_GENERATION_KEY)
        except ValueError:
            cache.set(SETUP_GENERATION_KEY, 1, None)


def fragment_key(*, as_at, exact, can_manage_targets, query):
    """The key of one rendered dashboard body (`query`: the request's GET QueryDict)."""
    parts = (
        settings.DATABASES["default"]["NAME"],
        values.data_fingerprint(),
        cache.get(SETUP_GENERATION_KEY, 0),
        as_at.isoformat(),
        "exact" if exact else "suppressed",
        bool(can_manage_targets),
        sorted(query.lists()),
    )
    return hashlib.blake2s(repr(parts).encode(), digest_size=16).hexdigest()


def cached_body(key):
    """The rendered body for `key`, or None."""
    fragment = make_template_fragment_key(FRAGMENT, [key])
    html = cache.get(fragment)
    if html is not None and CSRF_FIELD in html:
        # A reader's token must never reach another: drop it, so that the template renders
        # the body afresh instead of serving this one.
        cache.delete(fragment)
        return None
    return None if html is None else mark_safe(html)  # noqa: S308 - our own rendered template


def timeout():
    return settings.REPORTS_TREND_CACHE_SECONDS


def theme_heading(key):
    """(key, title, []) of a theme by its key alone (the figures are in the cached body)."""
    titles = dict([*THEMES, (local_measures.THEME, local_measures.THEME_TITLE)])
    return (key, titles[key], []) if key in titles else None
