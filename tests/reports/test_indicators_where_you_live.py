from datetime import date

import pytest

from placements.models import Placement
from reports.indicators import CATALOGUE, compute
from reports.indicators.periods import Period
from tests.reports.factories import (
    ChildFactory,
    LegalStatusFactory,
    MissingEpisodeFactory,
    PeriodOfCareFactory,
    ProviderFactory,
    in_care,
    period_with_legal_status,
    placements,
)

pytestmark = pytest.mark.django_db

AS_AT = date(2026, 3, 31)
YEAR = Period.as_at(AS_AT)  # 1 April 2025 to 31 March 2026


def children(code, period=YEAR):
    return set(CATALOGUE[code].children(period))


# --- STAB_3PLUS -------------------------------------------------------------------------------


def test_three_placements_counts_the_one_open_at_the_start_and_moves_to_new_carers():
    period = period_with_legal_status(start=date(2024, 1, 1))
    placements(
        period,
        (date(2024, 1, 1), "U4", True),
        (date(2025, 6, 1), "U6", True),
        (date(2025, 9, 1), "K2", True),
    )
    iv = compute("STAB_3PLUS", YEAR)
    assert (iv.numerator, iv.denominator) == (1, 1)


def test_moves_with_the_same_carer_do_not_count():
    period = period_with_legal_status(start=date(2024, 1, 1))
    placements(
        period,
        (date(2024, 1, 1), "U4", True),
        (date(2025, 6, 1), "U6", True),
        (date(2025, 9, 1), "U4", False),  # RNE T/U: same carers
    )
    assert compute("STAB_3PLUS", YEAR).numerator == 0


def test_temporary_placements_and_the_return_from_them_do_not_count():
    period = period_with_legal_status(start=date(2024, 1, 1))
    placements(
        period,
        (date(2024, 1, 1), "U4", True),
        (date(2025, 6, 1), "T1", True),  # hospital
        (date(2025, 6, 10), "U4", True),  # back to the carers
        (date(2025, 9, 1), "U6", True),
    )
    assert compute("STAB_3PLUS", YEAR).numerator == 0


def test_legal_status_changes_are_not_moves():
    child = ChildFactory()
    period = PeriodOfCareFactory(child=child, start=date(2024, 1, 1))
    for start, end, ls in [
        (date(2024, 1, 1), date(2025, 5, 1), "C1"),
        (date(2025, 5, 1), date(2025, 8, 1), "C2"),
        (date(2025, 8, 1), None, "E1"),
    ]:
        LegalStatusFactory(period=period, start=start, end=end, legal_status=ls)
    placements(period, (date(2024, 1, 1), "U4", True), (date(2025, 7, 1), "U6", True))
    assert compute("STAB_3PLUS", YEAR).numerator == 0


def test_a_placement_starting_on_the_first_day_is_counted_once():
    period = period_with_legal_status(start=YEAR.start)
    placements(
        period,
        (YEAR.start, "U4", True),
        (date(2025, 6, 1), "U6", True),
        (date(2025, 9, 1), "K2", True),
    )
    placements_before = period_with_legal_status(start=YEAR.start)
    placements(placements_before, (YEAR.start, "U4", True), (date(2025, 6, 1), "U6", True))
    iv = compute("STAB_3PLUS", YEAR)
    assert (iv.numerator, iv.denominator) == (1, 2)


def test_a_child_who_started_twice_counts_the_first_placement_of_each_period():
    child = ChildFactory()
    first = period_with_legal_status(
        child, start=date(2025, 5, 1), end=date(2025, 7, 1), reason_ceased="E4A"
    )
    placements(first, (date(2025, 5, 1), "U6", True))
    second = period_with_legal_status(child, start=date(2025, 10, 1))
    placements(second, (date(2025, 10, 1), "U6", True), (date(2026, 1, 1), "K2", True))
    assert children("STAB_3PLUS") == {child}


def test_only_children_looked_after_on_the_date_are_in_the_denominator():
    period = period_with_legal_status(start=date(2024, 1, 1), end=AS_AT, reason_ceased="E4A")
    placements(
        period,
        (date(2024, 1, 1), "U4", True),
        (date(2025, 6, 1), "U6", True),
        (date(2025, 9, 1), "K2", True),
    )
    assert compute("STAB_3PLUS", YEAR).denominator == 0


