"""Small-number suppression and rounding: the one place figures become display strings.

The DfE's rule, as the catalogue states it: a count of 1 to the threshold (5) is shown as "c"; a
percentage or average whose numerator or denominator is 1 to the threshold is "c"; zero is "0";
where a total and all but one part of a breakdown would be shown, the next smallest part is also
suppressed so the hidden one cannot be worked out. Percentages are whole numbers, with "k" for a
non-zero value under 0.5%. Officers with case access see exact values (exact=True).
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

SUPPRESSED = "c"
LESS_THAN_HALF = "k"
NOT_AVAILABLE = "x"


@dataclass(frozen=True)
class DisplayValue:
    numerator: str
    denominator: str
    value: str
    suppressed: bool


def _threshold(threshold):
    return settings.SUPPRESSION_THRESHOLD if threshold is None else threshold


def is_small(n, threshold):
    return n is not None and 1 <= n <= threshold


def format_count(n):
    return NOT_AVAILABLE if n is None else f"{n:,}"


def round_half_up(value, places=0):
    quantum = Decimal(1).scaleb(-places)
    return Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)


def format_value(value, unit):
    if value is None:
        return NOT_AVAILABLE
    if unit == "percent":
        if 0 < value < 0.5:
            return LESS_THAN_HALF
        return f"{round_half_up(value):,}"
    if unit == "count":
        return f"{int(value):,}"
    if unit == "score":  # an average score (SDQ): one decimal
        return f"{round_half_up(value, 1):,}"
    return f"{round_half_up(value):,}"  # days and rates: whole numbers


def display(iv, *, exact, threshold=None):
    """The strings to show for an IndicatorValue."""
    limit = _threshold(threshold)
    numerator, denominator = iv.numerator, iv.denominator
    if exact:
        return DisplayValue(
            format_count(numerator),
            format_count(denominator) if denominator is not None else "",
            format_value(iv.value, iv.unit),
            False,
        )
    small_numerator = is_small(numerator, limit)
    small_denominator = is_small(denominator, limit)
    # A count's value is its numerator; a ratio reveals both of its parts.
    value_hidden = small_numerator or (iv.unit != "count" and small_denominator)
    return DisplayValue(
        numerator=SUPPRESSED if small_numerator else format_count(numerator),
        denominator=(
            ""
            if denominator is None
            else SUPPRESSED
            if small_denominator
            else format_count(denominator)
        ),
        value=SUPPRESSED if value_hidden else format_value(iv.value, iv.unit),
        suppressed=small_numerator or small_denominator or value_hidden,
    )


def _row_display(row, unit, exact, limit, hide):
    if exact:
        return DisplayValue(
            format_count(row.numerator),
            format_count(row.denominator) if row.denominator is not None else "",
            format_value(row.value if row.value is not None else row.numerator, unit),
            False,
        )
    small_denominator = is_small(row.denominator, limit)
    hidden = hide or small_denominator
    return DisplayValue(
        numerator=SUPPRESSED if hide else format_count(row.numerator),
        denominator=(
            ""
            if row.denominator is None
            else SUPPRESSED
            if small_denominator
            else format_count(row.denominator)
        ),
        value=(
            SUPPRESSED
            if hidden
            else format_value(row.value if row.value is not None else row.numerator, unit)
        ),
        suppressed=hidden,
    )


def display_breakdown(b, *, exact, total=None, threshold=None):
    """[(label, DisplayValue), ...] for a Breakdown, with secondary suppression.

    `total` is the total shown beside the breakdown (defaults to the sum of the parts, which a
    reader can always add up). When exactly one part is suppressed and the total is shown, the
    next smallest non-zero part is suppressed too.
    """
    limit = _threshold(threshold)
    unit = "percent" if any(row.denominator for row in b.rows) else "count"
    hidden = {i for i, row in enumerate(b.rows) if is_small(row.numerator, limit)}
    total = b.total if total is None else total
    if not exact and len(hidden) == 1 and not is_small(total, limit):
        others = [
            (row.numerator, i) for i, row in enumerate(b.rows) if i not in hidden and row.numerator
        ]
        if others:
            hidden.add(min(others)[1])
    return [
        (row.label, _row_display(row, unit, exact, limit, i in hidden))
        for i, row in enumerate(b.rows)
    ]
