"""Coded values for episodes of care, placements and adoption.

National codes follow the DfE SSDA903 (children looked after) return as encoded by Data to
Insight's open-source validator, ``data-to-insight/csc-validator-be-903``
(``lac_validator/rules/lac20YY_YY/rule_NNN.py``); rule numbers in comments are the DfE
validation rule codes. See also the shared reference ``shared/reference/ssda903.md`` (beside
the repository). Classes marked *local* are this application's own codes and are never sent to
the DfE.

Collection years are keyed by the year ending 31 March: 2023 is the 2022-23 return and 2027
the 2026-27 return. Sets and dicts below hold plain strings so they work with raw CSV values.
"""

from django.db import models

COLLECTION_YEAR_FIRST = 2023
COLLECTION_YEAR_LAST = 2027
COLLECTION_YEARS = tuple(range(COLLECTION_YEAR_FIRST, COLLECTION_YEAR_LAST + 1))

# ---------------------------------------------------------------------------------------------
# Episodes: reason for new episode, legal status, category of need
# ---------------------------------------------------------------------------------------------


class ReasonNewEpisode(models.TextChoices):
    """RNE (rule 143)."""

    S = "S", "Started to be looked after"
    L = "L", "Change of legal status only"
    P = "P", "Change of placement and carer"
    T = "T", "Change of placement, same carer"
    B = "B", "Change of legal status, placement and carer"
    U = "U", "Change of legal status and placement, same carer"


NEW_CARER = frozenset({"P", "B"})
LEGAL_CHANGE = frozenset({"L", "B", "U"})
PLACEMENT_CHANGE = frozenset({"P", "T", "B", "U"})


class LegalStatus(models.TextChoices):
    """LS (rule 144); unchanged 2022-23 to 2026-27."""

    C1 = "C1", "Interim care order"
    C2 = "C2", "Full care order"
    D1 = "D1", "Freeing order granted"
    E1 = "E1", "Placement order granted"
    J1 = "J1", "Remanded to LA or youth detention accommodation"
    J2 = "J2", "Placed in LA accommodation under PACE"
    J3 = "J3", "Youth rehabilitation order with residence or fostering requirement"
    L1 = "L1", "Police protection, in LA accommodation"
    L2 = "L2", "Emergency protection order"
    L3 = "L3", "Child assessment order, in LA accommodation"
    V2 = "V2", "Single period of accommodation under section 20"
    V3 = "V3", "Agreed series of short breaks – episodes recorded"
    V4 = "V4", "Agreed series of short breaks – agreements recorded"


SHORT_BREAK = frozenset({"V3", "V4"})
CARE_ORDER = frozenset({"C1", "C2"})
YOUTH_JUSTICE = frozenset({"J1", "J2", "J3"})
EMERGENCY_PROTECTION = frozenset({"L1", "L2", "L3"})
# Authority to place for adoption (a placement order, or a freeing order under the 1976 Act).
PLACEMENT_ORDER = frozenset({"E1", "D1"})


class CategoryOfNeed(models.TextChoices):
    """CIN (rule 145)."""

    N1 = "N1", "Abuse or neglect"
    N2 = "N2", "Child's disability"
    N3 = "N3", "Parental illness or disability"
    N4 = "N4", "Family in acute stress"
    N5 = "N5", "Family dysfunction"
    N6 = "N6", "Socially unacceptable behaviour"
    N7 = "N7", "Low income"
    N8 = "N8", "Absent parenting"


# ---------------------------------------------------------------------------------------------
# Placement type
# ---------------------------------------------------------------------------------------------


