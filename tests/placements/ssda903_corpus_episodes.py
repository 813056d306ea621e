"""Broken returns for the DfE's rules on Header, Episodes and UASC (codes up to 392) and for
every "not a valid date" rule (placements/ssda903/rules.DATE_RULES).

The fixture year 2024-25 holds C001 (a girl born 03/02/2016, three joined episodes from
15/05/2024, the last open), C002 (a boy born 14/07/2012, in a children's home under V2 since
01/02/2022), C003 (born 10/10/2005, no episodes) and C004 (a girl born 21/11/2010 whose episode
from 01/03/2024 ended 20/09/2024 with E45). Cases that need episodes of their own add them for
C003.
"""

from tests.placements.ssda903_corpus import Case, ad1, add, s

EP = "episodes.csv"
HEADER = "header.csv"


def c003(*rows):
    """Episodes for C003: (DECOM, LS, PLACE, DEC, PL_POST) each, one period of care apiece."""
    return tuple(
        add(
            EP,
            [
                "C003",
                decom,
                "S",
                ls,
                "N1",
                place,
                _provider(place),
                dec,
                "E4A",
                "",
                "LS1 1AA",
                post,
                "",
            ],
        )
        for decom, ls, place, dec, post in rows
    )


def _provider(place):
    return "" if place.startswith("T") else "PR1" if place.startswith("U") else "PR4"


def short_break(decom, dec, place="K2", post=""):
    return (decom, "V3", place, dec, post)


def temporary(place, dec):
    return ("01/06/2024", "V2", place, dec, "LS2 3AA")


def legal_status(ls, dec):
    """C001's first episode under `ls`, ending (X1) on `dec`, the next beginning then."""
    return (s(EP, 1, "LS", ls), s(EP, 1, "DEC", dec), s(EP, 2, "DECOM", dec))


def temporary_at(row, place="T0"):
    """Episode `row` in a temporary placement (which takes no provider)."""
    return (s(EP, row, "PLACE", place), s(EP, row, "PLACE_PROVIDER", ""))


def hospital_stay_with_a_care_order(then):
    """C001 in hospital (T1) from 10/09/2024, a care order made there on 01/12/2024, then
    placed in `then` on 05/12/2024."""
    return (
        *temporary_at(2, "T1"),
        *temporary_at(3, "T1"),
        s(EP, 3, "DEC", "05/12/2024"),
        s(EP, 3, "REC", "X1"),
        add(EP, f"C001,05/12/2024,P,C2,N1,{then},PR1,,,,LS1 1AA,LS2 3AA,XXXXXXX"),
    )


def placed_with_parents():
    return (s(EP, 4, "PLACE", "P1"), s(EP, 4, "PLACE_PROVIDER", "PR0"))


FIVE_SHORT_BREAKS = [short_break(f"01/{m:02}/2024", f"17/{m:02}/2024") for m in range(5, 10)]
HOLIDAYS = [(f"01/{m:02}/2024", "V2", "T3", f"05/{m:02}/2024", "LS2 3AA") for m in (6, 7, 8)]

DATE_CASES = [
    Case("102", (s(HEADER, 1, "DOB", ""),), (), "a blank date of birth"),
    Case("171", (s(HEADER, 1, "MC_DOB", "31/02/2020"),), (s(HEADER, 1, "MC_DOB", "29/02/2024"),)),
    Case("104", (s("uasc.csv", 1, "DUC", "31/02/2024"),), (s("uasc.csv", 1, "DUC", "29/02/2024"),)),
    Case("112", ad1(s("ad1.csv", 1, "DATE_INT", "2025-03-10")), ad1()),
    Case(
        "113",
        ad1(s("ad1.csv", 1, "DATE_MATCH", "31/04/2025")),
        ad1(s("ad1.csv", 1, "DATE_MATCH", "30/04/2025")),
    ),
    Case("115", (s("placedadoption.csv", 1, "DATE_PLACED", "10/3/2025"),), ()),
    Case(
        "116",
        (
            s("placedadoption.csv", 1, "DATE_PLACED_CEASED", "30/02/2025"),
            s("placedadoption.csv", 1, "REASON_PLACED_CEASED", "RD1"),
        ),
        (
            s("placedadoption.csv", 1, "DATE_PLACED_CEASED", "20/03/2025"),
            s("placedadoption.csv", 1, "REASON_PLACED_CEASED", "RD1"),
        ),
    ),
    Case("141", (s(EP, 1, "DECOM", "15/05/24"),), ()),
    Case("166", (s("reviews.csv", 1, "REVIEW", ""),), (), "blank"),
    Case("166", (s("reviews.csv", 1, "REVIEW", "31/06/2024"),), (), "invalid"),
    Case("1004", (s("missing.csv", 1, "MIS_START", "1/6/2024"),), ()),
    Case("1005", (s("missing.csv", 1, "MIS_END", "03-06-2024"),), ()),
    Case("SW04STG1", (s("swepisodes.csv", 1, "SW_DECOM", "15/13/2024"),), ()),
    Case("SW05STG1", (s("swepisodes.csv", 1, "SW_DEC", "32/01/2025"),), ()),
]

