"""Your education: personal education plans."""

from django.db.models import Count, Exists, OuterRef, Q

from children.models import Child, PersonalEducationPlan
from corporate_parenting.dates import school_term_start
from corporate_parenting.sql import compulsory_school_age_on
from reports.indicators.base import Measure, indicator

THEME = "education"


def pep_cohort(period):
    return Child.objects.looked_after_on(period.end).filter(compulsory_school_age_on(period.end))


def _pep_this_term(day):
    return Exists(
        PersonalEducationPlan.objects.filter(
            child=OuterRef("pk"), date__gte=school_term_start(day), date__lte=day
        )
    )


def pep_current_children(period):
    return pep_cohort(period).filter(_pep_this_term(period.end))


@indicator(
    code="PEP_CURRENT",
    title="Children with a personal education plan reviewed this term",
    theme=THEME,
    unit="percent",
    higher_is_better=True,
    definition="Of the children of compulsory school age looked after on the date, the share "
    "whose personal education plan has been reviewed this school term.",
    reference="local (statutory guidance: Promoting the education of looked-after children)",
    children=pep_current_children,
)
def pep_current(period):
    """Catalogue PEP_CURRENT (local): "% of children of compulsory school age looked after on
    the as-at date with a personal education plan reviewed this school term."

    Compulsory school age: Year 1 to Year 11 (aged 5 to 15 on 31 August before the school year).
    Terms run from 1 September, 1 January and 1 April.
    """
    result = pep_cohort(period).aggregate(
        total=Count("pk"), current=Count("pk", filter=Q(_pep_this_term(period.end)))
    )
    return Measure(
        numerator=result["current"],
        denominator=result["total"],
        as_at=True,
        # The figure counts this term's reviews, so it starts again near 0% each term.
        extra={
            "window_start": school_term_start(period.end).isoformat(),
            "window": "this school term so far (it starts again from 0% each term)",
            "window_name": "school term",
        },
    )
