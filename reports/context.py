"""What a figure is read against: its target (RAG), benchmarks, the previous period and the
previous meeting."""

from reports.indicators import compute
from reports.indicators.periods import Period
from reports.models import Benchmark, Target

GREEN, AMBER, RED = "green", "amber", "red"


def rag_for(iv, target):
    """Red, amber or green for a value against a target's thresholds, or None when there is no
    target or no value. Green when the value is at or beyond the green threshold in the good
    direction, amber when at or beyond amber, red otherwise."""
    if target is None or iv.value is None:
        return None
    value = float(iv.value)
    green, amber = float(target.green_threshold), float(target.amber_threshold)
    if target.higher_is_better:
        return GREEN if value >= green else AMBER if value >= amber else RED
    return GREEN if value <= green else AMBER if value <= amber else RED


def targets_by_code():
    return {target.code: target for target in Target.objects.all()}


def latest_benchmarks(codes=None):
    """{code: {area: Benchmark}} with the latest year held for each code and area: one query."""
    queryset = Benchmark.objects.order_by("code", "area", "-year").distinct("code", "area")
    if codes is not None:
        queryset = queryset.filter(code__in=list(codes))
    result = {}
    for benchmark in queryset:
        result.setdefault(benchmark.code, {})[benchmark.area] = benchmark
    return result


def same_length_period_ending(period, day):
    """The period of the same shape ending on `day` (as-at figures: the 12 months to it)."""
    length = period.end - period.start
    return Period(day - length, day)


def previous_period_value(code, period):
    """The same indicator for the period one year earlier."""
    return compute(code, period.previous_year())


def previous_meeting_value(code, period, meeting_date):
    """The same indicator as it stood at the previous meeting's date (a period of the same
    length ending that day). Returns None without a date."""
    if meeting_date is None:
        return None
    if meeting_date >= period.end:
        raise ValueError("The previous meeting must be before the period end.")
    return compute(code, same_length_period_ending(period, meeting_date))


def change(current, previous):
    """current.value - previous.value, or None where either is unknown."""
    if previous is None or current.value is None or previous.value is None:
        return None
    return current.value - previous.value
