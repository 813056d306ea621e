"""Broken returns for the DfE rules on adoption (AD1, PlacedAdoption), previous permanence,
outcomes (OC2) and care leavers (OC3): one `Case` per rule, applied to the fixture year as in
ssda903_corpus (whose CASES include these).

In the fixture year C001 (born 2016) came into care in May 2024 and is still looked after,
with a decision that she should be placed for adoption; C002 (born 2012) has been looked after
since 2022 (OC2); C003 (born 2005) is a care leaver (OC3) with no episodes; C004 left care in
September 2024. `adopted` turns C001's last episode into a placement for adoption (A4 from
01/12/2024) that ends in adoption on 20/03/2025, with the AD1 row and decision to match.
"""

from tests.placements.ssda903_corpus import AD1_COLUMNS, Case, ad1, add, dup, s

EP, OC2, OC3, AD1 = "episodes.csv", "oc2.csv", "oc3.csv", "ad1.csv"
PA, PP, HEADER = "placedadoption.csv", "prevperm.csv", "header.csv"
PA_COLUMNS = ["CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"]

# C001's last episode becomes a placement for adoption (A4, a change of legal status and
# placement at once) from 01/12/2024.
PLACED_FOR_ADOPTION = (
    s(EP, 2, "REASON_PLACE_CHANGE", "CARPL"),
    s(EP, 3, "RNE", "B"),
    s(EP, 3, "PLACE", "A4"),
)
ADOPTED_EPISODES = (
    *PLACED_FOR_ADOPTION,
    s(EP, 3, "DEC", "20/03/2025"),
    s(EP, 3, "REC", "E11"),
    s(PA, 1, "DATE_PLACED", "01/11/2024"),
)
NO_DECISION = (("file", PA, [PA_COLUMNS]),)


def adopted(*changes):
    return ad1(
        *ADOPTED_EPISODES,
        s(AD1, 1, "DATE_INT", "01/11/2024"),
        s(AD1, 1, "DATE_MATCH", "15/11/2024"),
        *changes,
    )


def oc2(**values):
    return tuple(s(OC2, 1, column.upper(), value) for column, value in values.items())


def born(file, row, header_row, dob):
    """The child's DOB in the Header and in one other table."""
    return (s(HEADER, header_row, "DOB", dob), s(file, row, "DOB", dob))


def not_all_year(decom):
    """C002's episode starting (RNE S) on `decom`."""
    return (s(EP, 4, "DECOM", decom),)


def c003_episode(rec, decom="01/05/2024", dec="01/09/2024"):
    return add(EP, f"C003,{decom},S,C2,N1,K2,PR4,{dec},{rec},,LS1 1AA,LS6 2AA,SC123456")


C003_IS_18 = born(OC3, 1, 3, "10/10/2006")  # 18th birthday 10/10/2024
C003_IS_17 = born(OC3, 1, 3, "10/10/2007")  # 17th birthday 10/10/2024