HEADER_CASES = [
    Case(
        "174",
        (s(HEADER, 2, "MC_DOB", "01/01/2024"),),
        (s(HEADER, 1, "MC_DOB", "01/01/2024"),),
        "C002 is a boy; C001 a girl",
    ),
    Case("232", (s(HEADER, 2, "SEX", "U"),), ()),
    Case(
        "301",
        (s(HEADER, 1, "DOB", "01/04/2025"),),
        (s(HEADER, 1, "DOB", "31/03/2025"),),
        "born after the year ended; on its last day",
    ),
    Case(
        "351",
        (s(HEADER, 3, "DOB", "31/03/1999"),),
        (s(HEADER, 3, "DOB", "01/04/1999"),),
        "25 the day before the year began; on its first day",
    ),
    Case("210", (s(HEADER, 2, "UPN", "UN4"),), (s(HEADER, 4, "UPN", "UN4"),), "C004 left care"),
    Case(
        "231",
        (s(HEADER, 2, "DOB", "01/04/2014"),),
        (s(HEADER, 2, "DOB", "31/03/2014"),),
        "C002 (UASC) 10 at the end of the year; 11 that day",
    ),
    Case(
        "304",
        (s("uasc.csv", 1, "DUC", "15/07/2030"),),
        (s("uasc.csv", 1, "DUC", "14/07/2030"),),
        "the day after the 18th birthday; on it",
    ),
]

AGE_CASES = [
    Case(
        "352",
        (s(HEADER, 1, "DOB", "15/05/2006"),),
        (s(HEADER, 1, "DOB", "16/05/2006"),),
        "18 on the day care began; 17",
    ),
    Case(
        "358",
        (s(EP, 4, "LS", "J1"),),
        (s(EP, 4, "LS", "J1"), s(HEADER, 2, "DOB", "01/02/2012")),
        "9 at DECOM; 10 that day",
    ),
    Case(
        "359",
        (s(HEADER, 2, "DOB", "14/07/2006"), s(EP, 4, "LS", "C2")),
        (s(HEADER, 2, "DOB", "14/07/2006"),),
        "over 18 under a care order; under V2 in a children's home",
    ),
    Case(
        "371",
        (s(EP, 4, "PLACE", "K3"),),
        (s(EP, 4, "PLACE", "K3"), s(HEADER, 2, "DOB", "01/02/2006")),
    ),
    Case(
        "372",
        (s(EP, 4, "PLACE", "R5"),),
        (s(EP, 4, "PLACE", "R5"), s(HEADER, 2, "DOB", "01/02/2012")),
    ),
    Case(
        "373",
        (s(HEADER, 1, "DOB", "16/05/2020"), s(EP, 1, "PLACE", "S1")),
        (s(HEADER, 1, "DOB", "15/05/2020"), s(EP, 1, "PLACE", "S1")),
    ),
    Case(
        "374",
        (s(EP, 4, "PLACE", "P3"),),
        (s(EP, 4, "PLACE", "P3"), s(HEADER, 2, "DOB", "01/02/2008")),
    ),
    Case(
        "386",
        (s(EP, 5, "REC", "E11"), s(EP, 5, "PLACE", "A4"), s(HEADER, 4, "DOB", "20/09/2006")),
        (s(EP, 5, "REC", "E11"), s(EP, 5, "PLACE", "A4"), s(HEADER, 4, "DOB", "21/09/2006")),
    ),
    Case(
        "387", (s(EP, 5, "REC", "E5"),), (s(EP, 5, "REC", "E5"), s(HEADER, 4, "DOB", "20/09/2010"))
    ),
    Case(
        "389", (s(EP, 5, "REC", "E7"),), (s(EP, 5, "REC", "E7"), s(HEADER, 4, "DOB", "20/09/2008"))
    ),
]

