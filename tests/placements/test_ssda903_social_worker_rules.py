"""The DfE's rules on social worker episodes: where each finding lands, and SW_REASON read as
the reason an episode began."""

import pytest

# The main corpus first: it gathers the social worker cases.
from tests.placements.ssda903_corpus import apply, s
from tests.placements.ssda903_corpus_social_workers import CASES, SW, WHERE
from tests.placements.test_ssda903_validation import check, load


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.code)
def test_each_social_worker_rule_names_the_file_line_and_column(tmp_path, case):
    errors = check(tmp_path, apply(load(case.year), case.breaks), case.year)
    found = [(e.file.lower(), e.row, e.column) for e in errors if e.code == case.code]
    assert found == [WHERE[case.code]], [str(e) for e in errors]


def test_a_change_of_worker_on_the_day_the_one_before_left_is_not_first_contact(tmp_path):
    """SW10bSTG2 is about a first contact *before* the episode before ended: one starting the
    day it ended follows on (our allocations are half-open, like periods of care)."""
    tables = apply(load(2026), (s(SW, 3, "SW_REASON", "FCONTA"),))
    assert "SW10bSTG2" not in {e.code for e in check(tmp_path, tables, 2026)}


def test_a_child_who_left_care_needs_no_social_worker_to_the_year_end(tmp_path):
    """SW12STG2 asks for the whole year only of children looked after at 31 March: C004 left
    care in September 2024 and has no social worker episodes."""
    tables = load()
    assert not any(row[0] == "C004" for row in tables["swepisodes.csv"])
    assert check(tmp_path, tables) == []
