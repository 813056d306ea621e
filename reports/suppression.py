"""Small-number suppression and rounding: the one place figures become display strings.

The rule (reference/indicators.md, after the DfE's):

- A count of 1 to the threshold (5, a setting) is shown as "c"; zero is shown as "0".
- A percentage or rate whose numerator or denominator is 1 to the threshold is "c". An average
  over 1 to the threshold children is "c", and so is its total (the days it averages), which
  would otherwise give one child's wait.
- Complementary suppression, table by table: a reader knows every table's total (it is the
  headline, or another breakdown of it), and that every "c" is at least 1 (zero is printed).
  So the hidden cells of a table are never one alone, their sum is more than the threshold,
  more than their number (not each 1) and not their number times the threshold (not each at
  the threshold). Secondary cells are the smallest non-zero cells whose value is not shown as
  a figure elsewhere for the same date (`published`): a hidden "foster placements" row must
  not reappear as FOSTER_IFA's denominator. Where no such choice exists the whole table is
  withheld: every cell, zeros too, is "c".
- A figure's headline numerator that equals a hidden cell of its own breakdown (the "outside
  the area" row of PLACED_OUTSIDE_LA) is hidden with it, and its percentage too.
- A withheld table says so: its "c" may be 0 and may be more than the threshold, so a reader
  cannot read each "c" as 1 to 5 (otherwise 10 children shown as "c" and "c" would be 5 and 5).

Percentages are whole numbers, with "k" for a non-zero value under 0.5%. Officers with case
access see exact values (exact=True). `display_figure` is the one entry point every rendering
(pages, chart data tables, CSVs, the command line, PDFs) goes through, so a figure is
suppressed the same way wherever it appears.
"""

from dataclasses import dataclass, field
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


@dataclass(frozen=True)
class ShownBreakdown:
    """A breakdown as one reader may see it: rows of (label, DisplayValue)."""

    breakdown: object  # indicators.base.Breakdown
    rows: tuple
    hidden: frozenset = frozenset()  # indexes of the rows shown as "c"
    withheld: bool = False  # every row hidden, zeros too


@dataclass(frozen=True)
class ShownFigure:
    headline: DisplayValue
    breakdowns: tuple = ()  # ShownBreakdown, one per iv.breakdowns
    extra: dict = field(default_factory=dict)  # name -> shown text (see EXTRA_* below)


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


# --- which cells of a table to hide ----------------------------------------------------------


def protects(hidden_values, threshold):
    """True when hidden cells with these values cannot be worked out from their table's total:
    none, or at least two whose sum is more than the threshold, more than their number (so
    not each 1) and not their number times the threshold (so not each at the threshold)."""
    k = len(hidden_values)
    if k == 0:
        return True
    total = sum(hidden_values)
    return k >= 2 and total > threshold and total > k and total != k * threshold


def hidden_cells(values, *, threshold, published=frozenset()):
    """(indexes to hide, withheld) for a table whose cells are `values` (counts adding up to a
    total the reader knows). Primary cells are the small ones; secondary cells are added,
    smallest first, from the non-zero cells whose value is not in `published`, until
    `protects` holds. When it cannot, the whole table is withheld."""
    hidden = {i for i, n in enumerate(values) if is_small(n, threshold)}
    if not hidden:
        return frozenset(), False
    candidates = sorted(
        (n, i) for i, n in enumerate(values) if i not in hidden and n and n not in published
    )
    while not protects([values[i] for i in hidden], threshold):
        if not candidates:
            return frozenset(range(len(values))), True
        hidden.add(candidates.pop(0)[1])
    return frozenset(hidden), False


# --- headline figures ------------------------------------------------------------------------


def _exact_headline(iv):
    return DisplayValue(
        format_count(iv.numerator),
        format_count(iv.denominator) if iv.denominator is not None else "",
        format_value(iv.value, iv.unit),
        False,
    )


