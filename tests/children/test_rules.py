import datetime

import pytest
from django.core.exceptions import ValidationError

from children import rules
from tests.children.helpers import put_in_care
from tests.factories import ChildFactory

D = datetime.date


def messages(excinfo):
    return " ".join(m for ms in excinfo.value.message_dict.values() for m in ms)


# --- dates ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_date_before_the_date_of_birth_is_refused():
    child = ChildFactory(date_of_birth=D(2015, 5, 1))
    with pytest.raises(ValidationError) as excinfo:
        rules.check_date(child, D(2015, 4, 30), field="date", what="the date of the review")
    assert "The date of the review must be on or after" in messages(excinfo)
    assert "1 May 2015" in messages(excinfo)


@pytest.mark.django_db
def test_a_date_in_the_future_is_refused_and_today_is_accepted():
    child = ChildFactory(date_of_birth=D(2015, 5, 1))
    with pytest.raises(ValidationError, match="must be today or in the past"):
        rules.check_date(child, D(2026, 1, 2), field="date", what="the date", today=D(2026, 1, 1))
    rules.check_date(child, D(2026, 1, 1), field="date", what="the date", today=D(2026, 1, 1))


def test_an_end_before_the_start_is_refused_and_the_same_day_is_accepted():
    with pytest.raises(ValidationError, match="must be the same as or after 3 March 2026"):
        rules.check_end_not_before_start(D(2026, 3, 3), D(2026, 3, 2))
    rules.check_end_not_before_start(D(2026, 3, 3), D(2026, 3, 3))


# --- reviews ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_review_outside_every_period_of_care_is_refused():
    child = ChildFactory(date_of_birth=D(2012, 1, 1))
    put_in_care(child, D(2024, 1, 10), end=D(2024, 6, 1))
    with pytest.raises(ValidationError, match="Reviews must fall within a period of care"):
        rules.check_review_in_period_of_care(child, D(2024, 6, 2))
    with pytest.raises(ValidationError):
        rules.check_review_in_period_of_care(child, D(2024, 1, 9))


@pytest.mark.django_db
def test_a_review_inside_a_period_of_care_or_on_its_last_day_is_accepted():
    child = ChildFactory(date_of_birth=D(2012, 1, 1))
    put_in_care(child, D(2024, 1, 10), end=D(2024, 6, 1))
    rules.check_review_in_period_of_care(child, D(2024, 1, 10))
    rules.check_review_in_period_of_care(child, D(2024, 6, 1))


@pytest.mark.django_db
def test_rule_167_pn0_is_refused_for_a_child_aged_4_on_the_review_date():
    child = ChildFactory(date_of_birth=D(2020, 3, 1))
    with pytest.raises(ValidationError) as excinfo:
        rules.check_review_participation(child, D(2024, 3, 1), "PN0")
    assert messages(excinfo) == (
        "PN0 is only for children under 4 on the review date. "
        "Choose another participation code. (DfE rule 440)"
    )


@pytest.mark.django_db
def test_rule_167_a_child_under_4_must_be_recorded_as_pn0():
    child = ChildFactory(date_of_birth=D(2020, 3, 1))
    rules.check_review_participation(child, D(2024, 2, 29), "PN0")
    with pytest.raises(ValidationError, match=r"was under 4 .*\(DfE rule 441\)"):
        rules.check_review_participation(child, D(2024, 2, 29), "PN1")
    rules.check_review_participation(child, D(2024, 3, 1), "PN1")


# --- UPN (rules 168 and 209) ------------------------------------------------------------------


def test_upn_check_letter_follows_the_dfe_weighted_sum():
    # 8*2 + 0*3 + 1*4 + 2*5 + 0*6 + 0*7 + 1*8 + 0*9 + 0*10 + 0*11 + 0*12 + 3*13 = 77;
    # 77 mod 23 = 8, and the 9th letter of ABCDEFGHJKLMNPQRTUVWXYZ is J.
    assert rules.upn_check_letter("?801200100003") == "J"
    assert rules.upn_is_well_formed("J801200100003")


def test_a_temporary_upn_counts_its_last_letter_by_its_place_in_the_table():
    # As above but the last character is C (value 2 instead of 3): 77 - 13 = 64; 64 mod 23 = 18
    # -> V.
    assert rules.upn_check_letter("?80120010000C") == "V"
    assert rules.upn_is_well_formed("V80120010000C")


@pytest.mark.parametrize("upn", ["K801200100003", "J80120010000", "J80120010A003", "1801200100003"])
def test_rule_168_a_upn_with_a_wrong_check_letter_or_shape_is_refused(upn):
    with pytest.raises(ValidationError, match=r"\(DfE rule 168\)"):
        rules.check_upn(upn, D(2012, 1, 1))


