"""Point-of-entry checks from the DfE SSDA903 validation rules that concern the case record forms.

Each check raises ValidationError({field: message}); messages name the DfE rule (where the DfE
gives it a code) and say how to fix the entry. Services call them before saving, so the rule
holds whichever form, import or shell makes the change.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from children import care, codes
from children.dfe_rules import naming_rule
from corporate_parenting.dates import (
    add_months,
    age_on,
    collection_year_of,
    nth_birthday,
    school_year_start,
)

# ---------------------------------------------------------------------------------------------
# Dates and ages
# ---------------------------------------------------------------------------------------------


def long_date(day):
    return f"{day.day} {day:%B %Y}"


def check_date(child, day, *, field, what, today=None):
    """`what` is how the form names the date, e.g. "the date of the review"."""
    today = today or timezone.localdate()
    if day is None:
        return
    if day < child.date_of_birth:
        raise ValidationError(
            {
                field: f"{what[0].upper()}{what[1:]} must be on or after "
                f"{child.display_name}’s date of birth ({long_date(child.date_of_birth)})"
            }
        )
    if day > today:
        raise ValidationError({field: f"{what[0].upper()}{what[1:]} must be today or in the past"})


def check_end_not_before_start(start, end, *, field="end", what="The end date", fault=None):
    """`fault` names the DfE rule an end before the start breaks (`dfe_rules.FAULT_RULES`)."""
    if start and end and end < start:
        message = f"{what} must be the same as or after {long_date(start)}"
        raise ValidationError({field: naming_rule(message, fault) if fault else message})


# ---------------------------------------------------------------------------------------------
# Reviews
# ---------------------------------------------------------------------------------------------


def check_review_in_period_of_care(child, day):
    """A looked-after review is held while the child is looked after (DfE: reviews within the
    period of care). Periods of care are half-open, but a review on the day care ended is still
    that period's last review."""
    from django.db.models import Q

    in_care = (
        care.source()
        .periods_of_care()
        .filter(Q(end__isnull=True) | Q(end__gte=day), child=child, start__lte=day)
        .exists()
    )
    if not in_care:
        raise ValidationError(
            {
                "date": "Reviews must fall within a period of care: "
                f"{child.display_name} was not looked after on {long_date(day)}. "
                "Check the date of the review, or record the period of care first."
            }
        )


def check_review_participation(child, day, participation):
    """Rules 440 and 441: PN0 is for children under 4 on the review date, and only for them."""
    if not day or not participation:
        return
    age = age_on(child.date_of_birth, day)
    if participation == codes.ReviewParticipation.PN0 and age >= 4:
        raise ValidationError(
            {
                "participation": naming_rule(
                    "PN0 is only for children under 4 on the review date. "
                    "Choose another participation code.",
                    "participation_pn0_aged_4_or_over",
                )
            }
        )
    if participation != codes.ReviewParticipation.PN0 and age < 4:
        raise ValidationError(
            {
                "participation": naming_rule(
                    f"{child.display_name} was under 4 on the review date, so participation "
                    "must be PN0. Choose PN0 or check the date of the review.",
                    "participation_not_pn0_under_4",
                )
            }
        )


# ---------------------------------------------------------------------------------------------
# Child details
# ---------------------------------------------------------------------------------------------

# DfE check-letter table: the remainder of the weighted sum modulo 23 indexes this string.
UPN_CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


def upn_check_letter(upn):
    """The check letter for the last 12 characters of a UPN.

    Characters 2 to 13 are weighted 2 to 13 and summed; a letter in character 13 (a temporary
    UPN) counts as its position in the check-letter table. The sum modulo 23 picks the letter.
    """
    total = 0
    for weight, char in enumerate(upn[1:13], start=2):
        value = UPN_CHECK_LETTERS.index(char) if char.isalpha() else int(char)
        total += weight * value
    return UPN_CHECK_LETTERS[total % 23]


def upn_is_well_formed(upn):
    """Letter, 11 digits, then a digit or a check-table letter; and the check letter matches."""
    if len(upn) != 13 or upn[0] not in UPN_CHECK_LETTERS or not upn[1:12].isdigit():
        return False
    if not (upn[12].isdigit() or upn[12] in UPN_CHECK_LETTERS):
        return False
    return upn_check_letter(upn) == upn[0]


def reached_school_age(date_of_birth, day):
    """Of compulsory school age: aged 5 by the 31 August that began the school year of `day`
    (term-level precision is not needed for this check)."""
    school_year_began = school_year_start(day) - datetime.timedelta(days=1)
    return age_on(date_of_birth, school_year_began) >= 5


