"""The DfE's SSDA903 validation rules as the DfE numbers and words them, per collection year.

`dfe_rules.json` holds one row per rule: its code, the DfE's message, the tables and fields it
reads, the first collection year we hold it for and the last year it applied (null while it
still applies). Collection years are keyed by the year ending 31 March (2026 is 2025-26). The
list was read from the DfE's published rule set as the sector's public validator carries it
(its rule codes and messages; none of its code). 2023 is the first year we hold, not
necessarily the year a rule came in.

Our own codes (`OUR_CHECKS`) are for faults no DfE rule covers: a file we cannot read, a column
missing, a table not in the layout, or a fault the DfE cannot see in its own layout.

`COVERED` lists the DfE rules our validator applies; docs/ssda903-rule-coverage.md says which
rules are covered and why the others are not yet, and a test keeps the two in step.
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).with_name("dfe_rules.json")
DFE = "DfE rule"
OURS = "our check"


@dataclass(frozen=True)
class DfeRule:
    code: str
    message: str
    tables: tuple[str, ...]
    fields: tuple[str, ...]
    first_year: int
    last_year: int | None

    def applies_in(self, year):
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)


@cache
def all_rules():
    """Every DfE rule we hold, by code (a code withdrawn and never reused keeps its years)."""
    rows = json.loads(DATA.read_text(encoding="utf-8"))
    return {
        r["code"]: DfeRule(
            code=r["code"],
            message=r["message"],
            tables=tuple(r["tables"]),
            fields=tuple(r["fields"]),
            first_year=r["first_year"],
            last_year=r["last_year"],
        )
        for r in rows
    }


def rules_for_year(year):
    """The DfE rules in force for a collection year (years before or after those we hold are
    read as the nearest year we hold)."""
    first = min(r.first_year for r in all_rules().values())
    year = max(year, first)
    return {code: rule for code, rule in all_rules().items() if rule.applies_in(year)}


def message(code):
    """The DfE's words for a rule."""
    return all_rules()[code].message


# Our own codes: faults no DfE rule names.
OUR_CHECKS = {
    "FILE": "A required table (Header or Episodes) is missing.",
    "COLS": "A column of the DfE layout is missing from a table.",
    "DATE": "A date is not a dd/mm/YYYY date.",
    "ORDER": "Dates out of order within one row where no DfE rule names it (e.g. AD1).",
    "DUP": "A key repeated within a table where no DfE rule names it.",
    "CHILD": "A child identifier is blank.",
    "OVERLAP": "Social worker episodes of one child overlap.",
    "REC": "DEC given without REC, or the other way round.",
    "YEAR": "A date outside the collection year.",
    "PERIOD": "A review outside the child's periods of care.",
    "NUM": "Not a number, or not 0/1.",
    "SW01": "SW_ID blank or too long.",
    "SW13": "SW_REASON not a valid code.",
    "LOWER": "A code typed in lower case (the DfE's checks read it upper case).",
    "URN": "An Ofsted URN that is not 7 characters (SC + 6 digits, 6 digits, or XXXXXXX).",
    "XML": "An XML return that is not well-formed or holds an element not in the layout.",
    "HIST": "The history we hold does not cover the previous year: history rules were not run.",
}


# The DfE's rule for a date that is not a dd/mm/YYYY date, by (table, column). A date no DfE
# rule names draws our DATE.
DATE_RULES = {
    ("Header", "DOB"): "102",
    ("Header", "MC_DOB"): "171",
    ("UASC", "DUC"): "104",
    ("AD1", "DATE_INT"): "112",
    ("AD1", "DATE_MATCH"): "113",
    ("PlacedAdoption", "DATE_PLACED"): "115",
    ("PlacedAdoption", "DATE_PLACED_CEASED"): "116",
    ("Episodes", "DECOM"): "141",
    ("Episodes", "DEC"): "147",
    ("Reviews", "REVIEW"): "166",
    ("Missing", "MIS_START"): "1004",
    ("Missing", "MIS_END"): "1005",
    ("SWEpisodes", "SW_DECOM"): "SW04STG1",
    ("SWEpisodes", "SW_DEC"): "SW05STG1",
    ("DoLo", "DOLO_START"): "700",
    ("DoLo", "DOLO_END"): "701",
}
# Required dates whose blank the DfE names under the same rule ("invalid or blank"; the date of
# birth, which the DfE's reading treats as invalid when blank). Other blank dates draw DATE.
BLANK_DATE_RULES = frozenset({("Header", "DOB"), ("Reviews", "REVIEW")})


def date_rule(table, column, year, *, blank=False):
    """The code for a bad date in `table`.`column`: the DfE's rule in force in `year`, else
    our DATE."""
    code = DATE_RULES.get((table, column))
    if code is None or (blank and (table, column) not in BLANK_DATE_RULES):
        return "DATE"
    return code if code in rules_for_year(year) else "DATE"