EPISODE_CASES = [
    Case("148", (s(EP, 5, "REC", ""),), (), "DEC without REC"),
    Case("148", (s(EP, 4, "REC", "E8"),), (), "REC without DEC"),
    Case(
        "354",
        (s(EP, 3, "DECOM", "01/04/2025"),),
        (s(EP, 3, "DECOM", "31/03/2025"),),
    ),
    Case("353", (s(EP, 4, "DECOM", "13/10/1991"),), (s(EP, 4, "DECOM", "14/10/1991"),)),
    Case("355", (s(EP, 2, "DEC", "10/09/2024"),), (s(EP, 2, "DEC", "11/09/2024"),)),
    Case("357", (s(EP, 1, "RNE", "P"),), (), "C001's first episode ever is in the year"),
    Case("361", legal_status("L1", "30/06/2024"), legal_status("L1", "18/05/2024"), "3 days"),
    Case("362", legal_status("L2", "06/06/2024"), legal_status("L2", "05/06/2024"), "21 days"),
    Case("363", legal_status("L3", "23/05/2024"), legal_status("L3", "22/05/2024"), "7 days"),
    Case("364", legal_status("J2", "06/06/2024"), legal_status("J2", "05/06/2024"), "21 days"),
    Case(
        "365",
        c003(short_break("01/06/2024", "19/06/2024")),
        c003(short_break("01/06/2024", "18/06/2024")),
        "18 days; 17",
    ),
    Case(
        "366",
        (*c003(short_break("01/06/2024", "05/06/2024")), s(EP, 6, "RNE", "P")),
        c003(short_break("01/06/2024", "05/06/2024")),
    ),
    Case("367", c003(*FIVE_SHORT_BREAKS), c003(*FIVE_SHORT_BREAKS[:4]), "80 days; 64"),
    Case("375", c003(temporary("T1", "14/07/2024")), c003(temporary("T1", "13/07/2024"))),
    Case("376", c003(temporary("T3", "23/06/2024")), c003(temporary("T3", "22/06/2024"))),
    Case("379", c003(temporary("T4", "09/06/2024")), c003(temporary("T4", "08/06/2024"))),
    Case("377", c003(*HOLIDAYS), c003(*HOLIDAYS[:2]), "three T3 placements in the year; two"),
    Case("378", placed_with_parents(), (*placed_with_parents(), s(EP, 4, "LS", "C2"))),
    Case("380", temporary_at(1), temporary_at(2), "RNE S; RNE P"),
    Case("381", temporary_at(5), temporary_at(2), "REC E45; REC X1"),
    Case(
        "382",
        c003(short_break("01/06/2024", "05/06/2024", "T1")),
        c003(short_break("01/06/2024", "05/06/2024")),
    ),
    Case(
        "383",
        temporary_at(2, "T1"),
        (
            *temporary_at(2, "T1"),
            s(EP, 3, "PLACE", "U6"),
            s(EP, 3, "RNE", "P"),
            s(EP, 3, "LS", "C1"),
        ),
        "U6, T1, then U4 with RNE L; then back to U6 with RNE P",
    ),
    Case(
        "383",
        (*hospital_stay_with_a_care_order("U4"),),
        (*hospital_stay_with_a_care_order("U6"),),
        "a care order made in hospital (RNE L, still T1), then U4; then back to U6",
    ),
    Case(
        "384",
        c003(short_break("01/06/2024", "05/06/2024", "U1")),
        c003(short_break("01/06/2024", "05/06/2024", "U3")),
    ),
    Case(
        "199",
        (
            s(EP, 5, "REC", "E11"),
            s(EP, 5, "PLACE", "A4"),
            add(EP, "C004,01/12/2024,S,C2,N1,U1,PR1,,,,WF1 2AA,WF2 7AA,XXXXXXX"),
        ),
        (add(EP, "C004,01/12/2024,S,C2,N1,U1,PR1,,,,WF1 2AA,WF2 7AA,XXXXXXX"),),
        "adopted, then in care again; left with an SGO",
    ),
    Case(
        "336",
        (s(EP, 1, "PLACE", "K2"), s(EP, 2, "PLACE", "A3"), s(EP, 2, "RNE", "T")),
        (s(EP, 2, "PLACE", "A3"), s(EP, 2, "RNE", "T")),
        "A3 after a children's home; after U6",
    ),
    Case(
        "390",
        (s(EP, 5, "REC", "E11"),),
        (s(EP, 5, "REC", "E11"), s(EP, 5, "PLACE", "A4")),
    ),
    Case(
        "214",
        c003(short_break("01/06/2024", "05/06/2024", post="LS2 3AA")),
        c003(short_break("01/06/2024", "05/06/2024")),
    ),
    Case("222", (s(EP, 4, "PLACE", "R1"),), (s(EP, 4, "PLACE", "R1"), s(EP, 4, "URN", ""))),
    Case(
        "242",
        (s(EP, 4, "URN", "XXXXXXX"),),
        (),
        "a children's home with the placeholder (2025-26); foster placements keep it",
        2026,
    ),
    Case(
        "233",
        (s(EP, 4, "REASON_PLACE_CHANGE", "CARPL"),),
        (),
        "an open episode with a reason for a change (2025-26)",
        2026,
    ),
    Case(
        "234",
        (s(EP, 1, "REASON_PLACE_CHANGE", "CUSTOD"),),
        (s(EP, 1, "REASON_PLACE_CHANGE", "CUSTOD"), s(HEADER, 1, "DOB", "01/06/2015")),
        "9 at the change; 10",
        2026,
    ),
    Case(
        "392d",
        (s(EP, 1, "PL_POST", "ls1 1aa"),),
        (
            s(EP, 1, "PL_POST", "LS1 1AA"),
            s(EP, 1, "PLACE", "P1"),
            s(EP, 1, "PLACE_PROVIDER", "PR0"),
        ),
        "the same postcode, however written; P1 may share it",
    ),
]

