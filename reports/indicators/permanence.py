"""Permanence: adoptions, special guardianship, the adoption scorecard and permanence plans."""

from dataclasses import replace

from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.db.models.functions import Coalesce

from children.models import Child
from corporate_parenting.sql import DaysBetween
from placements import codes
from placements.models import (
    A1_THRESHOLD_DAYS,
    A2_THRESHOLD_DAYS,
    LegalStatus,
    PeriodOfCare,
    PermanencePlan,
    Placement,
    clock_days,
)
from reports.indicators.base import Exclusion, Measure, indicator
from reports.indicators.periods import Period

THEME = "permanence"
DFE_CLA = "DfE, Children looked after in England including adoptions (SSDA903)"
SCORECARD = "DfE adoption and special guardianship leadership board scorecard"


def ceased_periods(period, reasons):
    return (
        PeriodOfCare.objects.looked_after()
        .ceased_for(reasons)
        .ended_between(period.start, period.end)
    )


def children_ceased(period, reasons):
    return Child.objects.filter(
        Exists(ceased_periods(period, reasons).filter(child=OuterRef("pk")))
    )


def ceased_indicator(code, title, definition, reasons, reference):
    def children(period):
        return children_ceased(period, reasons)

    def wrap(fn):
        return indicator(
            code=code,
            title=title,
            theme=THEME,
            unit="count",
            higher_is_better=None,
            definition=definition,
            reference=reference,
            children=children,
        )(fn)

    return wrap


@ceased_indicator(
    "ADOPTIONS",
    "Children adopted",
    "Children who stopped being looked after because they were adopted in the period.",
    codes.ADOPTED,
    DFE_CLA + " (REC E11, E12)",
)
def adoptions(period):
    """Catalogue ADOPTIONS: "Children who ceased to be looked after through adoption (REC E11 or
    E12) in the period." """
    return Measure(numerator=children_ceased(period, codes.ADOPTED).count())


@ceased_indicator(
    "SGOS",
    "Children who left care through a special guardianship order",
    "Children who stopped being looked after because a special guardianship order was made.",
    codes.SGO,
    DFE_CLA + " (REC E45–E48)",
)
def sgos(period):
    """Catalogue SGOS: "Children who ceased through a special guardianship order (REC E45, E46,
    E47, E48) in the period." """
    return Measure(numerator=children_ceased(period, codes.SGO).count())


@ceased_indicator(
    "CAOS",
    "Children who left care through a child arrangements order",
    "Children who stopped being looked after because a child arrangements order was made.",
    codes.CAO,
    DFE_CLA + " (REC E41)",
)
def caos(period):
    """Catalogue CAOS: "Children who ceased through a child arrangements order (REC E41) in the
    period." """
    return Measure(numerator=children_ceased(period, codes.CAO).count())


# --- adoption timeliness ----------------------------------------------------------------------


def adopted_periods(period):
    """Periods of care that ended in adoption in the period, with the dates the scorecard
    measures between (`PeriodOfCare.objects.with_adoption_dates`, which the permanence
    tracker's clocks use too): `_placement_order`, `_match`, `_placed` (moved in with the family
    who adopted) and `_with_adopters` (A10: moved in with them as foster carers)."""
    return (
        PeriodOfCare.objects.looked_after()
        .ceased_for(codes.ADOPTED)
        .ended_between(period.start, period.end)
        .with_adoption_dates()
    )


def _average_days(queryset, days_expression, *, having):
    """(children, total days, average days) over the periods matching `having`. The per-period
    values are computed once, in a derived table (the Count forces one)."""
    result = queryset.annotate(_days=days_expression, _rows=Count("pk")).aggregate(
        children=Count("child", distinct=True, filter=having),
        periods=Count("pk", filter=having),
        total=Sum("_days", filter=having),
    )
    if not result["periods"]:
        return result["children"], None, None
    return result["children"], result["total"], result["total"] / result["periods"]


def _days_measure(queryset, days_expression, having, period, threshold=None, extra=None):
    children, total, average = _average_days(queryset, days_expression, having=having)
    return Measure(
        numerator=total if children else None,
        denominator=children,
        value=float(average) if average is not None else None,
        period_start=period.start,
        period_end=period.end,
        threshold=threshold,
        extra=extra or {},
    )