def source(code):
    """'DfE rule' for a DfE code, 'our check' for one of ours."""
    return DFE if code in all_rules() else OURS


# DfE rules our validator applies (docs/ssda903-rule-coverage.md lists the rest).
COVERED = frozenset(
    {
        "101",
        "102",
        "103",
        "104",
        "112",
        "113",
        "114",
        "115",
        "116",
        "117",
        "118",
        "119",
        "120",
        "131",
        "132",
        "133",
        "134",
        "141",
        "142",
        "143",
        "144",
        "145",
        "146",
        "147",
        "148",
        "149",
        "151",
        "153",
        "157",
        "158",
        "159",
        "165",
        "166",
        "167",
        "168",
        "169",
        "171",
        "174",
        "175",
        "176",
        "177",
        "178",
        "179",
        "180",
        "181",
        "182",
        "184",
        "185",
        "186",
        "187",
        "188",
        "189",
        "190",
        "191",
        "192",
        "193",
        "196",
        "197B",
        "197a",
        "198",
        "199",
        "202",
        "203",
        "204",
        "207",
        "208",
        "209",
        "210",
        "213",
        "214",
        "215",
        "217",
        "218",
        "222",
        "225",
        "226",
        "231",
        "232",
        "233",
        "234",
        "242",
        "301",
        "302",
        "304",
        "331",
        "333",
        "334",
        "335",
        "336",
        "344",
        "345",
        "347",
        "348",
        "351",
        "352",
        "353",
        "354",
        "355",
        "356",
        "357",
        "358",
        "359",
        "361",
        "362",
        "363",
        "364",
        "365",
        "366",
        "367",
        "371",
        "372",
        "373",
        "374",
        "375",
        "376",
        "377",
        "378",
        "379",
        "380",
        "381",
        "382",
        "383",
        "384",
        "385",
        "386",
        "387",
        "388",
        "389",
        "390",
        "391",
        "392b",
        "392c",
        "392d",
        "393",
        "398",
        "399",
        "406",
        "407",
        "408",
        "411",
        "420",
        "426",
        "431",
        "432",
        "433",
        "434",
        "435",
        "436",
        "437",
        "440",
        "441",
        "442",
        "444",
        "446",
        "452",
        "453",
        "454",
        "460",
        "501",
        "502",
        "503A",
        "503B",
        "503C",
        "503D",
        "503E",
        "503F",
        "503G",
        "503H",
        "503J",
        "504",
        "511",
        "514",
        "516",
        "517",
        "518",
        "519",
        "520",
        "521",
        "522",
        "523",
        "524",
        "525",
        "526",
        "527",
        "528",
        "529",
        "530",
        "531",
        "542",
        "543",
        "544",
        "545",
        "546",
        "547",
        "550",
        "551",
        "552",
        "553",
        "554",
        "557",
        "558",
        "559",
        "560",
        "561",
        "562",
        "563",
        "564",
        "565",
        "566",
        "567",
        "570",
        "571",
        "574",
        "575",
        "576",
        "577",
        "578",
        "579",
        "580",
        "581",
        "582",
        "583",
        "584",
        "586",
        "601",
        "602",
        "607",
        "611",
        "612",
        "620",
        "621",
        "624",
        "625",
        "626",
        "628",
        "630",
        "631",
        "632",
        "633",
        "634",
        "635",
        "700",
        "701",
        "702",
        "703",
        "704",
        "705",
        "706",
        "707",
        "708",
        "709",
        "710",
        "1000",
        "1001",
        "1002",
        "1003",
        "1004",
        "1005",
        "1006",
        "1007",
        "1009",
        "1010",
        "1011",
        "1012",
        "1014",
        "1015",
        "1016",
        "3001",
        "EPI",
        "INT01",
        "INT02",
        "INT03",
        "INT04",
        "INT05",
        "INT06",
        "INT07",
        "INT08",
        "INT09",
        "INT11",
        "INT12",
        "INT13",
        "INT14",
        "INT15",
        "INT16",
        "INT17",
        "INT18",
        "INT21",
        "INT31",
        "INT32",
        "INT33",
        "INT34",
        "INT35",
        "INT36",
        "NoE",
        "SW02STG1",
        "SW04STG1",
        "SW05STG1",
        "SW06STG2",
        "SW07STG2",
        "SW08STG2",
        "SW09STG2",
        "SW10STG2",
        "SW10aSTG2",
        "SW10bSTG2",
        "SW11bSTG2",
        "SW12STG2",
        "SW13STG1",
        "SW17STG2",
        "SW18STG2",
        "SW19STG2",
    }
)
