"""Leaving care: the OC3 care-leaver measures and local measures of support."""

from datetime import timedelta

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Greatest, Least

from children import codes as child_codes
from children.models import Allocation, CareLeaverContact, Child, PathwayPlanReview
from corporate_parenting.dates import add_months, latest_birth_date_for_age
from corporate_parenting.sql import (
    AddMonths,
    AddYears,
    DaysBetween,
    LatestBirthday,
    born_for_age_between,
)
from placements import codes
from placements.models import ImportRun, LegalStatus, PeriodOfCare
from reports.indicators.base import Measure, indicator

THEME = "leaving_care"
DFE_OC3 = "DfE, Children looked after in England: care leavers (SSDA903 OC3)"
THIRTEEN_WEEKS = 91
AGES_17_18 = (17, 18)
AGES_19_21 = (19, 20, 21)
AGES_22_25 = (22, 23, 24, 25)


def _birthday_in_period_q(period, age):
    """Q for people whose `age`th birthday falls in the period (inclusive)."""
    return Q(date_of_birth__lte=latest_birth_date_for_age(period.end, age)) & Q(
        date_of_birth__gt=latest_birth_date_for_age(period.start - timedelta(days=1), age)
    )


def _receiving_support():
    """Q for young people receiving leaving-care support around their birthday: a personal
    adviser allocated at some time from 3 months before to 1 month after it (needs the
    `_birthday` annotation)."""
    return Q(
        Exists(
            Allocation.objects.personal_advisers()
            .filter(child=OuterRef("pk"), start__lte=_months_before(OuterRef("_birthday"), -1))
            .filter(Q(end__isnull=True) | Q(end__gt=_months_before(OuterRef("_birthday"), 3)))
        )
    )


NOT_CARE_LEAVERS = codes.ADOPTED | {"E2", "E3"}  # adopted, died, care taken over elsewhere
DIED = "DIED"


def _history_held_from_sql(years_before=0):
    """SQL for the first day of the earliest collection year imported, `years_before` years
    earlier (NULL when nothing was imported). Built from model metadata only."""
    table = connection.ops.quote_name(ImportRun._meta.db_table)
    years = connection.ops.quote_name("collection_years")
    status = connection.ops.quote_name("status")
    return (
        f"(SELECT make_date(MIN(y.year::int) - 1 - %s, 4, 1) FROM {table},"  # noqa: S608
        f" jsonb_array_elements_text({table}.{years}) AS y(year) WHERE {table}.{status} = %s)",
        (int(years_before), ImportRun.Status.IMPORTED),
    )


def history_held_from():
    """The first day of the earliest collection year imported, before which the record does
    not hold care history; None when nothing was imported (the record is all there is)."""
    sql, params = _history_held_from_sql()
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + sql, params)
        return cursor.fetchone()[0]


def _fourteenth_held_from():
    """`history_held_from` 14 years earlier, as an expression: the earliest date of birth
    whose 14th birthday the record holds."""
    sql, params = _history_held_from_sql(14)
    return RawSQL(sql, params, DateField())  # noqa: S611 - SQL from model metadata only


def _record_covers():
    """True for young people whose care since their 14th birthday the record holds (their 14th
    birthday is on or after `history_held_from`, or nothing was imported)."""
    return ExpressionWrapper(
        Q(_fourteenth_held_from__isnull=True) | Q(date_of_birth__gte=F("_fourteenth_held_from")),
        output_field=BooleanField(),
    )


