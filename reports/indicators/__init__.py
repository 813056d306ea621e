"""The indicator catalogue (codes from /work/shared/reference/indicators.md, never renamed)."""

from reports.indicators import decisions
from reports.indicators.base import Breakdown, BreakdownRow, Indicator, IndicatorValue
from reports.indicators.periods import Period, monthly_ends

THEMES = [
    ("social_worker", "Your social worker"),
    ("decisions", "How we make decisions"),
    ("where_you_live", "Where you live"),
    ("education", "Your education"),
    ("health", "Your health"),
    ("permanence", "Permanence"),
    ("leaving_care", "Leaving care"),
]
THEME_TITLES = dict(THEMES)

_INDICATORS = [
    decisions.cla_count,
]
CATALOGUE: dict[str, Indicator] = {ind.code: ind for ind in _INDICATORS}

__all__ = [
    "CATALOGUE",
    "THEMES",
    "Breakdown",
    "BreakdownRow",
    "Indicator",
    "IndicatorValue",
    "Period",
    "compute",
    "compute_all",
    "monthly_ends",
    "trend",
]


def get(code):
    try:
        return CATALOGUE[code]
    except KeyError:
        raise KeyError(f"No indicator with code {code!r}") from None


def compute(code, period):
    return get(code).compute(period)


def compute_all(period):
    return [indicator.compute(period) for indicator in CATALOGUE.values()]


def trend(code, first, last):
    """One value per month end from `first` to `last`, each as at that month end (the period
    being the 12 months to it)."""
    indicator = get(code)
    return [indicator.compute(Period.as_at(day)) for day in monthly_ends(first, last)]


def by_theme(values):
    """[(theme key, theme title, [values...]), ...] in Pledge order."""
    return [(key, title, [v for v in values if v.theme == key]) for key, title in THEMES]
