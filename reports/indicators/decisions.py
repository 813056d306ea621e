"""How we make decisions: how many children we look after, who they are, who starts and
stops being looked after, and their reviews."""

from datetime import date

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    DateField,
    Exists,
    F,
    OuterRef,
    Q,
    Value,
    When,
    Window,
)
from django.db.models.functions import Lag

from children import codes as child_codes
from children.models import Child, Review, review_due
from corporate_parenting.sql import born_for_age_between
from placements import codes
from placements.models import LegalStatus, PeriodOfCare, Placement
from reports.indicators.base import Breakdown, BreakdownRow, Measure, indicator
from reports.indicators.periods import population_estimate_year

THEME = "decisions"
DFE_CLA = "DfE, Children looked after in England including adoptions (SSDA903)"

AGE_BANDS = [
    ("under_1", "Under 1", 0, 0),
    ("1_4", "1 to 4", 1, 4),
    ("5_9", "5 to 9", 5, 9),
    ("10_15", "10 to 15", 10, 15),
    ("16_over", "16 and over", 16, 200),
]
ETHNIC_GROUPS = ["White", "Mixed", "Asian", "Black", "Other", "Not known"]
LEGAL_STATUS_GROUPS = [
    ("care_order", "Care orders", codes.CARE_ORDER),
    ("placement_order", "Placement or freeing orders", codes.PLACEMENT_ORDER),
    ("section_20", "Accommodated by agreement (section 20)", {"V2"}),
    ("youth_justice", "Youth justice legal statuses", codes.YOUTH_JUSTICE),
    ("emergency", "Emergency protection", codes.EMERGENCY_PROTECTION),
]
CEASED_GROUPS = [
    ("adopted", "Adopted", codes.ADOPTED),
    ("sgo", "Special guardianship order", codes.SGO),
    ("cao", "Child arrangements order", codes.CAO),
    ("returned_home", "Returned home", codes.RETURNED_HOME | {"E13"}),
    ("independent_living", "Independent living", codes.INDEPENDENT_LIVING),
    ("staying_put", "Aged 18, stayed with carers (staying put)", codes.STAYING_PUT),
]
NOT_RECORDED = "Not recorded"


# --- shared building blocks -------------------------------------------------------------------


def looked_after_children(period):
    return Child.objects.looked_after_on(period.end)


def open_legal_statuses(day):
    """The legal status each child looked after on `day` has on that day (one per child)."""
    return LegalStatus.objects.open_on(day).looked_after()


def code_groups(groups):
    """{code: group key} from [(key, label, codes), ...]."""
    return {member: key for key, _, members in groups for member in members}


def count_by(queryset, expression, labels, *, code, title, groups=None, default=None, count="pk"):
    """One GROUP BY query: a Breakdown with a row for every label in `labels` (key, label) in
    that order, zeros included. `groups` maps the grouped values to label keys (codes to their
    national groups; unlisted values go to `default`); anything left over is "Not recorded"."""
    counts = {}
    by_code = {}
    for value, n in (
        queryset.annotate(_group=expression)
        .order_by()
        .values_list("_group")
        .annotate(n=Count(count, distinct=True))
    ):
        key = value if groups is None else groups.get(value, default)
        counts[key] = counts.get(key, 0) + n
        by_code[value or ""] = (by_code.get(value or "", (0,))[0] + n, key)
    label_of = dict(labels)
    rows = [BreakdownRow(label, counts.pop(key, 0)) for key, label in labels]
    leftover = sum(counts.values())
    if leftover:
        rows.append(BreakdownRow(NOT_RECORDED, leftover))
    return Breakdown(
        code=code,
        title=title,
        rows=tuple(rows),
        by_code=tuple(
            (value, n, label_of.get(key, NOT_RECORDED))
            for value, (n, key) in sorted(by_code.items())
        ),
    )


def age_band_expression(day):
    return Case(
        *[
            When(born_for_age_between(day, youngest, oldest), then=Value(key))
            for key, _, youngest, oldest in AGE_BANDS
        ],
        default=Value(""),
    )


def breakdown_measure(breakdown):
    return Measure(numerator=breakdown.total, as_at=True, breakdowns=(breakdown,))


def breakdown_indicator(code, title, definition):
    return indicator(
        code=code,
        title=title,
        theme=THEME,
        unit="count",
        higher_is_better=None,
        definition=definition,
        reference=DFE_CLA,
        children=looked_after_children,
    )


