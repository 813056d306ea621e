from datetime import date

import pytest

from children.models import AllocationKind
from placements.models import ImportRun
from reports.indicators import CATALOGUE, compute
from reports.indicators.periods import Period
from tests.reports.factories import (
    AllocationFactory,
    CareLeaverContactFactory,
    CareLeaverFactory,
    ChildFactory,
    PathwayPlanReviewFactory,
    in_care,
)

pytestmark = pytest.mark.django_db

AS_AT = date(2026, 3, 31)
YEAR = Period.as_at(AS_AT)  # 1 April 2025 to 31 March 2026


def leaver(date_of_birth, start, end, *contacts, reason="E4A"):
    """A young person looked after from start to end, with (date, in_touch, accom, activ)
    contacts."""
    child = in_care(start=start, end=end, reason_ceased=reason, date_of_birth=date_of_birth).child
    CareLeaverFactory(child=child)
    for day, in_touch, accommodation, activity in contacts:
        CareLeaverContactFactory(
            child=child,
            date=day,
            in_touch=in_touch,
            accommodation=accommodation,
            activity=activity,
        )
    return child


def values(code):
    iv = compute(code, YEAR)
    return iv.numerator, iv.denominator


def build_cohort():
    """18th birthdays on 1 September 2025 and 20th/21st birthdays in the year."""
    dob_18 = date(2007, 9, 1)
    people = {
        "left_before": leaver(
            dob_18, date(2021, 1, 1), date(2025, 6, 1), (date(2025, 8, 15), "YES", "D1", "F2")
        ),
        "left_on_birthday": leaver(
            dob_18,
            date(2021, 1, 1),
            date(2025, 9, 1),
            (date(2025, 10, 1), "YES", "X2", "G5"),  # exactly a month after: in the window
            reason="E17",
        ),
        "looked_after_on_birthday": leaver(
            dob_18, date(2021, 1, 1), date(2025, 9, 2), (date(2025, 9, 1), "YES", "D1", "F2")
        ),
        "ten_weeks_only": leaver(
            dob_18, date(2023, 9, 15), date(2023, 11, 24), (date(2025, 9, 1), "YES", "D1", "F2")
        ),
        "left_before_16": leaver(
            dob_18, date(2021, 9, 1), date(2023, 8, 1), (date(2025, 9, 1), "YES", "D1", "F2")
        ),
        "twenty": leaver(
            date(2005, 6, 15),
            date(2019, 1, 1),
            date(2023, 6, 15),
            (date(2025, 3, 15), "NO", "D1", "F5"),  # exactly 3 months before: in the window
        ),
        "twenty_one_no_contact_in_window": leaver(
            date(2004, 12, 1),
            date(2018, 1, 1),
            date(2022, 12, 1),
            (date(2025, 7, 31), "YES", "D1", "F5"),  # four months before
        ),
        "birthday_after_the_year": leaver(date(2008, 4, 1), date(2021, 1, 1), date(2026, 3, 1)),
    }
    return people


def test_care_leaver_cohort_17_18():
    people = build_cohort()
    cohort_children = set(CATALOGUE["CL_IN_TOUCH_17_18"].children(YEAR))

    assert values("CL_IN_TOUCH_17_18") == (2, 2)
    assert values("CL_ACCOM_SUITABLE_17_18") == (1, 2)
    assert values("CL_EET_17_18") == (1, 2)
    assert cohort_children == {people["left_before"], people["left_on_birthday"]}


def test_care_leaver_cohort_19_21():
    people = build_cohort()

    assert values("CL_IN_TOUCH_19_21") == (0, 2)
    assert values("CL_ACCOM_SUITABLE_19_21") == (1, 2)
    assert values("CL_EET_19_21") == (1, 2)
    assert set(CATALOGUE["CL_EET_19_21"].children(YEAR)) == {people["twenty"]}


def test_a_contact_after_the_as_at_date_is_not_used():
    leaver(
        date(2008, 3, 20),  # 18 on 20 March 2026
        date(2022, 1, 1),
        date(2026, 3, 20),
        (date(2026, 4, 5), "YES", "D1", "F2"),
        reason="E17",
    )
    assert values("CL_IN_TOUCH_17_18") == (0, 1)


def test_young_people_adopted_dead_or_moved_to_another_council_are_not_care_leavers():
    """DfE: care leavers exclude those adopted, those who died and those whose care was taken
    over by another council."""
    dob_18 = date(2007, 9, 1)  # 18 on 1 September 2025
    contact = (date(2025, 9, 1), "YES", "D1", "F2")
    counted = leaver(dob_18, date(2021, 1, 1), date(2025, 6, 1), contact)
    leaver(dob_18, date(2021, 1, 1), date(2024, 3, 1), contact, reason="E11")  # adopted at 16
    leaver(dob_18, date(2021, 1, 1), date(2024, 6, 1), contact, reason="E3")  # another council
    died = leaver(dob_18, date(2021, 1, 1), date(2025, 6, 1))
    died.date_of_death = date(2025, 8, 1)
    died.save()
    leaver(dob_18, date(2021, 1, 1), date(2025, 6, 1), (date(2025, 9, 1), "DIED", "0", "0"))

    assert values("CL_IN_TOUCH_17_18") == (1, 1)
    assert set(CATALOGUE["CL_IN_TOUCH_17_18"].children(YEAR)) == {counted}


