"""A corpus of broken returns, one (at least) per DfE rule our validator covers.

Each case names the DfE code it must draw, the changes that break the fixture year (2024-25,
tests/placements/fixtures/ssda903/2025) and the changes at the rule's edge that must not draw
it. Row numbers count data rows from 1 (the file's second line). The cell rules (one value in
one column) are in test_ssda903_validation.CELL_RULES; the history rules (562, NoE) need the
history we hold and have their own tests.
"""

from dataclasses import dataclass

AD1_COLUMNS = [
    "CHILD",
    "DOB",
    "DATE_INT",
    "DATE_MATCH",
    "FOSTER_CARE",
    "NB_ADOPTR",
    "SEX_ADOPTR",
    "LS_ADOPTR",
]
AD1_ROW = ["C001", "03/02/2016", "10/03/2025", "12/03/2025", "0", "2", "MF", "L11"]
NEW_EPISODE = "C999,01/06/2024,S,C1,N1,U4,PR1,,,,LS1 1AA,LS6 2AA,XXXXXXX"
NOT_A_POSTCODE = "ZZ9 9ZZ"


@dataclass(frozen=True)
class Case:
    code: str
    breaks: tuple
    edge: tuple
    note: str = ""
    year: int = 2025  # the fixture year broken


def s(file, row, column, value):
    return ("set", file, row, column, value)


def add(file, line):
    return ("add", file, line.split(",") if isinstance(line, str) else line)


def ad1(*changes):
    return (("file", "ad1.csv", [AD1_COLUMNS, list(AD1_ROW)]), *changes)


def dup(file, row):
    return ("dup", file, row)