# --- children looked after --------------------------------------------------------------------


@indicator(
    code="CLA_COUNT",
    title="Children looked after",
    theme=THEME,
    unit="count",
    higher_is_better=None,
    definition="The number of children the council looked after on this date. Children who "
    "only have short breaks are not counted.",
    reference=DFE_CLA,
    children=looked_after_children,
)
def cla_count(period):
    """Catalogue CLA_COUNT: "Children looked after on the as-at date."

    DfE: a child is looked after on a date when an episode is open on it (DECOM <= date and DEC
    empty or after it), excluding children whose only legal status is V3 or V4 (short breaks).
    """
    # Legal statuses never overlap for a child, so counting the open ones counts the children.
    return Measure(numerator=open_legal_statuses(period.end).count(), as_at=True)


RATE_RULE = (
    "The population is the ONS mid-year estimate of children aged 0 to 17 for mid-year Y, used "
    "for every date from 1 April Y to 31 March Y+1 (the rate at 31 March 2026 uses the mid-2025 "
    "estimate, as the DfE's published rates do). Where officers have not yet entered that "
    "year's estimate, the latest earlier one is used and the page says so."
)


@indicator(
    code="CLA_RATE_10K",
    title=f"Children looked after per {settings.RATE_PER:,} children",
    theme=THEME,
    unit="rate",
    higher_is_better=None,
    definition=f"Children looked after for every {settings.RATE_PER:,} children aged 0 to 17 "
    "living in the area. " + RATE_RULE,
    reference=DFE_CLA + "; ONS mid-year population estimates",
    children=looked_after_children,
)
def cla_rate(period):
    """Catalogue CLA_RATE_10K: "CLA_COUNT per 10,000 children aged 0–17 in the council's area
    (population estimate for that year, entered by officers)."

    The rate is per settings.RATE_PER children (10,000 by default; some Welsh committees quote
    per 100,000). Which estimate goes with which date is `population_estimate_year`: mid-year Y
    for every date from 1 April Y to 31 March Y+1; if that year has not been entered, the
    latest earlier year, flagged in `extra["population_fallback"]`.
    """
    from reports.models import PopulationEstimate

    wanted = population_estimate_year(period.end)
    estimate = PopulationEstimate.objects.filter(year__lte=wanted).order_by("-year").first()
    count = open_legal_statuses(period.end).count()
    if estimate is None:
        return Measure(
            numerator=count,
            as_at=True,
            extra={"per": settings.RATE_PER, "population_year_wanted": wanted},
        )
    return Measure(
        numerator=count,
        denominator=estimate.population,
        value=count * settings.RATE_PER / estimate.population,
        as_at=True,
        extra={
            "per": settings.RATE_PER,
            "population_year": estimate.year,
            "population_year_wanted": wanted,
            "population_fallback": estimate.year != wanted,
            "population_source": estimate.source,
        },
    )


def started_children(period):
    return Child.objects.filter(
        Exists(
            PeriodOfCare.objects.looked_after()
            .started_between(period.start, period.end)
            .filter(child=OuterRef("pk"))
        )
    )


@indicator(
    code="CLA_STARTED",
    title="Children who started to be looked after",
    theme=THEME,
    unit="count",
    higher_is_better=None,
    definition="Children who started to be looked after in the period. A child who started "
    "more than once is counted once.",
    reference=DFE_CLA,
    children=started_children,
)
def cla_started(period):
    """Catalogue CLA_STARTED: "Children who started to be looked after in the period (episode
    with RNE = S)."

    RNE = S is the first episode of a period of care. Periods made only of short breaks (V3/V4)
    are not looked after. Children who start more than once are counted once.
    """
    return Measure(numerator=started_children(period).count())


def ceased_periods(period):
    return PeriodOfCare.objects.looked_after().ceased().ended_between(period.start, period.end)


def ceased_children(period):
    return Child.objects.filter(Exists(ceased_periods(period).filter(child=OuterRef("pk"))))


@indicator(
    code="CLA_CEASED",
    title="Children who ceased to be looked after",
    theme=THEME,
    unit="count",
    higher_is_better=None,
    definition="Children who stopped being looked after in the period. A child who stopped "
    "more than once is counted once.",
    reference=DFE_CLA,
    children=ceased_children,
)
def cla_ceased(period):
    """Catalogue CLA_CEASED: "Children who ceased to be looked after in the period (episode
    ended with a REC other than X1)."

    A period of care ends with the REC of its last episode (never X1). Children who cease more
    than once are counted once.
    """
    return Measure(numerator=ceased_children(period).count())


