"""One mapping names the DfE rule of each fault a case-record form and the return's validator
can both meet: the form's message and the validator's error carry the same code."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from children import rules as child_rules
from children.dfe_rules import FAULT_RULES
from placements import rules as placement_rules
from placements.ssda903 import rules
from tests.placements.test_ssda903_validation import check, codes_of, load, set_cell

D = datetime.date


class Child:
    def __init__(self, date_of_birth):
        self.date_of_birth = date_of_birth
        self.is_uasc = False


def test_every_fault_names_a_dfe_rule_we_hold():
    held = rules.all_rules()
    assert {code for code in FAULT_RULES.values() if code not in held} == set()


def form_message(check_fault, **kwargs):
    with pytest.raises(ValidationError) as caught:
        check_fault(**kwargs)
    return [m for messages in caught.value.message_dict.values() for m in messages]


# fault: (the form's check and what is typed, the same fault in the fixture return's files)
PAIRS = {
    "episode_ends_before_start": (
        (placement_rules.end_not_before_start, {"start": D(2024, 9, 20), "end": D(2024, 2, 1)}),
        ("episodes.csv", 5, "DEC", "01/02/2024"),
    ),
    "episode_starts_before_birth": (
        (
            placement_rules.rule_302_start_not_before_birth,
            {"child": Child(D(2016, 2, 3)), "start": D(2016, 1, 1)},
        ),
        ("episodes.csv", 1, "DECOM", "01/01/2016"),
    ),
    "placement_type_not_valid": (
        (
            placement_rules.rule_146_placement_type_valid_for_year,
            {"placement_type": "Z11", "start": D(2024, 6, 1)},
        ),
        ("episodes.csv", 4, "PLACE", "Z11"),
    ),
    "provider_missing": (
        (
            placement_rules.rule_178_213_526_provider_for_type,
            {"placement_type": "K2", "provider": "", "start": D(2024, 6, 1)},
        ),
        ("episodes.csv", 4, "PLACE_PROVIDER", ""),
    ),
    "urn_missing": (
        (
            placement_rules.rule_218_242_urn,
            {"placement_type": "K2", "urn": "", "start": D(2024, 6, 1)},
        ),
        ("episodes.csv", 4, "URN", ""),
    ),
    "upn_not_valid": (
        (child_rules.check_upn, {"upn": "A12345", "date_of_birth": D(2016, 2, 3)}),
        ("header.csv", 1, "UPN", "A12345"),
    ),
}


@pytest.mark.parametrize("fault", PAIRS)
def test_the_form_and_the_validator_name_the_same_rule(tmp_path, fault):
    (form_check, typed), (file, row, column, value) = PAIRS[fault]
    code = FAULT_RULES[fault]
    assert any(m.endswith(f"(DfE rule {code})") for m in form_message(form_check, **typed))
    tables = load()
    set_cell(tables, file, row, column, value)
    errors = check(tmp_path, tables)
    assert code in codes_of(errors), [str(e) for e in errors]
    assert all(e.source == rules.DFE for e in errors if e.code == code)
