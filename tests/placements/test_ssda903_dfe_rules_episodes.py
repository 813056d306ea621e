"""The DfE's date rules and rules up to 392 on Header, Episodes and UASC: where they land,
and the Header against what is already recorded (202-208)."""

import datetime
import shutil

import pytest

from placements.ssda903 import rules
from tests.placements import ssda903_corpus as corpus
from tests.placements import ssda903_corpus_episodes as episodes_corpus
from tests.placements.test_ssda903_validation import check, load, set_cell


def _at(errors, code):
    return [(e.file, e.row, e.column) for e in errors if e.code == code]


@pytest.mark.parametrize(
    ("file", "row", "column", "bad", "code"),
    [
        ("header.csv", 1, "DOB", "31/02/2016", "102"),
        ("header.csv", 2, "DOB", "", "102"),
        ("episodes.csv", 1, "DECOM", "2024-05-15", "141"),
        ("episodes.csv", 5, "DEC", "20/9/2024", "147"),
        ("reviews.csv", 2, "REVIEW", "", "166"),
        ("missing.csv", 2, "MIS_END", "02.04.2025", "1005"),
        ("uasc.csv", 1, "DUC", "31/09/2024", "104"),
    ],
)
def test_a_bad_date_draws_the_dfe_rule_for_its_column_on_its_row(
    tmp_path, file, row, column, bad, code
):
    tables = load()
    set_cell(tables, file, row, column, bad)
    errors = check(tmp_path, tables)
    assert _at(errors, code) == [(file, row + 1, column)], [str(e) for e in errors]
    assert "DATE" not in {e.code for e in errors}


def test_a_blank_required_date_no_dfe_rule_names_blank_stays_ours(tmp_path):
    tables = load()
    set_cell(tables, "episodes.csv", 4, "DECOM", "")
    errors = check(tmp_path, tables)
    assert _at(errors, "DATE") == [("episodes.csv", 5, "DECOM")]
    assert "141" not in {e.code for e in errors}


def test_deprivation_of_liberty_dates_draw_700_and_701_from_2026_27_only(tmp_path):
    tables = load(2026)
    tables["dolo.csv"].append(["C001", "03/02/2016", "31/02/2026", "30/13/2026"])
    (tmp_path / "a").mkdir()
    errors = check(tmp_path / "a", tables, 2027)
    assert _at(errors, "700") == [("dolo.csv", 3, "DOLO_START")]
    assert _at(errors, "701") == [("dolo.csv", 3, "DOLO_END")]
    (tmp_path / "b").mkdir()
    errors = check(tmp_path / "b", tables, 2026)
    assert _at(errors, "DATE") == [("dolo.csv", 3, "DOLO_START"), ("dolo.csv", 3, "DOLO_END")]


def test_every_date_rule_is_a_dfe_rule_about_that_table_and_column():
    for (table, column), code in rules.DATE_RULES.items():
        rule = rules.all_rules()[code]
        assert column in rule.fields and table.lower() in {t.lower() for t in rule.tables}
    assert set(rules.DATE_RULES.values()) <= rules.COVERED


def _validate_with_record(tmp_path, recorded, change=None):
    from placements.ssda903 import validation
    from placements.ssda903.reader import collect
    from tests.placements.test_ssda903_validation import write

    tables = load()
    if change:
        set_cell(tables, *change)
    sets, _ = collect([write(tmp_path, tables)])
    data, errors = validation.parse(sets[0], 2025)
    assert errors == []
    data.recorded = recorded
    errors, _ = validation.validate(data, {})
    return errors


def _recorded(**changes):
    from placements.ssda903.writer import ChildFields

    c001 = ChildFields(
        sex="F",
        date_of_birth=datetime.date(2016, 2, 3),
        ethnicity="WBRI",
        upn="A123456789012",
        mother=False,
        mother_child_dob=None,
        is_uasc=False,
        uasc_ceased=None,
    )
    return {"C001": c001._replace(**changes)}


@pytest.mark.parametrize(
    ("recorded", "code", "column"),
    [
        ({"sex": "M"}, "202", "SEX"),
        ({"date_of_birth": datetime.date(2016, 2, 4)}, "203", "DOB"),
        ({"ethnicity": "WIRI"}, "204", "ETHNIC"),
        ({"upn": "B123456789012"}, "208", "UPN"),
        ({"upn": "UN2"}, None, "UPN"),  # unknown, now known: allowed
        ({"mother": True}, "207", "MOTHER"),
    ],
)
def test_the_header_disagreeing_with_what_is_recorded(tmp_path, recorded, code, column):
    errors = _validate_with_record(tmp_path, _recorded(**recorded))
    found = [(e.code, e.row, e.column) for e in errors]
    assert found == ([(code, 2, column)] if code else []), [str(e) for e in errors]


def test_a_known_upn_may_not_become_unknown_but_un1_may_become_un2(tmp_path):
    (tmp_path / "a").mkdir()
    errors = _validate_with_record(tmp_path / "a", _recorded(), ("header.csv", 1, "UPN", "UN5"))
    assert [e.code for e in errors] == ["208"]
    (tmp_path / "b").mkdir()
    errors = _validate_with_record(
        tmp_path / "b", _recorded(upn="UN1"), ("header.csv", 1, "UPN", "UN2")
    )
    assert errors == []


@pytest.mark.django_db
def test_the_importer_compares_the_next_year_with_the_children_it_holds(tmp_path):
    from tests.placements.test_ssda903_importer import Y2025, Y2026, run_import

    run_import(Y2025)
    changed = tmp_path / "2026"
    shutil.copytree(Y2026, changed)
    header = changed / "header.csv"
    header.write_text(header.read_text().replace("C002,M,14/07/2012", "C002,M,15/07/2012"))
    _out, err = run_import(str(changed), expect_ok=False)
    assert "header.csv:3: DOB: 203 Date of birth disagrees" in err
    assert "recorded as 14/07/2012" in err
    run_import(Y2026)  # the same children as recorded: nothing to say


@pytest.mark.parametrize("case", episodes_corpus.CASES, ids=lambda c: c.code)
def test_each_broken_return_draws_its_rule_exactly_where_the_fault_is(tmp_path, case):
    errors = check(tmp_path, corpus.apply(load(case.year), case.breaks), case.year)
    found = sorted({(e.file, e.row, e.column) for e in errors if e.code == case.code})
    assert found == episodes_corpus.WHERE[(case.code, case.note)], [str(e) for e in errors]


def test_every_case_says_where_its_rule_lands():
    keys = [(case.code, case.note) for case in episodes_corpus.CASES]
    assert len(set(keys)) == len(keys) and set(keys) == set(episodes_corpus.WHERE)
