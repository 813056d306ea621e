"""Broken returns for the DfE rules 393 and above on Header, Episodes, Reviews, Missing and
UASC (placements/ssda903/dfe_checks_later.py and the sequence rules in validation.py).

The fixture year (2024-25): C001, a girl born 03/02/2016, moved on 10/09/2024 (RNE P) and
changed legal status on 01/12/2024 (RNE L); C002, a boy born 14/07/2012 and formerly UASC,
in a children's home since 2022, two reviews, two missing periods; C003, a care leaver
(OC3) with no episodes; C004, a girl born 21/11/2010, who left care on 20/09/2024 on a
special guardianship order to her foster carers (E45 from U1).
"""

from placements.ssda903 import dfe_checks_later
from tests.placements.ssda903_corpus import Case, add, s


def ep(row, column, value):
    return s("episodes.csv", row, column, value)


def head(row, column, value):
    return s("header.csv", row, column, value)


def mis(row, column, value):
    return s("missing.csv", row, column, value)


def dolo(column, value):
    return s("dolo.csv", 1, column, value)


def reviews_of_c001_only():
    return (
        "file",
        "reviews.csv",
        [["CHILD", "DOB", "REVIEW", "REVIEW_CODE"], ["C001", "03/02/2016", "20/06/2024", "PN1"]],
    )


# C001's first episode ends the period of care (E4A) on the day the next one starts.
C001_LEAVES_CARE = (ep(1, "REC", "E4A"), ep(1, "REASON_PLACE_CHANGE", ""))
# C004 turns 18 on the day she leaves care.
C004_EIGHTEEN_AT_DEC = head(4, "DOB", "20/09/2006")


