"""Coded values for children, reviews and care leavers.

National codes follow the DfE SSDA903 (children looked after) return as encoded by Data to
Insight's open-source validator, ``data-to-insight/csc-validator-be-903``
(``lac_validator/rules/lac20YY_YY/rule_NNN.py``); rule numbers in comments are the DfE
validation rule codes. See also the shared reference ``shared/reference/ssda903.md`` (beside
the repository). Classes marked *local* are this application's own codes and are never sent to
the DfE.

Every choice value is the code exactly as it appears in the return; labels are short plain
English. Sets and dicts below hold plain strings so they work with raw CSV values.
"""

from django.db import models

# ---------------------------------------------------------------------------------------------
# Header
# ---------------------------------------------------------------------------------------------


class Sex(models.TextChoices):
    """SEX (rule 101) from the 2024-25 return onwards."""

    M = "M", "Male"
    F = "F", "Female"
    U = "U", "Unknown"


# Up to and including the 2023-24 return SEX was 1 (male) or 2 (female) (rule 101).
LEGACY_SEX = {"1": "M", "2": "F"}
# First collection year (year ending 31 March) whose files use M/F/U.
SEX_LETTER_CODES_FROM = 2025


class Ethnicity(models.TextChoices):
    """ETHNIC (rule 103); the same 20 codes in every year from 2022-23."""

    WBRI = "WBRI", "White British"
    WIRI = "WIRI", "White Irish"
    WOTH = "WOTH", "Any other White background"
    WIRT = "WIRT", "Traveller of Irish heritage"
    WROM = "WROM", "Gypsy/Roma"
    MWBC = "MWBC", "White and Black Caribbean"
    MWBA = "MWBA", "White and Black African"
    MWAS = "MWAS", "White and Asian"
    MOTH = "MOTH", "Any other Mixed background"
    AIND = "AIND", "Indian"
    APKN = "APKN", "Pakistani"
    ABAN = "ABAN", "Bangladeshi"
    AOTH = "AOTH", "Any other Asian background"
    BCRB = "BCRB", "Caribbean"
    BAFR = "BAFR", "African"
    BOTH = "BOTH", "Any other Black background"
    CHNE = "CHNE", "Chinese"
    OOTH = "OOTH", "Any other ethnic group"
    REFU = "REFU", "Refused"
    NOBT = "NOBT", "Information not yet obtained"


# DfE major ethnic groups as used in the national statistics.
ETHNIC_MAJOR_GROUP = {
    "WBRI": "White",
    "WIRI": "White",
    "WOTH": "White",
    "WIRT": "White",
    "WROM": "White",
    "MWBC": "Mixed",
    "MWBA": "Mixed",
    "MWAS": "Mixed",
    "MOTH": "Mixed",
    "AIND": "Asian",
    "APKN": "Asian",
    "ABAN": "Asian",
    "AOTH": "Asian",
    "BCRB": "Black",
    "BAFR": "Black",
    "BOTH": "Black",
    "CHNE": "Other",
    "OOTH": "Other",
    "REFU": "Not known",
    "NOBT": "Not known",
}


class UpnUnknown(models.TextChoices):
    """Default UPN codes when the pupil number is not known (rules 168, 209, 444)."""

    UN1 = "UN1", "Not yet of school age and no UPN assigned"
    UN2 = "UN2", "Never attended a maintained school in England"
    UN3 = "UN3", "Educated outside England"
    UN4 = "UN4", "Newly looked after and UPN not yet known"
    UN5 = "UN5", "UPN sources disagree on name or date of birth"


# ---------------------------------------------------------------------------------------------
# Reviews
# ---------------------------------------------------------------------------------------------


class ReviewParticipation(models.TextChoices):
    """REVIEW_CODE: the child's participation in a looked-after review (rule 167)."""

    PN0 = "PN0", "Child aged under 4 at the review"
    PN1 = "PN1", "Attends and speaks for self"
    PN2 = "PN2", "Attends and an advocate speaks for them"
    PN3 = "PN3", "Attends and conveys views non-verbally"
    PN4 = "PN4", "Attends but does not convey views"
    PN5 = "PN5", "Does not attend but briefs an advocate"
    PN6 = "PN6", "Does not attend but conveys views by another medium"
    PN7 = "PN7", "Does not attend and views not conveyed"


# Participation rate = PARTICIPATED / PARTICIPATION_DENOMINATOR (PN0, under 4s, excluded).
PARTICIPATED = frozenset({"PN1", "PN2", "PN3", "PN4", "PN5", "PN6"})
PARTICIPATION_DENOMINATOR = frozenset({"PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7"})


# ---------------------------------------------------------------------------------------------
# Missing and away from placement
# ---------------------------------------------------------------------------------------------


class MissingKind(models.TextChoices):
    """MISSING in the Missing table (rule 1006)."""

    M = "M", "Missing from care (whereabouts not known)"
    A = "A", "Away from placement without authorisation"


# ---------------------------------------------------------------------------------------------
# Social workers (SWEpisodes table, collected from the 2023-24 return)
# ---------------------------------------------------------------------------------------------


class SocialWorkerChangeReason(models.TextChoices):
    """SW_REASON (rule SW13STG1): why a social worker episode began; the code list is unchanged
    2023-24 to 2026-27."""

    MANAGE = "MANAGE", "Management decision"
    FCONTA = "FCONTA", "First contact with children's social care"
    LEFTRL = "LEFTRL", "Social worker left the role"
    ORGRST = "ORGRST", "Organisational restructure"
    TSPROC = "TSPROC", "Transfer between teams as standard process"
    ABSENC = "ABSENC", "Social worker absence"
    CHCHAN = "CHCHAN", "Child asked for a change"
    PCCHAN = "PCCHAN", "Parent or carer asked for a change"
    SWDIED = "SWDIED", "Social worker died"
    OTHERS = "OTHERS", "Other reason"


