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


def why_not(rule):
    if any(t.endswith("_last") for t in rule.tables):
        return HISTORY
    if "PL_DISTANCE" in rule.fields:
        return "reads PL_DISTANCE, which is derived from the postcodes: not yet checked"
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
        "The history rules (562, NoE) are checked against the children's history in the "
        "database when it covers the previous year; when it does not, the import says so in a "
        "warning and does not guess.",
        "",
        "Where we read a rule differently from the public validator: 630 leaves series of "
        'short breaks (V3/V4) out; SW09STG2 ("less than 24 hours") flags an episode that '
        "ended the day it began, where the public validator flags under 3 days; SW17STG2 is "
        "asked only of children looked after at 31 March. SW13STG1 reads SW_REASON as the "
        "DfE does: the reason for the change that began the episode (FCONTA, first contact, "
        "for a child's first), needed on every episode begun from April 2023. SW10bSTG2 "
        "flags a first contact that begins before the episode before ended (the public "
        "validator also flags one beginning the day it ended); SW11bSTG2, as the public "
        "validator reads it, asks only of episodes that ended in the last five days before "
        "31 March; SW12STG2 asks that a child looked after at 31 March has social worker "
        "episodes from 1 April or from the day the child's care in the year began.",
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
