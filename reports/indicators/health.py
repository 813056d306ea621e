"""Your health: the OC2 health measures for children looked after for a year at 31 March."""

from datetime import date

from django.db.models import Avg, Count, Exists, OuterRef, Q, Sum

from children.models import AnnualOutcome
from corporate_parenting.dates import collection_year_bounds, last_31_march
from corporate_parenting.sql import born_for_age_between
from placements.oc2 import continuously_looked_after, done_q
from reports.indicators.base import Breakdown, BreakdownRow, Measure, indicator

THEME = "health"
DFE_OC2 = (
    "DfE, Outcomes for children looked after by local authorities (SSDA903 OC2: children "
    "looked after continuously for 12 months at 31 March)"
)


def _oc2_measure(field, period):
    year_end = last_31_march(period.end)
    result = continuously_looked_after(year_end.year).aggregate(
        total=Count("pk"), done=Count("pk", filter=done_q(field, year_end.year))
    )
    return Measure(
        numerator=result["done"],
        denominator=result["total"],
        period_start=collection_year_bounds(year_end.year)[0],
        period_end=year_end,
    )


def _oc2_children(field):
    def children(period):
        year = last_31_march(period.end).year
        return continuously_looked_after(year).filter(done_q(field, year))

    return children


def oc2_indicator(code, title, definition):
    return indicator(
        code=code,
        title=title,
        theme=THEME,
        unit="percent",
        higher_is_better=True,
        definition=definition,
        reference=DFE_OC2,
        children=_oc2_children(
            {
                "HEALTH_ASSESSMENT": "health_assessment",
                "DENTAL_CHECK": "teeth_check",
                "IMMUNISATIONS": "immunisations",
            }[code]
        ),
    )


@oc2_indicator(
    "HEALTH_ASSESSMENT",
    "Annual health assessments up to date",
    "Of the children looked after for at least a year at the last 31 March, the share whose "
    "annual health assessment was up to date, as the year's return says or as recorded on "
    "their record in the year (in the last 6 months for children under 5).",
)
def health_assessment(period):
    """Catalogue HEALTH_ASSESSMENT: "% of children looked after continuously for 12 months at 31
    March whose annual health assessment is up to date (OC2)."

    The year is the latest year ending 31 March on or before the as-at date. Up to date: the
    year's imported OC2 row says so, or a health assessment is recorded on the child's record
    in the year (in its last 6 months for a child under 5 on 31 March): `placements.oc2`.
    """
    return _oc2_measure("health_assessment", period)


@oc2_indicator(
    "DENTAL_CHECK",
    "Dental checks up to date",
    "Of the children looked after for at least a year at the last 31 March, the share whose "
    "teeth were checked by a dentist in the year, as the year's return says or as recorded on "
    "their record.",
)
def dental_check(period):
    """Catalogue DENTAL_CHECK: "As HEALTH_ASSESSMENT, teeth checked by a dentist (OC2)." The
    imported OC2 row or a dental check recorded on the child's record in the year."""
    return _oc2_measure("teeth_check", period)


@oc2_indicator(
    "IMMUNISATIONS",
    "Immunisations up to date",
    "Of the children looked after for at least a year at the last 31 March, the share whose "
    "immunisations were up to date, as the year's return says or as recorded on their record "
    "in the year.",
)
def immunisations(period):
    """Catalogue IMMUNISATIONS: "As HEALTH_ASSESSMENT, immunisations up to date (OC2)." The
    imported OC2 row, or immunisations recorded as up to date on the child's record in the
    year."""
    return _oc2_measure("immunisations", period)


# --- SDQ (strengths and difficulties questionnaire) ------------------------------------------

SDQ_AGES = (4, 16)
SDQ_BANDS = (
    ("Normal (0 to 13)", 0, 13),
    ("Borderline (14 to 16)", 14, 16),
    (
        "Cause for concern (17 to 40)",
        17,
        40,
    ),
)


