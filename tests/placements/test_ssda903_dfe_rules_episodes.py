"""The DfE's date rules and rules up to 392 on Header, Episodes and UASC: where they land."""

import pytest

from placements.ssda903 import rules
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
