"""Where you live: placement stability, distance from home, kinds of placement, going missing."""

from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Q,
)
from django.db.models.functions import Coalesce

from children.models import Child, MissingEpisode
from placements import codes
from placements.models import LegalStatus, PeriodOfCare, Placement
from reports.indicators.base import Breakdown, BreakdownRow, Measure, indicator
from reports.indicators.periods import add_months, add_years
from reports.indicators.sql import born_for_age_between

THEME = "where_you_live"
DFE_CLA = "DfE, Children looked after in England including adoptions (SSDA903)"


def looked_after_children(period):
    return Child.objects.looked_after_on(period.end)


def current_placements(day):
    """The placement each child looked after on `day` is in on that day (one per child)."""
    return Placement.objects.open_on(day).of_children_looked_after_on(day)


def children_in_current_placements(placements):
    return Child.objects.filter(Exists(placements.filter(child=OuterRef("pk"))))


# --- stability --------------------------------------------------------------------------------


def moves_between(first_exclusive, last):
    """Per child, the number of placements with new carers starting after `first_exclusive`
    and up to `last` (a grouped query: child_id, n)."""
    return (
        Placement.objects.with_new_carers()
        .filter(start__gt=first_exclusive, start__lte=last)
        .order_by()
        .values("child_id")
        .annotate(n=Count("pk"))
    )


def _three_or_more(period):
    """Three or more placements in the year: the one open on its first day (if any) and each
    later placement with new carers. One grouped pass over the year's placements."""
    open_at_start = Placement.objects.open_on(period.start).values("child_id")
    three_or_more = moves_between(period.start, period.end).filter(
        Q(n__gte=3) | Q(n=2, child_id__in=open_at_start)
    )
    return Q(pk__in=three_or_more.values("child_id"))


def three_plus_children(period):
    return looked_after_children(period).filter(_three_or_more(period))


@indicator(
    code="STAB_3PLUS",
    title="Children with 3 or more placements in the year",
    theme=THEME,
    unit="percent",
    higher_is_better=False,
    definition="Of the children looked after on the date, the share who lived in 3 or more "
    "placements in the 12 months before it. Moves with the same carers, short temporary moves "
    "(such as a hospital stay or respite) and changes of legal status are not counted.",
    reference=DFE_CLA + " (placement stability: 3 or more placements)",
    children=three_plus_children,
)
def stab_3plus(period):
    """Catalogue STAB_3PLUS: "% of children looked after on the as-at date who had 3 or more
    placements during the 12-month period. Count the placement open at the period start, the
    first placement of each period of care starting in the period, and each later episode whose
    RNE is P or B (a new carer); RNE L, T and U (same carer) do not count; temporary placements
    T0–T4 and the return from them do not count."
    """
    result = looked_after_children(period).aggregate(
        total=Count("pk"), three_plus=Count("pk", filter=_three_or_more(period))
    )
    return Measure(numerator=result["three_plus"], denominator=result["total"], as_at=True)


def long_term_cohort(period):
    """Children looked after on the date, under 16, looked after continuously for 2.5 years."""
    day = period.end
    continuous_since = add_months(day, -30)
    current_period = PeriodOfCare.objects.open_on(day).filter(
        child=OuterRef("pk"), start__lte=continuous_since
    )
    short_break_since = LegalStatus.objects.short_breaks().overlapping(continuous_since, day)
    return (
        looked_after_children(period)
        .filter(born_for_age_between(day, 0, 15))
        .filter(Exists(current_period))
        .exclude(Exists(short_break_since.filter(child=OuterRef("pk"))))
    )


def _stable_two_years(day):
    """Same carers for the last 2 years: no placement with new carers started in them; or
    placed for adoption now, with only the adoptive placement started in them (the adoptive
    placement and the one before it together last 2 years). One grouped pass over the
    placements of the last 2 years finds the children who are not."""
    placed_for_adoption = Placement.objects.open_on(day).of_type(codes.ADOPTION).values("child_id")
    unstable = moves_between(add_years(day, -2), day).filter(
        Q(n__gte=2) | ~Q(child_id__in=placed_for_adoption)
    )
    return ~Q(pk__in=unstable.values("child_id"))