def test_short_breaks_do_not_count_as_placements():
    """DfE: children on an agreed series of short breaks (V3/V4) are not looked after; three
    short breaks and then a care placement are one placement, not three or more."""
    child = ChildFactory()
    for start in (date(2025, 5, 1), date(2025, 6, 1), date(2025, 7, 1)):
        end = start.replace(day=3)
        short_break = period_with_legal_status(
            child, start=start, end=end, reason_ceased="E4A", legal_status="V3"
        )
        placements(short_break, (start, "U4", True))
    care = period_with_legal_status(child, start=date(2025, 9, 1))
    placements(care, (date(2025, 9, 1), "U4", True), (date(2026, 1, 1), "U6", True))

    iv = compute("STAB_3PLUS", YEAR)

    assert (iv.numerator, iv.denominator) == (0, 1)


def test_a_short_breaks_first_placement_does_not_open_the_period_of_care_for_the_count():
    """A period of care that began as short breaks counts from the placement the child was in
    when first looked after; placements during the short breaks do not count."""
    period = PeriodOfCareFactory(child=ChildFactory(), start=date(2025, 5, 1))
    LegalStatusFactory(
        period=period, start=date(2025, 5, 1), end=date(2025, 7, 1), legal_status="V4"
    )
    LegalStatusFactory(period=period, start=date(2025, 7, 1), end=None, legal_status="C2")
    placements(
        period,
        (date(2025, 5, 1), "U4", True),  # short break
        (date(2025, 6, 1), "U6", True),  # short break; looked after in it from 1 July: counts
        (date(2025, 9, 1), "K2", True),  # a move while looked after: counts
    )
    three = period_with_legal_status(start=date(2025, 5, 1))
    placements(
        three,
        (date(2025, 5, 1), "U4", True),
        (date(2025, 6, 1), "U6", True),
        (date(2025, 9, 1), "K2", True),
    )

    iv = compute("STAB_3PLUS", YEAR)

    assert (iv.numerator, iv.denominator) == (1, 2)
    assert children("STAB_3PLUS") == {three.child}


def test_a_short_break_at_the_start_of_the_year_is_not_the_placement_open_then():
    period = PeriodOfCareFactory(child=ChildFactory(), start=date(2025, 1, 1))
    LegalStatusFactory(
        period=period, start=date(2025, 1, 1), end=date(2025, 8, 1), legal_status="V3"
    )
    LegalStatusFactory(period=period, start=date(2025, 8, 1), end=None, legal_status="C2")
    placements(
        period,
        (date(2025, 1, 1), "U4", True),  # open at the start of the year, on a short break
        (date(2025, 6, 1), "U6", True),  # short break
        (date(2025, 9, 1), "K2", True),  # first looked-after move; with U6 makes 2
    )
    assert compute("STAB_3PLUS", YEAR).numerator == 0


# --- STAB_LONG_TERM ---------------------------------------------------------------------------

TWO_AND_A_HALF_YEARS_AGO = date(2023, 9, 30)
TWO_YEARS_AGO = date(2024, 3, 31)


def long_term(*moves, start=TWO_AND_A_HALF_YEARS_AGO, date_of_birth=date(2015, 1, 1)):
    period = period_with_legal_status(ChildFactory(date_of_birth=date_of_birth), start=start)
    placements(period, *moves)
    return period.child


def test_long_term_stability_cohort_and_two_year_edge():
    stable = long_term((TWO_AND_A_HALF_YEARS_AGO, "U4", True), (TWO_YEARS_AGO, "U4", True))
    moved = long_term((TWO_AND_A_HALF_YEARS_AGO, "U4", True), (date(2024, 4, 1), "U4", True))
    long_term((date(2023, 10, 1), "U4", True), start=date(2023, 10, 1))  # not 2.5 years
    long_term((TWO_AND_A_HALF_YEARS_AGO, "U4", True), date_of_birth=date(2010, 3, 31))  # 16

    iv = compute("STAB_LONG_TERM", YEAR)

    assert (iv.numerator, iv.denominator) == (1, 2)
    assert children("STAB_LONG_TERM") == {stable}
    assert moved not in children("STAB_LONG_TERM")


def test_a_move_with_the_same_carers_keeps_long_term_stability():
    long_term((TWO_AND_A_HALF_YEARS_AGO, "U4", True), (date(2025, 1, 1), "U1", False))
    assert compute("STAB_LONG_TERM", YEAR).numerator == 1


def test_placed_for_adoption_counts_the_placement_before_it_too():
    long_term(
        (TWO_AND_A_HALF_YEARS_AGO, "U4", True),
        (date(2024, 1, 1), "U6", True),
        (date(2025, 11, 1), "A6", True),
    )
    long_term(
        (TWO_AND_A_HALF_YEARS_AGO, "U4", True),
        (date(2024, 6, 1), "U6", True),
        (date(2025, 11, 1), "A6", True),
    )
    iv = compute("STAB_LONG_TERM", YEAR)
    assert (iv.numerator, iv.denominator) == (1, 2)