def care_leaver_cohort(period, ages):
    """The OC3 cohort: young people whose birthday at one of `ages` falls in the period.

    Where the record holds the young person's care history from their 14th birthday (it
    starts on or after `history_held_from`), the record decides: they were not looked after on
    that birthday, and were looked after for at least 13 weeks after their 14th birthday
    including some time after their 16th (former relevant). Where it does not (their history
    began before the earliest imported return), the return's OC3 row for that birthday is the
    council's statement that they are in the cohort.

    Either way, young people who were adopted, died or whose care was taken over by another
    council are not care leavers: their last period of care before the birthday ended with
    REC E11/E12, E2 or E3, or they died on or before the birthday, or a contact recorded around
    it (an OC3 row among them) says they died (IN_TOUCH = DIED).

    Annotates `_birthday`, `_record_covers`, and `_in_touch`, `_accommodation` and `_activity`:
    where the record decides, from the latest contact recorded from 3 months before to 1 month
    after the birthday (and by the as-at date); otherwise from the OC3 row.
    """
    # With the filter below on a birthday at one of `ages` in the period, the latest birthday at
    # up to the oldest of them by the end of the period is that birthday.
    birthday = LatestBirthday(F("date_of_birth"), period.end, max(ages))
    looked_after = LegalStatus.objects.looked_after().filter(child=OuterRef("pk"))
    on_birthday = looked_after.filter(
        Q(end__isnull=True) | Q(end__gt=OuterRef("_birthday")), start__lte=OuterRef("_birthday")
    )
    fourteenth = AddYears(OuterRef("date_of_birth"), 14)
    days_after_14 = (
        looked_after.filter(start__lt=OuterRef("_birthday"))
        .annotate(
            _days=Greatest(
                DaysBetween(
                    Least(
                        Coalesce(F("end"), OuterRef("_birthday")),
                        OuterRef("_birthday"),
                        output_field=DateField(),
                    ),
                    Greatest(F("start"), fourteenth, output_field=DateField()),
                ),
                0,
                output_field=IntegerField(),
            )
        )
        .order_by()
        .values("child")
        .annotate(total=Sum("_days"))
        .values("total")[:1]
    )
    sixteenth = AddYears(OuterRef("date_of_birth"), 16)
    after_16 = looked_after.filter(Q(end__isnull=True) | Q(end__gt=sixteenth))
    last_period_ended = (
        PeriodOfCare.objects.filter(child=OuterRef("pk"), start__lt=OuterRef("_birthday"))
        .order_by("-start")
        .values("reason_ceased")[:1]
    )
    contact = CareLeaverContact.objects.filter(
        child=OuterRef("pk"),
        date__gte=_months_before(OuterRef("_birthday"), 3),
        date__lte=_months_before(OuterRef("_birthday"), -1),
    ).filter(date__lte=period.end)
    latest = contact.order_by("-date", "-id")
    oc3 = contact.filter(collection_year__isnull=False).order_by("-date", "-id")

    def recorded(field):
        from_record = Subquery(latest.values(field)[:1])
        return Case(
            When(_record_covers=True, then=from_record),
            default=Subquery(oc3.values(field)[:1]),
        )

    any_age = Q()
    for age in ages:
        any_age |= _birthday_in_period_q(period, age)
    former_relevant = (
        ~Q(Exists(on_birthday)) & Q(Exists(after_16)) & Q(_days_after_14__gte=THIRTEEN_WEEKS)
    )
    return (
        Child.objects.filter(any_age)
        .alias(_fourteenth_held_from=_fourteenth_held_from())
        .annotate(_birthday=birthday, _record_covers=_record_covers())
        .alias(
            _days_after_14=Subquery(days_after_14, output_field=IntegerField()),
            _last_reason=Subquery(last_period_ended),
        )
        .filter(
            (Q(_record_covers=True) & former_relevant) | (Q(_record_covers=False) & Q(Exists(oc3)))
        )
        .filter(Q(_last_reason__isnull=True) | ~Q(_last_reason__in=NOT_CARE_LEAVERS))
        .exclude(Exists(contact.filter(in_touch=DIED)))
        .filter(Q(date_of_death__isnull=True) | Q(date_of_death__gt=F("_birthday")))
        .annotate(
            _in_touch=recorded("in_touch"),
            _accommodation=recorded("accommodation"),
            _activity=recorded("activity"),
        )
    )


def _months_before(expression, months):
    return AddMonths(expression, -months)


def oc3_indicator(code, title, definition, ages, condition):
    def cohort(period):
        young_people = care_leaver_cohort(period, ages)
        if ages != AGES_22_25:
            return young_people
        # Where the return's OC3 row is the statement of the cohort, it says they are supported.
        return young_people.filter(Q(_record_covers=False) | _receiving_support())

    def children(period):
        return cohort(period).filter(condition)

    def compute(period):
        result = cohort(period).aggregate(total=Count("pk"), yes=Count("pk", filter=condition))
        return Measure(numerator=result["yes"], denominator=result["total"])

    def wrap(fn):
        compute.__doc__ = fn.__doc__
        compute.__name__ = fn.__name__
        return indicator(
            code=code,
            title=title,
            theme=THEME,
            unit="percent",
            higher_is_better=True,
            definition=definition,
            reference=DFE_OC3,
            children=children,
        )(compute)

    return wrap