@breakdown_indicator(
    "CLA_BY_AGE",
    "Children looked after by age",
    "Children looked after on the date by their age in whole years on that date.",
)
def cla_by_age(period):
    """Catalogue CLA_BY_AGE: breakdown of CLA_COUNT by age band: under 1, 1–4, 5–9, 10–15, 16
    and over (ages are whole years on the as-at date)."""
    return breakdown_measure(
        count_by(
            looked_after_children(period),
            age_band_expression(period.end),
            [(key, label) for key, label, _, _ in AGE_BANDS],
            code="age_band",
            title="Age band",
        ),
    )


@breakdown_indicator(
    "CLA_BY_SEX", "Children looked after by sex", "Children looked after on the date by sex."
)
def cla_by_sex(period):
    """Catalogue CLA_BY_SEX: breakdown of CLA_COUNT by sex."""
    return breakdown_measure(
        count_by(
            looked_after_children(period),
            F("sex"),
            child_codes.Sex.choices,
            code="sex",
            title="Sex",
        ),
    )


@breakdown_indicator(
    "CLA_BY_ETHNICITY",
    "Children looked after by ethnicity",
    "Children looked after on the date by ethnic group.",
)
def cla_by_ethnicity(period):
    """Catalogue CLA_BY_ETHNICITY: breakdown of CLA_COUNT by the DfE's major ethnic groups."""
    groups = [
        (group, group, [c for c, g in child_codes.ETHNIC_MAJOR_GROUP.items() if g == group])
        for group in ETHNIC_GROUPS
    ]
    return breakdown_measure(
        count_by(
            looked_after_children(period),
            F("ethnicity"),
            [(group, group) for group in ETHNIC_GROUPS],
            groups=code_groups(groups),
            default="Not known",
            code="ethnicity",
            title="Ethnicity",
        ),
    )


@breakdown_indicator(
    "CLA_BY_LEGAL_STATUS",
    "Children looked after by legal status",
    "Children looked after on the date by the legal basis on which they are looked after.",
)
def cla_by_legal_status(period):
    """Catalogue CLA_BY_LEGAL_STATUS: breakdown of CLA_COUNT by legal status (LS), grouped as in
    the national tables (care orders, placement orders, section 20, youth justice, emergency).

    Counted from the legal statuses open on the date (one per child looked after)."""
    return breakdown_measure(
        count_by(
            open_legal_statuses(period.end),
            F("legal_status"),
            [(key, label) for key, label, _ in LEGAL_STATUS_GROUPS],
            code="legal_status",
            title="Legal status",
            groups=code_groups(LEGAL_STATUS_GROUPS),
            count="child",
        )
    )


@breakdown_indicator(
    "CLA_BY_CATEGORY_OF_NEED",
    "Children looked after by category of need",
    "Children looked after on the date by the main reason they needed to be looked after.",
)
def cla_by_category_of_need(period):
    """Catalogue CLA_BY_CATEGORY_OF_NEED: breakdown of CLA_COUNT by category of need (CIN)."""
    return breakdown_measure(
        count_by(
            open_legal_statuses(period.end),
            F("category_of_need"),
            codes.CategoryOfNeed.choices,
            code="category_of_need",
            title="Category of need",
            count="child",
        )
    )


@breakdown_indicator(
    "CLA_BY_PLACEMENT_TYPE",
    "Children looked after by type of placement",
    "Children looked after on the date by the kind of place they live.",
)
def cla_by_placement_type(period):
    """Catalogue CLA_BY_PLACEMENT_TYPE: breakdown of CLA_COUNT by placement (PLACE), grouped as
    in the national tables (foster, placed for adoption, with parents, residential...).

    Counted from the placements open on the date; children looked after with no placement
    recorded are the "Not recorded" row (a second query counts all children looked after)."""
    return breakdown_measure(
        _with_not_recorded(
            count_by(
                Placement.objects.open_on(period.end).of_children_looked_after_on(period.end),
                F("placement_type"),
                list(codes.PLACEMENT_GROUP_LABELS.items()),
                code="placement_type",
                title="Placement type",
                groups=codes.PLACEMENT_GROUP,
                count="child",
            ),
            period,
        )
    )


