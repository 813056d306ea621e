"""Local measures as indicator values, so that targets, RAG, trends, suppression and benchmarks
treat them exactly as they treat the national catalogue.

A local measure's figure as at a date is the latest month entered among the 12 months that had
ended by that date (the month is its period: on 4 December the latest is November); with none,
there is no figure ("x"). A count's value is its number; a percentage is the number out of the
total. Its monthly trend is each month's own figure, never carried forward.
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
        month = last_ended_month(as_at)
        start, end, numerator, denominator, value = month, month_end(month), None, None, None
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


def last_ended_month(as_at):
    """The first day of the latest month that had ended by `as_at` (its own month when `as_at`
    is the month's last day)."""
    if as_at == month_end(as_at):
        return first_of_month(as_at)
    return add_months(first_of_month(as_at), -1)


def _window(as_at, months):
    """(first month, last month) of the `months` months that had ended by `as_at`."""
    last = last_ended_month(as_at)
    return add_months(last, -(months - 1)), last


def trend_month_ends(as_at, months=12):
    """The month ends of the `months` months that had ended by `as_at`, oldest first."""
    last = last_ended_month(as_at)
    return [month_end(add_months(last, -back)) for back in range(months - 1, -1, -1)]


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