CASES = [
    Case(
        "398",
        (ep(4, "LS", "V3"),),
        (ep(4, "LS", "V3"), ep(4, "PL_POST", "")),
        "a short break with a placement postcode; the edge has none",
    ),
    Case(
        "420",
        (ep(4, "LS", "V4"),),
        (ep(4, "LS", "V4"), ep(4, "PL_POST", "")),
        "the placement's area comes from PL_POST",
    ),
    Case(
        "399",
        (ep(4, "LS", "V3"), ep(4, "PL_POST", "")),
        (ep(4, "LS", "V3"), ep(4, "PL_POST", ""), reviews_of_c001_only()),
        "C002 in short breaks only, with reviews; the edge drops his reviews",
    ),
    Case(
        "406",
        (ep(4, "HOME_POST", "BD7 1AA"),),
        (ep(4, "HOME_POST", "BD7 1AA"), ep(4, "PL_POST", "")),
        "C002 is in UASC: both postcodes give a distance; the edge gives none",
    ),
    Case(
        "454",
        (ep(2, "PL_POST", "KW15 1AA"),),
        (ep(2, "PL_POST", "KW1 4AA"),),
        "Leeds to Kirkwall is 362.8 miles; to Wick 327.0 (a rule from 2025-26)",
        2026,
    ),
    Case(
        "426",
        (ep(1, "LS", "V3"), ep(2, "LS", "V4")),
        (ep(1, "LS", "V3"), ep(2, "LS", "V3")),
    ),
    Case(
        "407",
        (C004_EIGHTEEN_AT_DEC,),
        (head(4, "DOB", "21/09/2006"),),
        "an SGO (E45) on her 18th birthday; the edge is the day before it",
    ),
    Case(
        "460",
        (ep(5, "REC", "E17"),),
        (ep(5, "REC", "E17"), C004_EIGHTEEN_AT_DEC),
        "staying put (E17) at 13; the edge at 18",
    ),
    Case("516", (ep(5, "PLACE", "K2"),), (ep(5, "PLACE", "U3"),), "E45 from a children's home"),
    Case(
        "446",
        (add("episodes.csv", "C003,30/11/2005,S,E1,N1,U4,PR1,,,,LS1 1AA,LS6 2AA,XXXXXXX"),),
        (add("episodes.csv", "C003,01/12/2005,S,E1,N1,U4,PR1,,,,LS1 1AA,LS6 2AA,XXXXXXX"),),
        "E1 from 1 December 2005",
    ),
    Case(
        "408",
        (ep(3, "PLACE", "A6"), ep(3, "RNE", "B"), ep(2, "REASON_PLACE_CHANGE", "CARPL")),
        (
            ep(3, "PLACE", "A6"),
            ep(3, "RNE", "B"),
            ep(2, "REASON_PLACE_CHANGE", "CARPL"),
            ep(3, "LS", "E1"),
        ),
        "A6 under a care order (C2); the edge under a placement order (E1)",
    ),
    Case(
        "431",
        (*C001_LEAVES_CARE, ep(2, "RNE", "S")),
        (*C001_LEAVES_CARE, ep(2, "RNE", "S"), ep(2, "DECOM", "11/09/2024")),
        "a new period of care (S) the day the last one ended; the edge the next day",
    ),
    Case(
        "432",
        C001_LEAVES_CARE,
        (*C001_LEAVES_CARE, ep(2, "RNE", "S"), ep(2, "DECOM", "11/09/2024")),
        "RNE P after the child left care",
    ),
    Case("434", (ep(3, "LS", "C1"),), (ep(3, "LS", "E1"),), "RNE L with the same LS"),
    Case(
        "435",
        (ep(2, "LS", "C2"),),
        (ep(2, "RNE", "T"),),
        "RNE P with a new LS; the edge, a move to the same carers (T)",
    ),
    Case("436", (ep(2, "RNE", "B"),), (ep(2, "RNE", "B"), ep(2, "LS", "C2")), "B: both change"),
    Case(
        "437",
        (ep(1, "REC", "E2"), ep(1, "REASON_PLACE_CHANGE", "")),
        (ep(5, "REC", "E2"),),
        "REC E2 (died) with episodes after it; the edge is C004's last episode",
    ),
    Case(
        "504",
        (ep(2, "CIN", "N2"),),
        (ep(1, "CIN", "N2"), ep(2, "CIN", "N2"), ep(3, "CIN", "N2")),
        "the category of need changes within a period of care",
    ),
    Case("442", (head(2, "UPN", ""),), (head(2, "UPN", "UN2"),)),
    Case(
        "444",
        (head(2, "UPN", "A123456789012"),),
        (head(3, "UPN", "UN2"),),
        "C002 given C001's UPN; the edge, two children with UN2 (a rule from 2025-26)",
        2026,
    ),
    Case(
        "EPI",
        (add("header.csv", "C005,M,01/01/2010,WBRI,UN3,,"),),
        (),
        "C005 has no episodes; C003 has none either but is a care leaver in OC3",
    ),
    Case(
        "607",
        (head(4, "MOTHER", ""),),
        (head(4, "MOTHER", ""), ep(5, "LS", "V3"), ep(5, "HOME_POST", ""), ep(5, "PL_POST", "")),
        "C004 left care with MOTHER blank; the edge, from a short break",
    ),
    Case(
        "611",
        (head(4, "MOTHER", "1"),),
        (head(4, "MOTHER", "1"), head(4, "MC_DOB", "01/01/2024")),
    ),
    Case(
        "612",
        (head(4, "MC_DOB", "01/01/2024"),),
        (head(4, "MOTHER", "1"), head(4, "MC_DOB", "01/01/2024")),
        "MOTHER 0 with her child's date of birth",
    ),
    Case(
        "620",
        (head(1, "MOTHER", "1"), head(1, "MC_DOB", "01/01/2025")),
        (head(4, "MOTHER", "1"), head(4, "MC_DOB", "01/01/2024")),
        "C001 is 8; C004 is 13",
    ),
    Case(
        "621",
        (head(4, "MOTHER", "1"), head(4, "MC_DOB", "01/01/2010")),
        (head(4, "MOTHER", "1"), head(4, "MC_DOB", "21/11/2010")),
    ),
    Case(
        "625",
        (head(4, "MOTHER", "1"), head(4, "MC_DOB", "21/09/2024")),
        (head(4, "MOTHER", "1"), head(4, "MC_DOB", "20/09/2024")),
        "her child born the day after she left care; the edge, that day",
    ),
    Case(
        "440",
        (s("reviews.csv", 1, "REVIEW_CODE", "PN0"),),
        (s("reviews.csv", 1, "REVIEW_CODE", "PN1"),),
        "PN0 (under 4) for a child of 8",
    ),
    Case(
        "441",
        (head(1, "DOB", "21/06/2020"),),
        (head(1, "DOB", "20/06/2020"),),
        "PN1 at a review the day before her 4th birthday; the edge, on it",
    ),
    Case(
        "542",
        (head(2, "DOB", "01/04/2015"),),
        (head(2, "DOB", "31/03/2015"),),
        "CONVICTED for a child of 9 at 31 March; the edge, 10 that day",
    ),
    Case(
        "INT13",
        (mis(1, "DOB", "15/07/2012"),),
        (mis(1, "DOB", "14/07/2012"),),
    ),
    Case(
        "INT17",
        (s("reviews.csv", 2, "DOB", "15/07/2012"),),
        (s("reviews.csv", 2, "DOB", "14/07/2012"),),
    ),
    Case(
        "INT18",
        (s("uasc.csv", 1, "DOB", "15/07/2012"),),
        (s("uasc.csv", 1, "DOB", "14/07/2012"),),
    ),
    Case("INT21", (s("uasc.csv", 1, "SEX", "F"),), (s("uasc.csv", 1, "SEX", "M"),)),
    Case(
        "564",
        (mis(1, "MIS_START", ""),),
        (mis(1, "MIS_START", ""), mis(1, "MISSING", "")),
        "MISSING without MIS_START; the edge has neither (566 names it)",
    ),
    Case(
        "565",
        (mis(1, "MISSING", ""),),
        (mis(1, "MISSING", ""), mis(1, "MIS_START", "")),
    ),
    Case(
        "566",
        (mis(1, "MISSING", ""), mis(1, "MIS_START", "")),
        (mis(1, "MISSING", ""), mis(1, "MIS_START", ""), mis(1, "MIS_END", "")),
    ),
    Case(
        "570",
        (mis(2, "MIS_START", "01/04/2025"),),
        (mis(2, "MIS_START", "31/03/2025"),),
    ),
    Case(
        "571",
        (mis(2, "MIS_END", "01/04/2025"),),
        (mis(2, "MIS_END", "31/03/2025"),),
        "a period that ends after 31 March is returned open",
    ),
    Case(
        "574",
        (mis(1, "MIS_END", ""),),
        (mis(1, "MIS_END", "30/03/2025"),),
        "the first period still open when the second starts; the edge ends that day",
    ),
    Case(
        "575",
        (add("missing.csv", "C001,03/02/2016,M,01/06/2024,"),),
        (add("missing.csv", "C001,03/02/2016,M,02/12/2024,"),),
        "open, from the episode that ended 10/09/2024; the edge, from the open episode",
    ),
    Case(
        "577",
        (add("missing.csv", "C004,21/11/2010,M,01/09/2024,"),),
        (add("missing.csv", "C004,21/11/2010,M,01/09/2024,20/09/2024"),),
        "open when C004 left care",
    ),
    Case(
        "578",
        (add("missing.csv", "C004,21/11/2010,M,21/09/2024,22/09/2024"),),
        (add("missing.csv", "C004,21/11/2010,M,20/09/2024,20/09/2024"),),
        "missing the day after she left care; the edge, that day",
    ),
    Case(
        "580",
        (C004_EIGHTEEN_AT_DEC, add("missing.csv", "C004,20/09/2006,M,15/09/2024,20/09/2024")),
        (
            C004_EIGHTEEN_AT_DEC,
            add("missing.csv", "C004,20/09/2006,M,15/09/2024,20/09/2024"),
            ep(5, "REC", "E8"),
        ),
        "missing until she left care at 18, with REC E45; the edge, E8",
    ),
    Case(
        "581",
        (add("missing.csv", "C004,21/11/2010,M,29/02/2024,01/04/2024"),),
        (add("missing.csv", "C004,21/11/2010,M,01/03/2024,01/04/2024"),),
        "missing the day before she was first looked after",
    ),
    Case(
        "586",
        (mis(1, "MIS_START", "13/07/2012"),),
        (mis(1, "MIS_START", "14/07/2012"),),
    ),
    *[
        # DoLOs (2026-27, the 2027 fixture year: C002 has one open from 01/09/2026, in a
        # children's home; C001 left care on 20/02/2027, adopted from an A6 placement).
        Case(code, breaks, edge, note, 2027)
        for code, breaks, edge, note in (
            ("700", (dolo("DOLO_START", "31/09/2026"),), (dolo("DOLO_START", "30/09/2026"),), ""),
            ("701", (dolo("DOLO_END", "2026-10-01"),), (dolo("DOLO_END", "01/10/2026"),), ""),
            ("702", (dolo("DOLO_END", "31/08/2026"),), (dolo("DOLO_END", "01/09/2026"),), ""),
            ("703", (dolo("DOLO_START", "01/04/2027"),), (dolo("DOLO_START", "31/03/2027"),), ""),
            ("704", (dolo("DOLO_END", "01/04/2027"),), (dolo("DOLO_END", "31/03/2027"),), ""),
            (
                "705",
                (add("dolo.csv", "C002,14/07/2013,01/12/2026,"),),
                (dolo("DOLO_END", "01/12/2026"), add("dolo.csv", "C002,14/07/2013,01/12/2026,")),
                "a second DoLO while the first is open; the edge, the day it ends",
            ),
            (
                "707",
                (add("dolo.csv", "C001,03/02/2017,01/01/2027,"),),
                (add("dolo.csv", "C001,03/02/2017,01/01/2027,20/02/2027"),),
                "open when C001 left care",
            ),
            ("708", (dolo("DOLO_START", "13/07/2013"),), (dolo("DOLO_START", "14/07/2013"),), ""),
            (
                "709",
                (add("dolo.csv", "C001,03/02/2017,01/07/2026,01/08/2026"),),
                (dolo("DOLO_END", "01/10/2026"),),
                "a DoLO in an adoption placement; the edge, in a children's home",
            ),
            (
                "710",
                (dolo("DOLO_END", "01/10/2026"), ep(4, "PLACE", "K1")),
                (ep(4, "PLACE", "K1"),),
                "in a secure children's home; the edge, a DoLO still open (not looked at)",
            ),
        )
    ],
]
# Checked against the history we hold (test_ssda903_dfe_rules_later has their tests).
# 576, 706, 624 and 626 compare with the missing periods, DoLOs and mothers held (tests
# through the importer there).
HISTORY_RULES = (*dfe_checks_later.HISTORY_CODES, "576", "706", "624", "626")