class PlacementType(models.TextChoices):
    """PLACE (rule 146): every code valid in any year 2022-23 to 2026-27.

    Which codes a given year accepts is in ``PLACEMENT_TYPES_BY_YEAR``. H5 and P2 ended with
    the 2024-25 return, K3 started with it, and Z1 was split into Z11–Z14 from 2025-26. The
    validator lists Z11–Z14 without describing them, so their labels here are generic: take
    the wording from the DfE 2025-26 guide before showing them to users.
    """

    A3 = "A3", "Placed for adoption with consent – with current foster carer"
    A4 = "A4", "Placed for adoption with consent – not with current foster carer"
    A5 = "A5", "Placed for adoption with placement order – with current foster carer"
    A6 = "A6", "Placed for adoption with placement order – not with current foster carer"
    H5 = "H5", "Semi-independent living not subject to children's homes regulations"
    K1 = "K1", "Secure children's home"
    K2 = "K2", "Children's home"
    K3 = "K3", "Supported accommodation"
    P1 = "P1", "Placed with parents or others with parental responsibility"
    P2 = "P2", "Independent living (e.g. flat, lodgings, bedsit, B&B)"
    P3 = "P3", "Residential employment"
    R1 = "R1", "Residential care home"
    R2 = "R2", "NHS or health establishment"
    R3 = "R3", "Family centre or mother and baby unit"
    R5 = "R5", "Young offender institution"
    S1 = "S1", "Residential school"
    T0 = "T0", "Temporary move – all types"
    T1 = "T1", "Temporary period in hospital"
    T2 = "T2", "Temporary absence on holiday"
    T3 = "T3", "Temporary accommodation while foster carer on holiday"
    T4 = "T4", "Temporary accommodation of seven days or less"
    U1 = "U1", "Foster placement with relative or friend – long term"
    U2 = "U2", "Foster placement with relative or friend – fostering for adoption"
    U3 = "U3", "Foster placement with relative or friend – other"
    U4 = "U4", "Foster placement with other foster carer – long term"
    U5 = "U5", "Foster placement with other foster carer – fostering for adoption"
    U6 = "U6", "Foster placement with other foster carer – other"
    Z1 = "Z1", "Other placement"
    Z11 = "Z11", "Other placement (Z11)"
    Z12 = "Z12", "Other placement (Z12)"
    Z13 = "Z13", "Other placement (Z13)"
    Z14 = "Z14", "Other placement (Z14)"


_PLACE_2023 = frozenset(
    {
        "A3",
        "A4",
        "A5",
        "A6",
        "H5",
        "K1",
        "K2",
        "P1",
        "P2",
        "P3",
        "R1",
        "R2",
        "R3",
        "R5",
        "S1",
        "T0",
        "T1",
        "T2",
        "T3",
        "T4",
        "U1",
        "U2",
        "U3",
        "U4",
        "U5",
        "U6",
        "Z1",
    }
)
_OTHER_PLACEMENT_SPLIT = frozenset({"Z11", "Z12", "Z13", "Z14"})
# Rule 146 per year. 2023-24 kept the 2022-23 list. 2024-25 added K3 (the validator's
# lac2024_25 file spells it "k3", a typo: DfE's code is K3). 2025-26 removed H5, P2 and Z1 and
# added Z11–Z14; the validator's 2026-27 rules leave rule 146 as in 2025-26.
_PLACE_2025 = _PLACE_2023 | {"K3"}
_PLACE_2026 = (_PLACE_2025 - {"H5", "P2", "Z1"}) | _OTHER_PLACEMENT_SPLIT
PLACEMENT_TYPES_BY_YEAR: dict[int, frozenset[str]] = {
    2023: _PLACE_2023,
    2024: _PLACE_2023,
    2025: _PLACE_2025,
    2026: _PLACE_2026,
    2027: _PLACE_2026,
}

# Rule 503D: the first episode of a year repeats the placement of the episode left open at the
# end of the previous year, except where the code was retired and recoded. Keyed by the
# collection year of the new file: old code -> codes it may become.
PLACEMENT_RECODES_BY_YEAR: dict[int, dict[str, frozenset[str]]] = {
    2025: {"H5": frozenset({"K3"})},
    2026: {"Z1": _OTHER_PLACEMENT_SPLIT},
}

