"""Each point-of-entry check: one case it refuses (with its rule number on the right field), one
it accepts."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from placements import rules
from placements.models import PeriodOfCare
from tests.factories import ChildFactory, PeriodOfCareFactory

D = datetime.date
BORN = D(2014, 6, 1)


class Child:
    """The fields of a child the checks read, without the database."""

    def __init__(self, date_of_birth=BORN, is_uasc=False):
        self.date_of_birth = date_of_birth
        self.is_uasc = is_uasc


def refuses(check, field, rule, **kwargs):
    with pytest.raises(ValidationError) as caught:
        check(**kwargs)
    messages = caught.value.message_dict[field]
    if rule:
        assert any(m.endswith(f"(DfE rule {rule})") for m in messages), messages
    else:
        assert not any("(DfE rule" in m for m in messages), messages
    return messages


def test_rule_302_refuses_a_start_before_birth():
    messages = refuses(
        rules.rule_302_start_not_before_birth,
        "start",
        "302",
        child=Child(D(2020, 1, 10)),
        start=D(2020, 1, 9),
    )
    assert "10 January 2020" in messages[0]


def test_rule_302_accepts_a_start_on_the_day_of_birth():
    rules.rule_302_start_not_before_birth(child=Child(D(2020, 1, 10)), start=D(2020, 1, 10))


def test_end_before_start_is_refused_and_same_day_accepted():
    refuses(rules.end_not_before_start, "end", "356", start=D(2025, 5, 2), end=D(2025, 5, 1))
    refuses(
        rules.end_not_before_start,
        "end",
        None,
        start=D(2025, 5, 2),
        end=D(2025, 5, 1),
        fault=None,
    )
    rules.end_not_before_start(start=D(2025, 5, 2), end=D(2025, 5, 2))


@pytest.mark.django_db
def test_rule_501_refuses_dates_overlapping_another_period():
    period = PeriodOfCareFactory(start=D(2025, 1, 1), end=D(2025, 6, 1), reason_ceased="E4A")
    refuses(
        rules.rule_501_no_overlap,
        "start",
        "501",
        queryset=PeriodOfCare.objects.filter(child=period.child),
        start=D(2025, 5, 31),
        end=None,
        what="period of care",
    )


@pytest.mark.django_db
def test_rule_501_accepts_a_period_starting_the_day_the_last_one_ended():
    period = PeriodOfCareFactory(start=D(2025, 1, 1), end=D(2025, 6, 1), reason_ceased="E4A")
    rules.rule_501_no_overlap(
        queryset=PeriodOfCare.objects.filter(child=period.child),
        start=D(2025, 6, 1),
        end=None,
        what="period of care",
    )


@pytest.mark.django_db
def test_rule_501_refuses_any_start_while_a_period_is_open():
    child = ChildFactory()
    PeriodOfCareFactory(child=child, start=D(2025, 1, 1))
    refuses(
        rules.rule_501_no_overlap,
        "start",
        "501",
        queryset=PeriodOfCare.objects.filter(child=child),
        start=D(2024, 1, 1),
        end=D(2025, 1, 2),
        what="period of care",
    )


def test_rule_146_refuses_a_placement_type_retired_before_the_start():
    # H5 ended with the 2024-25 return; a placement starting in 2025-26 cannot use it.
    refuses(
        rules.rule_146_placement_type_valid_for_year,
        "placement_type",
        "146",
        placement_type="H5",
        start=D(2025, 4, 1),
    )


def test_rule_146_accepts_a_placement_type_in_use_that_year():
    rules.rule_146_placement_type_valid_for_year(placement_type="H5", start=D(2025, 3, 31))
    rules.rule_146_placement_type_valid_for_year(placement_type="Z11", start=D(2025, 4, 1))


def test_rule_526_requires_a_provider_for_a_foster_placement():
    refuses(
        rules.rule_178_213_526_provider_for_type,
        "provider",
        "526",
        placement_type="U6",
        provider="",
        start=D(2025, 5, 1),
    )


def test_rule_213_refuses_a_provider_for_a_temporary_placement():
    refuses(
        rules.rule_178_213_526_provider_for_type,
        "provider",
        "213",
        placement_type="T2",
        provider="PR1",
        start=D(2025, 5, 1),
    )


def test_provider_rules_accept_a_temporary_placement_without_provider():
    rules.rule_178_213_526_provider_for_type(placement_type="T2", provider="", start=D(2025, 5, 1))
    rules.rule_178_213_526_provider_for_type(
        placement_type="U6", provider="PR4", start=D(2025, 5, 1)
    )


def test_rule_550_parents_as_provider_only_with_parents():
    refuses(
        rules.rule_527_531_550_provider_consistent,
        "provider",
        "550",
        placement_type="U6",
        provider="PR0",
    )
    rules.rule_527_531_550_provider_consistent(placement_type="P1", provider="PR0")


@pytest.mark.parametrize(
    ("provider", "placement_type", "rule"),
    [
        ("PR1", "R5", "527"),
        ("PR2", "P1", "528"),
        ("PR3", "U4", "529"),
        ("PR4", "P1", "530"),
        ("PR5", "P1", "531"),
    ],
)
def test_rules_527_to_531_refuse_a_provider_that_cannot_run_the_placement(
    provider, placement_type, rule
):
    refuses(
        rules.rule_527_531_550_provider_consistent,
        "provider",
        rule,
        placement_type=placement_type,
        provider=provider,
    )


def test_rules_527_to_531_accept_a_council_foster_placement():
    rules.rule_527_531_550_provider_consistent(placement_type="U4", provider="PR1")


def test_rule_218_requires_a_urn_and_suggests_the_placeholder_for_foster_care():
    messages = refuses(
        rules.rule_218_242_urn, "urn", "218", placement_type="U6", urn="", start=D(2025, 5, 1)
    )
    assert "XXXXXXX" in messages[0]


def test_rule_218_needs_no_urn_for_placement_with_parents():
    rules.rule_218_242_urn(placement_type="P1", urn="", start=D(2025, 5, 1))


def test_rule_242_refuses_the_placeholder_for_a_childrens_home():
    refuses(
        rules.rule_218_242_urn,
        "urn",
        "242",
        placement_type="K2",
        urn="XXXXXXX",
        start=D(2025, 5, 1),
    )


def test_rule_242_accepts_the_placeholder_for_foster_care():
    rules.rule_218_242_urn(placement_type="U4", urn="XXXXXXX", start=D(2025, 5, 1))


def test_rules_214_398_420_refuse_postcode_urn_and_distance_for_short_breaks():
    with pytest.raises(ValidationError) as caught:
        rules.rule_214_398_420_short_break_details(
            legal_status="V3", postcode="LS1 4AP", urn="SC123456", distance=2
        )
    errors = caught.value.message_dict
    assert errors["postcode"][0].endswith("(DfE rule 214)")
    assert errors["urn"][0].endswith("(DfE rule 214)")
    assert errors["distance_miles"][0].endswith("(DfE rule 398)")


def test_rules_214_398_420_accept_short_breaks_without_those_details():
    rules.rule_214_398_420_short_break_details(
        legal_status="V3", postcode="", urn="", distance=None
    )
    rules.rule_214_398_420_short_break_details(
        legal_status="C2", postcode="LS1 4AP", urn="SC1", distance=2
    )


def test_rule_406_refuses_a_distance_for_an_unaccompanied_child():
    refuses(
        rules.rule_406_no_distance_for_uasc,
        "distance_miles",
        "406",
        child=Child(is_uasc=True),
        distance=12,
    )
    rules.rule_406_no_distance_for_uasc(child=Child(is_uasc=False), distance=12)


def test_rule_371_supported_accommodation_only_from_16():
    child = Child(D(2009, 8, 1))
    refuses(
        rules.rule_370_374_placement_minimum_age,
        "placement_type",
        "371",
        child=child,
        placement_type="K3",
        start=D(2025, 7, 31),
    )
    rules.rule_370_374_placement_minimum_age(child=child, placement_type="K3", start=D(2025, 8, 1))


@pytest.mark.parametrize(
    ("placement_type", "rule", "years"), [("P2", "370", 15), ("S1", "373", 4), ("P3", "374", 14)]
)
def test_rules_370_373_374_minimum_ages(placement_type, rule, years):
    child = Child(D(2010, 1, 1))
    birthday = D(2010 + years, 1, 1)
    refuses(
        rules.rule_370_374_placement_minimum_age,
        "placement_type",
        rule,
        child=child,
        placement_type=placement_type,
        start=birthday - datetime.timedelta(days=1),
    )
    rules.rule_370_374_placement_minimum_age(
        child=child, placement_type=placement_type, start=birthday
    )


def test_youth_justice_legal_status_only_from_age_10():
    child = Child(D(2016, 3, 1))
    messages = refuses(
        rules.youth_justice_legal_status_age,
        "legal_status",
        "358",
        child=child,
        legal_status="J1",
        start=D(2026, 2, 28),
    )
    assert "age of criminal responsibility" in messages[0]
    rules.youth_justice_legal_status_age(child=child, legal_status="J1", start=D(2026, 3, 1))


def test_rule_386_refuses_adoption_at_18():
    child = Child(D(2007, 5, 1))
    refuses(
        rules.rule_386_adopted_under_18,
        "reason_ceased",
        "386",
        child=child,
        end=D(2025, 5, 1),
        reason_ceased="E11",
    )
    rules.rule_386_adopted_under_18(child=child, end=D(2025, 4, 30), reason_ceased="E11")


def test_rule_408_placement_order_needed_for_a5_and_a6():
    refuses(
        rules.rule_408_placement_order_for_adoption,
        "placement_type",
        "408",
        placement_type="A6",
        legal_status="C2",
    )
    rules.rule_408_placement_order_for_adoption(placement_type="A6", legal_status="E1")
    rules.rule_408_placement_order_for_adoption(placement_type="A4", legal_status="C2")


def test_rule_217_adoption_by_current_foster_carers_keeps_the_same_carers():
    refuses(
        rules.rule_217_adoption_with_foster_carers_same_carers,
        "new_carer",
        "217",
        placement_type="A5",
        new_carer=True,
    )
    rules.rule_217_adoption_with_foster_carers_same_carers(placement_type="A5", new_carer=False)


def test_rule_390_adoption_only_from_a_placement_for_adoption():
    refuses(
        rules.rule_390_adopted_after_placed_for_adoption,
        "reason_ceased",
        "390",
        placement_type="U4",
        reason_ceased="E12",
    )
    rules.rule_390_adopted_after_placed_for_adoption(placement_type="A6", reason_ceased="E12")


def test_rule_225_needs_a_reason_when_moving_between_non_temporary_placements():
    refuses(
        rules.rule_225_226_reason_for_change,
        "reason_for_change",
        "225",
        old_type="U6",
        new_type="K2",
        reason="",
    )
    rules.rule_225_226_reason_for_change(old_type="U6", new_type="K2", reason="CARPL")


def test_rule_226_refuses_a_reason_when_a_placement_is_temporary():
    refuses(
        rules.rule_225_226_reason_for_change,
        "reason_for_change",
        "226",
        old_type="U6",
        new_type="T4",
        reason="CARPL",
    )
    rules.rule_225_226_reason_for_change(old_type="T4", new_type="U6", reason="")


def test_rule_554_adm_decision_on_or_before_the_placement_order():
    refuses(
        rules.rule_554_adm_decision_before_placement_order,
        "adm_decision_date",
        "554",
        adm_decision_date=D(2025, 6, 2),
        placement_order_date=D(2025, 6, 1),
    )
    rules.rule_554_adm_decision_before_placement_order(
        adm_decision_date=D(2025, 6, 1), placement_order_date=D(2025, 6, 1)
    )


def test_run_checks_reports_every_failure_at_once():
    with pytest.raises(ValidationError) as caught:
        rules.run_checks(
            lambda: rules.rule_408_placement_order_for_adoption(
                placement_type="A6", legal_status="C2"
            ),
            lambda: rules.rule_218_242_urn(placement_type="U6", urn="", start=D(2025, 5, 1)),
        )
    assert set(caught.value.message_dict) == {"placement_type", "urn"}