IN_TOUCH = Q(_in_touch="YES")
SUITABLE = Q(_accommodation__in=child_codes.SUITABLE)
EET = Q(_activity__in=child_codes.EET)
COHORT_EXCLUDED = (
    " Young people who were adopted, who died, or whose care was taken over by another council "
    "are not counted. Where the record does not hold a young person's care since they turned "
    "14 (it began before the earliest imported return), the return's care leaver table (OC3) "
    "says who is counted."
)
COHORT_NOTE = (
    " The young people counted are care leavers whose birthday fell in the period and who "
    "had been looked after for at least 13 weeks after turning 14." + COHORT_EXCLUDED
)


@oc3_indicator(
    "CL_IN_TOUCH_17_18",
    "Care leavers aged 17 to 18 in touch",
    "Of care leavers whose 17th or 18th birthday fell in the period, the share the council was "
    "in touch with around their birthday." + COHORT_NOTE,
    AGES_17_18,
    IN_TOUCH,
)
def cl_in_touch_17_18(period):
    """Catalogue CL_IN_TOUCH_17_18: "% of the cohort aged 17–18 with whom the council is in
    touch (IN_TOUCH = YES)." Cohort: care leavers whose 17th or 18th birthday falls in the
    period and who were looked after for at least 13 weeks after their 14th birthday including
    some time after their 16th (former relevant), as in the OC3 table; "young people who were
    adopted, died, or moved to another council are not in the cohort. Where the record does not
    hold their care history (it began before the earliest imported return), the OC3 rows of the
    return are the council's statement of the cohort and are counted as the DfE counts them."
    Every CL_* cohort is `care_leaver_cohort`, which says how."""


@oc3_indicator(
    "CL_IN_TOUCH_19_21",
    "Care leavers aged 19 to 21 in touch",
    "Of care leavers whose 19th, 20th or 21st birthday fell in the period, the share the "
    "council was in touch with around their birthday." + COHORT_NOTE,
    AGES_19_21,
    IN_TOUCH,
)
def cl_in_touch_19_21(period):
    """Catalogue CL_IN_TOUCH_19_21: "% of the cohort aged 19–21 with whom the council is in
    touch (IN_TOUCH = YES)." """


@oc3_indicator(
    "CL_ACCOM_SUITABLE_17_18",
    "Care leavers aged 17 to 18 in suitable accommodation",
    "Of care leavers whose 17th or 18th birthday fell in the period, the share living in "
    "suitable accommodation around their birthday." + COHORT_NOTE,
    AGES_17_18,
    SUITABLE,
)
def cl_accom_suitable_17_18(period):
    """Catalogue CL_ACCOM_SUITABLE_17_18: "% in suitable accommodation (ACCOM code ending in
    1)." of the cohort aged 17–18."""


@oc3_indicator(
    "CL_ACCOM_SUITABLE_19_21",
    "Care leavers aged 19 to 21 in suitable accommodation",
    "Of care leavers whose 19th, 20th or 21st birthday fell in the period, the share living in "
    "suitable accommodation around their birthday." + COHORT_NOTE,
    AGES_19_21,
    SUITABLE,
)
def cl_accom_suitable_19_21(period):
    """Catalogue CL_ACCOM_SUITABLE_19_21: "% in suitable accommodation (ACCOM code ending in
    1)." of the cohort aged 19–21."""


@oc3_indicator(
    "CL_EET_17_18",
    "Care leavers aged 17 to 18 in education, employment or training",
    "Of care leavers whose 17th or 18th birthday fell in the period, the share in education, "
    "employment or training around their birthday." + COHORT_NOTE,
    AGES_17_18,
    EET,
)
def cl_eet_17_18(period):
    """Catalogue CL_EET_17_18: "% in education, employment or training (ACTIV codes F1, P1, F2,
    P2, F4, P4, F5, P5)." of the cohort aged 17–18."""


@oc3_indicator(
    "CL_EET_19_21",
    "Care leavers aged 19 to 21 in education, employment or training",
    "Of care leavers whose 19th, 20th or 21st birthday fell in the period, the share in "
    "education, employment or training around their birthday." + COHORT_NOTE,
    AGES_19_21,
    EET,
)
def cl_eet_19_21(period):
    """Catalogue CL_EET_19_21: "% in education, employment or training (ACTIV codes F1, P1, F2,
    P2, F4, P4, F5, P5)." of the cohort aged 19–21."""