ADOPTION = frozenset({"A3", "A4", "A5", "A6"})
ADOPTION_WITH_FOSTER_CARERS = frozenset({"A3", "A5"})
ADOPTION_WITH_PLACEMENT_ORDER = frozenset({"A5", "A6"})
TEMPORARY = frozenset({"T0", "T1", "T2", "T3", "T4"})
FOSTER = frozenset({"U1", "U2", "U3", "U4", "U5", "U6"})
CONNECTED = frozenset({"U1", "U2", "U3"})
FFA = frozenset({"U2", "U5"})
WITH_PARENTS = frozenset({"P1"})
# DfE national statistics count "children's homes" as K1 (secure) and K2, and report R1-R5
# ("other residential settings") and S1 ("residential schools") alongside them as residential
# care. H5, K3 and P2 are independent or supported living, not residential care, and are kept
# out of RESIDENTIAL.
CHILDRENS_HOMES = frozenset({"K1", "K2"})
RESIDENTIAL = frozenset({"K1", "K2", "R1", "R2", "R3", "R5", "S1"})
INDEPENDENT_OR_SUPPORTED = frozenset({"H5", "K3", "P2"})
OTHER_PLACEMENT = frozenset({"Z1"}) | _OTHER_PLACEMENT_SPLIT

# Placement code -> DfE statistics grouping (for "children looked after by placement" tables).
PLACEMENT_GROUP_LABELS = {
    "foster": "Foster placements",
    "adoption": "Placed for adoption",
    "parents": "Placed with parents or others with parental responsibility",
    "independent": "Independent and semi-independent living, supported accommodation",
    "community_other": "Other placements in the community",
    "childrens_homes": "Secure homes and children's homes",
    "residential_other": "Other residential settings",
    "residential_school": "Residential schools",
    "temporary": "Temporary placements",
    "other": "Other placements",
}
PLACEMENT_GROUP = {
    **dict.fromkeys(FOSTER, "foster"),
    **dict.fromkeys(ADOPTION, "adoption"),
    "P1": "parents",
    **dict.fromkeys(INDEPENDENT_OR_SUPPORTED, "independent"),
    "P3": "community_other",
    **dict.fromkeys(CHILDRENS_HOMES, "childrens_homes"),
    **dict.fromkeys({"R1", "R2", "R3", "R5"}, "residential_other"),
    "S1": "residential_school",
    **dict.fromkeys(TEMPORARY, "temporary"),
    **dict.fromkeys(OTHER_PLACEMENT, "other"),
}

# ---------------------------------------------------------------------------------------------
# Ofsted URN
# ---------------------------------------------------------------------------------------------

# Rule 218: placements needing no Ofsted URN, per year. Only the 2022-23 rule exempts H5 and
# P2; from 2023-24 the validator requires a URN for them. Z11–Z14 are exempt from 2025-26.
_URN_EXEMPT_2024 = frozenset({"P1", "P3", "R1", "R2", "R5"}) | TEMPORARY | {"Z1"}
URN_NOT_REQUIRED_BY_YEAR: dict[int, frozenset[str]] = {
    2023: _URN_EXEMPT_2024 | {"H5", "P2"},
    2024: _URN_EXEMPT_2024,
    2025: _URN_EXEMPT_2024,
    2026: (_URN_EXEMPT_2024 - {"Z1"}) | _OTHER_PLACEMENT_SPLIT,
    2027: (_URN_EXEMPT_2024 - {"Z1"}) | _OTHER_PLACEMENT_SPLIT,
}
# Rule 242 (2025-26): the placeholder URN may be used only for foster and adoptive placements.
URN_PLACEHOLDER = "XXXXXXX"
URN_PLACEHOLDER_PLACEMENTS = FOSTER | ADOPTION

# ---------------------------------------------------------------------------------------------
# Placement provider
# ---------------------------------------------------------------------------------------------