@breakdown_indicator(
    "CLA_BY_PROVIDER",
    "Children looked after by placement provider",
    "Children looked after on the date by who provides their placement.",
)
def cla_by_provider(period):
    """Catalogue CLA_BY_PROVIDER: breakdown of CLA_COUNT by placement provider (PLACE_PROVIDER,
    PR0–PR5), from the placements open on the date."""
    return breakdown_measure(
        _with_not_recorded(
            count_by(
                Placement.objects.open_on(period.end).of_children_looked_after_on(period.end),
                F("provider"),
                codes.PlacementProvider.choices,
                code="provider",
                title="Placement provider",
                count="child",
            ),
            period,
        )
    )


def _with_not_recorded(breakdown, period):
    """Add the children looked after who have no row in the breakdown to "Not recorded"."""
    missing = looked_after_children(period).count() - breakdown.total
    if missing <= 0:
        return breakdown
    by_code = {value: n for value, n, _ in breakdown.by_code}
    label_of = {value: label for value, _, label in breakdown.by_code}
    by_code[""] = by_code.get("", 0) + missing
    rows = list(breakdown.rows)
    if rows and rows[-1].label == NOT_RECORDED:
        missing += rows.pop().numerator
    rows.append(BreakdownRow(NOT_RECORDED, missing))
    return Breakdown(
        code=breakdown.code,
        title=breakdown.title,
        rows=tuple(rows),
        by_code=tuple(
            (value, n, NOT_RECORDED if value == "" else label_of[value])
            for value, n in sorted(by_code.items())
        ),
    )


def uasc_children(period):
    return looked_after_children(period).uasc_on(period.end)


@indicator(
    code="CLA_UASC",
    title="Unaccompanied asylum-seeking children looked after",
    theme=THEME,
    unit="count",
    higher_is_better=None,
    definition="Unaccompanied children seeking asylum whom the council looked after on the date.",
    reference=DFE_CLA,
    children=uasc_children,
)
def cla_uasc(period):
    """Catalogue CLA_UASC: "Unaccompanied asylum-seeking children looked after on the as-at
    date." (UASC status not ceased on the date: DUC empty or after it.)"""
    return Measure(numerator=uasc_children(period).count(), as_at=True)


@indicator(
    code="CLA_CEASED_BY_REASON",
    title="Children who ceased to be looked after, by reason",
    theme=THEME,
    unit="count",
    higher_is_better=None,
    definition="Children who stopped being looked after in the period, by why they stopped. A "
    "child who stopped more than once is counted once, by the last time.",
    reference=DFE_CLA,
    children=ceased_children,
)
def cla_ceased_by_reason(period):
    """Catalogue CLA_CEASED_BY_REASON: "Breakdown of CLA_CEASED by reason episode ceased
    (grouped: adopted, SGO, child arrangements order, returned home, independent living, age 18
    staying put, other)." Children ceasing more than once count once, on the last occasion."""
    last_periods = (
        ceased_periods(period).order_by("child_id", "-end").distinct("child_id").values("pk")
    )
    breakdown = count_by(
        PeriodOfCare.objects.filter(pk__in=last_periods),
        F("reason_ceased"),
        [(key, label) for key, label, _ in CEASED_GROUPS] + [("other", "Other reasons")],
        code="reason_ceased",
        title="Reason ceased",
        groups=code_groups(CEASED_GROUPS),
        default="other",
    )
    return Measure(numerator=breakdown.total, breakdowns=(breakdown,))


# --- reviews ----------------------------------------------------------------------------------


FAR_FUTURE = date(9999, 12, 31)


def reviews_in_care(day):
    """Reviews held up to `day` of children looked after on `day`, each with the start of the
    period of care it was held in (`_entered`) and, within that period, the review before it
    (`_previous`) and the one before that (`_before_previous`): window functions over one pass
    of the reviews."""
    in_period = Q(child__periods_of_care__start__lte=F("date")) & (
        Q(child__periods_of_care__end__isnull=True) | Q(child__periods_of_care__end__gt=F("date"))
    )
    window = {"partition_by": [F("child_id"), F("_entered")], "order_by": F("date").asc()}
    looked_after = LegalStatus.objects.open_on(day).looked_after().filter(child=OuterRef("child"))
    return (
        Review.objects.filter(date__lte=day)
        .filter(Exists(looked_after))
        .filter(in_period)
        .annotate(_entered=F("child__periods_of_care__start"))
        .annotate(
            _previous=Window(Lag("date"), **window),
            _before_previous=Window(Lag("date", 2), **window),
        )
    )


