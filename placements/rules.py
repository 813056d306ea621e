"""Point-of-entry checks from the DfE SSDA903 validation rules.

Each check is a small function named after the DfE rule it applies (numbers as in Data to
Insight's validator, ``lac_validator/rules/``). A check raises ``ValidationError`` on the form
field the user must change, worded "What is wrong. How to fix it. (DfE rule NNN)": the code
comes from `children.dfe_rules.FAULT_RULES`, which the return's validator reads too. A check no
DfE rule names says what is wrong without a code.

The services call ``run_checks`` before writing, so the same checks guard every form and any
other caller; the database constraints stay the last line of defence.
"""

from django.core.exceptions import ValidationError

from children.dfe_rules import naming_rule
from corporate_parenting.dates import age_on, collection_year_of
from placements import codes

# Age limits from rules 370, 371, 373 and 374 (age on the day the placement starts).
MINIMUM_AGE_FOR_PLACEMENT = {
    "P2": (15, "independent_living_under_16", "independent living"),
    "H5": (16, "supported_accommodation_under_16", "semi-independent living"),
    "K3": (16, "supported_accommodation_under_16", "supported accommodation"),
    "S1": (4, "residential_school_under_4", "a residential school"),
    "P3": (14, "residential_employment_under_14", "residential employment"),
}
AGE_OF_CRIMINAL_RESPONSIBILITY = 10


def _fmt(day):
    return f"{day:%-d %B %Y}"


def _fail(field, fault, message):
    """Refuse FIELD: MESSAGE, naming the DfE rule `fault` breaks (None: no DfE rule names it)."""
    message = message[0].upper() + message[1:]
    raise ValidationError({field: naming_rule(message, fault) if fault else message})


def _fail_under(field, rule, message):
    """Refuse FIELD under a DfE rule given by its code (from a code table such as
    `codes.PROVIDER_RULE`, which the validator reads too)."""
    raise ValidationError({field: f"{message[0].upper()}{message[1:]} (DfE rule {rule})"})


def run_checks(*checks):
    """Call each zero-argument check and raise one ValidationError holding every failure."""
    errors = {}
    for check in checks:
        try:
            check()
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.setdefault(field, []).extend(
                    m for m in messages if m not in errors.get(field, [])
                )
    if errors:
        raise ValidationError(errors)


# ---------------------------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------------------------


def rule_302_start_not_before_birth(*, child, start, field="start"):
    if start and child.date_of_birth and start < child.date_of_birth:
        _fail(
            field,
            "episode_starts_before_birth",
            f"the date is before the child's date of birth ({_fmt(child.date_of_birth)}). "
            "Check the date, or correct the date of birth on the child's details.",
        )


def end_not_before_start(*, start, end, field="end", fault="episode_ends_before_start"):
    """An end before the start: for a period of care, placement or legal status the episode it
    makes would end before it began (`fault`; None for records no DfE rule names)."""
    if start and end and end < start:
        _fail(
            field,
            fault,
            f"the end date is before the start date ({_fmt(start)}). "
            "Enter an end date on or after the start date.",
        )


def rule_501_no_overlap(*, queryset, start, end, what, field="start", exclude_pk=None):
    """No other row of `queryset` (one child's rows) may cover any day of [start, end)."""
    if not start:
        return
    rows = queryset.exclude(pk=exclude_pk) if exclude_pk else queryset
    others = rows.filter(start__lt=end) if end else rows
    clash = others.exclude(end__isnull=False, end__lte=start).order_by("start").first()
    if clash:
        until = f"to {_fmt(clash.end)}" if clash.end else "and has not ended"
        _fail(
            field,
            "episodes_overlap",
            f"these dates overlap another {what} that started on {_fmt(clash.start)} {until}. "
            f"Change the dates, or end or correct the other {what} first.",
        )


# ---------------------------------------------------------------------------------------------
# Placement type, provider and URN
# ---------------------------------------------------------------------------------------------


def rule_146_placement_type_valid_for_year(*, placement_type, start, field="placement_type"):
    year = collection_year_of(start)
    allowed = codes.PLACEMENT_TYPES_BY_YEAR.get(year)
    if allowed is not None and placement_type not in allowed:
        _fail(
            field,
            "placement_type_not_valid",
            f"placement type {placement_type} is not used in the {year - 1}-{str(year)[2:]} "
            "return. Choose a placement type in use on the start date.",
        )