def imported(*years):
    ImportRun.objects.create(
        source=ImportRun.Source.COMMAND,
        status=ImportRun.Status.IMPORTED,
        collection_years=list(years),
    )


def oc3_row(child, day, in_touch, accommodation, activity, year=2026):
    CareLeaverContactFactory(
        child=child,
        date=day,
        in_touch=in_touch,
        accommodation=accommodation,
        activity=activity,
        collection_year=year,
    )


def test_the_returns_oc3_rows_are_the_cohort_where_the_record_does_not_hold_the_history():
    """One year imported: care before it is not held, so the OC3 rows are the council's
    statement of the cohort, counted as the DfE counts them (a young person who died is not
    in it)."""
    imported(2026)
    in_touch = ChildFactory(date_of_birth=date(2006, 10, 1))  # 19 on 1 October 2025
    oc3_row(in_touch, date(2025, 10, 1), "YES", "D1", "F2")
    not_in_touch = ChildFactory(date_of_birth=date(2004, 5, 1))  # 21 on 1 May 2025
    oc3_row(not_in_touch, date(2025, 5, 1), "NO", "0", "0")
    died = ChildFactory(date_of_birth=date(2005, 7, 1))
    oc3_row(died, date(2025, 7, 1), "DIED", "0", "0")
    aged_18 = ChildFactory(date_of_birth=date(2007, 12, 1))
    oc3_row(aged_18, date(2025, 12, 1), "YES", "X2", "G5")
    ChildFactory(date_of_birth=date(2006, 10, 1))  # no OC3 row, no history: not in the cohort

    assert values("CL_IN_TOUCH_19_21") == (1, 2)
    assert values("CL_ACCOM_SUITABLE_19_21") == (1, 2)
    assert values("CL_EET_19_21") == (1, 2)
    assert values("CL_IN_TOUCH_17_18") == (1, 1)
    assert values("CL_ACCOM_SUITABLE_17_18") == (0, 1)
    assert set(CATALOGUE["CL_IN_TOUCH_19_21"].children(YEAR)) == {in_touch}
    assert compute("CL_IN_CUSTODY", YEAR).numerator == 1
    assert values("CL_IN_TOUCH_22_25") == (0, 0)
    aged_22 = ChildFactory(date_of_birth=date(2003, 6, 1))  # listed, no personal adviser held
    oc3_row(aged_22, date(2025, 6, 1), "YES", "D1", "F4")
    assert values("CL_IN_TOUCH_22_25") == (1, 1)


def test_the_records_own_rule_holds_for_young_people_whose_history_it_covers():
    """Seven years imported: a 17-year-old's care since their 14th birthday is held, so the
    record decides; an OC3 row does not put a young person the record says was looked after
    for only ten weeks into the cohort."""
    imported(2020, 2021, 2022, 2023, 2024, 2025, 2026)
    ten_weeks = leaver(date(2008, 6, 1), date(2023, 1, 1), date(2023, 3, 12))
    oc3_row(ten_weeks, date(2025, 6, 1), "YES", "D1", "F2")
    former_relevant = leaver(date(2008, 7, 1), date(2023, 1, 1), date(2025, 1, 1))
    oc3_row(former_relevant, date(2025, 7, 1), "YES", "D1", "F2")
    not_covered = ChildFactory(date_of_birth=date(2004, 8, 1))  # 14 before April 2019
    oc3_row(not_covered, date(2025, 8, 1), "YES", "D1", "F2")

    assert values("CL_IN_TOUCH_17_18") == (1, 1)
    assert set(CATALOGUE["CL_IN_TOUCH_17_18"].children(YEAR)) == {former_relevant}
    assert values("CL_IN_TOUCH_19_21") == (1, 1)


# --- local measures ---------------------------------------------------------------------------


def test_pathway_plan_reviewed_in_the_last_six_months():
    recent = CareLeaverFactory(child=ChildFactory(date_of_birth=date(2006, 1, 1))).child
    PathwayPlanReviewFactory(child=recent, date=date(2025, 10, 1))
    stale = CareLeaverFactory(child=ChildFactory(date_of_birth=date(2006, 1, 1))).child
    PathwayPlanReviewFactory(child=stale, date=date(2025, 9, 30))  # exactly 6 months before
    too_old = CareLeaverFactory(child=ChildFactory(date_of_birth=date(2001, 3, 31))).child  # 25
    PathwayPlanReviewFactory(child=too_old, date=date(2026, 1, 1))

    assert values("CL_PATHWAY_PLAN") == (1, 2)
    assert set(CATALOGUE["CL_PATHWAY_PLAN"].children(YEAR)) == {recent}