def long_term_stable_children(period):
    return long_term_cohort(period).filter(_stable_two_years(period.end))


@indicator(
    code="STAB_LONG_TERM",
    title="Children in the same placement for 2 years",
    theme=THEME,
    unit="percent",
    higher_is_better=True,
    definition="Of the children under 16 who have been looked after for at least two and a "
    "half years, the share who have lived with the same carers for at least 2 years (or who "
    "are placed for adoption and were with their carers before that for 2 years in all).",
    reference=DFE_CLA + " (long-term placement stability)",
    children=long_term_stable_children,
)
def stab_long_term(period):
    """Catalogue STAB_LONG_TERM: "% of children looked after on the as-at date, aged under 16,
    looked after continuously for at least 2.5 years, who have been in the same placement for at
    least 2 years (or placed for adoption, where the adoptive placement and the one before it
    together last 2 years)."

    "Same placement" means the same carers: a move with the same carers (RNE T/U), a temporary
    placement and a change of legal status do not restart the two years.
    """
    result = long_term_cohort(period).aggregate(
        total=Count("pk"), stable=Count("pk", filter=_stable_two_years(period.end))
    )
    return Measure(numerator=result["stable"], denominator=result["total"], as_at=True)


# --- location ---------------------------------------------------------------------------------


def _inside_area():
    return Coalesce("inside_area", "carer__inside_area")


def outside_area_children(period):
    return children_in_current_placements(
        current_placements(period.end).alias(_inside=_inside_area()).filter(_inside=False)
    )


@indicator(
    code="PLACED_OUTSIDE_LA",
    title="Children placed outside the council's area",
    theme=THEME,
    unit="percent",
    higher_is_better=False,
    definition="Of the children looked after on the date, the share whose placement is outside "
    "the council's boundary.",
    reference=DFE_CLA + " (placed inside or outside the council boundary)",
    children=outside_area_children,
)
def placed_outside_la(period):
    """Catalogue PLACED_OUTSIDE_LA: "% of children looked after on the as-at date placed outside
    the council's boundary." Where the placement itself does not say, the carer's record does;
    where neither knows, the child counts in the denominator only (and in the "not known" row).
    """
    result = (
        current_placements(period.end)
        .alias(_inside=_inside_area())
        .aggregate(
            total=Count("pk"),
            outside=Count("pk", filter=Q(_inside=False)),
            inside=Count("pk", filter=Q(_inside=True)),
        )
    )
    unknown = result["total"] - result["outside"] - result["inside"]
    area = Breakdown(
        "area",
        "Inside or outside the area",
        (
            BreakdownRow("Inside the area", result["inside"]),
            BreakdownRow("Outside the area", result["outside"]),
            BreakdownRow("Not known", unknown),
        ),
    )
    return Measure(
        numerator=result["outside"], denominator=result["total"], as_at=True, breakdowns=(area,)
    )


def over_20_miles_children(period):
    return children_in_current_placements(
        current_placements(period.end).filter(distance_miles__gt=20)
    )


UNKNOWN_DISTANCE_LABELS = {
    codes.DistanceBasis.NO_PLACEMENT_POSTCODE: "Not known: no placement postcode",
    codes.DistanceBasis.PLACEMENT_POSTCODE_UNKNOWN: "Not known: placement postcode not found",
    codes.DistanceBasis.NO_HOME_POSTCODE: "Not known: no home postcode",
    codes.DistanceBasis.HOME_POSTCODE_UNKNOWN: "Not known: home postcode not found",
    "": "Not known: not worked out",
}


