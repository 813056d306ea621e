"""Care leaver rules checked against the history we hold (1001, 1002, 1010), and the adoption
that the adoption cases start from."""

from tests.placements import ssda903_corpus as corpus
from tests.placements import ssda903_corpus_adoption_outcomes as adoption
from tests.placements.test_ssda903_dfe_rules import _held, _validate
from tests.placements.test_ssda903_validation import check, load

# C003 (born 10/10/2005, in OC3) turned 14 in 2019-20: the history must cover 2019-20 to
# 2023-24 for 1001 and 1002 to run.
SINCE_14 = set(range(2020, 2025))


def held(child, decom, dec=None, ls="C2"):
    episode = _held(child, decom, dec, "E8" if dec else "")
    episode.ls = ls
    return episode


def validate(tmp_path, history, history_years):
    data, errors = _validate(tmp_path, history, history_years)
    return data, [(e.file, e.row, e.code) for e in errors if e.code in adoption.HISTORY_RULES]


def test_1002_a_care_leaver_with_no_episodes_held(tmp_path):
    _data, found = validate(tmp_path, {}, SINCE_14)
    assert found == [("oc3.csv", 2, "1002")]


def test_1001_not_looked_after_13_weeks_from_14_and_a_day_from_16(tmp_path):
    # From 14 (10/10/2019) to 01/03/2020: 143 days, but none from 16 (10/10/2021).
    history = {"C003": [held("C003", "2019-01-01", "2020-03-01")]}
    _data, found = validate(tmp_path, history, SINCE_14)
    assert found == [("oc3.csv", 2, "1001")]


def test_1001_a_former_relevant_child_is_not_flagged(tmp_path):
    history = {"C003": [held("C003", "2019-01-01", "2021-11-01")]}
    _data, found = validate(tmp_path, history, SINCE_14)
    assert found == []


def test_1001_short_breaks_do_not_count(tmp_path):
    history = {"C003": [held("C003", "2019-01-01", "2021-11-01", ls="V3")]}
    _data, found = validate(tmp_path, history, SINCE_14)
    assert found == [("oc3.csv", 2, "1001")]


def test_1010_in_care_at_the_end_of_last_year_with_no_episodes_this_year(tmp_path):
    history = {"C003": [held("C003", "2023-06-01")]}
    _data, found = validate(tmp_path, history, {2024})
    assert found == [("oc3.csv", 2, "1010")]
    history = {"C003": [held("C003", "2023-06-01", "2024-03-01")]}
    _data, found = validate(tmp_path, history, {2024})
    assert found == []


def test_care_leaver_history_rules_say_so_when_the_history_is_too_short(tmp_path):
    data, found = validate(tmp_path, {}, {2024})
    assert found == []
    assert [w for w in data.warnings if "1001 and 1002 were not run" in w]
    data, _found = validate(tmp_path, {}, SINCE_14)
    assert not [w for w in data.warnings if "1001" in w]


def test_the_adopted_child_the_adoption_cases_start_from_draws_nothing(tmp_path):
    assert check(tmp_path, corpus.apply(load(), adoption.adopted())) == []


def test_every_rule_here_has_one_case():
    codes = [c.code for c in adoption.CASES]
    assert len(codes) == len(set(codes))
    assert {c.code for c in adoption.CASES} <= {c.code for c in corpus.CASES}