def test_placed_for_adoption_with_the_carers_of_18_months_is_not_two_years():
    """DfE: the adoptive placement and the placement before it together last 2 years. Eighteen
    months with new carers and then placed for adoption with them is 18 months."""
    long_term(
        (TWO_AND_A_HALF_YEARS_AGO, "U4", True),
        (date(2024, 9, 30), "U4", True),  # new carers, 18 months before the date
        (date(2025, 10, 1), "A5", False),  # placed for adoption with them
    )
    iv = compute("STAB_LONG_TERM", YEAR)
    assert (iv.numerator, iv.denominator) == (0, 1)


@pytest.mark.parametrize(
    ("before_start", "stable"), [(TWO_YEARS_AGO, True), (date(2024, 4, 1), False)]
)
def test_the_adoptive_placement_and_the_one_before_it_last_two_years_at_the_edge(
    before_start, stable
):
    long_term(
        (TWO_AND_A_HALF_YEARS_AGO, "U4", True),
        (before_start, "U6", True),
        (date(2026, 3, 1), "A6", True),
    )
    assert compute("STAB_LONG_TERM", YEAR).numerator == int(stable)


# --- location ---------------------------------------------------------------------------------


def test_placed_outside_uses_the_placement_then_the_carer_and_counts_unknown_in_denominator():
    outside = in_care(start=date(2025, 1, 1)).placements.get()
    outside.inside_area = False
    outside.save()
    via_carer = in_care(start=date(2025, 1, 1)).placements.get()
    via_carer.carer = ProviderFactory(inside_area=False)
    via_carer.save()
    inside = in_care(start=date(2025, 1, 1)).placements.get()
    inside.inside_area = True
    inside.carer = ProviderFactory(inside_area=False)
    inside.save()
    in_care(start=date(2025, 1, 1))  # not known

    iv = compute("PLACED_OUTSIDE_LA", YEAR)

    assert (iv.numerator, iv.denominator) == (2, 4)
    assert iv.value == 50
    area = {row.label: row.numerator for row in iv.breakdown("area").rows}
    assert area == {"Inside the area": 1, "Outside the area": 2, "Not known": 1}


@pytest.mark.parametrize(("miles", "counted"), [("20.0", False), ("20.1", True)])
def test_more_than_20_miles_is_strictly_more(miles, counted):
    Placement.objects.filter(pk=in_care(start=date(2025, 1, 1)).placements.get().pk).update(
        distance_miles=miles
    )
    in_care(start=date(2025, 1, 1))  # distance unknown: left out

    iv = compute("PLACED_OVER_20_MILES", YEAR)

    assert (iv.numerator, iv.denominator) == (int(counted), 1)


# --- kinds of placement -----------------------------------------------------------------------


def test_foster_ifa_counts_private_and_voluntary_foster_providers_of_all_foster_children():
    in_care(start=date(2025, 1, 1), placement_type="U4", provider="PR4")
    in_care(start=date(2025, 1, 1), placement_type="U6", provider="PR5")
    in_care(start=date(2025, 1, 1), placement_type="U1", provider="PR1")
    in_care(start=date(2025, 1, 1), placement_type="K2", provider="PR4")  # not fostering
    in_care(start=date(2025, 1, 1), placement_type="U4", provider="PR4", legal_status="V3")

    iv = compute("FOSTER_IFA", YEAR)

    assert (iv.numerator, iv.denominator) == (2, 3)


def test_connected_carers_on_the_date_with_placements_started_and_ended_in_the_period():
    in_care(start=date(2024, 1, 1), placement_type="U1")
    in_care(start=date(2025, 6, 1), placement_type="U3")
    in_care(start=date(2025, 6, 1), end=AS_AT, reason_ceased="E45", placement_type="U2")
    in_care(start=date(2025, 6, 1), placement_type="U4")

    iv = compute("CONNECTED_CARERS", YEAR)

    assert iv.numerator == 2
    assert iv.extra["placements_started"] == 2
    assert iv.extra["placements_ended"] == 1


def test_placed_with_parents():
    in_care(start=date(2025, 1, 1), placement_type="P1", provider="PR0")
    in_care(
        start=date(2025, 1, 1),
        placement_type="P1",
        provider="PR0",
        end=date(2025, 8, 1),
        reason_ceased="E4A",
    )
    iv = compute("PLACED_WITH_PARENTS", YEAR)
    assert iv.numerator == 1
    assert (iv.extra["placements_started"], iv.extra["placements_ended"]) == (0, 1)