def _adopted_children(period, having):
    return Child.objects.filter(
        Exists(adopted_periods(period).filter(having).filter(child=OuterRef("pk")))
    )


def days_indicator(code, title, definition, reference, having, threshold=None, three_years=True):
    def children(period):
        return _adopted_children(
            Period.three_years_to(period.end) if three_years else period, having
        )

    return lambda fn: indicator(
        code=code,
        title=title,
        theme=THEME,
        unit="days",
        higher_is_better=False,
        definition=definition,
        reference=reference,
        children=children,
        threshold=threshold,
    )(fn)


PO_TO_AO = Q(_placement_order__isnull=False)


@days_indicator(
    "PO_TO_AO_DAYS",
    "Average days from placement order to adoption order",
    "For children adopted in the period, the average number of days between the court "
    "giving authority to place them for adoption and the adoption order. The same average "
    "over 3 years is given with it.",
    DFE_CLA,
    PO_TO_AO,
    three_years=False,
)
def po_to_ao_days(period):
    """Catalogue PO_TO_AO_DAYS: "Average days from placement order to adoption order for children
    adopted in the period (the seed's 189 days), with the same for the 3 years ending on the
    as-at date (the seed's 323)."

    The adoption order date is the date the child ceased to be looked after (REC E11/E12). The
    numerator is the total days and the denominator the number of children; extra holds the
    3-year figures. Constant queries: one for the period and one for the 3 years.
    """
    days = DaysBetween(F("end"), F("_placement_order"))
    three = Period.three_years_to(period.end)
    children, total, average = _average_days(adopted_periods(three), days, having=PO_TO_AO)
    return _days_measure(
        adopted_periods(period),
        days,
        PO_TO_AO,
        period,
        extra={
            "three_year_value": float(average) if average is not None else None,
            "three_year_children": children,
            "three_year_total_days": total,
            "three_year_start": three.start.isoformat(),
        },
    )


PLACED = Q(_placed__isnull=False)


@days_indicator(
    "A1_DAYS",
    "Average days from entering care to moving in with the adoptive family (A1)",
    "For children adopted in the last 3 years, the average number of days between coming into "
    "care and moving in with the family who adopted them. The national threshold is 426 days "
    "(14 months).",
    SCORECARD + " (A1)",
    PLACED,
    threshold=A1_THRESHOLD_DAYS,
)
def a1_days(period):
    """Catalogue A1_DAYS: "Adoption scorecard A1, 3-year average: days between entering care
    (start of the period of care that ended in adoption) and moving in with the adoptive family
    (start of the placed-for-adoption episode, A3–A6), for children adopted in the 3 years.
    Threshold 426 days (14 months)." The 3 years end on the as-at date.

    The adoptive family is the one who adopted the child: a placement for adoption that broke
    down before the child moved in with them does not end the clock (`with_the_adopters`)."""
    three = Period.three_years_to(period.end)
    return _days_measure(
        adopted_periods(three), clock_days(F("start"), F("_placed")), PLACED, three
    )


A2_COHORT = Q(_placed__isnull=False, _placement_order__isnull=False)
MATCHED_WITH_ORDER = A2_COHORT & Q(_match__isnull=False)
A2_NO_MATCH = "no date of the decision to match (AD1 DATE_MATCH) recorded"


@days_indicator(
    "A2_DAYS",
    "Average days from placement order to match (A2)",
    "For children adopted in the last 3 years, the average number of days between the court "
    "giving authority to place them for adoption and the decision to match them with their "
    "adopters (no days where the match came first). The national threshold is 121 days.",
    SCORECARD + " (A2)",
    MATCHED_WITH_ORDER,
    threshold=A2_THRESHOLD_DAYS,
)
def a2_days(period):
    """Catalogue A2_DAYS: "Adoption scorecard A2, 3-year average: days between the court
    authority to place (placement order) and the decision to match (AD1 DATE_MATCH), for
    children adopted in the 3 years who were placed for adoption and had a placement order;
    zero where the match came first. Threshold 121 days."

    A child of that cohort with no match date recorded (DATE_MATCH is required in AD1) cannot
    be measured: they are left out of the average and counted in `excluded`, with the reason,
    so that the page says so.
    """
    three = Period.three_years_to(period.end)
    days = clock_days(F("_placement_order"), F("_match"))
    measure = _days_measure(adopted_periods(three), days, MATCHED_WITH_ORDER, three)
    no_match = adopted_periods(three).filter(A2_COHORT, _match__isnull=True)
    left_out = no_match.aggregate(n=Count("child", distinct=True))["n"]
    return replace(measure, excluded=(Exclusion(left_out, A2_NO_MATCH),))