class PlacementProvider(models.TextChoices):
    """PLACE_PROVIDER (rule 178)."""

    PR0 = "PR0", "Parent or other person with parental responsibility"
    PR1 = "PR1", "Own provision (this council)"
    PR2 = "PR2", "Another council's provision"
    PR3 = "PR3", "Other public provision"
    PR4 = "PR4", "Private provision"
    PR5 = "PR5", "Voluntary or third sector provision"


# Independent fostering agencies are private or voluntary providers.
IFA = frozenset({"PR4", "PR5"})

# Rule 213: PLACE_PROVIDER must be blank for these placements.
PROVIDER_NOT_ALLOWED_BY_YEAR: dict[int, frozenset[str]] = {
    2023: TEMPORARY,
    2024: TEMPORARY,
    2025: TEMPORARY,
    2026: TEMPORARY | _OTHER_PLACEMENT_SPLIT,
    2027: TEMPORARY | _OTHER_PLACEMENT_SPLIT,
}
# Rule 526 (and the exemptions in rule 178): PLACE_PROVIDER is required for every placement
# except these. Z1 (to 2024-25) may have a provider or not. The 2025-26 rule 178 leaves T4
# out of its exemptions, but rules 213 and 526 for that year treat T4 like T0–T3.
PROVIDER_NOT_REQUIRED_BY_YEAR: dict[int, frozenset[str]] = {
    2023: TEMPORARY | {"Z1"},
    2024: TEMPORARY | {"Z1"},
    2025: TEMPORARY | {"Z1"},
    2026: TEMPORARY | _OTHER_PLACEMENT_SPLIT,
    2027: TEMPORARY | _OTHER_PLACEMENT_SPLIT,
}
PROVIDER_REQUIRED_BY_YEAR: dict[int, frozenset[str]] = {
    year: PLACEMENT_TYPES_BY_YEAR[year] - PROVIDER_NOT_REQUIRED_BY_YEAR[year]
    for year in COLLECTION_YEARS
}

# Rule 550: PR0 (parents) only with P1.
PROVIDER_ONLY_WITH = {"PR0": frozenset({"P1"})}
# Provider -> placements it cannot be recorded with.
PROVIDER_NOT_WITH = {
    "PR1": frozenset({"P1", "R2", "R5"}),  # rule 527
    "PR2": frozenset({"P1", "R2", "R5"}),  # rule 528
    "PR3": frozenset({"P1", "K1", "K2"}) | ADOPTION | FOSTER,  # rule 529
    "PR4": frozenset({"P1"}),  # rule 530
    "PR5": frozenset({"P1"}),  # rule 531
}
# Rule number for each of the checks above, for error messages.
PROVIDER_RULE = {"PR0": "550", "PR1": "527", "PR2": "528", "PR3": "529", "PR4": "530", "PR5": "531"}

# ---------------------------------------------------------------------------------------------
# Episode end
# ---------------------------------------------------------------------------------------------


class ReasonEpisodeCeased(models.TextChoices):
    """REC (rule 149); the same list in every year 2022-23 to 2026-27."""

    E11 = "E11", "Adopted – application unopposed"
    E12 = "E12", "Adopted – consent dispensed with by the court"
    E2 = "E2", "Died"
    E3 = "E3", "Care taken over by another council"
    E4A = "E4A", "Returned home as part of the care plan"
    E4B = "E4B", "Returned home, not part of the care plan"
    E13 = "E13", "Left to live with parents or relatives without parental responsibility"
    E41 = "E41", "Child arrangements (residence) order granted"
    E45 = "E45", "Special guardianship order – former foster carer, relative or friend"
    E46 = "E46", "Special guardianship order – former foster carer, other"
    E47 = "E47", "Special guardianship order – other carer, relative or friend"
    E48 = "E48", "Special guardianship order – other carer, other"
    E5 = "E5", "Independent living with formal support"
    E6 = "E6", "Independent living without formal support"
    E7 = "E7", "Transferred to adult social care residential care"
    E8 = "E8", "Ceased for any other reason"
    E9 = "E9", "Sentenced to custody"
    E14 = "E14", "Accommodation on remand ended"
    E15 = "E15", "Age assessment found child aged 18 or over"
    E16 = "E16", "Child moved abroad"
    E17 = "E17", "Aged 18 and stayed with current carers (staying put)"
    X1 = "X1", "Episode ended and a new one began the same day"


