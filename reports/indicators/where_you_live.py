"""Where you live: placement stability, distance from home, kinds of placement, going missing."""

from django.db.models import (
    Count,
    DateField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Greatest

from children.models import Child, MissingEpisode
from corporate_parenting.dates import add_months, add_years
from corporate_parenting.sql import born_for_age_between
from placements import codes
from placements.models import LegalStatus, PeriodOfCare, Placement
from reports.indicators.base import Breakdown, BreakdownRow, Measure, indicator

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


def _looked_after_on(day_field):
    """Exists: the child was looked after (a legal status other than a short break was open)
    on the outer row's date `day_field`."""
    return Exists(
        LegalStatus.objects.looked_after()
        .filter(child=OuterRef("child"), start__lte=OuterRef(day_field))
        .filter(Q(end__isnull=True) | Q(end__gt=OuterRef(day_field)))
    )


def _periods_with_short_breaks():
    return LegalStatus.objects.short_breaks().values("period_id")


def placements_counted_in(period):
    """Placements of the period that STAB_3PLUS counts after the one open on its first day: the
    first placement of a period of care and each later placement with new carers (RNE P/B),
    begun after the period's first day while the child was looked after (not on a short
    break: placements during short breaks do not count, and a period of care that began as
    short breaks does not open with their first placement). Temporary placements and the
    return from them are not counted."""
    after_temporary = Placement.objects.filter(
        period=OuterRef("period"), end=OuterRef("start"), placement_type__in=codes.TEMPORARY
    )
    return (
        Placement.objects.not_temporary()
        .filter(start__gt=period.start, start__lte=period.end)
        .filter(Q(new_carer=True) | Q(start=F("period__start")))
        .exclude(Exists(after_temporary))
        .filter(
            # Looked after on the day it began: only a period of care with short breaks in it
            # needs looking at (a hashed set first, then an index look-up for those few).
            ~Q(period_id__in=_periods_with_short_breaks()) | Q(_looked_after_on("start"))
        )
    )


def openings_after_short_breaks(period):
    """For periods of care that began as short breaks and became care in the period: the first
    legal status that is not a short break, where the placement open that day began before it
    (during the short breaks) or with the same carers, and so is not in
    `placements_counted_in`. It opens the period of care for the count. Rare, so small."""
    earlier = LegalStatus.objects.looked_after().filter(
        period=OuterRef("period"), start__lt=OuterRef("start")
    )
    placed_before = (
        Placement.objects.not_temporary()
        .filter(period=OuterRef("period"), start__lte=OuterRef("start"))
        .filter(Q(end__isnull=True) | Q(end__gt=OuterRef("start")))
        .exclude(start=OuterRef("start"), new_carer=True)
    )
    return (
        LegalStatus.objects.looked_after()
        .filter(start__gt=period.start, start__lte=period.end)
        .filter(period_id__in=_periods_with_short_breaks())
        .exclude(start=F("period__start"))
        .exclude(Exists(earlier))
        .filter(Exists(placed_before))
    )


def _count_per_child(queryset):
    return Coalesce(
        Subquery(
            queryset.filter(child=OuterRef("pk"))
            .order_by()
            .values("child")
            .annotate(n=Count("pk"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def _three_or_more(period):
    """Three or more placements in the year: the one open on its first day (if the child was
    looked after then) and those of `placements_counted_in` (one grouped pass), with, for the
    few children whose care began after short breaks, `openings_after_short_breaks`."""
    open_at_start = Placement.objects.open_on(period.start).of_children_looked_after_on(
        period.start
    )
    counted = placements_counted_in(period)
    common = (
        counted.order_by()
        .values("child_id")
        .annotate(n=Count("pk"))
        .filter(Q(n__gte=3) | Q(n=2, child_id__in=open_at_start.values("child_id")))
    )
    openings = openings_after_short_breaks(period)
    after_short_breaks = (
        Child.objects.filter(pk__in=openings.values("child_id"))
        .alias(
            _n=_count_per_child(counted) + _count_per_child(openings),
            _at_start=Exists(open_at_start.filter(child=OuterRef("pk"))),
        )
        .filter(Q(_n__gte=3) | Q(_n=2, _at_start=True))
    )
    return Q(pk__in=common.values("child_id")) | Q(pk__in=after_short_breaks.values("pk"))


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
    "(such as a hospital stay or respite), changes of legal status and placements during an "
    "agreed series of short breaks are not counted.",
    reference=DFE_CLA + " (placement stability: 3 or more placements)",
    children=three_plus_children,
)
def stab_3plus(period):
    """Catalogue STAB_3PLUS: "% of children looked after on the as-at date who had 3 or more
    placements during the 12-month period. Count the placement open at the period start, the
    first placement of each period of care starting in the period, and each later episode whose
    RNE is P or B (a new carer); RNE L, T and U (same carer) do not count; temporary placements
    T0–T4 and the return from them do not count."

    With the common rule that short breaks (V3/V4) are not being looked after: placements made
    while the child was on short breaks do not count, the placement open at the period start
    counts only if the child was looked after that day, and a period of care that began as
    short breaks is opened, for this count, by the placement the child was in when first looked
    after in it (not by the short break's first placement).
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


def _adoptive_placement_and_the_one_before_last_two_years(day):
    """Q: placed for adoption (A3–A6) on `day`, where the placement before the adoptive one
    (the latest placement of the period of care that started before it and is neither
    adoptive nor temporary) started at least 2 years before `day`, so that the two together
    last 2 years."""
    before = (
        Placement.objects.filter(period=OuterRef("period"), start__lt=OuterRef("start"))
        .exclude(placement_type__in=codes.ADOPTION | codes.TEMPORARY)
        .order_by("-start")
        .values("start")[:1]
    )
    adoptive = (
        Placement.objects.open_on(day)
        .of_type(codes.ADOPTION)
        .alias(_before_start=Subquery(before))
        .filter(_before_start__lte=add_years(day, -2))
    )
    return Q(Exists(adoptive.filter(child=OuterRef("pk"))))


def _stable_two_years(day):
    """Same carers for the last 2 years (no placement with new carers started in them: one
    grouped pass over the placements of the last 2 years finds the children who moved); or
    placed for adoption, where the adoptive placement and the one before it together last 2
    years."""
    moved = moves_between(add_years(day, -2), day).values("child_id")
    return ~Q(pk__in=moved) | _adoptive_placement_and_the_one_before_last_two_years(day)


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
    "are placed for adoption, where the adoptive placement and the placement before it "
    "together have lasted 2 years).",
    reference=DFE_CLA + " (long-term placement stability)",
    children=long_term_stable_children,
)
def stab_long_term(period):
    """Catalogue STAB_LONG_TERM: "% of children looked after on the as-at date, aged under 16,
    looked after continuously for at least 2.5 years, who have been in the same placement for at
    least 2 years (or placed for adoption, where the adoptive placement and the one before it
    together last 2 years)."

    "Same placement" means the same carers: a move with the same carers (RNE T/U), a temporary
    placement and a change of legal status do not restart the two years. For the adoption
    clause "the one before it" is the placement row before the adoptive placement (not
    temporary, not itself adoptive), even when the adoptive placement is with the same carers:
    18 months with carers and then placed for adoption with them is 18 months. Exactly 2 years
    counts.
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


# --- missing and away from placement ----------------------------------------------------------


def absence_episodes(period, kind):
    """Episodes of `kind` (M missing, A away from placement without authorisation) that were
    under way at some time in the period while the child was looked after.

    An episode runs from its start to its end inclusive (the child is missing on the day they
    went and the day they came back) and is under way on every day of the period it overlaps:
    one that began before the period and continues into it counts. The child must be looked
    after (a legal status other than a short break, open on a day) on some day that is both in
    the episode and in the period.
    """
    looked_after_then = (
        LegalStatus.objects.looked_after()
        .filter(child=OuterRef("child"), start__lte=period.end)
        .filter(start__lte=Coalesce(OuterRef("end"), Value(period.end)))
        .filter(
            Q(end__isnull=True)
            | Q(end__gt=Greatest(OuterRef("start"), Value(period.start), output_field=DateField()))
        )
    )
    return (
        MissingEpisode.objects.filter(kind=kind, start__lte=period.end)
        .filter(Q(end__isnull=True) | Q(end__gte=period.start))
        .filter(Exists(looked_after_then))
    )


def looked_after_during(period):
    return Child.objects.looked_after_between(period.start, period.end)


def _absent(period, kind):
    return Exists(absence_episodes(period, kind).filter(child=OuterRef("pk")))


def _absence_measure(period, kind, *, share):
    """The children looked after during the period with an episode of `kind` in it; as a
    share of all children looked after during it (`share`), or as a count with the number of
    episodes (incidents)."""
    if share:
        result = looked_after_during(period).aggregate(
            total=Count("pk"), absent=Count("pk", filter=Q(_absent(period, kind)))
        )
        return Measure(numerator=result["absent"], denominator=result["total"])
    result = absence_episodes(period, kind).aggregate(
        children=Count("child", distinct=True), episodes=Count("pk")
    )
    return Measure(numerator=result["children"], extra={"episodes": result["episodes"]})


def missing_children(period):
    return looked_after_during(period).filter(_absent(period, "M"))


def away_children(period):
    return looked_after_during(period).filter(_absent(period, "A"))


MISSING_NOTE = (
    " Someone who was already missing when the period began counts, and each child counts "
    "once however many times they went missing."
)


@indicator(
    code="MISSING_CHILDREN",
    title="Children looked after who went missing",
    theme=THEME,
    unit="count",
    higher_is_better=False,
    definition="Children looked after in the period who were missing from their placement "
    "(their whereabouts not known) at some time in it, with the number of times they went "
    "missing." + MISSING_NOTE,
    reference=DFE_CLA + " (Missing table, MISSING = M)",
    children=missing_children,
)
def missing(period):
    """Catalogue MISSING_CHILDREN: "Children looked after during the period who had at least one
    missing episode (MISSING = M) in it (an episode that began before the period and continues
    into it counts); with the number of missing incidents."

    Episodes away from placement without authorisation (MISSING = A) are AWAY_CHILDREN's. The
    number of incidents (`extra["episodes"]`) counts every missing episode under way in the
    period while the child was looked after.
    """
    return _absence_measure(period, "M", share=False)


@indicator(
    code="MISSING_PCT",
    title="Children looked after who went missing (%)",
    theme=THEME,
    unit="percent",
    higher_is_better=False,
    definition="Of all the children looked after at any time in the period, the share who were "
    "missing from their placement (their whereabouts not known) at some time in it." + MISSING_NOTE,
    reference=DFE_CLA + " (Missing table, MISSING = M)",
    children=missing_children,
)
def missing_pct(period):
    """Catalogue MISSING_PCT: "MISSING_CHILDREN as % of children looked after at any time
    during the period." Looked after at any time: a legal status other than a short break open
    on at least one day of the period."""
    return _absence_measure(period, "M", share=True)


AWAY_NOTE = (
    " Someone already away when the period began counts, and each child counts once however "
    "many times they were away."
)


@indicator(
    code="AWAY_CHILDREN",
    title="Children looked after who were away from placement without authorisation",
    theme=THEME,
    unit="count",
    higher_is_better=False,
    definition="Children looked after in the period who were away from their placement without "
    "permission (their whereabouts known) at some time in it, with the number of times."
    + AWAY_NOTE,
    reference=DFE_CLA + " (Missing table, MISSING = A)",
    children=away_children,
)
def away(period):
    """Catalogue AWAY_CHILDREN: "As MISSING_CHILDREN, for episodes away from placement without
    authorisation (MISSING = A); with the number of incidents." The number of incidents is
    `extra["episodes"]`."""
    return _absence_measure(period, "A", share=False)


@indicator(
    code="AWAY_PCT",
    title="Children looked after who were away from placement without authorisation (%)",
    theme=THEME,
    unit="percent",
    higher_is_better=False,
    definition="Of all the children looked after at any time in the period, the share who were "
    "away from their placement without permission at some time in it." + AWAY_NOTE,
    reference=DFE_CLA + " (Missing table, MISSING = A)",
    children=away_children,
)
def away_pct(period):
    """Catalogue AWAY_PCT: "AWAY_CHILDREN as % of children looked after at any time during the
    period." """
    return _absence_measure(period, "A", share=True)