CASES = DATE_CASES + HEADER_CASES + AGE_CASES + EPISODE_CASES
# Date rules of years after the fixture's (test_ssda903_dfe_rules_episodes has their test).
LATER_YEAR_RULES = ("700", "701")
# Rules comparing the Header with what is already recorded (their tests set the record).
RECORD_RULES = ("202", "203", "204", "207", "208")

# Where each case's rule must land: (file, line, column) of every error it draws (the file's
# line counts the header as 1). test_ssda903_dfe_rules_episodes checks it.
WHERE = {
    ("102", "a blank date of birth"): [("header.csv", 2, "DOB")],
    ("171", ""): [("header.csv", 2, "MC_DOB")],
    ("104", ""): [("uasc.csv", 2, "DUC")],
    ("112", ""): [("ad1.csv", 2, "DATE_INT")],
    ("113", ""): [("ad1.csv", 2, "DATE_MATCH")],
    ("115", ""): [("placedadoption.csv", 2, "DATE_PLACED")],
    ("116", ""): [("placedadoption.csv", 2, "DATE_PLACED_CEASED")],
    ("141", ""): [("episodes.csv", 2, "DECOM")],
    ("166", "blank"): [("reviews.csv", 2, "REVIEW")],
    ("166", "invalid"): [("reviews.csv", 2, "REVIEW")],
    ("1004", ""): [("missing.csv", 2, "MIS_START")],
    ("1005", ""): [("missing.csv", 2, "MIS_END")],
    ("SW04STG1", ""): [("swepisodes.csv", 2, "SW_DECOM")],
    ("SW05STG1", ""): [("swepisodes.csv", 2, "SW_DEC")],
    ("174", "C002 is a boy; C001 a girl"): [("header.csv", 3, "MC_DOB")],
    ("232", ""): [("header.csv", 3, "SEX")],
    ("301", "born after the year ended; on its last day"): [("header.csv", 2, "DOB")],
    ("351", "25 the day before the year began; on its first day"): [("header.csv", 4, "DOB")],
    ("210", "C004 left care"): [("header.csv", 3, "UPN")],
    ("231", "C002 (UASC) 10 at the end of the year; 11 that day"): [("header.csv", 3, "DOB")],
    ("304", "the day after the 18th birthday; on it"): [("uasc.csv", 2, "DUC")],
    ("352", "18 on the day care began; 17"): [("episodes.csv", 2, "DECOM")],
    ("358", "9 at DECOM; 10 that day"): [("episodes.csv", 5, "LS")],
    ("359", "over 18 under a care order; under V2 in a children's home"): [
        ("episodes.csv", 5, "LS")
    ],
    ("371", ""): [("episodes.csv", 5, "PLACE")],
    ("372", ""): [("episodes.csv", 5, "PLACE")],
    ("373", ""): [("episodes.csv", 2, "PLACE")],
    ("374", ""): [("episodes.csv", 5, "PLACE")],
    ("386", ""): [("episodes.csv", 6, "REC")],
    ("387", ""): [("episodes.csv", 6, "REC")],
    ("389", ""): [("episodes.csv", 6, "REC")],
    ("148", "DEC without REC"): [("episodes.csv", 6, "REC")],
    ("148", "REC without DEC"): [("episodes.csv", 5, "DEC")],
    ("354", ""): [("episodes.csv", 4, "DECOM")],
    ("353", ""): [("episodes.csv", 5, "DECOM")],
    ("355", ""): [("episodes.csv", 3, "DEC")],
    ("357", "C001's first episode ever is in the year"): [("episodes.csv", 2, "RNE")],
    ("361", "3 days"): [("episodes.csv", 2, "LS")],
    ("362", "21 days"): [("episodes.csv", 2, "LS")],
    ("363", "7 days"): [("episodes.csv", 2, "LS")],
    ("364", "21 days"): [("episodes.csv", 2, "LS")],
    ("365", "18 days; 17"): [("episodes.csv", 7, "DEC")],
    ("366", ""): [("episodes.csv", 7, "RNE")],
    ("367", "80 days; 64"): [
        ("episodes.csv", 7, "LS"),
        ("episodes.csv", 8, "LS"),
        ("episodes.csv", 9, "LS"),
        ("episodes.csv", 10, "LS"),
        ("episodes.csv", 11, "LS"),
    ],
    ("375", ""): [("episodes.csv", 7, "DEC")],
    ("376", ""): [("episodes.csv", 7, "DEC")],
    ("379", ""): [("episodes.csv", 7, "DEC")],
    ("377", "three T3 placements in the year; two"): [("episodes.csv", 9, "PLACE")],
    ("378", ""): [("episodes.csv", 5, "PLACE")],
    ("380", "RNE S; RNE P"): [("episodes.csv", 2, "PLACE")],
    ("381", "REC E45; REC X1"): [("episodes.csv", 6, "PLACE")],
    ("382", ""): [("episodes.csv", 7, "PLACE")],
    ("383", "U6, T1, then U4 with RNE L; then back to U6 with RNE P"): [
        ("episodes.csv", 3, "PLACE")
    ],
    ("383", "a care order made in hospital (RNE L, still T1), then U4; then back to U6"): [
        ("episodes.csv", 3, "PLACE"),
        ("episodes.csv", 4, "PLACE"),
    ],
    ("384", ""): [("episodes.csv", 7, "PLACE")],
    ("199", "adopted, then in care again; left with an SGO"): [("episodes.csv", 7, "CHILD")],
    ("336", "A3 after a children's home; after U6"): [("episodes.csv", 3, "PLACE")],
    ("390", ""): [("episodes.csv", 6, "REC")],
    ("214", ""): [("episodes.csv", 7, "PL_POST")],
    ("222", ""): [("episodes.csv", 5, "URN")],
    ("242", "a children's home with the placeholder (2025-26); foster placements keep it"): [
        ("episodes.csv", 5, "URN")
    ],
    ("233", "an open episode with a reason for a change (2025-26)"): [
        ("episodes.csv", 5, "REASON_PLACE_CHANGE")
    ],
    ("234", "9 at the change; 10"): [("episodes.csv", 2, "REASON_PLACE_CHANGE")],
    ("392d", "the same postcode, however written; P1 may share it"): [
        ("episodes.csv", 2, "PL_POST")
    ],
}