# REC does not vary by year across 2022-23 to 2026-27 (rule 149 is never redefined), so there
# is no REC_BY_YEAR. E4 was split into E4A/E4B long before 2022-23.
EPISODE_CONTINUES = "X1"
ADOPTED = frozenset({"E11", "E12"})
SGO = frozenset({"E45", "E46", "E47", "E48"})
CAO = frozenset({"E41"})
RETURNED_HOME = frozenset({"E4A", "E4B"})
INDEPENDENT_LIVING = frozenset({"E5", "E6"})
STAYING_PUT = frozenset({"E17"})
# Every REC that ends a period of care (all but X1).
LEFT_CARE = frozenset(ReasonEpisodeCeased.values) - {EPISODE_CONTINUES}


class ReasonPlaceChange(models.TextChoices):
    """REASON_PLACE_CHANGE (rule 1009); recorded per rules 225, 226 and 233."""

    CARPL = "CARPL", "Change to or implementation of care plan"
    CLOSE = "CLOSE", "Resignation or closure of provision"
    ALLEG = "ALLEG", "Allegation (s47)"
    STAND = "STAND", "Standards of care concern"
    APPRR = "APPRR", "Approval removed"
    CREQB = "CREQB", "Carer requests end due to child's behaviour"
    CREQO = "CREQO", "Carer requests end for other reasons"
    CHILD = "CHILD", "Child requests placement end"
    LAREQ = "LAREQ", "Responsible or area council requests end"
    PLACE = "PLACE", "Change in the status of placement only"
    CUSTOD = "CUSTOD", "Custody arrangement"
    OTHER = "OTHER", "Other"


# ---------------------------------------------------------------------------------------------
# AD1: children adopted
# ---------------------------------------------------------------------------------------------


class Ad1NumberOfAdopters(models.TextChoices):
    """NB_ADOPTR (rule 175)."""

    CODE_1 = "1", "One adopter"
    CODE_2 = "2", "Two adopters"


class Ad1SexOfAdopters(models.TextChoices):
    """SEX_ADOPTR (rule 176)."""

    M1 = "M1", "Single male adopter"
    F1 = "F1", "Single female adopter"
    MM = "MM", "Male couple"
    FF = "FF", "Female couple"
    MF = "MF", "Male and female couple"


class Ad1LegalStatusOfAdopters(models.TextChoices):
    """LS_ADOPTR (rule 177); meanings follow rules 514 and 517-524."""

    L0 = "L0", "Single adopter"
    L11 = "L11", "Married couple – different sex"
    L12 = "L12", "Married couple – same sex"
    L2 = "L2", "Civil partners"
    L3 = "L3", "Unmarried couple – different sex"
    L4 = "L4", "Unmarried couple – same sex"


# LS_ADOPTR -> SEX_ADOPTR codes consistent with it.
ADOPTER_SEX_FOR_LEGAL_STATUS = {
    "L0": frozenset({"M1", "F1"}),  # rule 514
    "L11": frozenset({"MF"}),  # rule 520
    "L12": frozenset({"MM", "FF"}),  # rule 524
    "L2": frozenset({"MM", "FF", "MF"}),  # rule 519
    "L3": frozenset({"MF"}),  # rule 517
    "L4": frozenset({"MM", "FF"}),  # rule 518
}


# ---------------------------------------------------------------------------------------------
# PlacedAdoption and PrevPerm
# ---------------------------------------------------------------------------------------------


class ReasonPlacedCeased(models.TextChoices):
    """REASON_PLACED_CEASED (rule 120): why the child is no longer to be placed for adoption."""

    RD1 = "RD1", "Child's needs changed after the decision"
    RD2 = "RD2", "Court did not make a placement order"
    RD3 = "RD3", "Prospective adopters could not be found"
    RD4 = "RD4", "Any other reason"