CASES = [
    # OC2: items for children looked after for twelve months.
    Case(
        "182",
        oc2(immunisations=""),
        oc2(
            convicted="",
            immunisations="",
            teeth_check="",
            health_assessment="",
            substance_misuse="",
        ),
    ),
    Case(
        "191",
        oc2(immunisations=""),
        (*not_all_year("02/04/2024"), *oc2(immunisations="")),
        "looked after from 2 April: not the whole year",
    ),
    Case("544", oc2(convicted="1", immunisations=""), oc2(convicted="", immunisations="")),
    Case("547", oc2(health_check="1", immunisations=""), oc2(immunisations="")),
    Case(
        "192",
        oc2(substance_misuse="1", intervention_received=""),
        oc2(substance_misuse="1", intervention_received="1"),
    ),
    Case(
        "193",
        oc2(substance_misuse="0", intervention_received="1"),
        oc2(substance_misuse="1", intervention_received="1"),
    ),
    Case(
        "158",
        oc2(substance_misuse="1", intervention_received="1", intervention_offered="1"),
        oc2(substance_misuse="1", intervention_received="1", intervention_offered=""),
    ),
    Case(
        "159",
        oc2(substance_misuse="1", intervention_received="0", intervention_offered=""),
        oc2(substance_misuse="1", intervention_received="0", intervention_offered="1"),
    ),
    Case("197a", oc2(sdq_reason="SDQ2"), oc2(sdq_score="", sdq_reason="SDQ2")),
    Case("157", oc2(sdq_score="", sdq_reason="SDQ1"), oc2(sdq_score="", sdq_reason="SDQ2")),
    Case("185", not_all_year("02/04/2024"), not_all_year("01/04/2024"), "from 1 April: all year"),
    Case(
        "198",
        (*not_all_year("02/04/2024"), *oc2(sdq_score="", sdq_reason="SDQ2")),
        (*not_all_year("01/04/2024"), *oc2(sdq_score="", sdq_reason="SDQ2")),
    ),
    Case("190", not_all_year("02/04/2024"), not_all_year("01/04/2024")),
    Case("186", oc2(sdq_score=""), oc2(sdq_score="", sdq_reason="SDQ2")),
    Case(
        "188",
        born(OC2, 1, 2, "01/06/2021"),
        born(OC2, 1, 2, "31/03/2021"),
        "4 on 31 March is old enough",
    ),
    Case(
        "189",
        born(OC2, 1, 2, "01/04/2007"),
        born(OC2, 1, 2, "02/04/2007"),
        "17 on 1 April is too old; a day later is not",
    ),
    Case(
        "197B",
        (*born(OC2, 1, 2, "01/06/2020"), *oc2(sdq_score="")),
        (*born(OC2, 1, 2, "01/06/2020"), *oc2(sdq_score="", sdq_reason="SDQ1")),
        "4 during the year",
    ),
    Case(
        "543",
        oc2(convicted=""),
        (*born(OC2, 1, 2, "01/04/2015"), *oc2(convicted="")),
        "10 on 1 April 2025: after the year",
    ),
    Case(
        "545",
        born(OC2, 1, 2, "01/06/2020"),
        (*born(OC2, 1, 2, "01/06/2020"), *oc2(health_check="1")),
    ),
    Case("INT14", (s(OC2, 1, "DOB", "15/07/2012"),), ()),
    Case(
        "215",
        (add(OC2, "C003,10/10/2005,,,0,,1,1,1,0,,"),),
        (add(OC2, "C003,10/10/2005,,,,,,,,,,"),),
        "a care leaver with OC2 items",
    ),
    # OC3: care leavers.
    Case(
        "153",
        (s(OC3, 1, "ACTIV", ""),),
        tuple(s(OC3, 1, c, "") for c in ("IN_TOUCH", "ACTIV", "ACCOM")),
    ),
    Case(
        "344",
        (s(OC3, 1, "IN_TOUCH", "DIED"),),
        (s(OC3, 1, "IN_TOUCH", "DIED"), s(OC3, 1, "ACTIV", "0"), s(OC3, 1, "ACCOM", "0")),
    ),
    Case(
        "345",
        (s(OC3, 1, "ACTIV", "0"),),
        (s(OC3, 1, "ACTIV", "0"), s(OC3, 1, "IN_TOUCH", "NO")),
    ),
    Case(
        "347",
        (*C003_IS_17, s(OC3, 1, "ACCOM", "T1")),
        (*C003_IS_18, s(OC3, 1, "ACCOM", "T1")),
        "a foyer at 17; at 18 it may be",
    ),
    Case(
        "3001",
        (*C003_IS_17, s(OC3, 1, "ACCOM", "Z1")),
        (*C003_IS_18, s(OC3, 1, "ACCOM", "Z1")),
    ),
    Case(
        "391",
        born(OC3, 1, 3, "10/10/2012"),
        born(OC3, 1, 3, "10/04/2003"),
        "21 on 10 April 2024 is still in the cohort",
    ),
    Case("INT15", (s(OC3, 1, "DOB", "11/10/2005"),), ()),
    Case(
        "628",
        (s(HEADER, 3, "SEX", "F"), s(HEADER, 3, "MOTHER", "0")),
        (s(HEADER, 3, "SEX", "F"),),
    ),
    Case(
        "1014",
        (add("uasc.csv", "C003,M,10/10/2005,01/01/2023"),),
        (add("uasc.csv", "C003,M,10/10/2005,"),),
    ),
    Case("1000", (c003_episode("E2"),), (c003_episode("E3"),), "died in care"),
    Case("1011", (c003_episode("E3"),), (c003_episode("E2"),), "care taken over"),
    Case(
        "1007",
        (*C003_IS_18, c003_episode("E8", "01/05/2024", "01/12/2024")),
        (*C003_IS_18, c003_episode("E8", "11/10/2024", "01/12/2024")),
        "looked after on the 18th birthday; the edge came into care after it",
    ),
    Case(
        "1016",
        (*C003_IS_18, c003_episode("E8", "01/05/2024", "01/12/2024")),
        (*C003_IS_18, c003_episode("E8", "01/05/2024", "09/10/2024")),
        "left care after the 18th birthday; the edge left before it",
    ),
    Case(
        "187",
        (add(OC3, "C002,14/07/2012,YES,F2,D1"),),
        (add(OC3, "C004,21/11/2010,YES,F2,D1"),),
        "C002 is looked after all year; C004 left care in September",
    ),
    Case("134", ad1(s(AD1, 1, "CHILD", "C003"), s(AD1, 1, "DOB", "10/10/2005")), ad1()),
    # AD1: the adoption.
    Case("601", ADOPTED_EPISODES, adopted(), "adopted with no AD1 row"),
    Case("602", ad1(), adopted(), "C001 is not adopted in the fixture"),
    Case("582", adopted(s(AD1, 1, "DATE_MATCH", "20/03/2025")), adopted()),
    Case(
        "331",
        adopted(s(AD1, 1, "DATE_MATCH", "02/12/2024")),
        adopted(s(AD1, 1, "DATE_MATCH", "01/12/2024")),
        "matched after the placement for adoption began; on the day is enough",
    ),
    Case(
        "521",
        adopted(
            *(
                s(f, 1, c, "02/12/2024")
                for f, c in ((AD1, "DATE_INT"), (AD1, "DATE_MATCH"), (PA, "DATE_PLACED"))
            )
        ),
        adopted(
            *(
                s(f, 1, c, "01/12/2024")
                for f, c in ((AD1, "DATE_INT"), (AD1, "DATE_MATCH"), (PA, "DATE_PLACED"))
            )
        ),
    ),
    Case(
        "334",
        adopted(s(AD1, 1, "DATE_INT", "14/05/2024"), s(PA, 1, "DATE_PLACED", "14/05/2024")),
        adopted(s(AD1, 1, "DATE_INT", "15/05/2024"), s(PA, 1, "DATE_PLACED", "15/05/2024")),
        "decided before the period of care began",
    ),
    Case("335", adopted(s(AD1, 1, "FOSTER_CARE", "1")), adopted(), "A4 is not with foster carers"),
    Case("523", adopted(s(PA, 1, "DATE_PLACED", "02/11/2024")), adopted()),
    Case(
        "525",
        adopted(
            s(PA, 1, "DATE_PLACED_CEASED", "01/12/2024"), s(PA, 1, "REASON_PLACED_CEASED", "RD1")
        ),
        adopted(),
    ),
    Case(
        "558",
        adopted(
            s(PA, 1, "DATE_PLACED_CEASED", "01/12/2024"), s(PA, 1, "REASON_PLACED_CEASED", "RD1")
        ),
        adopted(),
    ),
    Case(
        "333",
        ad1(s(AD1, 1, "DATE_MATCH", "09/03/2025")),
        ad1(s(AD1, 1, "DATE_MATCH", "10/03/2025")),
    ),
    Case(
        "151",
        ad1(s(AD1, 1, "FOSTER_CARE", "")),
        ad1(*(s(AD1, 1, column, "") for column in AD1_COLUMNS[2:])),
    ),
    Case(
        "511",
        ad1(s(AD1, 1, "SEX_ADOPTR", "M1")),
        ad1(
            s(AD1, 1, "NB_ADOPTR", "1"), s(AD1, 1, "SEX_ADOPTR", "M1"), s(AD1, 1, "LS_ADOPTR", "L0")
        ),
    ),
    Case(
        "514",
        ad1(s(AD1, 1, "LS_ADOPTR", "L0")),
        ad1(
            s(AD1, 1, "NB_ADOPTR", "1"), s(AD1, 1, "SEX_ADOPTR", "F1"), s(AD1, 1, "LS_ADOPTR", "L0")
        ),
    ),
    Case(
        "517",
        ad1(s(AD1, 1, "LS_ADOPTR", "L3"), s(AD1, 1, "SEX_ADOPTR", "MM")),
        ad1(s(AD1, 1, "LS_ADOPTR", "L3")),
    ),
    Case(
        "518",
        ad1(s(AD1, 1, "LS_ADOPTR", "L4")),
        ad1(s(AD1, 1, "LS_ADOPTR", "L4"), s(AD1, 1, "SEX_ADOPTR", "FF")),
    ),
    Case(
        "519",
        ad1(s(AD1, 1, "LS_ADOPTR", "L2"), s(AD1, 1, "SEX_ADOPTR", "F1")),
        ad1(s(AD1, 1, "LS_ADOPTR", "L2"), s(AD1, 1, "SEX_ADOPTR", "FF")),
    ),
    Case("520", ad1(s(AD1, 1, "SEX_ADOPTR", "FF")), ad1()),
    Case(
        "524",
        ad1(s(AD1, 1, "LS_ADOPTR", "L12")),
        ad1(s(AD1, 1, "LS_ADOPTR", "L12"), s(AD1, 1, "SEX_ADOPTR", "MM")),
    ),
    Case("INT11", ad1(s(AD1, 1, "DOB", "04/02/2016")), ad1()),
    Case("INT31", ad1(dup(AD1, 1)), ad1()),
    # PlacedAdoption: decisions that the child should be placed for adoption.
    Case(
        "117",
        (s(PA, 1, "DATE_PLACED", "01/04/2025"),),
        (s(PA, 1, "DATE_PLACED", "31/03/2025"),),
    ),
    Case(
        "118",
        (
            s(PA, 1, "DATE_PLACED", "01/03/2024"),
            s(PA, 1, "DATE_PLACED_CEASED", "20/03/2024"),
            s(PA, 1, "REASON_PLACED_CEASED", "RD1"),
        ),
        (
            s(PA, 1, "DATE_PLACED", "15/05/2024"),
            s(PA, 1, "DATE_PLACED_CEASED", "01/06/2024"),
            s(PA, 1, "REASON_PLACED_CEASED", "RD1"),
        ),
    ),
    Case(
        "184",
        (s(PA, 1, "DATE_PLACED", "01/01/2016"),),
        (s(PA, 1, "DATE_PLACED", "03/02/2016"),),
        "the edge is the day of birth",
    ),
    Case(
        "1003",
        (s(PA, 1, "DATE_PLACED", "14/05/2024"),),
        (s(PA, 1, "DATE_PLACED", "15/05/2024"),),
    ),
    Case(
        "119",
        (s(PA, 1, "DATE_PLACED_CEASED", "20/03/2025"),),
        (s(PA, 1, "DATE_PLACED_CEASED", "20/03/2025"), s(PA, 1, "REASON_PLACED_CEASED", "RD1")),
    ),
    Case(
        "522",
        (s(PA, 1, "DATE_PLACED_CEASED", "09/03/2025"), s(PA, 1, "REASON_PLACED_CEASED", "RD1")),
        (s(PA, 1, "DATE_PLACED_CEASED", "10/03/2025"), s(PA, 1, "REASON_PLACED_CEASED", "RD1")),
    ),
    Case(
        "563",
        (
            s(PA, 1, "DATE_PLACED", ""),
            s(PA, 1, "DATE_PLACED_CEASED", "20/03/2025"),
            s(PA, 1, "REASON_PLACED_CEASED", "RD1"),
        ),
        (s(PA, 1, "DATE_PLACED_CEASED", "20/03/2025"), s(PA, 1, "REASON_PLACED_CEASED", "RD1")),
    ),
    Case(
        "557",
        (s(EP, 3, "DEC", "20/03/2025"), s(EP, 3, "REC", "E8")),
        (
            s(EP, 3, "DEC", "20/03/2025"),
            s(EP, 3, "REC", "E8"),
            s(PA, 1, "DATE_PLACED_CEASED", "20/03/2025"),
            s(PA, 1, "REASON_PLACED_CEASED", "RD4"),
        ),
        "left care, not adopted, with the decision still open",
    ),
    Case(
        "579",
        (
            s(PA, 1, "DATE_PLACED_CEASED", "20/03/2025"),
            s(PA, 1, "REASON_PLACED_CEASED", "RD1"),
            add(PA, "C001,03/02/2016,15/03/2025,,"),
        ),
        (
            s(PA, 1, "DATE_PLACED_CEASED", "12/03/2025"),
            s(PA, 1, "REASON_PLACED_CEASED", "RD1"),
            add(PA, "C001,03/02/2016,15/03/2025,,"),
        ),
        "a second decision before the first was reversed",
    ),
    Case(
        "583",
        (add(PA, "C001,03/02/2016,15/03/2025,,"),),
        (
            s(PA, 1, "DATE_PLACED_CEASED", "12/03/2025"),
            s(PA, 1, "REASON_PLACED_CEASED", "RD1"),
            add(PA, "C001,03/02/2016,15/03/2025,,"),
        ),
    ),
    Case(
        "551",
        (*PLACED_FOR_ADOPTION, *NO_DECISION),
        (*PLACED_FOR_ADOPTION, s(PA, 1, "DATE_PLACED", "01/12/2024")),
        "placed for adoption with no decision",
    ),
    Case(
        "552",
        PLACED_FOR_ADOPTION,
        (*PLACED_FOR_ADOPTION, s(PA, 1, "DATE_PLACED", "01/12/2024")),
        "decided 10/03/2025, placed 01/12/2024",
    ),
    Case(
        "553",
        (s(EP, 3, "LS", "E1"), *NO_DECISION),
        (s(EP, 3, "LS", "E1"), s(PA, 1, "DATE_PLACED", "01/12/2024")),
        "a placement order with no decision",
    ),
    Case(
        "554",
        (s(EP, 3, "LS", "E1"),),
        (s(EP, 3, "LS", "E1"), s(PA, 1, "DATE_PLACED", "01/12/2024")),
    ),
    Case("INT12", (s(PA, 1, "DOB", "04/02/2016"),), ()),
    # PrevPerm.
    Case(
        "635",
        (s(PP, 1, "LA_PERM", "383"),),
        (
            s(PP, 1, "PREV_PERM", "P1"),
            s(PP, 1, "LA_PERM", "383"),
            s(PP, 1, "DATE_PERM", "01/01/2020"),
        ),
    ),
    Case(
        "632",
        (
            s(PP, 1, "PREV_PERM", "P1"),
            s(PP, 1, "LA_PERM", "383"),
            s(PP, 1, "DATE_PERM", "16/05/2024"),
        ),
        (
            s(PP, 1, "PREV_PERM", "P1"),
            s(PP, 1, "LA_PERM", "383"),
            s(PP, 1, "DATE_PERM", "15/05/2024"),
        ),
        "an order after the period of care began",
    ),
    Case(
        "634",
        (s(EP, 4, "DECOM", "31/03/2016"), add(PP, "C002,14/07/2012,Z1,,")),
        (s(EP, 4, "DECOM", "01/04/2016"), add(PP, "C002,14/07/2012,Z1,,")),
        "in care since before April 2016",
    ),
    Case("INT16", (s(PP, 1, "DOB", "04/02/2016"),), ()),
    Case("INT35", (dup(PP, 1),), ()),
]
# Checked against the history we hold (test_ssda903_dfe_rules_adoption_outcomes has them).
HISTORY_RULES = ("1001", "1002", "1010", "559", "560", "561", "584", "348")