# ---------------------------------------------------------------------------------------------
# OC2: children looked after continuously for 12 months
# ---------------------------------------------------------------------------------------------


class SdqReason(models.TextChoices):
    """SDQ_REASON: why there is no SDQ score (rule 196)."""

    SDQ1 = "SDQ1", "Child under 4 or over 16 at the latest assessment"
    SDQ2 = "SDQ2", "Carer refused to complete the questionnaire"
    SDQ3 = "SDQ3", "Child's disability too severe to complete it"
    SDQ4 = "SDQ4", "Other reason"
    SDQ5 = "SDQ5", "Young person refused to complete it"


# ---------------------------------------------------------------------------------------------
# OC3: care leavers
# ---------------------------------------------------------------------------------------------


class InTouch(models.TextChoices):
    """IN_TOUCH (rule 131)."""

    YES = "YES", "In touch"
    NO = "NO", "Not in touch"
    DIED = "DIED", "Died since leaving care"
    REFU = "REFU", "Young person refuses contact"
    NREQ = "NREQ", "No longer requires services"
    RHOM = "RHOM", "Returned home to parents for 6 months or more"


class Activity(models.TextChoices):
    """ACTIV (rule 132).

    F4/P4 are apprenticeships and F5/P5 other training or employment: DfE split the old
    F3/P3 "training or employment" code that way.
    """

    F1 = "F1", "Higher education – full time"
    P1 = "P1", "Higher education – part time"
    F2 = "F2", "Other education – full time"
    P2 = "P2", "Other education – part time"
    F4 = "F4", "Apprenticeship – full time"
    P4 = "P4", "Apprenticeship – part time"
    F5 = "F5", "Training or employment – full time"
    P5 = "P5", "Training or employment – part time"
    G4 = "G4", "Not in EET: illness or disability"
    G5 = "G5", "Not in EET: other reasons"
    G6 = "G6", "Not in EET: pregnancy or parenting"
    CODE_0 = "0", "No information"


EET = frozenset({"F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5"})


class Accommodation(models.TextChoices):
    """ACCOM (rule 133): kind of accommodation and whether it is suitable."""

    B1 = "B1", "With parents or relatives – suitable"
    B2 = "B2", "With parents or relatives – not suitable"
    C1 = "C1", "Community home or other residential care – suitable"
    C2 = "C2", "Community home or other residential care – not suitable"
    D1 = "D1", "Semi-independent, transitional accommodation – suitable"
    D2 = "D2", "Semi-independent, transitional accommodation – not suitable"
    E1 = "E1", "Supported lodgings – suitable"
    E2 = "E2", "Supported lodgings – not suitable"
    G1 = "G1", "Gone abroad – suitable"
    G2 = "G2", "Gone abroad – not suitable"
    H1 = "H1", "Deported – suitable"
    H2 = "H2", "Deported – not suitable"
    K1 = "K1", "Ordinary lodgings without formal support – suitable"
    K2 = "K2", "Ordinary lodgings without formal support – not suitable"
    R1 = "R1", "Residence not known – suitable"
    R2 = "R2", "Residence not known – not suitable"
    S2 = "S2", "No fixed abode or homeless – not suitable"
    T1 = "T1", "Foyer or similar supported accommodation – suitable"
    T2 = "T2", "Foyer or similar supported accommodation – not suitable"
    U1 = "U1", "Independent living – suitable"
    U2 = "U2", "Independent living – not suitable"
    V1 = "V1", "Emergency accommodation – suitable"
    V2 = "V2", "Emergency accommodation – not suitable"
    W1 = "W1", "Bed and breakfast – suitable"
    W2 = "W2", "Bed and breakfast – not suitable"
    X2 = "X2", "In custody – not suitable"
    Y1 = "Y1", "Other accommodation – suitable"
    Y2 = "Y2", "Other accommodation – not suitable"
    Z1 = "Z1", "With former foster carers (staying put) – suitable"
    Z2 = "Z2", "With former foster carers (staying put) – not suitable"
    CODE_0 = "0", "No information"


SUITABLE = frozenset(code for code in Accommodation.values if code.endswith("1"))
# With former foster carers after 18 (ACCOM Z1/Z2).
STAYING_PUT_ACCOMMODATION = frozenset({"Z1", "Z2"})


# ---------------------------------------------------------------------------------------------
# Local codes (not part of the SSDA903 return)
# ---------------------------------------------------------------------------------------------


class CareLeaverEligibility(models.TextChoices):
    """Local: leaving-care status under the Children (Leaving Care) Act 2000."""

    ELIGIBLE = "ELIGIBLE", "Eligible (aged 16–17, still looked after)"
    RELEVANT = "RELEVANT", "Relevant (aged 16–17, left care)"
    FORMER_RELEVANT = "FORMER_RELEVANT", "Former relevant (aged 18–25)"
    QUALIFYING = "QUALIFYING", "Qualifying (looked after after 16, not eligible)"


class CaseNoteType(models.TextChoices):
    """Local: kind of case note."""

    VISIT = "VISIT", "Statutory visit"
    CONTACT = "CONTACT", "Contact with child or family"
    MEETING = "MEETING", "Meeting"
    PHONE = "PHONE", "Phone call"
    CASE_UPDATE = "CASE_UPDATE", "Case update"
    OTHER = "OTHER", "Other"