def children_with_reviews_not_on_time(period):
    """Children with a review in the period held after it was due: the schedule of
    `children.models.review_due` (the first review of a period of care 20 working days after
    entering care, the second 3 months after the first, later ones 6 months after the one
    before), with the reviews before each counted by one pass of windows."""
    held_before = Case(
        When(_previous__isnull=True, then=Value(0)),
        When(_before_previous__isnull=True, then=Value(1)),
        default=Value(2),
    )
    due = Case(
        When(date__lt=period.start, then=Value(FAR_FUTURE)),
        default=review_due(entered=F("_entered"), latest=F("_previous"), held=held_before),
        output_field=DateField(),
    )
    return (
        reviews_in_care(period.end).annotate(_due=due).filter(date__gt=F("_due")).values("child_id")
    )


def children_with_review_timeliness(period):
    """Children looked after on the date, annotated with the caseload's `next_review_due` and
    `review_overdue` (`Child.objects.with_review_due`)."""
    return looked_after_children(period).with_review_due(period.end)


def _not_on_time(period):
    return Q(pk__in=children_with_reviews_not_on_time(period)) | Q(review_overdue=True)


def reviews_on_time_children(period):
    return children_with_review_timeliness(period).exclude(_not_on_time(period))


@indicator(
    code="REVIEWS_ON_TIME",
    title="Children whose reviews were all on time",
    theme=THEME,
    unit="percent",
    higher_is_better=True,
    definition="Of the children looked after on the date, the share whose looked-after reviews "
    "in the period were all held on time (the first within 20 working days of coming into "
    "care, the second within 3 months, then at least every 6 months) and who are not overdue "
    "one now.",
    reference="local (timescales from the Care Planning, Placement and Case Review (England) "
    "Regulations 2010, regulation 33)",
    children=reviews_on_time_children,
)
def reviews_on_time(period):
    """Catalogue REVIEWS_ON_TIME (local): "% of children looked after on the as-at date whose
    reviews in the period were all within timescale (first within 20 working days of entry,
    second within 3 months of the first, then every 6 months)."

    A child whose next review was due before the as-at date and has not been held is not on
    time either. Working days are Monday to Friday (bank holidays are not known). The
    timescale restarts with each period of care.
    """
    result = children_with_review_timeliness(period).aggregate(
        total=Count("pk"), not_on_time=Count("pk", filter=_not_on_time(period))
    )
    return Measure(
        numerator=result["total"] - result["not_on_time"],
        denominator=result["total"],
        as_at=False,
    )


def reviews_while_looked_after(period):
    """Reviews held in the period while the child was looked after: a legal status other than
    a short break (V3/V4) was open on the review date, or ended on it (a review on the day care
    ended counts). Reviews of children only on short breaks are left out."""
    looked_after = LegalStatus.objects.looked_after().filter(
        Q(end__isnull=True) | Q(end__gte=OuterRef("date")),
        child=OuterRef("child"),
        start__lte=OuterRef("date"),
    )
    return Review.objects.filter(date__gte=period.start, date__lte=period.end).filter(
        Exists(looked_after)
    )


def participating_children(period):
    return Child.objects.filter(
        Exists(
            reviews_while_looked_after(period).filter(
                child=OuterRef("pk"), participation__in=child_codes.PARTICIPATED
            )
        )
    )


@indicator(
    code="REVIEW_PARTICIPATION",
    title="Reviews where the child took part",
    theme=THEME,
    unit="percent",
    higher_is_better=True,
    definition="Of the reviews held in the period for children aged 4 and over, the share in "
    "which the child took part, in person or by sharing their views another way. Reviews of "
    "children only on short breaks are not counted.",
    reference=DFE_CLA + " (REVIEW_CODE)",
    children=participating_children,
)
def review_participation(period):
    """Catalogue REVIEW_PARTICIPATION: "% of reviews held in the period where the child
    participated (PN1–PN6 over PN1–PN7; PN0, children under 4, excluded)."

    With the common rule that children on short breaks (V3/V4) are not looked after, reviews
    of children only on short breaks are not counted: `reviews_while_looked_after`.
    """
    result = reviews_while_looked_after(period).aggregate(
        held=Count("pk", filter=Q(participation__in=child_codes.PARTICIPATION_DENOMINATOR)),
        took_part=Count("pk", filter=Q(participation__in=child_codes.PARTICIPATED)),
    )
    return Measure(numerator=result["took_part"], denominator=result["held"])