@pytest.mark.parametrize("upn", ["J801200100003", "UN2", "UN4", ""])
def test_rule_168_a_valid_upn_or_unknown_code_is_accepted(upn):
    rules.check_upn(upn, D(2012, 1, 1))


def test_rule_209_un1_is_refused_for_a_child_of_school_age():
    with pytest.raises(ValidationError, match=r"\(DfE rule 209\)"):
        rules.check_upn("UN1", D(2019, 8, 31), today=D(2024, 9, 2))


def test_rule_209_un1_is_accepted_before_school_age():
    # Turned 5 on 1 September 2024: not of school age until the following school year.
    rules.check_upn("UN1", D(2019, 9, 1), today=D(2025, 6, 1))


# --- MOTHER (rule 165) ------------------------------------------------------------------------


def test_rule_165_mother_is_refused_for_a_boy():
    with pytest.raises(ValidationError, match=r"\(DfE rule 165\)"):
        rules.check_mother("M", True, None)
    with pytest.raises(ValidationError, match=r"\(DfE rule 165\)"):
        rules.check_mother("M", False, None)


def test_rule_165_mother_is_accepted_for_a_girl_and_blank_for_a_boy():
    rules.check_mother("F", True, D(2024, 1, 1))
    rules.check_mother("F", False, None)
    rules.check_mother("M", None, None)


# --- care leavers (rules 1001, 1002) ----------------------------------------------------------


@pytest.mark.django_db
def test_rules_1001_1002_a_contact_with_a_15_year_old_is_refused():
    child = ChildFactory(date_of_birth=D(2010, 6, 1))
    put_in_care(child, D(2020, 1, 1))
    with pytest.raises(ValidationError, match=r"aged 16 to 21.*\(DfE rule 1001\)"):
        rules.check_care_leaver_contact(child, D(2026, 5, 31))


@pytest.mark.django_db
def test_rules_1001_1002_a_contact_with_a_22_year_old_is_refused():
    child = ChildFactory(date_of_birth=D(2000, 6, 1))
    put_in_care(child, D(2014, 1, 1), end=D(2018, 6, 1))
    with pytest.raises(ValidationError, match="was 22"):
        rules.check_care_leaver_contact(child, D(2022, 6, 1))


@pytest.mark.django_db
def test_rules_1001_1002_a_young_person_never_looked_after_is_refused():
    child = ChildFactory(date_of_birth=D(2007, 6, 1))
    with pytest.raises(ValidationError, match="no period of care"):
        rules.check_care_leaver_contact(child, D(2025, 6, 1))


@pytest.mark.django_db
def test_rules_1001_1002_a_contact_with_a_former_looked_after_18_year_old_is_accepted():
    child = ChildFactory(date_of_birth=D(2007, 6, 1))
    put_in_care(child, D(2020, 1, 1), end=D(2025, 6, 1))
    rules.check_care_leaver_contact(child, D(2025, 7, 1))


def test_oc3_window_runs_from_3_months_before_to_1_month_after_the_birthday():
    dob = D(2006, 6, 15)  # 19th birthday 15 June 2025, in the year ending 31 March 2026
    assert rules.oc3_collection_year(dob, D(2025, 3, 14)) is None
    assert rules.oc3_collection_year(dob, D(2025, 3, 15)) == 2026
    assert rules.oc3_collection_year(dob, D(2025, 7, 15)) == 2026
    assert rules.oc3_collection_year(dob, D(2025, 7, 16)) is None


def test_oc3_window_around_a_birthday_early_in_april_can_start_in_the_previous_year():
    dob = D(2006, 4, 2)  # 19th birthday 2 April 2025: year ending 31 March 2026
    assert rules.oc3_collection_year(dob, D(2025, 1, 5)) == 2026


def test_no_oc3_window_around_a_16th_or_22nd_birthday():
    dob = D(2006, 6, 15)
    assert rules.oc3_collection_year(dob, D(2022, 6, 15)) is None
    assert rules.oc3_collection_year(dob, D(2028, 6, 15)) is None


@pytest.mark.django_db
def test_marking_a_contact_outside_the_window_as_oc3_is_refused():
    child = ChildFactory(date_of_birth=D(2006, 6, 15))
    with pytest.raises(
        ValidationError, match=r"Only a contact from 3 months before.*\(DfE rule 1001\)"
    ):
        rules.check_oc3_return(child, D(2025, 10, 1))
    assert rules.check_oc3_return(child, D(2025, 6, 1)) == 2026
