"""Care leaver rules checked against the history we hold (1001, 1002, 1010), and the adoption
that the adoption cases start from."""

import datetime
import io

import pytest
from django.core.management import call_command

from tests.placements import ssda903_corpus as corpus
from tests.placements import ssda903_corpus_adoption_outcomes as adoption
from tests.placements.test_ssda903_dfe_rules import _held, _validate
from tests.placements.test_ssda903_validation import check, load, write

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


# C002 has been looked after since 2022; the return says a decision to place him for adoption
# was made on 01/03/2024, before 2024-25.
C002_IN_CARE = {"C002": [_held("C002", "2022-02-01")]}
DECIDED = datetime.date(2024, 3, 1)


def decisions_found(tmp_path, held):
    from placements.ssda903 import validation
    from placements.ssda903.reader import collect

    tables = load()
    tables["placedadoption.csv"].append(["C002", "14/07/2012", "01/03/2024", "", ""])
    sets, _ = collect([write(tmp_path, tables)])
    data, errors = validation.parse(sets[0], 2025)
    assert errors == []
    data.held_decisions = held
    errors, _ = validation.validate(data, C002_IN_CARE, history_years={2024})
    return [(e.row, e.code) for e in errors if e.code in ("559", "560", "561", "584")]


def day(text):
    return datetime.date.fromisoformat(text)


def test_559_a_decision_from_before_the_year_that_no_earlier_return_gave(tmp_path):
    assert decisions_found(tmp_path, {}) == [(3, "559")]
    assert decisions_found(tmp_path, {"C002": [(DECIDED, None)]}) == []


def test_560_a_standing_decision_returned_with_another_date(tmp_path):
    found = decisions_found(tmp_path, {"C002": [(day("2024-02-01"), None)]})
    assert (3, "560") in found


def test_561_a_decision_reversed_last_year_returned_as_standing(tmp_path):
    found = decisions_found(tmp_path, {"C002": [(DECIDED, day("2024-03-20"))]})
    assert found == [(3, "561")]


def test_584_a_new_decision_before_the_one_reversed(tmp_path):
    found = decisions_found(tmp_path, {"C002": [(day("2024-03-10"), day("2024-03-20"))]})
    assert (3, "584") in found and (3, "561") not in found


@pytest.mark.django_db
def test_the_importer_holds_the_decisions_earlier_returns_gave():
    from children.models import Child
    from placements.ssda903.importer import held_adoption_decisions
    from tests.placements.ssda903_helpers import FIXTURES

    call_command("import_ssda903", str(FIXTURES / "2025"), stdout=io.StringIO())
    known = dict(Child.objects.values_list("local_id", "id"))
    # C001's decision of 10/03/2025 is held for 2025-26, not for 2024-25 (its own year).
    assert held_adoption_decisions(known, 2026) == {"C001": [(day("2025-03-10"), None)]}
    assert held_adoption_decisions(known, 2025) == {}


def test_17_on_1_april_is_17_at_the_start_no_sdq_item_asked_or_allowed(tmp_path):
    from tests.placements.test_ssda903_validation import codes_of, set_cell

    tables = load()
    for file, row in (("header.csv", 2), ("oc2.csv", 1)):
        set_cell(tables, file, row, "DOB", "01/04/2007")
    set_cell(tables, "oc2.csv", 1, "SDQ_SCORE", "")
    assert not codes_of(check(tmp_path, tables)) & {"189", "197B", "186"}


def test_348_a_young_person_reported_as_having_died_is_returned_so_again(tmp_path):
    from placements.ssda903 import validation
    from placements.ssda903.reader import collect

    def found(folder, in_touch):  # 348 applies from 2025-26
        tables = load(2026)
        tables["oc3.csv"][1][2:] = [in_touch, "0", "0"]
        folder.mkdir()
        sets, _ = collect([write(folder, tables)])
        data, errors = validation.parse(sets[0], 2026)
        assert errors == []
        data.held_died = {"C003"}
        errors, _ = validation.validate(data, {})
        return [(e.row, e.code) for e in errors if e.code == "348"]

    assert found(tmp_path / "a", "NO") == [(2, "348")]
    assert found(tmp_path / "b", "DIED") == []


@pytest.mark.django_db
def test_the_importer_holds_who_an_earlier_oc3_reported_as_having_died(tmp_path):
    import shutil

    from children.models import Child
    from placements.ssda903.importer import held_reported_died
    from tests.placements.ssda903_helpers import FIXTURES

    folder = shutil.copytree(FIXTURES / "2025", tmp_path / "2025")
    oc3 = folder / "OC3.csv"
    oc3.write_text(oc3.read_text().replace("YES,F2,D1", "DIED,0,0"))
    call_command("import_ssda903", str(folder), stdout=io.StringIO())
    known = dict(Child.objects.values_list("local_id", "id"))
    assert held_reported_died(known, 2026) == {"C003"}
    assert held_reported_died(known, 2025) == set()