@days_indicator(
    "A10_DAYS",
    "Average days from entering care to moving in with the adoptive family, adjusted for "
    "foster carer adoptions (A10)",
    "As A1, but for children adopted by their foster carers the day they moved in with those "
    "carers as foster children is used. The national threshold is 426 days.",
    SCORECARD + " (A10)",
    PLACED,
    threshold=A1_THRESHOLD_DAYS,
)
def a10_days(period):
    """Catalogue A10_DAYS: "Adoption scorecard A10, 3-year average: as A1, but for children
    adopted by their foster carers the date of moving in with those carers is used. Threshold
    426 days."

    Moving in with the carers is the start of the placement with the carers the child was with
    when placed for adoption: a placement for adoption with the current foster carers (A3/A5,
    same carer) goes back to when the foster placement with them began.
    """
    three = Period.three_years_to(period.end)
    return _days_measure(
        adopted_periods(three),
        clock_days(F("start"), Coalesce(F("_with_adopters"), F("_placed"))),
        PLACED,
        three,
    )


# --- in progress ------------------------------------------------------------------------------


def po_awaiting_children(period):
    day = period.end
    order_in_force = LegalStatus.objects.open_on(day).placement_orders()
    return Child.objects.looked_after_on(day).filter(
        Exists(order_in_force.filter(child=OuterRef("pk")))
    )


@indicator(
    code="PO_AWAITING",
    title="Children with a placement order waiting to be adopted",
    theme=THEME,
    unit="count",
    higher_is_better=None,
    definition="Children looked after on the date whom a court has authorised the council to "
    "place for adoption, and who have not yet been adopted.",
    reference=DFE_CLA + " (LS E1, D1)",
    children=po_awaiting_children,
)
def po_awaiting(period):
    """Catalogue PO_AWAITING: "Children with a placement order on the as-at date who have not
    yet been adopted."

    A child with a placement order (legal status E1, or a freeing order D1) open on the date is
    still looked after, so not yet adopted; once the adoption order is made the period of care
    ends.
    """
    return Measure(numerator=po_awaiting_children(period).count(), as_at=True)


def ffa_children(period):
    day = period.end
    return Child.objects.filter(
        Exists(
            Placement.objects.open_on(day)
            .of_children_looked_after_on(day)
            .of_type(codes.FFA)
            .filter(child=OuterRef("pk"))
        )
    )


@indicator(
    code="FFA_PLACEMENTS",
    title="Children in fostering for adoption or concurrent planning placements",
    theme=THEME,
    unit="count",
    higher_is_better=None,
    definition="Children living on the date with foster carers who are also approved to adopt "
    "them (fostering for adoption or concurrent planning).",
    reference=DFE_CLA + " (PLACE U2, U5)",
    children=ffa_children,
)
def ffa_placements(period):
    """Catalogue FFA_PLACEMENTS: "Children in fostering-for-adoption or concurrent planning
    placements (U2, U5) on the as-at date." """
    return Measure(numerator=ffa_children(period).count(), as_at=True)


def _has_plan(day):
    return Exists(PermanencePlan.objects.current_on(day).filter(child=OuterRef("pk")))


def with_plan_children(period):
    return Child.objects.looked_after_on(period.end).filter(_has_plan(period.end))


@indicator(
    code="PERMANENCE_PLAN",
    title="Children with a permanence plan",
    theme=THEME,
    unit="percent",
    higher_is_better=True,
    definition="Of the children looked after on the date, the share with a permanence plan "
    "recorded and in force.",
    reference="local",
    children=with_plan_children,
)
def permanence_plan(period):
    """Catalogue PERMANENCE_PLAN: "% of children looked after on the as-at date who have a
    recorded permanence plan." A plan is in force from the day it was agreed until the day it
    ended."""
    result = Child.objects.looked_after_on(period.end).aggregate(
        total=Count("pk"), planned=Count("pk", filter=Q(_has_plan(period.end)))
    )
    return Measure(numerator=result["planned"], denominator=result["total"], as_at=True)
