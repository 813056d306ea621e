from datetime import date

import pytest

from reports.indicators import compute
from reports.indicators.periods import Period
from tests.reports.factories import PersonalEducationPlanFactory, in_care

pytestmark = pytest.mark.django_db

AS_AT = date(2026, 2, 10)  # spring term, school year starting 1 September 2025


def test_pep_this_term_for_children_of_compulsory_school_age():
    year_1 = in_care(start=date(2024, 1, 1), date_of_birth=date(2020, 8, 31)).child  # 5 on 31/8
    PersonalEducationPlanFactory(child=year_1, date=date(2026, 1, 1))  # first day of term
    year_11 = in_care(start=date(2024, 1, 1), date_of_birth=date(2009, 9, 1)).child  # 15
    PersonalEducationPlanFactory(child=year_11, date=date(2025, 12, 31))  # last term
    reception = in_care(start=date(2024, 1, 1), date_of_birth=date(2020, 9, 1)).child  # 4
    PersonalEducationPlanFactory(child=reception, date=date(2026, 1, 5))
    in_care(start=date(2024, 1, 1), date_of_birth=date(2009, 8, 31))  # 16: Year 12

    iv = compute("PEP_CURRENT", Period.as_at(AS_AT))

    assert (iv.numerator, iv.denominator) == (1, 2)


def test_pep_after_the_as_at_date_does_not_count():
    child = in_care(start=date(2024, 1, 1), date_of_birth=date(2015, 1, 1)).child
    PersonalEducationPlanFactory(child=child, date=date(2026, 2, 11))
    assert compute("PEP_CURRENT", Period.as_at(AS_AT)).numerator == 0