def rule_178_213_526_provider_for_type(*, placement_type, provider, start, field="provider"):
    year = min(
        max(collection_year_of(start), codes.COLLECTION_YEAR_FIRST), codes.COLLECTION_YEAR_LAST
    )
    if provider and placement_type in codes.PROVIDER_NOT_ALLOWED_BY_YEAR[year]:
        _fail(
            field,
            "provider_not_required",
            f"placement type {placement_type} has no placement provider. Leave the provider blank.",
        )
    if not provider and placement_type in codes.PROVIDER_REQUIRED_BY_YEAR[year]:
        _fail(
            field,
            "provider_missing",
            f"placement type {placement_type} needs a placement provider. Choose who provides it.",
        )


def rule_527_531_550_provider_consistent(*, placement_type, provider, field="provider"):
    if not provider:
        return
    rule = codes.PROVIDER_RULE[provider]
    only_with = codes.PROVIDER_ONLY_WITH.get(provider)
    if only_with is not None and placement_type not in only_with:
        _fail_under(
            field,
            rule,
            f"provider {provider} (parents) is only for placements with parents (P1). "
            "Choose the provider that runs this placement.",
        )
    if placement_type in codes.PROVIDER_NOT_WITH.get(provider, ()):
        _fail_under(
            field,
            rule,
            f"provider {provider} cannot provide a {placement_type} placement. "
            "Check the placement type and the provider.",
        )


def rule_218_242_urn(*, placement_type, urn, start, legal_status="", field="urn"):
    if legal_status in codes.SHORT_BREAK:
        return  # rule 214 covers short breaks
    year = min(
        max(collection_year_of(start), codes.COLLECTION_YEAR_FIRST), codes.COLLECTION_YEAR_LAST
    )
    if not urn and placement_type not in codes.URN_NOT_REQUIRED_BY_YEAR[year]:
        hint = (
            f" Enter {codes.URN_PLACEHOLDER} if the carers have no URN."
            if placement_type in codes.URN_PLACEHOLDER_PLACEMENTS
            else ""
        )
        _fail(
            field,
            "urn_missing",
            f"placement type {placement_type} needs the Ofsted URN of the provider.{hint}",
        )
    if urn == codes.URN_PLACEHOLDER and placement_type not in codes.URN_PLACEHOLDER_PLACEMENTS:
        _fail(
            field,
            "urn_placeholder_not_allowed",
            f"{codes.URN_PLACEHOLDER} is only for foster and adoptive placements. "
            "Enter the provider's Ofsted URN.",
        )


def rule_214_398_420_short_break_details(*, legal_status, postcode, urn, distance):
    if legal_status not in codes.SHORT_BREAK:
        return
    errors = {}
    if postcode:
        errors["postcode"] = naming_rule(
            "Short breaks (V3, V4) have no placement postcode. Leave it blank.",
            "short_break_placement_location",
        )
    if urn:
        errors["urn"] = naming_rule(
            "Short breaks (V3, V4) have no Ofsted URN. Leave it blank.",
            "short_break_placement_location",
        )
    if distance is not None:
        errors["distance_miles"] = naming_rule(
            "Short breaks (V3, V4) have no distance from home. Leave it blank.",
            "short_break_distance",
        )
    if errors:
        raise ValidationError(errors)


def rule_406_no_distance_for_uasc(*, child, distance, field="distance_miles"):
    if child.is_uasc and distance is not None:
        _fail(
            field,
            "distance_for_uasc",
            "distance from home is not recorded for an unaccompanied asylum-seeking child. "
            "Leave it blank.",
        )


# ---------------------------------------------------------------------------------------------
# Age
# ---------------------------------------------------------------------------------------------


def rule_370_374_placement_minimum_age(*, child, placement_type, start, field="placement_type"):
    limit = MINIMUM_AGE_FOR_PLACEMENT.get(placement_type)
    if not limit or not child.date_of_birth:
        return
    years, fault, what = limit
    if age_on(child.date_of_birth, start) < years:
        _fail(
            field,
            fault,
            f"a child placed in {what} should be at least {years}; this child is "
            f"{age_on(child.date_of_birth, start)} on {_fmt(start)}. "
            "Choose another placement type.",
        )


def youth_justice_legal_status_age(*, child, legal_status, start, field="legal_status"):
    """Rule 358: J1–J3 follow a criminal charge, so the child is at least 10 (the age of
    criminal responsibility in England)."""
    if (
        legal_status in codes.YOUTH_JUSTICE
        and child.date_of_birth
        and age_on(child.date_of_birth, start) < AGE_OF_CRIMINAL_RESPONSIBILITY
    ):
        _fail(
            field,
            "youth_justice_legal_status_under_10",
            f"youth justice legal statuses (J1–J3) apply only from age "
            f"{AGE_OF_CRIMINAL_RESPONSIBILITY}, the age of criminal responsibility. "
            "Choose the legal status the child is looked after under.",
        )


