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
    "ORDER": "Dates out of order within one row.",
    "DUP": "A key repeated within a table where no DfE rule names it.",
    "CHILD": "A child identifier is blank.",
    "OVERLAP": "Social worker episodes of one child overlap.",
    "CONTIG": "An episode after REC X1 starts with RNE S.",
    "RNE": "RNE does not say what changed between two joined episodes.",
    "REC": "DEC given without REC, or the other way round.",
    "YEAR": "A date outside the collection year.",
    "PO": "A placement for adoption under a placement order with no order before it.",
    "ADOPT": "Adopted with no placement for adoption before it.",
    "OC3": "OC3 for a young person outside the care-leaver cohort.",
    "PERIOD": "A review outside the child's periods of care.",
    "NUM": "Not a number, or not 0/1.",
    "SW01": "SW_ID blank or too long.",
    "SW13": "SW_REASON not a valid code.",
    "LOWER": "A code typed in lower case (the DfE's checks read it upper case).",
    "URN": "An Ofsted URN that is not 7 characters (SC + 6 digits, 6 digits, or XXXXXXX).",
    "HIST": "The history we hold does not cover the previous year: history rules were not run.",
}


def source(code):
    """'DfE rule' for a DfE code, 'our check' for one of ours."""
    return DFE if code in all_rules() else OURS


# DfE rules our validator applies (docs/ssda903-rule-coverage.md lists the rest).
COVERED = frozenset(
    {
        "101",
        "103",
        "114",
        "120",
        "131",
        "132",
        "133",
        "142",
        "143",
        "144",
        "145",
        "146",
        "149",
        "165",
        "167",
        "168",
        "169",
        "175",
        "176",
        "177",
        "178",
        "179",
        "196",
        "209",
        "213",
        "217",
        "218",
        "225",
        "226",
        "388",
        "392b",
        "392c",
        "433",
        "501",
        "526",
        "527",
        "528",
        "529",
        "530",
        "531",
        "546",
        "550",
        "562",
        "630",
        "631",
        "1006",
        "1009",
        "1012",
        "1015",
        "INT01",
        "INT02",
        "INT03",
        "INT04",
        "INT05",
        "INT06",
        "INT07",
        "INT08",
        "INT09",
        "INT32",
        "INT33",
        "INT34",
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
