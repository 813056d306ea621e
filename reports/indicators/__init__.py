"""The indicator catalogue (codes from the shared reference, indicators.md, never renamed)."""

from reports.indicators import (
    decisions,
    education,
    health,
    leaving_care,
    permanence,
    social_worker,
    where_you_live,
)
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

# In the order of the catalogue (indicators.md).
_INDICATORS = [
    decisions.cla_count,
    decisions.cla_rate,
    decisions.cla_started,
    decisions.cla_ceased,
    decisions.cla_by_age,
    decisions.cla_by_sex,
    decisions.cla_by_ethnicity,
    decisions.cla_by_legal_status,
    decisions.cla_by_category_of_need,
    decisions.cla_by_placement_type,
    decisions.cla_by_provider,
    decisions.cla_uasc,
    decisions.cla_ceased_by_reason,
    where_you_live.stab_3plus,
    where_you_live.stab_long_term,
    where_you_live.placed_outside_la,
    where_you_live.placed_over_20_miles,
    where_you_live.foster_ifa,
    where_you_live.connected_carers,
    where_you_live.placed_with_parents,
    where_you_live.residential_external,
    social_worker.sw_allocated,
    social_worker.sw_changes_2plus,
    where_you_live.missing,
    where_you_live.missing_pct,
    where_you_live.away,
    where_you_live.away_pct,
    permanence.adoptions,
    permanence.sgos,
    permanence.caos,
    permanence.po_to_ao_days,
    permanence.a1_days,
    permanence.a2_days,
    permanence.a10_days,
    permanence.po_awaiting,
    permanence.ffa_placements,
    permanence.permanence_plan,
    decisions.reviews_on_time,
    decisions.review_participation,
    social_worker.visits_on_time,
    health.health_assessment,
    health.dental_check,
    health.immunisations,
    health.sdq_returned,
    health.sdq_mean,
    education.pep_current,
    leaving_care.cl_in_touch_17_18,
    leaving_care.cl_in_touch_19_21,
    leaving_care.cl_accom_suitable_17_18,
    leaving_care.cl_accom_suitable_19_21,
    leaving_care.cl_eet_17_18,
    leaving_care.cl_eet_19_21,
    leaving_care.cl_in_touch_22_25,
    leaving_care.cl_accom_suitable_22_25,
    leaving_care.cl_eet_22_25,
    leaving_care.cl_pathway_plan,
    leaving_care.cl_pa_allocated,
    leaving_care.cl_staying_put,
    leaving_care.cl_in_custody,
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