def rule_386_adopted_under_18(*, child, end, reason_ceased, field="reason_ceased"):
    if (
        reason_ceased in codes.ADOPTED
        and child.date_of_birth
        and age_on(child.date_of_birth, end) >= 18
    ):
        _fail(
            field,
            "adopted_at_18",
            "a child cannot be adopted once they are 18. Choose the reason care ended.",
        )


# ---------------------------------------------------------------------------------------------
# Adoption
# ---------------------------------------------------------------------------------------------


def rule_408_placement_order_for_adoption(*, placement_type, legal_status, field="placement_type"):
    """A5/A6 (placed with a placement order) need the legal status in force to be E1 (or a
    freeing order D1) on the day the placement starts."""
    if (
        placement_type in codes.ADOPTION_WITH_PLACEMENT_ORDER
        and legal_status not in codes.PLACEMENT_ORDER
    ):
        _fail(
            field,
            "placement_order_missing",
            f"{placement_type} is a placement for adoption with a placement order, but no "
            "placement order (E1) is recorded. Record the placement order as a change of legal "
            "status first, or choose A3 or A4 if the parents consented.",
        )


def rule_217_adoption_with_foster_carers_same_carers(
    *, placement_type, new_carer, field="new_carer"
):
    """A3/A5 is placement for adoption with the current foster carers: the carers do not change."""
    if placement_type in codes.ADOPTION_WITH_FOSTER_CARERS and new_carer:
        _fail(
            field,
            "adoption_with_foster_carers_new_episode",
            f"{placement_type} is a placement for adoption with the child's current foster "
            "carers, so the carers stay the same. Answer 'Yes' to staying with the same carers, "
            "or choose A4 or A6.",
        )


def rule_390_adopted_after_placed_for_adoption(
    *, placement_type, reason_ceased, field="reason_ceased"
):
    """REC E11/E12 only when the placement that ends is a placement for adoption (A3–A6)."""
    if reason_ceased in codes.ADOPTED and placement_type not in codes.ADOPTION:
        _fail(
            field,
            "adopted_not_placed_for_adoption",
            "the child can only leave care through adoption from a placement for adoption "
            "(A3 to A6). Record the placement for adoption first, or choose another reason.",
        )


def rule_554_adm_decision_before_placement_order(*, adm_decision_date, placement_order_date):
    if adm_decision_date and placement_order_date and adm_decision_date > placement_order_date:
        _fail(
            "adm_decision_date",
            "adoption_decision_after_placement_order",
            "the decision that the child should be placed for adoption must be on or before the "
            "placement order. Check both dates.",
        )


# ---------------------------------------------------------------------------------------------
# Reason for placement change
# ---------------------------------------------------------------------------------------------


def rule_225_226_reason_for_change(*, old_type, new_type, reason, field="reason_for_change"):
    """A reason is required when the child changes placement and neither placement is temporary
    (rule 225), and must be blank otherwise (rule 226). Its codes are rule 1009's."""
    needed = old_type not in codes.TEMPORARY and new_type not in codes.TEMPORARY
    if needed and not reason:
        _fail(
            field,
            "reason_for_change_missing",
            "a reason for the placement change is needed when the child moves to another "
            "placement. Choose why the placement ended.",
        )
    if not needed and reason:
        _fail(
            field,
            "reason_for_change_not_required",
            "no reason for the placement change is recorded when either placement is temporary "
            "(T0 to T4). Leave the reason blank.",
        )
    if reason and reason not in codes.ReasonPlaceChange.values:
        _fail(
            field,
            "reason_for_change_not_valid",
            "choose a reason for the placement change from the list.",
        )


def placement_checks(
    *, child, start, placement_type, provider, urn, postcode, distance, legal_status
):
    """Every check on one placement's own fields."""
    return [
        lambda: rule_146_placement_type_valid_for_year(placement_type=placement_type, start=start),
        lambda: rule_178_213_526_provider_for_type(
            placement_type=placement_type, provider=provider, start=start
        ),
        lambda: rule_527_531_550_provider_consistent(
            placement_type=placement_type, provider=provider
        ),
        lambda: rule_218_242_urn(
            placement_type=placement_type, urn=urn, start=start, legal_status=legal_status
        ),
        lambda: rule_214_398_420_short_break_details(
            legal_status=legal_status, postcode=postcode, urn=urn, distance=distance
        ),
        lambda: rule_406_no_distance_for_uasc(child=child, distance=distance),
        lambda: rule_370_374_placement_minimum_age(
            child=child, placement_type=placement_type, start=start
        ),
        lambda: rule_408_placement_order_for_adoption(
            placement_type=placement_type, legal_status=legal_status
        ),
    ]
