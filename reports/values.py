"""A read-through cache of indicator values for the pages, so that the catalogue is computed once
per period and per state of the data, not once per page view.

- Values on the as-at date and the previous board cycle are keyed by a fingerprint of the data
  the catalogue reads (the highest id of every table of the case record and the latest audited
  write, in one query, plus a generation bumped by any ORM save or delete there): every change
  to the case record is audited or saved through the ORM, so a change makes a new key and these
  figures are not stale.
- Trend points for earlier month ends are context, and would otherwise cost eleven more runs of
  the catalogue: they are kept for REPORTS_TREND_CACHE_SECONDS (an hour by default) whatever
  changes, and the pages say so. Set it to 0 to compute them live.
"""

import hashlib

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from corporate_parenting.audit import CASE_RECORD_WRITES
from corporate_parenting.models import AuditEvent
from reports.coverage import assess, assess_all, imported_years
from reports.indicators import CATALOGUE, compute_all
from reports.indicators.periods import Period
from reports.models import PopulationEstimate

FINGERPRINT_APPS = ("children", "placements")
GENERATION_KEY = "reports:generation"
LIVE_TTL = 24 * 60 * 60


def _fingerprint_models():
    models = [m for label in FINGERPRINT_APPS for m in apps.get_app_config(label).get_models()]
    return [*models, PopulationEstimate]


def data_fingerprint():
    """A short string that changes whenever the data behind the catalogue changes (one query)."""
    quote = connection.ops.quote_name
    parts = []  # SQL built only from model metadata (quoted table and column names)
    for model in _fingerprint_models():
        # The highest id is an index look-up however big the table: it catches inserts that
        # send no signal (COPY, bulk_create). Counting rows or scanning updated_at cost 0.25 s
        # a page at England scale, and the audit and generation below already cover changes.
        table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
        parts.append(f"(SELECT coalesce(max({pk})::text, '') FROM {table})")  # noqa: S608
    # Bulk writes (update(), bulk_create) send no signals and may leave updated_at alone, but
    # every write to the case record is audited: the latest write audit row catches them.
    audit = quote(AuditEvent._meta.db_table)
    writes = ", ".join(f"'{action}'" for action in sorted(CASE_RECORD_WRITES))
    parts.append(f"(SELECT max(id) FROM {audit} WHERE action IN ({writes}))")  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        row = cursor.fetchone()
    generation = cache.get(GENERATION_KEY, 0)
    digest = hashlib.blake2s(repr((row, generation, _catalogue_version())).encode(), digest_size=10)
    return digest.hexdigest()


def generation_bump(sender, **kwargs):
    """Receiver of every ORM save and delete (reports.receivers): a change to the case record
    makes a new fingerprint."""
    if sender._meta.app_label in FINGERPRINT_APPS:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:
            cache.set(GENERATION_KEY, 1, None)


def _key(kind, day, fingerprint, code="*"):
    return f"reports:{kind}:{code}:{day.isoformat()}:{fingerprint}"


def values_on(day, *, fingerprint):
    """{code: IndicatorValue} for the 12 months to `day`, exact for this state of the data."""
    key = _key("live", day, fingerprint)
    values = cache.get(key)
    if values is None:
        values = {iv.code: iv for iv in assess_all(compute_all(Period.as_at(day)))}
        cache.set(key, values, LIVE_TTL)
    return values


def value_on(code, day, *, fingerprint):
    """One indicator on `day`: from the whole-catalogue entry when there is one."""
    values = cache.get(_key("live", day, fingerprint))
    if values is not None:
        return values[code]
    key = _key("live", day, fingerprint, code)
    value = cache.get(key)
    if value is None:
        value = assess(CATALOGUE[code].compute(Period.as_at(day)), imported_years())
        cache.set(key, value, LIVE_TTL)
    return value


def _trend_ttl():
    return settings.REPORTS_TREND_CACHE_SECONDS


def _catalogue_version():
    return hashlib.blake2s(",".join(CATALOGUE).encode(), digest_size=6).hexdigest()


def history_on(day):
    """{code: IndicatorValue} on an earlier month end, kept for the trend cache time."""
    if not _trend_ttl():
        return {iv.code: iv for iv in assess_all(compute_all(Period.as_at(day)))}
    key = _key("history", day, _catalogue_version())
    values = cache.get(key)
    if values is None:
        values = {iv.code: iv for iv in assess_all(compute_all(Period.as_at(day)))}
        cache.set(key, values, _trend_ttl())
    return values


def history_value_on(code, day):
    """One indicator on an earlier month end, from the whole-catalogue entry when there is one."""
    if not _trend_ttl():
        return assess(CATALOGUE[code].compute(Period.as_at(day)), imported_years())
    values = cache.get(_key("history", day, _catalogue_version()))
    if values is not None:
        return values[code]
    key = _key("history", day, _catalogue_version(), code)
    value = cache.get(key)
    if value is None:
        value = assess(CATALOGUE[code].compute(Period.as_at(day)), imported_years())
        cache.set(key, value, _trend_ttl())
    return value


def value_for_period(code, period, *, fingerprint):
    """One indicator over any period, exact for this state of the data."""
    key = f"reports:period:{code}:{period.start.isoformat()}:{period.end.isoformat()}:{fingerprint}"
    value = cache.get(key)
    if value is None:
        value = CATALOGUE[code].compute(period)
        cache.set(key, value, LIVE_TTL)
    return value