@indicator(
    code="PLACED_OVER_20_MILES",
    title="Children placed more than 20 miles from home",
    theme=THEME,
    unit="percent",
    higher_is_better=False,
    definition="Of the children looked after on the date whose distance from home is known, the "
    "share placed more than 20 miles from the home they came from. The distance is the straight "
    "line between the home and placement postcodes' grid references in the ONS postcode "
    "directory, in miles to one decimal place (exactly 20.0 is not more than 20). Where a "
    "postcode is missing or not in the directory the distance is not known, and the page says "
    "how many and why.",
    reference=DFE_CLA + " (distance between home and placement)",
    children=over_20_miles_children,
)
def placed_over_20_miles(period):
    """Catalogue PLACED_OVER_20_MILES: "% of children looked after on the as-at date placed more
    than 20 miles from home (where distance is known; the denominator excludes unknown)."
    Exactly 20 miles is not more than 20.

    The distance is stored on the placement when it is written (import or form) by
    placements.postcodes.placement_location: sqrt(dE² + dN²) / 1000 / 1.6093 between the two
    postcodes' grid references, rounded to 0.1 mile, as the DfE guidance and the public SSDA903
    validator work it out; a distance recorded on the return is used only where the postcodes
    cannot be. One query counts the known distances and why the others are unknown.
    """
    unknown = Q(distance_miles__isnull=True)
    result = current_placements(period.end).aggregate(
        total=Count("pk", filter=Q(distance_miles__isnull=False)),
        over=Count("pk", filter=Q(distance_miles__gt=20)),
        **{
            f"unknown_{i}": Count("pk", filter=unknown & Q(distance_basis=key))
            for i, key in enumerate(UNKNOWN_DISTANCE_LABELS)
        },
    )
    unknown_reasons = [
        (label, result[f"unknown_{i}"]) for i, label in enumerate(UNKNOWN_DISTANCE_LABELS.values())
    ]
    known = Breakdown(
        "distance_known",
        "Distance from home",
        (
            BreakdownRow("More than 20 miles", result["over"]),
            BreakdownRow("20 miles or less", result["total"] - result["over"]),
            *(BreakdownRow(label, n) for label, n in unknown_reasons if n),
        ),
    )
    return Measure(
        numerator=result["over"],
        denominator=result["total"],
        as_at=True,
        breakdowns=(known,),
        extra={"distance_unknown": sum(n for _, n in unknown_reasons)},
    )


# --- kinds of placement -----------------------------------------------------------------------


def ifa_children(period):
    return children_in_current_placements(
        current_placements(period.end).of_type(codes.FOSTER).filter(provider__in=codes.IFA)
    )


@indicator(
    code="FOSTER_IFA",
    title="Children in foster care with independent fostering agencies",
    theme=THEME,
    unit="count",
    higher_is_better=False,
    definition="Of the children living with foster carers on the date, how many are with "
    "carers from an independent (private or voluntary) fostering agency rather than the "
    "council's own.",
    reference=DFE_CLA + " (PLACE U1–U6, PLACE_PROVIDER PR4/PR5)",
    children=ifa_children,
)
def foster_ifa(period):
    """Catalogue FOSTER_IFA: "Children in foster placements (U1–U6) on the as-at date whose
    provider is an independent fostering agency (PR4 or PR5), with the total in foster
    placements as denominator." """
    result = (
        current_placements(period.end)
        .of_type(codes.FOSTER)
        .aggregate(total=Count("pk"), ifa=Count("pk", filter=Q(provider__in=codes.IFA)))
    )
    return Measure(numerator=result["ifa"], denominator=result["total"], as_at=True)


def _placement_flow(types, period):
    """Children in placements of `types` on the as-at date, with placements of those types
    started and ended in the period, in one query."""
    day = period.end
    looked_after = Exists(
        LegalStatus.objects.open_on(day).looked_after().filter(child=OuterRef("child"))
    )
    result = (
        Placement.objects.of_type(types)
        .alias(_looked_after=looked_after)
        .aggregate(
            now=Count(
                "pk",
                filter=Q(start__lte=day, _looked_after=True)
                & (Q(end__isnull=True) | Q(end__gt=day)),
            ),
            started=Count("pk", filter=Q(start__gte=period.start, start__lte=day)),
            ended=Count("pk", filter=Q(end__gte=period.start, end__lte=day)),
        )
    )
    return Measure(
        numerator=result["now"],
        as_at=True,
        extra={
            "placements_started": result["started"],
            "placements_ended": result["ended"],
            "period_start": period.start.isoformat(),
        },
    )


def connected_children(period):
    return children_in_current_placements(current_placements(period.end).of_type(codes.CONNECTED))