def test_personal_adviser_allocated_on_the_date_for_care_leavers_up_to_21():
    allocated = CareLeaverFactory(child=ChildFactory(date_of_birth=date(2005, 1, 1))).child
    AllocationFactory(child=allocated, kind=AllocationKind.PERSONAL_ADVISER, start=AS_AT)
    ended = CareLeaverFactory(child=ChildFactory(date_of_birth=date(2005, 1, 1))).child
    AllocationFactory(
        child=ended, kind=AllocationKind.PERSONAL_ADVISER, start=date(2024, 1, 1), end=AS_AT
    )
    social_worker_only = CareLeaverFactory(child=ChildFactory(date_of_birth=date(2008, 1, 1))).child
    AllocationFactory(child=social_worker_only, kind=AllocationKind.SOCIAL_WORKER)
    aged_22 = CareLeaverFactory(child=ChildFactory(date_of_birth=date(2004, 1, 1))).child
    AllocationFactory(child=aged_22, kind=AllocationKind.PERSONAL_ADVISER)

    assert values("CL_PA_ALLOCATED") == (1, 3)


def test_staying_put_at_18_and_living_with_former_foster_carers_at_19_to_21():
    in_care(start=date(2022, 1, 1), end=date(2025, 9, 1), reason_ceased="E17")
    in_care(start=date(2022, 1, 1), end=date(2025, 3, 1), reason_ceased="E17")  # before
    in_care(start=date(2022, 1, 1), end=date(2025, 9, 1), reason_ceased="E4A")
    with_carers = CareLeaverFactory(child=ChildFactory(date_of_birth=date(2006, 1, 1))).child
    CareLeaverContactFactory(child=with_carers, date=date(2025, 1, 1), accommodation="D1")
    CareLeaverContactFactory(child=with_carers, date=date(2026, 1, 1), accommodation="Z1")
    moved_on = CareLeaverFactory(child=ChildFactory(date_of_birth=date(2006, 1, 1))).child
    CareLeaverContactFactory(child=moved_on, date=date(2025, 1, 1), accommodation="Z2")
    CareLeaverContactFactory(child=moved_on, date=date(2026, 1, 1), accommodation="U1")

    iv = compute("CL_STAYING_PUT", YEAR)

    assert iv.numerator == 1
    assert iv.extra["aged_19_21_with_former_foster_carers"] == 1


def test_in_custody_uses_the_latest_accommodation_recorded_by_the_date():
    in_custody = CareLeaverFactory(child=ChildFactory(date_of_birth=date(2006, 1, 1))).child
    CareLeaverContactFactory(child=in_custody, date=date(2026, 1, 1), accommodation="X2")
    released = CareLeaverFactory(child=ChildFactory(date_of_birth=date(2006, 1, 1))).child
    CareLeaverContactFactory(child=released, date=date(2025, 6, 1), accommodation="X2")
    CareLeaverContactFactory(child=released, date=date(2026, 2, 1), accommodation="D1")
    later = CareLeaverFactory(child=ChildFactory(date_of_birth=date(2006, 1, 1))).child
    CareLeaverContactFactory(child=later, date=date(2026, 4, 1), accommodation="X2")

    assert compute("CL_IN_CUSTODY", YEAR).numerator == 1
    assert set(CATALOGUE["CL_IN_CUSTODY"].children(YEAR)) == {in_custody}


def test_care_leavers_aged_22_to_25_receiving_support():
    supported = leaver(
        date(2003, 9, 1),  # 22 on 1 September 2025
        date(2017, 1, 1),
        date(2021, 9, 1),
        (date(2025, 9, 10), "YES", "D1", "F4"),
    )
    AllocationFactory(
        child=supported,
        kind=AllocationKind.PERSONAL_ADVISER,
        start=date(2021, 9, 1),
        end=date(2025, 7, 1),  # ended within 3 months before the birthday: still supported
    )
    supported_25 = leaver(
        date(2000, 11, 1),  # 25 on 1 November 2025
        date(2014, 1, 1),
        date(2018, 11, 1),
        (date(2025, 10, 1), "NO", "S2", "G5"),
    )
    AllocationFactory(
        child=supported_25, kind=AllocationKind.PERSONAL_ADVISER, start=date(2024, 1, 1)
    )
    no_support = leaver(
        date(2002, 9, 1), date(2016, 1, 1), date(2020, 9, 1), (date(2025, 9, 1), "YES", "D1", "F4")
    )
    AllocationFactory(
        child=no_support,
        kind=AllocationKind.PERSONAL_ADVISER,
        start=date(2020, 9, 1),
        end=date(2025, 5, 31),  # more than 3 months before the 23rd birthday
    )
    aged_26 = leaver(date(1999, 10, 1), date(2013, 1, 1), date(2017, 10, 1))
    AllocationFactory(child=aged_26, kind=AllocationKind.PERSONAL_ADVISER, start=date(2024, 1, 1))

    assert values("CL_IN_TOUCH_22_25") == (1, 2)
    assert values("CL_ACCOM_SUITABLE_22_25") == (1, 2)
    assert values("CL_EET_22_25") == (1, 2)
    assert set(CATALOGUE["CL_EET_22_25"].children(YEAR)) == {supported}