def _headline(iv, limit, *, numerator_hidden=False):
    small_numerator = is_small(iv.numerator, limit) or numerator_hidden
    small_denominator = is_small(iv.denominator, limit)
    if iv.unit == "days":
        # An average over few children hides its total (the days) as well as its value.
        small_numerator = small_numerator or small_denominator
    # A count's value is its numerator; a ratio or average reveals both of its parts.
    value_hidden = small_numerator or (iv.unit != "count" and small_denominator)
    return DisplayValue(
        numerator=SUPPRESSED if small_numerator else format_count(iv.numerator),
        denominator=(
            ""
            if iv.denominator is None
            else SUPPRESSED
            if small_denominator
            else format_count(iv.denominator)
        ),
        value=SUPPRESSED if value_hidden else format_value(iv.value, iv.unit),
        suppressed=small_numerator or small_denominator or value_hidden,
    )


def published_values(ivs, *, threshold=None):
    """The counts a reader sees as headline numbers for one date (numerators and denominators
    not hidden as small): a breakdown never hides a cell as secondary when its value is one of
    them, since the same number may be the same children shown elsewhere."""
    limit = _threshold(threshold)
    shown = set()
    for iv in ivs:
        for n in (iv.numerator, iv.denominator):
            if isinstance(n, int) and not is_small(n, limit):
                shown.add(n)
    return frozenset(shown)


# --- breakdowns ------------------------------------------------------------------------------


def _row_text(row, unit):
    return format_value(row.value if row.value is not None else row.numerator, unit)


def _shown_breakdown(b, *, exact, limit, published):
    unit = "percent" if any(row.denominator for row in b.rows) else "count"
    if exact:
        rows = tuple(
            (
                row.label,
                DisplayValue(
                    format_count(row.numerator),
                    format_count(row.denominator) if row.denominator is not None else "",
                    _row_text(row, unit),
                    False,
                ),
            )
            for row in b.rows
        )
        return ShownBreakdown(b, rows)
    hidden, withheld = hidden_cells(
        [row.numerator for row in b.rows], threshold=limit, published=published
    )
    rows = []
    for i, row in enumerate(b.rows):
        small_denominator = is_small(row.denominator, limit)
        hide = i in hidden
        rows.append(
            (
                row.label,
                DisplayValue(
                    numerator=SUPPRESSED if hide else format_count(row.numerator),
                    denominator=(
                        ""
                        if row.denominator is None
                        else SUPPRESSED
                        if small_denominator or withheld
                        else format_count(row.denominator)
                    ),
                    value=SUPPRESSED if hide or small_denominator else _row_text(row, unit),
                    suppressed=hide or small_denominator,
                ),
            )
        )
    return ShownBreakdown(b, tuple(rows), hidden, withheld)


def _numerator_is_hidden_part(iv, shown_breakdowns):
    """True when the headline numerator is a hidden part of one of its own breakdowns: a
    breakdown of the denominator (numerator + others = denominator) with a hidden row equal to
    the numerator, or a withheld one containing it."""
    if iv.numerator is None or iv.denominator is None:
        return False
    for shown in shown_breakdowns:
        b = shown.breakdown
        if b.total != iv.denominator or not shown.hidden:
            continue
        if any(b.rows[i].numerator == iv.numerator for i in shown.hidden):
            return True
    return False


# --- extra figures ---------------------------------------------------------------------------

# Named extra figures an indicator returns beside its value, and how a board member sees them.
# Counts of children, placements or episodes are suppressed as counts; an average is
# suppressed with its total when it is over few children; the rest (dates, years, sources) are
# not about children. An extra not listed and holding a whole number is treated as a count.
EXTRA_AVERAGES = {"three_year_value": ("three_year_total_days", "three_year_children")}
EXTRA_NOT_COUNTS = frozenset(
    {"per", "population_year", "population_source", "period_start", "three_year_start"}
)
EXTRA_LABELS = {
    "three_year_value": "Average days over 3 years",
    "three_year_children": "Children adopted over 3 years",
    "three_year_total_days": "Total days over 3 years",
    "three_year_start": "3 years from",
    "placements_started": "Placements started in the period",
    "placements_ended": "Placements ended in the period",
    "episodes": "Missing episodes in the period",
    "aged_19_21_with_former_foster_carers": "Care leavers aged 19 to 21 living with former "
    "foster carers",
    "population": "Population estimate used (children aged 0 to 17)",
    "population_year": "Year of the population estimate",
    "population_source": "Source of the population estimate",
    "per": "Rate per",
    "period_start": "Period from",
}