COHORT_NOTE_22_25 = (
    " The young people counted are care leavers whose 22nd, 23rd, 24th or 25th birthday fell in "
    "the period, who had been looked after for at least 13 weeks after turning 14 and who had a "
    "personal adviser around their birthday." + COHORT_EXCLUDED
)


@oc3_indicator(
    "CL_IN_TOUCH_22_25",
    "Care leavers aged 22 to 25 in touch",
    "Of care leavers aged 22 to 25 receiving leaving-care support, the share the council was in "
    "touch with around their birthday." + COHORT_NOTE_22_25,
    AGES_22_25,
    IN_TOUCH,
)
def cl_in_touch_22_25(period):
    """Catalogue CL_IN_TOUCH_22_25: "As the 19–21 measures, for care leavers aged 22 to 25
    receiving leaving-care support, as the DfE has collected them since the 2022-23 return
    (check the year's guide for the cohort)." In touch: IN_TOUCH = YES.

    Cohort: former relevant care leavers (as the 17–21 cohort) whose 22nd to 25th birthday falls
    in the period and who had a personal adviser allocated at some time from 3 months before to
    1 month after it (receiving leaving-care support)."""


@oc3_indicator(
    "CL_ACCOM_SUITABLE_22_25",
    "Care leavers aged 22 to 25 in suitable accommodation",
    "Of care leavers aged 22 to 25 receiving leaving-care support, the share living in suitable "
    "accommodation around their birthday." + COHORT_NOTE_22_25,
    AGES_22_25,
    SUITABLE,
)
def cl_accom_suitable_22_25(period):
    """Catalogue CL_ACCOM_SUITABLE_22_25: "As the 19–21 measures, for care leavers aged 22 to
    25 receiving leaving-care support, as the DfE has collected them since the 2022-23 return
    (check the year's guide for the cohort)": % in suitable accommodation (ACCOM code ending in 1).
    Cohort as CL_IN_TOUCH_22_25."""


@oc3_indicator(
    "CL_EET_22_25",
    "Care leavers aged 22 to 25 in education, employment or training",
    "Of care leavers aged 22 to 25 receiving leaving-care support, the share in education, "
    "employment or training around their birthday." + COHORT_NOTE_22_25,
    AGES_22_25,
    EET,
)
def cl_eet_22_25(period):
    """Catalogue CL_EET_22_25: "As the 19–21 measures, for care leavers aged 22 to 25 receiving
    leaving-care support, as the DfE has collected them since the 2022-23 return (check the
    year's guide for the cohort)": % in education, employment or training (ACTIV codes F1, P1,
    F2, P2, F4, P4, F5, P5). Cohort as CL_IN_TOUCH_22_25."""


# --- local support measures -------------------------------------------------------------------


def care_leavers_aged(day, youngest, oldest, *, with_returns=False):
    """Young people with a leaving-care status (or, `with_returns`, an OC3 row in an imported
    return: `care_leavers`), aged youngest..oldest on `day`, alive on it."""
    young_people = (
        care_leavers() if with_returns else Child.objects.filter(care_leaver__isnull=False)
    )
    return young_people.filter(born_for_age_between(day, youngest, oldest)).exclude(
        date_of_death__lte=day
    )


def _pathway_plan_recent(day):
    return Exists(
        PathwayPlanReview.objects.filter(
            child=OuterRef("pk"), date__gt=add_months(day, -6), date__lte=day
        )
    )


def pathway_plan_children(period):
    return care_leavers_aged(period.end, 16, 24).filter(_pathway_plan_recent(period.end))


@indicator(
    code="CL_PATHWAY_PLAN",
    title="Care leavers with a pathway plan reviewed in the last 6 months",
    theme=THEME,
    unit="percent",
    higher_is_better=True,
    definition="Of the young people open to the leaving care service (aged 16 to 24), the share "
    "whose pathway plan was reviewed in the 6 months to the date.",
    reference="local",
    children=pathway_plan_children,
)
def cl_pathway_plan(period):
    """Catalogue CL_PATHWAY_PLAN (local): "% of care leavers open to the service with a pathway
    plan reviewed in the last 6 months."

    Open to the service: a leaving-care status (eligible, relevant, former relevant or
    qualifying) and aged 16 to 24 on the as-at date. A review exactly 6 months before the date
    is outside the 6 months.
    """
    result = care_leavers_aged(period.end, 16, 24).aggregate(
        total=Count("pk"), reviewed=Count("pk", filter=Q(_pathway_plan_recent(period.end)))
    )
    return Measure(numerator=result["reviewed"], denominator=result["total"], as_at=True)


