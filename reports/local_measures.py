"""Local measures as indicator values, so that targets, RAG, trends, suppression and benchmarks
treat them exactly as they treat the national catalogue.

A local measure's figure as at a date is the latest month entered in the 12 months up to the
month of that date (the month is its period); with none, there is no figure ("x"). A count's
value is its number; a percentage is the number out of the total.
"""

from datetime import date

from reports.indicators.base import IndicatorValue, percent
from reports.indicators.periods import add_months, month_end
from reports.models import LocalMeasure, LocalMeasureUnit, LocalMeasureValue

THEME = "local"
THEME_TITLE = "Local measures"
CODE_PREFIX = "LOCAL_"


def is_local_code(code):
    return code.startswith(CODE_PREFIX)


def first_of_month(day):
    return date(day.year, day.month, 1)


def local_value(measure, row, as_at):
    """An IndicatorValue for `measure` from one LocalMeasureValue (or None: no figure)."""
    if row is None:
        start, end, numerator, denominator, value = first_of_month(as_at), as_at, None, None, None
    else:
        start, end = row.month, month_end(row.month)
        numerator, denominator = row.numerator, row.denominator
        value = (
            percent(numerator, denominator)
            if measure.unit == LocalMeasureUnit.PERCENT
            else numerator
        )
    return IndicatorValue(
        code=measure.code,
        title=measure.title,
        theme=THEME,
        numerator=numerator,
        denominator=denominator,
        value=value,
        unit=measure.unit,
        higher_is_better=measure.higher_is_better,
        period_start=start,
        period_end=end,
        definition=measure.definition,
        reference=f"Local measure, entered monthly by {measure.owner}",
        extra={"local": True, "owner": measure.owner},
    )


def _window(as_at, months):
    """(first month, last month) of the `months` months up to the month of `as_at`."""
    last = first_of_month(as_at)
    return add_months(last, -(months - 1)), last


def local_values_on(as_at, measures=None):
    """{code: IndicatorValue} for every local measure as at `as_at`, in two queries."""
    measures = list(LocalMeasure.objects.all()) if measures is None else measures
    first, last = _window(as_at, 12)
    latest = {
        row.measure_id: row
        for row in LocalMeasureValue.objects.filter(
            measure__in=measures, month__gte=first, month__lte=last
        )
        .order_by("measure_id", "-month")
        .distinct("measure_id")
    }
    return {m.code: local_value(m, latest.get(m.pk), as_at) for m in measures}


def local_series(measures, days):
    """{code: [(day, IndicatorValue)]}: each measure's own figure for the month of each of
    `days` (ascending; no figure where that month was not entered, never carried forward),
    from one query."""
    if not days:
        return {}
    rows = {
        (row.measure_id, row.month): row
        for row in LocalMeasureValue.objects.filter(
            measure__in=measures,
            month__gte=first_of_month(days[0]),
            month__lte=first_of_month(days[-1]),
        )
    }
    return {
        measure.code: [
            (day, local_value(measure, rows.get((measure.pk, first_of_month(day))), day))
            for day in days
        ]
        for measure in measures
    }
