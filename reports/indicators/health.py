"""Your health: the OC2 health measures for children looked after for a year at 31 March."""

from django.db.models import Count, Exists, OuterRef, Q

from children.models import AnnualOutcome, Child
from corporate_parenting.dates import collection_year_bounds, last_31_march
from placements.models import LegalStatus, PeriodOfCare
from reports.indicators.base import Measure, indicator

THEME = "health"
DFE_OC2 = (
    "DfE, Outcomes for children looked after by local authorities (SSDA903 OC2: children "
    "looked after continuously for 12 months at 31 March)"
)


def continuously_looked_after(year):
    """The OC2 cohort for the year ending 31 March `year`: children looked after on 31 March who
    entered care on or before 1 April of the year before, did not leave during the year, and
    had no short break (V3/V4) in it."""
    first, last = collection_year_bounds(year)
    whole_year = (
        PeriodOfCare.objects.looked_after()
        .filter(child=OuterRef("pk"), start__lte=first)
        .open_on(last)
    )
    short_breaks = LegalStatus.objects.short_breaks().overlapping(first, last)
    return Child.objects.filter(Exists(whole_year)).exclude(
        Exists(short_breaks.filter(child=OuterRef("pk")))
    )


def _oc2_measure(field, period):
    year_end = last_31_march(period.end)
    done = AnnualOutcome.objects.filter(
        child=OuterRef("pk"), collection_year=year_end.year, **{field: True}
    )
    result = continuously_looked_after(year_end.year).aggregate(
        total=Count("pk"), done=Count("pk", filter=Q(Exists(done)))
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
        done = AnnualOutcome.objects.filter(
            child=OuterRef("pk"), collection_year=year, **{field: True}
        )
        return continuously_looked_after(year).filter(Exists(done))

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
    "annual health assessment was up to date.",
)
def health_assessment(period):
    """Catalogue HEALTH_ASSESSMENT: "% of children looked after continuously for 12 months at 31
    March whose annual health assessment is up to date (OC2)."

    The year is the latest year ending 31 March on or before the as-at date.
    """
    return _oc2_measure("health_assessment", period)


@oc2_indicator(
    "DENTAL_CHECK",
    "Dental checks up to date",
    "Of the children looked after for at least a year at the last 31 March, the share whose "
    "teeth were checked by a dentist in the year.",
)
def dental_check(period):
    """Catalogue DENTAL_CHECK: "As HEALTH_ASSESSMENT, teeth checked by a dentist (OC2)." """
    return _oc2_measure("teeth_check", period)


@oc2_indicator(
    "IMMUNISATIONS",
    "Immunisations up to date",
    "Of the children looked after for at least a year at the last 31 March, the share whose "
    "immunisations were up to date.",
)
def immunisations(period):
    """Catalogue IMMUNISATIONS: "As HEALTH_ASSESSMENT, immunisations up to date (OC2)." """
    return _oc2_measure("immunisations", period)