def test_residential_external_counts_homes_not_run_by_the_council():
    in_care(start=date(2025, 1, 1), placement_type="K2", provider="PR4")
    in_care(start=date(2025, 1, 1), placement_type="R1", provider="PR2")
    in_care(start=date(2025, 1, 1), placement_type="K2", provider="PR1")
    in_care(start=date(2025, 1, 1), placement_type="U4", provider="PR4")

    iv = compute("RESIDENTIAL_EXTERNAL", YEAR)

    assert (iv.numerator, iv.denominator) == (2, 3)


# --- missing ----------------------------------------------------------------------------------


def test_missing_counts_children_once_with_the_number_of_episodes():
    often = in_care(start=date(2024, 1, 1)).child
    MissingEpisodeFactory(child=often, kind="M", start=date(2025, 5, 1))
    MissingEpisodeFactory(child=often, kind="M", start=AS_AT)
    MissingEpisodeFactory(child=often, kind="M", start=date(2025, 3, 31))  # before the period
    away = in_care(start=date(2024, 1, 1)).child
    MissingEpisodeFactory(child=away, kind="A", start=date(2025, 5, 1))  # away, not missing
    before_care = in_care(start=date(2025, 9, 1)).child
    MissingEpisodeFactory(child=before_care, kind="M", start=date(2025, 8, 1))
    short_breaks = in_care(start=date(2024, 1, 1), legal_status="V3").child
    MissingEpisodeFactory(child=short_breaks, kind="M", start=date(2025, 8, 1))

    iv = compute("MISSING_CHILDREN", YEAR)

    assert iv.numerator == 1
    assert iv.extra == {"episodes": 2}
    assert children("MISSING_CHILDREN") == {often}


def test_missing_counts_an_episode_that_began_before_the_period_and_continues_into_it():
    """DfE: children looked after during the year who went missing in it; an episode under way
    when the year began counts, as does one still open."""
    carried_in = in_care(start=date(2024, 1, 1)).child
    MissingEpisodeFactory(child=carried_in, kind="M", start=date(2025, 3, 30), end=date(2025, 4, 2))
    back_on_the_first_day = in_care(start=date(2024, 1, 1)).child
    MissingEpisodeFactory(
        child=back_on_the_first_day, kind="M", start=date(2025, 3, 20), end=YEAR.start
    )
    still_missing = in_care(start=date(2024, 1, 1)).child
    MissingEpisodeFactory(child=still_missing, kind="M", start=date(2025, 2, 1), end=None)
    back_the_day_before = in_care(start=date(2024, 1, 1)).child
    MissingEpisodeFactory(
        child=back_the_day_before, kind="M", start=date(2025, 3, 1), end=date(2025, 3, 31)
    )

    iv = compute("MISSING_CHILDREN", YEAR)

    assert iv.numerator == 3
    assert iv.extra == {"episodes": 3}
    assert children("MISSING_CHILDREN") == {carried_in, back_on_the_first_day, still_missing}


def test_missing_and_away_shares_are_of_every_child_looked_after_during_the_period():
    left_in_the_year = in_care(
        start=date(2024, 1, 1), end=date(2025, 9, 1), reason_ceased="E4A"
    ).child
    MissingEpisodeFactory(child=left_in_the_year, kind="M", start=date(2025, 6, 1))
    MissingEpisodeFactory(child=left_in_the_year, kind="M", start=date(2025, 7, 1))
    away_twice = in_care(start=date(2024, 1, 1)).child
    MissingEpisodeFactory(child=away_twice, kind="A", start=date(2025, 6, 1))
    MissingEpisodeFactory(child=away_twice, kind="A", start=date(2025, 8, 1))
    in_care(start=date(2024, 1, 1))  # looked after, never missing or away
    in_care(start=date(2023, 1, 1), end=date(2025, 3, 31), reason_ceased="E4A")  # left before
    short_breaks = in_care(start=date(2024, 1, 1), legal_status="V3").child
    MissingEpisodeFactory(child=short_breaks, kind="A", start=date(2025, 8, 1))
    missing_after_leaving = in_care(
        start=date(2024, 1, 1), end=date(2025, 5, 1), reason_ceased="E4A"
    ).child
    MissingEpisodeFactory(child=missing_after_leaving, kind="M", start=date(2025, 6, 1))

    missing_pct = compute("MISSING_PCT", YEAR)
    away = compute("AWAY_CHILDREN", YEAR)
    away_pct = compute("AWAY_PCT", YEAR)

    assert (missing_pct.numerator, missing_pct.denominator) == (1, 4)
    assert missing_pct.value == 25
    assert (away.numerator, away.extra) == (1, {"episodes": 2})
    assert (away_pct.numerator, away_pct.denominator) == (1, 4)
    assert children("AWAY_PCT") == {away_twice}
    assert children("MISSING_PCT") == {left_in_the_year}