def extra_figures(iv):
    """{name: raw value} of the extra figures shown with `iv`: its extras and, for a rate, the
    population estimate used (its denominator)."""
    extra = dict(iv.extra)
    if iv.unit == "rate" and iv.denominator is not None:
        extra["population"] = iv.denominator
    return extra


def _shown_extra(iv, *, exact, limit):
    raw = extra_figures(iv)
    shown = {}
    hidden_totals = set()
    for name, (total_name, children_name) in EXTRA_AVERAGES.items():
        if name in raw and is_small(raw.get(children_name), limit) and not exact:
            hidden_totals |= {name, total_name, children_name}
    for name, value in raw.items():
        if name in hidden_totals:
            shown[name] = SUPPRESSED
        elif value is None:
            shown[name] = NOT_AVAILABLE
        elif name in EXTRA_AVERAGES:
            shown[name] = format_value(value, "days")
        elif name in EXTRA_NOT_COUNTS or not isinstance(value, int) or isinstance(value, bool):
            shown[name] = f"{value:,}" if isinstance(value, int) and name == "per" else str(value)
        elif name == "population":
            shown[name] = format_count(value)
        else:
            shown[name] = (
                SUPPRESSED if not exact and is_small(value, limit) else format_count(value)
            )
    return shown


# --- the entry points ------------------------------------------------------------------------


def display_figure(iv, *, exact, published=frozenset(), threshold=None):
    """Everything a reader sees of `iv`: the headline, every breakdown and the extra figures,
    suppressed together. `published` is published_values() of every figure shown for the same
    date (the figure's own numerator and denominator are always in it)."""
    limit = _threshold(threshold)
    if exact:
        return ShownFigure(
            _exact_headline(iv),
            tuple(
                _shown_breakdown(b, exact=True, limit=limit, published=published)
                for b in iv.breakdowns
            ),
            _shown_extra(iv, exact=True, limit=limit),
        )
    published = published | published_values([iv], threshold=limit)
    breakdowns = tuple(
        _shown_breakdown(b, exact=False, limit=limit, published=published) for b in iv.breakdowns
    )
    headline = _headline(iv, limit, numerator_hidden=_numerator_is_hidden_part(iv, breakdowns))
    return ShownFigure(headline, breakdowns, _shown_extra(iv, exact=False, limit=limit))


def display(iv, *, exact, threshold=None, published=frozenset()):
    """The headline strings to show for an IndicatorValue."""
    return display_figure(iv, exact=exact, threshold=threshold, published=published).headline


def display_breakdown(b, *, exact, total=None, threshold=None, published=frozenset()):
    """[(label, DisplayValue), ...] for a Breakdown on its own, with complementary suppression
    against its own total (`total` is accepted for older callers and not used: a breakdown's
    total is the sum of its rows, which a reader can always find)."""
    limit = _threshold(threshold)
    return list(_shown_breakdown(b, exact=exact, limit=limit, published=published).rows)


def display_by_code(shown, *, exact, threshold=None):
    """{national code: shown count} for a breakdown counted from codes (Breakdown.by_code),
    consistent with its grouped rows as `shown` (a ShownBreakdown): the codes of a row shown
    are protected against that row as their total, as any table is; the codes of a hidden row
    are all hidden, and must pass `protects` together (their sum is known from the rows)."""
    b = shown.breakdown
    if exact:
        return {code: format_count(n) for code, n, _ in b.by_code}
    limit = _threshold(threshold)
    hidden_labels = {b.rows[i].label for i in shown.hidden}
    under_hidden_rows = [n for _, n, label in b.by_code if label in hidden_labels]
    if shown.withheld or not protects(under_hidden_rows, limit):
        # Only the codes held are listed, so each listed "c" is at least 1: when the codes
        # under the hidden rows could be worked out, every code is hidden.
        return {code: SUPPRESSED for code, _, _ in b.by_code}
    result = {}
    by_label = {}
    for code, n, label in b.by_code:
        by_label.setdefault(label, []).append((code, n))
    for label, members in by_label.items():
        if label in hidden_labels:
            result.update({code: SUPPRESSED for code, _ in members})
            continue
        hidden, _ = hidden_cells([n for _, n in members], threshold=limit)
        result.update(
            {
                code: SUPPRESSED if i in hidden else format_count(n)
                for i, (code, n) in enumerate(members)
            }
        )
    return result