def sdq_cohort(year):
    """The OC2 cohort of the year ending 31 March `year` aged 4 to 16 on that 31 March."""
    return continuously_looked_after(year).filter(
        born_for_age_between(date(year, 3, 31), *SDQ_AGES)
    )


def scored(year):
    """AnnualOutcome rows of the year with an SDQ score (0 is a score)."""
    return AnnualOutcome.objects.filter(collection_year=year, sdq_score__isnull=False)


def _has_score(year):
    return Q(Exists(scored(year).filter(child=OuterRef("pk"))))


def _sdq_period(period):
    year_end = last_31_march(period.end)
    return year_end, {"period_start": date(year_end.year - 1, 4, 1), "period_end": year_end}


def sdq_returned_children(period):
    year = last_31_march(period.end).year
    return sdq_cohort(year).filter(_has_score(year))


@indicator(
    code="SDQ_RETURNED",
    title="Children with a strengths and difficulties score",
    theme=THEME,
    unit="percent",
    higher_is_better=True,
    definition="Of the children aged 4 to 16 looked after for at least a year at the last 31 "
    "March, the share with a strengths and difficulties questionnaire (SDQ) score recorded for "
    "the year.",
    reference=DFE_OC2 + ", SDQ_SCORE",
    children=sdq_returned_children,
)
def sdq_returned(period):
    """Catalogue SDQ_RETURNED: "% of the OC2 cohort (as HEALTH_ASSESSMENT) aged 4 to 16 at 31
    March with an SDQ score recorded."

    The year is the latest year ending 31 March on or before the as-at date; ages are whole
    years on that 31 March (a child 4 or 16 that day is in; 3 or 17 is not). A score of 0 is a
    score; a reason for no score (SDQ_REASON) is not.
    """
    year_end, dates = _sdq_period(period)
    result = sdq_cohort(year_end.year).aggregate(
        total=Count("pk"), scored=Count("pk", filter=_has_score(year_end.year))
    )
    return Measure(numerator=result["scored"], denominator=result["total"], **dates)


@indicator(
    code="SDQ_MEAN",
    title="Average strengths and difficulties score",
    theme=THEME,
    unit="score",
    higher_is_better=False,
    definition="The average strengths and difficulties questionnaire (SDQ) total difficulties "
    "score of the children aged 4 to 16 looked after for at least a year at the last 31 March "
    "who have a score, with how many scored as normal (0 to 13), borderline (14 to 16) or a "
    "cause for concern (17 to 40). A lower score is better.",
    reference=DFE_OC2 + ", SDQ_SCORE",
    children=sdq_returned_children,
)
def sdq_mean(period):
    """Catalogue SDQ_MEAN: "Average SDQ total difficulties score of those with a score; with the
    breakdown by band: normal (0–13), borderline (14–16), cause for concern (17–40)."

    Those with a score are SDQ_RETURNED's numerator. The numerator returned is the total of
    the scores and the denominator the number of children with a score (as the other averages
    of the catalogue); the value is their quotient, in the unit "score" (an average, shown to
    one decimal and suppressed as averages are). Bands are inclusive at both ends.
    """
    year_end, dates = _sdq_period(period)
    bands = {
        f"band_{i}": Count("pk", filter=Q(sdq_score__gte=low, sdq_score__lte=high))
        for i, (_, low, high) in enumerate(SDQ_BANDS)
    }
    cohort = sdq_cohort(year_end.year).values("pk")
    result = (
        scored(year_end.year)
        .filter(child__in=cohort)
        .aggregate(scored=Count("pk"), total=Sum("sdq_score"), average=Avg("sdq_score"), **bands)
    )
    band_rows = tuple(
        BreakdownRow(label, result[f"band_{i}"]) for i, (label, _, _) in enumerate(SDQ_BANDS)
    )
    return Measure(
        numerator=result["total"] if result["scored"] else None,
        denominator=result["scored"],
        value=float(result["average"]) if result["average"] is not None else None,
        breakdowns=(Breakdown("sdq_band", "Band", band_rows),),
        **dates,
    )