CASES = [
    Case("114", ad1(s("ad1.csv", 1, "FOSTER_CARE", "2")), ad1(), "FOSTER_CARE 0 or 1"),
    Case("175", ad1(s("ad1.csv", 1, "NB_ADOPTR", "3")), ad1(s("ad1.csv", 1, "NB_ADOPTR", "1"))),
    Case("176", ad1(s("ad1.csv", 1, "SEX_ADOPTR", "XX")), ad1(s("ad1.csv", 1, "SEX_ADOPTR", "M1"))),
    Case("177", ad1(s("ad1.csv", 1, "LS_ADOPTR", "L9")), ad1(s("ad1.csv", 1, "LS_ADOPTR", "L2"))),
    Case(
        "120",
        (
            s("placedadoption.csv", 1, "DATE_PLACED_CEASED", "20/03/2025"),
            s("placedadoption.csv", 1, "REASON_PLACED_CEASED", "RD9"),
        ),
        (
            s("placedadoption.csv", 1, "DATE_PLACED_CEASED", "20/03/2025"),
            s("placedadoption.csv", 1, "REASON_PLACED_CEASED", "RD1"),
        ),
    ),
    Case(
        "142",
        (s("episodes.csv", 2, "DEC", ""), s("episodes.csv", 2, "REC", "")),
        (),
        "an episode with no end before another",
    ),
    Case("501", (s("episodes.csv", 1, "DEC", "11/09/2024"),), ()),
    Case(
        "433",
        (s("episodes.csv", 2, "DECOM", "11/09/2024"),),
        (s("episodes.csv", 2, "DECOM", "10/09/2024"),),
        "RNE P a day after the DEC before",
    ),
    Case(
        "388",
        (s("episodes.csv", 5, "REC", "X1"),),
        (s("episodes.csv", 5, "REC", "E45"),),
        "the year's last episode ends X1",
    ),
    Case(
        "392b",
        (s("episodes.csv", 1, "HOME_POST", ""),),
        (s("episodes.csv", 4, "HOME_POST", ""),),
        "edge: a former UASC child (in the UASC table) may have none",
    ),
    Case(
        "392c",
        (s("episodes.csv", 1, "HOME_POST", NOT_A_POSTCODE),),
        (s("episodes.csv", 1, "HOME_POST", "LS1 1AA"),),
    ),
    Case(
        "169",
        (s("episodes.csv", 1, "PL_POST", NOT_A_POSTCODE),),
        (s("episodes.csv", 1, "PL_POST", "LS6 2AA"),),
    ),
    Case(
        "179",
        (s("episodes.csv", 3, "PL_POST", ""),),
        (s("episodes.csv", 3, "PL_POST", "LS2 3AA"),),
    ),
    Case(
        "213",
        (s("episodes.csv", 4, "PLACE", "T1"),),
        (s("episodes.csv", 4, "PLACE", "T1"), s("episodes.csv", 4, "PLACE_PROVIDER", "")),
    ),
    Case(
        "217",
        (s("episodes.csv", 2, "PLACE", "A3"),),
        (s("episodes.csv", 2, "PLACE", "A3"), s("episodes.csv", 2, "RNE", "T")),
        "an A3 placement that starts with RNE P",
    ),
    Case(
        "225",
        (s("episodes.csv", 1, "REASON_PLACE_CHANGE", ""),),
        (s("episodes.csv", 1, "REASON_PLACE_CHANGE", "CARPL"),),
    ),
    Case(
        "226",
        (s("episodes.csv", 2, "REASON_PLACE_CHANGE", "CHILD"),),
        (s("episodes.csv", 2, "REASON_PLACE_CHANGE", ""),),
        "the next episode is RNE L: no placement change",
    ),
    Case(
        "527",
        (s("episodes.csv", 4, "PLACE", "P1"), s("episodes.csv", 4, "PLACE_PROVIDER", "PR1")),
        (s("episodes.csv", 4, "PLACE", "P1"), s("episodes.csv", 4, "PLACE_PROVIDER", "PR0")),
    ),
    Case(
        "528",
        (s("episodes.csv", 4, "PLACE", "P1"), s("episodes.csv", 4, "PLACE_PROVIDER", "PR2")),
        (s("episodes.csv", 4, "PLACE", "P1"), s("episodes.csv", 4, "PLACE_PROVIDER", "PR0")),
    ),
    Case(
        "530",
        (s("episodes.csv", 4, "PLACE", "P1"), s("episodes.csv", 4, "PLACE_PROVIDER", "PR4")),
        (s("episodes.csv", 4, "PLACE", "P1"), s("episodes.csv", 4, "PLACE_PROVIDER", "PR0")),
    ),
    Case(
        "531",
        (s("episodes.csv", 4, "PLACE", "P1"), s("episodes.csv", 4, "PLACE_PROVIDER", "PR5")),
        (s("episodes.csv", 4, "PLACE", "P1"), s("episodes.csv", 4, "PLACE_PROVIDER", "PR0")),
    ),
    Case(
        "550",
        (s("episodes.csv", 4, "PLACE_PROVIDER", "PR0"),),
        (s("episodes.csv", 4, "PLACE_PROVIDER", "PR4"),),
    ),
    Case(
        "546",
        (s("oc2.csv", 1, "HEALTH_CHECK", "1"),),
        (s("oc2.csv", 1, "HEALTH_CHECK", ""),),
        "a child of 12 looked after all year",
    ),
    Case(
        "630",
        (s("prevperm.csv", 1, "PREV_PERM", "P1"),),
        (
            s("prevperm.csv", 1, "PREV_PERM", "P1"),
            s("prevperm.csv", 1, "LA_PERM", "383"),
            s("prevperm.csv", 1, "DATE_PERM", "01/01/2020"),
        ),
        "P1 needs the council and the date; Z1 does not",
    ),
    Case(
        "1012",
        (add("reviews.csv", "C003,10/10/2005,01/06/2024,PN1"),),
        (add("reviews.csv", "C004,21/11/2010,01/06/2024,PN1"),),
        "C003 has no episodes in the return; C004 has",
    ),
    Case("INT01", ad1(s("ad1.csv", 1, "CHILD", "C999")), ad1()),
    Case("INT02", (s("placedadoption.csv", 1, "CHILD", "C999"),), ()),
    Case("INT03", (add("episodes.csv", NEW_EPISODE),), ()),
    Case("INT04", (s("missing.csv", 1, "CHILD", "C999"),), ()),
    Case("INT05", (s("oc2.csv", 1, "CHILD", "C999"),), ()),
    Case("INT06", (s("oc3.csv", 1, "CHILD", "C999"),), ()),
    Case("INT07", (s("prevperm.csv", 1, "CHILD", "C999"),), ()),
    Case("INT08", (s("reviews.csv", 1, "CHILD", "C999"),), ()),
    Case("INT09", (s("uasc.csv", 1, "CHILD", "C999"),), ()),
    Case(
        "SW02STG1",
        (s("swepisodes.csv", 1, "SW_ID", "AB1"),),
        (s("swepisodes.csv", 1, "SW_ID", "XX1"),),
    ),
    Case("SW08STG2", (s("swepisodes.csv", 1, "SW_DEC", ""),), ()),
    Case(
        "SW09STG2",
        (s("swepisodes.csv", 1, "SW_DEC", "15/05/2024"),),
        (s("swepisodes.csv", 1, "SW_DEC", "16/05/2024"),),
        "ended the day it began; the next day is enough",
    ),
    Case("SW10STG2", (s("swepisodes.csv", 1, "SW_DEC", "02/01/2025"),), ()),
    Case(
        "SW17STG2",
        (s("swepisodes.csv", 3, "SW_DEC", "01/03/2026"),),
        (s("swepisodes.csv", 1, "SW_DEC", "01/03/2026"),),
        "C002 is looked after at 31 March; C001 left care in February",
        2026,
    ),
    Case(
        "SW18STG2",
        (s("swepisodes.csv", 1, "SW_DEC", "31/12/2024"),),
        (s("swepisodes.csv", 1, "SW_DEC", "01/01/2025"),),
        "",
        2026,
    ),
    Case(
        "SW19STG2",
        (add("swepisodes.csv", "C002,14/07/2012,SW8,01/05/2025,,"),),
        (add("swepisodes.csv", "C002,14/07/2012,SW8,02/05/2025,,"),),
        "",
        2026,
    ),
    Case("INT32", (dup("header.csv", 1),), ()),
    Case("INT33", (dup("oc2.csv", 1),), ()),
    Case("INT34", (dup("oc3.csv", 1),), ()),
    Case("INT36", (dup("uasc.csv", 1),), ()),
]
# Rules checked against the history we hold (test_ssda903_dfe_rules has their tests).
HISTORY_RULES = ("562", "NoE")
# 1015 needs the council's ONS codes (its test sets them).
SETTINGS_RULES = ("1015", "411")


def apply(tables, changes):
    for change in changes:
        kind = change[0]
        if kind == "set":
            _kind, file, row, column, value = change
            columns = tables[file][0]
            tables[file][row][columns.index(column)] = value
        elif kind == "add":
            tables[change[1]].append(list(change[2]))
        elif kind == "dup":
            tables[change[1]].append(list(tables[change[1]][change[2]]))
        elif kind == "file":
            tables[change[1]] = [list(r) for r in change[2]]
    return tables


# Each engineer's rules keep their cases in a file of their own; they build on this module's
# Case, so they come last.
from tests.placements import ssda903_corpus_adoption_outcomes as _adoption_outcomes  # noqa: E402
from tests.placements import ssda903_corpus_episodes as _episodes  # noqa: E402
from tests.placements import ssda903_corpus_later as _later  # noqa: E402
from tests.placements import ssda903_corpus_social_workers as _social_workers  # noqa: E402

CASES += _adoption_outcomes.CASES + _episodes.CASES + _later.CASES + _social_workers.CASES
HISTORY_RULES += _adoption_outcomes.HISTORY_RULES + _later.HISTORY_RULES