@indicator(
    code="CONNECTED_CARERS",
    title="Children living with relatives or friends (connected carers)",
    theme=THEME,
    unit="count",
    higher_is_better=None,
    definition="Children living with relatives or family friends approved as their foster "
    "carers on the date, with the number of such placements that started and ended in the "
    "period.",
    reference=DFE_CLA + " (PLACE U1–U3)",
    children=connected_children,
)
def connected_carers(period):
    """Catalogue CONNECTED_CARERS: "Children placed with relatives or friends (U1–U3) on the
    as-at date; with placements started and ended in the period." """
    return _placement_flow(codes.CONNECTED, period)


def with_parents_children(period):
    return children_in_current_placements(
        current_placements(period.end).of_type(codes.WITH_PARENTS)
    )


@indicator(
    code="PLACED_WITH_PARENTS",
    title="Children placed with parents",
    theme=THEME,
    unit="count",
    higher_is_better=None,
    definition="Children looked after who live with their parents (or others with parental "
    "responsibility) on the date, with placements started and ended in the period.",
    reference=DFE_CLA + " (PLACE P1)",
    children=with_parents_children,
)
def placed_with_parents(period):
    """Catalogue PLACED_WITH_PARENTS: "Children placed with parents (P1) on the as-at date;
    with placements started and ended in the period." """
    return _placement_flow(codes.WITH_PARENTS, period)


def _external():
    return ~Q(provider__in=["PR1", ""])


def residential_external_children(period):
    return children_in_current_placements(
        current_placements(period.end).of_type(codes.RESIDENTIAL).filter(_external())
    )


@indicator(
    code="RESIDENTIAL_EXTERNAL",
    title="Children in children's homes and residential care run by others",
    theme=THEME,
    unit="count",
    higher_is_better=False,
    definition="Of the children living in children's homes or other residential settings on "
    "the date, how many are in homes not run by the council.",
    reference=DFE_CLA + " (PLACE K1, K2, R1–R5, S1; PLACE_PROVIDER other than PR1)",
    children=residential_external_children,
)
def residential_external(period):
    """Catalogue RESIDENTIAL_EXTERNAL: "Children in children's homes or residential settings on
    the as-at date whose provider is not the council."

    Residential settings are secure and other children's homes (K1, K2), other residential
    settings (R1, R2, R3, R5) and residential schools (S1); a placement with no provider
    recorded is not counted as external. The denominator is everyone in those settings.
    """
    result = (
        current_placements(period.end)
        .of_type(codes.RESIDENTIAL)
        .aggregate(total=Count("pk"), external=Count("pk", filter=_external()))
    )
    return Measure(numerator=result["external"], denominator=result["total"], as_at=True)


# --- missing ----------------------------------------------------------------------------------


def missing_episodes(period):
    """Missing episodes (whereabouts not known, MISSING = M) that started in the period while
    the child was looked after."""
    looked_after_then = LegalStatus.objects.looked_after().filter(
        Q(end__isnull=True) | Q(end__gt=OuterRef("start")),
        child=OuterRef("child"),
        start__lte=OuterRef("start"),
    )
    return MissingEpisode.objects.filter(
        kind="M", start__gte=period.start, start__lte=period.end
    ).filter(Exists(looked_after_then))


def missing_children(period):
    return Child.objects.filter(Exists(missing_episodes(period).filter(child=OuterRef("pk"))))


@indicator(
    code="MISSING_CHILDREN",
    title="Children looked after who went missing",
    theme=THEME,
    unit="count",
    higher_is_better=False,
    definition="Children looked after who went missing at least once in the period (their "
    "whereabouts were not known), with the number of times children went missing.",
    reference=DFE_CLA + " (Missing table, MISSING = M)",
    children=missing_children,
)
def missing(period):
    """Catalogue MISSING_CHILDREN: "Children looked after who had at least one missing episode
    in the period; with the number of episodes."

    Episodes of being away from placement without authorisation (MISSING = A) are not missing
    episodes and are not counted; each child is counted once however many times they went
    missing.
    """
    result = missing_episodes(period).aggregate(
        children=Count("child", distinct=True), episodes=Count("pk")
    )
    return Measure(numerator=result["children"], extra={"episodes": result["episodes"]})
