"""The DfE SSDA903 rule each case-record fault breaks, in one place.

A social worker can type into a form the same fault the DfE's validation finds in the return
(a placement type not used that year, an episode that ends before it starts, a UPN with the
wrong check letter). The form's checks (children/rules.py, placements/rules.py) and the
return's validator (placements/ssda903/validation.py) both take the rule's code from
`FAULT_RULES`, so a form and the validator never name different rules for one fault; a test
checks that every code is a DfE rule we hold.
"""

FAULT_RULES = {
    # Child details
    "upn_not_valid": "168",
    "upn_un1_at_school_age": "209",
    "mother_not_a_girl": "165",
    # Reviews
    "participation_pn0_aged_4_or_over": "440",
    "participation_not_pn0_under_4": "441",
    # Episodes: dates
    "episode_starts_before_birth": "302",
    "episode_ends_before_start": "356",
    "episodes_overlap": "501",
    # Episodes: placement, provider, URN
    "placement_type_not_valid": "146",
    "provider_not_required": "213",
    "provider_missing": "526",
    "urn_missing": "218",
    "urn_placeholder_not_allowed": "242",
    "short_break_placement_location": "214",
    "short_break_distance": "398",
    "distance_for_uasc": "406",
    "independent_living_under_16": "370",
    "supported_accommodation_under_16": "371",
    "residential_school_under_4": "373",
    "residential_employment_under_14": "374",
    "youth_justice_legal_status_under_10": "358",
    # Episodes: adoption
    "placement_order_missing": "408",
    "adoption_with_foster_carers_new_episode": "217",
    "adopted_at_18": "386",
    "adopted_not_placed_for_adoption": "390",
    "adoption_decision_after_placement_order": "554",
    # Episodes: reason for placement change
    "reason_for_change_missing": "225",
    "reason_for_change_not_required": "226",
    "reason_for_change_not_valid": "1009",
    # Missing episodes, deprivation of liberty
    "missing_ends_before_start": "567",
    "dolo_ends_before_start": "702",
    # Care leavers (OC3)
    "care_leaver_outside_cohort": "1001",
    "care_leaver_never_looked_after": "1002",
}


def naming_rule(message, fault):
    """MESSAGE followed by the DfE rule the fault breaks, e.g. '... (DfE rule 356)'."""
    return f"{message} (DfE rule {FAULT_RULES[fault]})"