class PreviousPermanence(models.TextChoices):
    """PREV_PERM (rule 631): permanence before this period of care."""

    P1 = "P1", "Adoption"
    P2 = "P2", "Special guardianship order"
    P3 = "P3", "Residence or child arrangements order"
    P4 = "P4", "Previous permanence order – type not known"
    Z1 = "Z1", "No previous permanence order"


# ---------------------------------------------------------------------------------------------
# Local permanence planning codes
# ---------------------------------------------------------------------------------------------


class PermanencePlanType(models.TextChoices):
    """Local: the permanence plan recorded for a child."""

    ADOPTION = "ADOPTION", "Adoption"
    SGO = "SGO", "Special guardianship"
    CAO = "CAO", "Child arrangements order"
    LONG_TERM_FOSTERING = "LONG_TERM_FOSTERING", "Long-term fostering"
    REUNIFICATION = "REUNIFICATION", "Reunification with family"
    INDEPENDENCE = "INDEPENDENCE", "Staying put / independence"


class PermanencePlanEndReason(models.TextChoices):
    """Local: why a permanence plan ended.

    The four adoption reasons use the DfE REASON_PLACED_CEASED codes (rule 120), so an
    adoption plan that ends feeds the PlacedAdoption table directly.
    """

    ACHIEVED = "ACHIEVED", "Plan achieved"
    CHANGED = "CHANGED", "Replaced by a different plan"
    CHILD_CEASED = "CHILD_CEASED", "Child ceased to be looked after"
    ADOPTION_NEEDS_CHANGED = "RD1", "Adoption: child's needs changed"
    ADOPTION_NO_PLACEMENT_ORDER = "RD2", "Adoption: court did not make a placement order"
    ADOPTION_NO_ADOPTERS = "RD3", "Adoption: prospective adopters not found"
    ADOPTION_OTHER = "RD4", "Adoption: any other reason"
    OTHER = "OTHER", "Other"


ADOPTION_PLAN_END_REASONS = frozenset(ReasonPlacedCeased.values)


class DistanceBasis(models.TextChoices):
    """Where a placement's distance from home came from, or why it is not known."""

    POSTCODES = "postcodes", "Worked out from the home and placement postcodes"
    RECORDED = "recorded", "Recorded distance (the postcodes could not be used)"
    NO_PLACEMENT_POSTCODE = "no_placement", "No placement postcode"
    PLACEMENT_POSTCODE_UNKNOWN = "placement_unknown", "Placement postcode not in the ONS directory"
    NO_HOME_POSTCODE = "no_home", "No home postcode"
    HOME_POSTCODE_UNKNOWN = "home_unknown", "Home postcode not in the ONS directory"


# A permanence plan ends when its child stops being looked after. It was achieved when the
# child left care the way the plan meant (adopted under an adoption plan, a special
# guardianship order under an SGO plan...), and otherwise ended because the child ceased to
# be looked after. Used by placements.services.period_end and by the SSDA903 import.
PLAN_ACHIEVED_BY_LEAVING_CARE = {
    PermanencePlanType.ADOPTION: ADOPTED,
    PermanencePlanType.SGO: SGO,
    PermanencePlanType.CAO: CAO,
    PermanencePlanType.REUNIFICATION: RETURNED_HOME | {"E13"},
    PermanencePlanType.INDEPENDENCE: INDEPENDENT_LIVING | STAYING_PUT,
}


def plan_end_reason_on_leaving_care(plan_type, reason_ceased):
    """Why a plan ended when its child stopped being looked after for `reason_ceased`."""
    if reason_ceased in PLAN_ACHIEVED_BY_LEAVING_CARE.get(plan_type, ()):
        return PermanencePlanEndReason.ACHIEVED
    return PermanencePlanEndReason.CHILD_CEASED