def check_upn(upn, date_of_birth, today=None):
    """Rules 168 and 209."""
    if not upn:
        return
    today = today or timezone.localdate()
    if upn in codes.UpnUnknown.values:
        if (
            upn == codes.UpnUnknown.UN1
            and date_of_birth
            and reached_school_age(date_of_birth, today)
        ):
            raise ValidationError(
                {
                    "upn": naming_rule(
                        "UN1 means not yet of school age, but this child is of school age. "
                        "Enter the child’s UPN, or UN2 to UN5 if it is not known.",
                        "upn_un1_at_school_age",
                    )
                }
            )
        return
    if not upn_is_well_formed(upn):
        raise ValidationError(
            {
                "upn": naming_rule(
                    "The UPN must be 13 characters, a check letter then 12 digits (the last "
                    "may be a letter), with the right check letter. Check it against the "
                    "school’s records, or enter UN1 to UN5 if it is not known.",
                    "upn_not_valid",
                )
            }
        )


def check_mother(sex, mother, mother_child_dob):
    """Rule 165: MOTHER is recorded for girls only."""
    if sex != codes.Sex.F and (mother is not None or mother_child_dob):
        raise ValidationError(
            {
                "mother": naming_rule(
                    "Whether the child is a mother is recorded for girls only. "
                    "Leave it blank, or check the child’s sex.",
                    "mother_not_a_girl",
                )
            }
        )
    if mother_child_dob and not mother:
        raise ValidationError(
            {
                "mother_child_dob": "Enter the date of birth of her first child only if she is a "
                "mother"
            }
        )


def check_uasc(is_uasc, uasc_ceased):
    if uasc_ceased and not is_uasc:
        raise ValidationError(
            {
                "uasc_ceased": "Enter the date UASC status ceased only for an unaccompanied "
                "asylum-seeking child"
            }
        )


# ---------------------------------------------------------------------------------------------
# Care leavers (OC3)
# ---------------------------------------------------------------------------------------------

CARE_LEAVER_MIN_AGE = 16
CARE_LEAVER_MAX_AGE = 21
# OC3 asks about the young person "around" their 17th to 21st birthday. DfE guidance: the
# information should describe the young person in the period from 3 months before to 1 month
# after the birthday; a contact in that window can be the year's OC3 return.
OC3_BIRTHDAYS = range(17, 22)
OC3_MONTHS_BEFORE = 3
OC3_MONTHS_AFTER = 1


def oc3_window(date_of_birth, age):
    """(first day, last day, birthday) of the OC3 window around the `age`th birthday."""
    birthday = nth_birthday(date_of_birth, age)
    return (
        add_months(birthday, -OC3_MONTHS_BEFORE),
        add_months(birthday, OC3_MONTHS_AFTER),
        birthday,
    )


def oc3_collection_year(date_of_birth, contact_date):
    """The collection year whose OC3 return this contact can be, or None if it is outside every
    window around a 17th to 21st birthday. The year is the one the birthday falls in."""
    for age in OC3_BIRTHDAYS:
        first, last, birthday = oc3_window(date_of_birth, age)
        if first <= contact_date <= last:
            return collection_year_of(birthday)
    return None


def check_care_leaver_contact(child, day):
    """Rules 1001 and 1002 (OC3 cohort): care leaver contacts are for young people aged 16 to 21
    who have been looked after. Younger children are still looked after, not care leavers; a
    young person never looked after here has no leaving-care record."""
    if not day:
        return
    age = age_on(child.date_of_birth, day)
    if not CARE_LEAVER_MIN_AGE <= age <= CARE_LEAVER_MAX_AGE:
        raise ValidationError(
            {
                "date": naming_rule(
                    f"Care leaver contacts are for young people aged 16 to 21, and "
                    f"{child.display_name} was {age} on {long_date(day)}. Check the date of the "
                    "contact, or record a statutory visit or case note instead.",
                    "care_leaver_outside_cohort",
                )
            }
        )
    if not care.source().periods_of_care().filter(child=child, start__lte=day).exists():
        raise ValidationError(
            {
                "date": naming_rule(
                    f"{child.display_name} has no period of care before {long_date(day)}, so "
                    "is not a care leaver. Record the period of care first, or check the date "
                    "of the contact.",
                    "care_leaver_never_looked_after",
                )
            }
        )


def check_oc3_return(child, day):
    """A contact marked as the year's OC3 return must fall in an OC3 window; returns the year."""
    year = oc3_collection_year(child.date_of_birth, day)
    if year is None:
        raise ValidationError(
            {
                "is_oc3_return": naming_rule(
                    "Only a contact from 3 months before to 1 month after the young person’s "
                    "17th to 21st birthday can be the year’s OC3 return. Untick it, or check "
                    "the date of the contact.",
                    "care_leaver_outside_cohort",
                )
            }
        )
    return year
