"""Write docs/ssda903-rule-coverage.md from the rules registry (placements/ssda903/rules.py).

    .venv/bin/python scripts/ssda903_rule_coverage.py [YEAR]

A test (tests/placements/test_ssda903_dfe_rules.py) checks the table agrees with the registry.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from placements.ssda903 import rules  # noqa: E402

HISTORY = "needs the previous year's return: to be checked against the history we hold"


OFSTED = "needs Ofsted's list of providers (the DfE's Provider Info), which we do not hold: not yet"
DISTANCE = "reads PL_DISTANCE, which is derived from the postcodes: not yet checked"
# Rules whose reason is their own (the rest are grouped by table below).
REASONS = {
    "105": "reads a UASC column of Header that only the XML return carries: our files hold "
    "UASC in its own table (INT09, 304); not yet with the XML return",
    "303": "reads the UASC column of Header (XML return only): not yet",
    **dict.fromkeys(
        ("205A", "205B", "205C", "205D"),
        "compares UASC status with last year's return: the record holds the status now, not "
        "the year's; not yet",
    ),
    "1008": OFSTED,
    "219": OFSTED,
    "221": OFSTED,
    "224": OFSTED,
    "227": OFSTED,
    "228": OFSTED,
    "229": OFSTED,
    "241": OFSTED,
    "243": OFSTED,
    "164": DISTANCE,
    "392a": DISTANCE,
}
LOCATION = "reads PL_LOCATION, derived from the placement postcode and the council's areas: not yet"


def why_not(rule):
    if rule.code in REASONS:
        return REASONS[rule.code]
    if any(t.endswith("_last") for t in rule.tables):
        return HISTORY
    if "PL_LOCATION" in rule.fields:
        return LOCATION
    if "DoLo" in rule.tables:
        return "deprivation of liberty (DoLo, from 2026-27): not yet"
    if "PL_DISTANCE" in rule.fields:
        return DISTANCE
    if rule.code.startswith("SW"):
        return "social worker episodes: not yet"
    if rule.code.startswith("INT"):
        return "internal consistency check: not yet"
    if "OC3" in rule.tables:
        return "care leavers: not yet"
    if "OC2" in rule.tables:
        return "outcomes (OC2): not yet"
    if {"AD1", "PlacedAdoption"} & set(rule.tables):
        return "adoption: not yet"
    return "not yet"


def main(year):
    in_force = rules.rules_for_year(year)
    covered = sorted(c for c in in_force if c in rules.COVERED)
    lines = [
        "# SSDA903: the DfE's validation rules we check",
        "",
        f"Collection year {year - 1}-{str(year)[2:]} ({len(in_force)} DfE rules in force). "
        f"Covered: **{len(covered)} of {len(in_force)} ({len(covered) / len(in_force):.0%})**.",
        "",
        "The rules, their codes and the DfE's messages are data in "
        "`placements/ssda903/dfe_rules.json` (with the first and last collection year each "
        "applies); `placements/ssda903/rules.py` reads them and says which we cover. Every "
        "covered rule has a broken return in `tests/placements/ssda903_corpus.py` (or a cell "
        "rule in `tests/placements/test_ssda903_validation.py`) that must draw its code, and an "
        "edge that must not. Our own codes (FILE, COLS, DATE, LOWER, URN, ...) are listed in "
        "`rules.OUR_CHECKS`: faults no DfE rule names.",
        "",
        "The history rules (562, NoE; 502, 503A-503J, 452 and 453 on the first episode of the "
        "year against the one held open at 31 March; 576 and 706 on the missing periods and "
        "DoLOs held open then; 624 and 626 on the mother recorded last year) are checked "
        "against the children's history in the database when it covers the previous year; "
        "when it does not, they are not run and do not guess (the import says so in a warning "
        "for those on episodes). So are the care leaver rules 1001 and 1002 (run for a "
        "young person when the history covers every year since their 14th birthday), 1010, "
        "the adoption decision rules 559, 560, 561 and 584 (against the adoption plans "
        "held from before the year, when the history covers the previous year) and 348 "
        "(against the care leaver contacts held from earlier years' OC3). The rules comparing "
        "the Header with last year's (202, 203, 204, 207, 208) compare it with what is "
        "recorded for the child. The rules on what changed between two episodes (434-436, "
        "504) compare the year's first episode with the last one held. "
        "The DfE's specification looks only at DoLOs with both dates for 709 and 710 (the "
        "public validator reads a PLACEMENT column the Episodes table does not have, so never "
        "raises them); 503A-503J compare the first episode only when it is the one held (same "
        "DECOM), 502 names it otherwise.",
        "",
        "Where we read a rule differently from the public validator: 630 leaves series of "
        'short breaks (V3/V4) out; SW09STG2 ("less than 24 hours") flags an episode that '
        "ended the day it began, where the public validator flags under 3 days; SW17STG2 is "
        "asked only of children looked after at 31 March; 186 asks for an SDQ score or a "
        "reason for none (the public validator also flags a score without a reason); 197B "
        "does not ask it of a young person who turned 17 on 1 April (17 at the start of the "
        "year, whom 189 says to leave out); 1001 "
        "counts all the time in care we hold since the 14th birthday, not only the last two "
        "years, and leaves no young person out for age; 553 is asked of placement orders in "
        "the year's episodes; 1016 takes a young person who left care on their 17th or 18th "
        "birthday as leaving on it, not after it (the public validator flags a DEC on the "
        "birthday), as the care-leaver figures count them. SW13STG1 reads SW_REASON as the "
        "DfE does: the reason for the "
        "change that began the episode (FCONTA, first contact, for a child's first), needed "
        "on every episode begun from April 2023. SW10bSTG2 flags a first contact that begins "
        "before the episode before ended (the public validator also flags one beginning the "
        "day it ended); SW11bSTG2, as the public validator reads it, asks only of episodes "
        "that ended in the last five days before 31 March; SW12STG2 asks that a child looked "
        "after at 31 March has social worker episodes from 1 April or from the day the "
        "child's care in the year began.",
        "",
        "A date that is not dd/mm/YYYY draws the DfE's rule for its column (102, 141, 147, ... "
        "in `rules.DATE_RULES`); a required date left blank draws it where the DfE's words or "
        "reading cover a blank (102, 166), and our DATE otherwise. 210 (UN4) is read as the "
        "DfE words it: a child looked after at 31 March in a period of care that began more "
        "than a week before (the public validator flags a UN4 child whose episode began in the "
        "last week). 336 asks for a foster or adoption placement before A3 and A5 (placed with "
        "the current foster carer), as the DfE's specification says (the public validator "
        "reads A3 and A4). 358 flags a youth-justice legal status before the 10th birthday (the "
        "public validator also on it). 361-364 measure joined episodes of one legal status; "
        "364 (PACE) uses the public validator's 21 days, the DfE's words giving no number. An "
        "open episode counts as lasting to 31 March, or to the latest date the Episodes file "
        "records if earlier (an extract taken during the year), for 359, 361-365, 367, 375, "
        "376 and 379. 222 leaves H5 and P2 out in 2022-23 too (they need a URN from 2023-24, "
        "so a placement open over 31 March 2023 keeps it). 383 takes a change of legal status "
        "during a temporary placement (RNE L, the same placement) as part of it. 390 asks for "
        "a placement for adoption in the period of care that ends in adoption, not only in the "
        "last episode.",
        "",
        "Written by `scripts/ssda903_rule_coverage.py`; a test checks it agrees with the registry.",
        "",
        "| Rule | State | Tables | Why not yet | The DfE's message |",
        "|---|---|---|---|---|",
    ]

    def key(code):
        digits = "".join(ch for ch in code if ch.isdigit())
        return (not code[0].isdigit(), int(digits or 0), code)

    for code in sorted(in_force, key=key):
        rule = in_force[code]
        state = "covered" if code in rules.COVERED else "not yet"
        why = "" if code in rules.COVERED else why_not(rule)
        message = rule.message.replace("|", "/")
        lines.append(f"| `{code}` | {state} | {', '.join(rule.tables)} | {why} | {message} |")
    out = ROOT / "docs" / "ssda903-rule-coverage.md"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{out}: {len(covered)} of {len(in_force)} covered")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2027)