def _personal_adviser_on(day):
    return Exists(Allocation.objects.personal_advisers().open_on(day).filter(child=OuterRef("pk")))


def pa_allocated_children(period):
    return care_leavers_aged(period.end, 16, 21).filter(_personal_adviser_on(period.end))


@indicator(
    code="CL_PA_ALLOCATED",
    title="Care leavers with a personal adviser",
    theme=THEME,
    unit="percent",
    higher_is_better=True,
    definition="Of the care leavers aged 16 to 21, the share with a personal adviser allocated "
    "on the date.",
    reference="local",
    children=pa_allocated_children,
)
def cl_pa_allocated(period):
    """Catalogue CL_PA_ALLOCATED (local): "% of care leavers aged up to 21 with an allocated
    personal adviser." Care leavers are young people with a leaving-care status aged 16 to 21;
    the allocation must be open on the as-at date."""
    result = care_leavers_aged(period.end, 16, 21).aggregate(
        total=Count("pk"), allocated=Count("pk", filter=Q(_personal_adviser_on(period.end)))
    )
    return Measure(numerator=result["allocated"], denominator=result["total"], as_at=True)


def _latest_accommodation(day):
    return Subquery(
        CareLeaverContact.objects.filter(child=OuterRef("pk"), date__lte=day)
        .order_by("-date", "-id")
        .values("accommodation")[:1]
    )


def staying_put_children(period):
    return Child.objects.filter(
        Exists(
            PeriodOfCare.objects.looked_after()
            .ceased_for(codes.STAYING_PUT)
            .ended_between(period.start, period.end)
            .filter(child=OuterRef("pk"))
        )
    )


@indicator(
    code="CL_STAYING_PUT",
    title="Young people staying put with their foster carers at 18",
    theme=THEME,
    unit="count",
    higher_is_better=True,
    definition="Young people who stopped being looked after at 18 in the period and stayed on "
    "with their foster carers (Staying Put), with the number of care leavers aged 19 to 21 "
    "still living with former foster carers.",
    reference="DfE, Children looked after in England (REC E17; OC3 ACCOM Z1/Z2)",
    children=staying_put_children,
)
def cl_staying_put(period):
    """Catalogue CL_STAYING_PUT: "Young people who ceased at 18 and stayed with their carers
    (REC E17) in the period; with care leavers aged 19–21 living with former foster carers
    (ACCOM Z1/Z2)." The second figure uses each young person's latest recorded accommodation;
    care leavers there include those listed in an imported return's OC3 table."""
    ceased = staying_put_children(period).count()
    still = (
        care_leavers_aged(period.end, 19, 21, with_returns=True)
        .annotate(_accommodation=_latest_accommodation(period.end))
        .filter(_accommodation__in=child_codes.STAYING_PUT_ACCOMMODATION)
        .count()
    )
    return Measure(numerator=ceased, extra={"aged_19_21_with_former_foster_carers": still})


def care_leavers():
    """Young people with a leaving-care status recorded, or an OC3 row in an imported return
    (the council's statement that they are care leavers)."""
    oc3_row = CareLeaverContact.objects.filter(child=OuterRef("pk"), collection_year__isnull=False)
    return Child.objects.filter(Q(care_leaver__isnull=False) | Q(Exists(oc3_row)))


def in_custody_children(period):
    return (
        care_leavers()
        .exclude(date_of_death__lte=period.end)
        .annotate(_accommodation=_latest_accommodation(period.end))
        .filter(_accommodation="X2")
    )


@indicator(
    code="CL_IN_CUSTODY",
    title="Care leavers in custody",
    theme=THEME,
    unit="count",
    higher_is_better=False,
    definition="Care leavers whose latest recorded accommodation is in custody. Care leavers "
    "are young people with a leaving-care status, or listed in an imported return's care "
    "leaver table (OC3).",
    reference="DfE, Children looked after in England: care leavers (OC3 ACCOM X2)",
    children=in_custody_children,
)
def cl_in_custody(period):
    """Catalogue CL_IN_CUSTODY: "Care leavers whose latest recorded accommodation is custody
    (ACCOM X2)." Latest means the latest contact recorded on or before the as-at date. Care
    leavers are young people with a leaving-care status recorded or an OC3 row in an imported
    return (so that a first import counts the return's X2 rows), alive on the as-at date."""
    return Measure(numerator=in_custody_children(period).count(), as_at=True)
