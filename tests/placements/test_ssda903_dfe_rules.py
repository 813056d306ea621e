"""The DfE's rules, one broken return each, and the registry they come from."""

import datetime
import re
from pathlib import Path

import pytest

from placements.ssda903 import rules
from placements.ssda903.episodes import Episode
from tests.placements import ssda903_corpus as corpus
from tests.placements.test_ssda903_validation import CELL_RULES, check, codes_of, load, set_cell

DOC = Path(__file__).resolve().parents[2] / "docs" / "ssda903-rule-coverage.md"


@pytest.mark.parametrize("case", corpus.CASES, ids=lambda c: c.code)
def test_a_broken_return_draws_the_dfe_code_and_its_edge_does_not(tmp_path, case):
    (tmp_path / "bad").mkdir()
    (tmp_path / "edge").mkdir()
    errors = check(tmp_path / "bad", corpus.apply(load(case.year), case.breaks), case.year)
    assert case.code in codes_of(errors), [str(e) for e in errors]
    (error,) = [e for e in errors if e.code == case.code][:1]
    assert error.message.startswith(rules.message(case.code))
    assert error.source == rules.DFE
    edge = check(tmp_path / "edge", corpus.apply(load(case.year), case.edge), case.year)
    assert case.code not in codes_of(edge), [str(e) for e in edge]


def test_the_corpus_covers_every_rule_the_registry_says_is_covered():
    in_corpus = {c.code for c in corpus.CASES} | {r[0] for r in CELL_RULES}
    in_corpus |= set(corpus.HISTORY_RULES) | set(corpus.SETTINGS_RULES)
    episodes = corpus._episodes
    in_corpus |= set(episodes.LATER_YEAR_RULES) | set(episodes.RECORD_RULES)
    assert in_corpus >= rules.COVERED, sorted(rules.COVERED - in_corpus)
    dfe_codes_tested = {code for code in in_corpus if code in rules.all_rules()}
    assert dfe_codes_tested <= rules.COVERED, sorted(dfe_codes_tested - rules.COVERED)


def test_own_codes_are_only_for_faults_no_dfe_rule_names():
    assert not set(rules.OUR_CHECKS) & set(rules.all_rules())
    assert rules.source("433") == rules.DFE and rules.source("FILE") == rules.OURS


def test_rules_come_and_go_by_collection_year():
    assert "SW03STG1" in rules.rules_for_year(2024)
    assert "SW03STG1" not in rules.rules_for_year(2025)  # withdrawn after 2023-24
    assert "1016" not in rules.rules_for_year(2023)
    assert "433" in rules.rules_for_year(2027)
    assert rules.all_rules()["SW03STG1"].last_year == 2024


def test_1015_own_provision_placed_outside_the_council(tmp_path, settings):
    tables = load()
    set_cell(tables, "episodes.csv", 4, "PLACE_PROVIDER", "PR1")  # K2 in Calderdale
    settings.COUNCIL_ONS_CODES = ("E08000035",)  # Leeds
    (tmp_path / "a").mkdir()
    assert "1015" in codes_of(check(tmp_path / "a", tables))
    settings.COUNCIL_ONS_CODES = ("E08000033",)  # Calderdale
    (tmp_path / "b").mkdir()
    assert "1015" not in codes_of(check(tmp_path / "b", tables))


def test_lower_case_codes_are_named_as_such(tmp_path):
    tables = load()
    set_cell(tables, "episodes.csv", 1, "LS", "c1")
    errors = check(tmp_path, tables)
    assert [(e.code, e.column, e.source) for e in errors] == [("LOWER", "LS", rules.OURS)]


def test_an_urn_that_is_no_ofsted_urn_is_flagged(tmp_path):
    tables = load()
    set_cell(tables, "episodes.csv", 4, "URN", "SC12345")
    (tmp_path / "a").mkdir()
    assert "URN" in codes_of(check(tmp_path / "a", tables))
    set_cell(tables, "episodes.csv", 4, "URN", "1234567")
    (tmp_path / "b").mkdir()
    assert "URN" not in codes_of(check(tmp_path / "b", tables))


# What the fixture year's file says of each child's first episode, as the history holds it.
HELD_AS_IN_THE_FILE = {
    "C002": {"rne": "S", "ls": "V2", "cin": "N4", "place": "K2", "provider": "PR4",
             "home_post": "", "pl_post": "HX1 4AA", "urn": "SC123456"},
    "C004": {"rne": "P", "ls": "C2", "cin": "N1", "place": "U1", "provider": "PR1",
             "home_post": "WF1 2AA", "pl_post": "WF2 7AA", "urn": "XXXXXXX"},
}  # fmt: skip
# A held episode of a child the fixture does not hold: a series of short breaks.
HELD_ELSEWHERE = {"rne": "S", "ls": "V2", "cin": "N4", "place": "K2", "provider": "PR4",
                  "home_post": "", "pl_post": "", "urn": ""}  # fmt: skip


def _held(child, decom, dec=None, rec="", **changes):
    day = datetime.date.fromisoformat
    return Episode(
        child=child,
        decom=day(decom),
        dec=day(dec) if dec else None,
        rec=rec,
        rpc="",
        distance=None,
        inside=None,
        row=None,
        **(HELD_AS_IN_THE_FILE.get(child, HELD_ELSEWHERE) | changes),
    )


def _validate(tmp_path, history, history_years):
    from placements.ssda903 import validation
    from placements.ssda903.reader import collect
    from tests.placements.test_ssda903_validation import write

    sets, _ = collect([write(tmp_path, load())])
    data, errors = validation.parse(sets[0], 2025)
    assert errors == []
    errors, _ = validation.validate(data, history, history_years=history_years)
    return data, errors


def test_noe_a_child_in_care_before_the_year_with_no_episodes_held_for_last_year(tmp_path):
    # C002 (from 2022) and C004 (from March 2024) started before 2024-25.
    history = {"C002": [_held("C002", "2022-02-01")]}
    data, errors = _validate(tmp_path, history, {2024})
    assert [(e.code, e.row) for e in errors] == [("NoE", 6)]  # C004's episode
    assert not [w for w in data.warnings if "562" in w]


def test_562_the_first_episode_is_not_the_one_left_open_last_year(tmp_path):
    history = {
        # Held: C002 moved on 01/05/2023 and that episode was open at 31 March 2024.
        "C002": [_held("C002", "2022-02-01", "2023-05-01", "X1"), _held("C002", "2023-05-01")],
        "C004": [_held("C004", "2024-03-01")],
    }
    _data, errors = _validate(tmp_path, history, {2024})
    # 502 names the same fault from last year's side: the episode held open is not repeated.
    assert [(e.code, e.row) for e in errors] == [("562", 5), ("502", 5)]
    assert re.search(r"began 01/05/2023", errors[0].message)


def test_history_rules_say_so_when_the_history_does_not_cover_last_year(tmp_path):
    data, errors = _validate(tmp_path, {}, {2023})
    assert errors == []
    (warning,) = [w for w in data.warnings if "562" in w]
    assert "562 and NoE were not run" in warning and "2023-24" in warning


def test_the_coverage_table_agrees_with_the_registry():
    text = DOC.read_text()
    rows = re.findall(r"^\| `([^`]+)` \| (covered|not yet) \|", text, re.M)
    table = dict(rows)
    in_force = rules.rules_for_year(2027)
    assert set(table) == set(in_force)
    assert {code for code, state in table.items() if state == "covered"} == (
        rules.COVERED & set(in_force)
    )
