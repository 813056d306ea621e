"""The shapes every indicator returns, and the decorator that registers one."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from reports.indicators.periods import Period

UNITS = ("count", "percent", "days", "rate", "score")  # score: an average score, 1 decimal


@dataclass(frozen=True)
class BreakdownRow:
    label: str
    numerator: int
    denominator: int | None = None
    value: float | None = None


@dataclass(frozen=True)
class Breakdown:
    code: str  # e.g. "age_band"
    title: str  # e.g. "Age band"
    rows: tuple[BreakdownRow, ...]
    # For a breakdown counted from national codes: ((code, count, label of its row), ...), so
    # that the command line can give the count for each code ("C2", "U4"); "" is not recorded.
    by_code: tuple[tuple[str, int, str], ...] = ()

    @property
    def total(self):
        return sum(row.numerator for row in self.rows)


@dataclass(frozen=True)
class Exclusion:
    """Children a figure had to leave out of its cohort, and why (e.g. a date it measures to
    was not recorded): shown on the figure's page so that no one is dropped silently."""

    count: int
    reason: str


@dataclass(frozen=True)
class IndicatorValue:
    code: str
    title: str
    theme: str
    numerator: int | None
    denominator: int | None
    value: float | None
    unit: str
    higher_is_better: bool | None
    period_start: date | None
    period_end: date
    definition: str
    reference: str
    breakdowns: tuple[Breakdown, ...] = ()
    threshold: float | None = None
    extra: dict = field(default_factory=dict)
    # Data coverage (reports/coverage.py): False when the history the figure needs reaches
    # before the earliest complete history held, with a sentence saying what would complete it.
    complete: bool = True
    coverage_note: str = ""
    look_back_start: date | None = None
    excluded: tuple[Exclusion, ...] = ()

    def breakdown(self, code):
        return next((b for b in self.breakdowns if b.code == code), None)


@dataclass(frozen=True)
class Measure:
    """What an indicator function computes; `Indicator.compute` adds the catalogue metadata.

    `period` overrides the period reported (a 3-year average reports its 3 years; an as-at
    figure reports start None). Value defaults to numerator for counts and to the percentage
    for percents.
    """

    numerator: int | None
    denominator: int | None = None
    value: float | None = None
    period_start: date | None = None
    period_end: date | None = None
    as_at: bool = False
    breakdowns: tuple[Breakdown, ...] = ()
    threshold: float | None = None
    extra: dict = field(default_factory=dict)
    excluded: tuple[Exclusion, ...] = ()


def percent(numerator, denominator):
    if not denominator:
        return None
    return 100 * numerator / denominator


@dataclass(frozen=True)
class Indicator:
    code: str
    title: str
    theme: str
    unit: str
    higher_is_better: bool | None
    definition: str
    reference: str
    compute: Callable[[Period], IndicatorValue]
    children: Callable[[Period], object]  # -> QuerySet[Child] behind the numerator

    def __str__(self):
        return f"{self.code}: {self.title}"


def indicator(
    *, code, title, theme, unit, higher_is_better, definition, reference, children, threshold=None
):
    """Register `fn(period) -> Measure` as the catalogue entry `code`."""
    if unit not in UNITS:
        raise ValueError(f"Unknown unit {unit!r}")

    def wrap(fn):
        def compute(period):
            measure = fn(period)
            value = measure.value
            if value is None and measure.numerator is not None:
                if unit == "count":
                    value = measure.numerator
                elif unit == "percent":
                    value = percent(measure.numerator, measure.denominator)
            return IndicatorValue(
                code=code,
                title=title,
                theme=theme,
                numerator=measure.numerator,
                denominator=measure.denominator,
                value=value,
                unit=unit,
                higher_is_better=higher_is_better,
                period_start=None if measure.as_at else (measure.period_start or period.start),
                period_end=measure.period_end or period.end,
                definition=definition,
                reference=reference,
                breakdowns=measure.breakdowns,
                threshold=measure.threshold if measure.threshold is not None else threshold,
                extra=measure.extra,
                excluded=tuple(e for e in measure.excluded if e.count),
            )

        compute.__doc__ = fn.__doc__
        compute.__name__ = fn.__name__
        return Indicator(
            code=code,
            title=title,
            theme=theme,
            unit=unit,
            higher_is_better=higher_is_better,
            definition=definition,
            reference=reference,
            compute=compute,
            children=children,
        )

    return wrap
