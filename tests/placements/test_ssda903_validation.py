"""Each validation rule, with a row that breaks it and one that passes."""

import csv

import pytest

from placements.ssda903 import validation
from placements.ssda903.reader import FileSet, collect
from tests.placements.ssda903_helpers import FIXTURES


def load(year=2025):
    """The fixture year as {file name: [columns, *rows]} (lists of strings, editable)."""
    tables = {}
    for path in sorted((FIXTURES / str(year)).iterdir()):
        with open(path, newline="") as f:
            tables[path.name.lower()] = list(csv.reader(f))
    return tables


def write(tmp_path, tables):
    for name, rows in tables.items():
        with open(tmp_path / name, "w", newline="") as f:
            csv.writer(f).writerows(rows)
    return tmp_path


def check(tmp_path, tables, year=2025, history=None):
    sets, _unknown = collect([write(tmp_path, tables)])
    data, errors = validation.parse(sets[0], year)
    if not errors:
        errors, _merged = validation.validate(data, history or {})
    return errors


def codes_of(errors):
    return {e.code for e in errors}


def set_cell(tables, file, row, column, value):
    columns = tables[file][0]
    tables[file][row][columns.index(column)] = value


def test_the_fixture_year_is_valid(tmp_path):
    assert check(tmp_path, load()) == []


def test_error_lines_name_file_row_column_and_rule(tmp_path):
    tables = load()
    set_cell(tables, "header.csv", 2, "ETHNIC", "XXXX")
    (error,) = check(tmp_path, tables)
    assert str(error) == (
        "header.csv:3: ETHNIC: 103 The ethnicity code is either not valid or has not been "
        "entered. (ETHNIC 'XXXX' is not a valid code)"
    )


# (rule, file, data row, column, bad value, good value). Data row 1 is the file's second line.
CELL_RULES = [
    ("101", "header.csv", 1, "SEX", "1", "F"),  # 2024-25 uses M/F/U
    ("103", "header.csv", 1, "ETHNIC", "WHITE", "WOTH"),
    ("DATE", "header.csv", 1, "DOB", "31/02/2016", "28/02/2016"),
    ("168", "header.csv", 1, "UPN", "A12345", "UN4"),
    ("209", "header.csv", 2, "UPN", "UN1", "UN2"),
    ("165", "header.csv", 2, "MOTHER", "0", ""),  # a boy
    ("165", "header.csv", 1, "MOTHER", "", "1"),  # a girl looked after
    ("143", "episodes.csv", 1, "RNE", "X", "S"),
    ("144", "episodes.csv", 1, "LS", "C9", "C2"),
    ("145", "episodes.csv", 1, "CIN", "N9", "N2"),
    ("146", "episodes.csv", 4, "PLACE", "Z11", "K1"),  # Z11 starts in 2025-26
    ("178", "episodes.csv", 4, "PLACE_PROVIDER", "PR9", "PR5"),
    ("526", "episodes.csv", 4, "PLACE_PROVIDER", "", "PR1"),
    ("529", "episodes.csv", 4, "PLACE_PROVIDER", "PR3", "PR2"),  # PR3 not for K2
    ("149", "episodes.csv", 5, "REC", "E99", "E4A"),
    ("1009", "episodes.csv", 1, "REASON_PLACE_CHANGE", "BORED", "CHILD"),
    ("218", "episodes.csv", 4, "URN", "", "SC654321"),
    ("REC", "episodes.csv", 5, "REC", "", "E8"),
    ("REC", "episodes.csv", 4, "REC", "E8", ""),  # REC without DEC
    ("356", "episodes.csv", 5, "DEC", "01/02/2024", "21/09/2024"),
    ("302", "episodes.csv", 1, "DECOM", "01/01/2016", "15/05/2024"),  # before DOB
    ("YEAR", "episodes.csv", 5, "DEC", "01/04/2025", "31/03/2025"),
    ("DATE", "episodes.csv", 5, "DEC", "2024-09-20", "20/09/2024"),
    ("NUM", "episodes.csv", 4, "HOME_POST", None, None),  # placeholder, replaced below
    ("167", "reviews.csv", 1, "REVIEW_CODE", "PN9", "PN3"),
    ("PERIOD", "reviews.csv", 1, "REVIEW", "01/05/2024", "15/05/2024"),
    ("131", "oc3.csv", 1, "IN_TOUCH", "MAYBE", "NO"),
    ("132", "oc3.csv", 1, "ACTIV", "F9", "G5"),
    ("133", "oc3.csv", 1, "ACCOM", "S1", "S2"),
    ("OC3", "oc3.csv", 1, "DOB", None, None),  # replaced below
    ("1006", "missing.csv", 1, "MISSING", "X", "A"),
    ("567", "missing.csv", 1, "MIS_END", "01/05/2024", "04/06/2024"),
    ("631", "prevperm.csv", 1, "PREV_PERM", "P9", "P2"),
    ("120", "placedadoption.csv", 1, "REASON_PLACED_CEASED", None, None),  # below
    ("SW13STG1", "swepisodes.csv", 1, "SW_REASON", "BORED", "MANAGE"),
    ("196", "oc2.csv", 1, "SDQ_REASON", "SDQ9", "SDQ2"),
    ("NUM", "oc2.csv", 1, "SDQ_SCORE", "41", "40"),
]
CELL_RULES = [rule for rule in CELL_RULES if rule[4] is not None]


@pytest.mark.parametrize(("rule", "file", "row", "column", "bad", "good"), CELL_RULES)
def test_rule_fails_on_a_bad_value_and_passes_on_a_good_one(
    tmp_path, rule, file, row, column, bad, good
):
    tables = load()
    set_cell(tables, file, row, column, bad)
    bad_dir = tmp_path / "bad"
    bad_dir.mkdir()
    errors = check(bad_dir, tables)
    assert rule in codes_of(errors), [str(e) for e in errors]
    assert any(e.column == column or rule in ("PERIOD", "REC") for e in errors)
    set_cell(tables, file, row, column, good)
    good_dir = tmp_path / "good"
    good_dir.mkdir()
    assert rule not in codes_of(check(good_dir, tables))


def test_oc3_only_for_the_care_leaver_cohort(tmp_path):
    tables = load()
    set_cell(tables, "header.csv", 3, "DOB", "10/10/2012")
    set_cell(tables, "oc3.csv", 1, "DOB", "10/10/2012")
    assert "OC3" in codes_of(check(tmp_path, tables))


def test_placed_ceased_needs_both_date_and_reason(tmp_path):
    tables = load()
    set_cell(tables, "placedadoption.csv", 1, "DATE_PLACED_CEASED", "20/03/2025")
    assert "REC" in codes_of(check(tmp_path / "", tables))
    set_cell(tables, "placedadoption.csv", 1, "REASON_PLACED_CEASED", "RD9")
    assert "120" in codes_of(check(tmp_path, tables))
    set_cell(tables, "placedadoption.csv", 1, "REASON_PLACED_CEASED", "RD1")
    assert check(tmp_path, tables) == []


def test_missing_column_is_reported_and_the_table_skipped(tmp_path):
    tables = load()
    tables["reviews.csv"] = [list(r[:3]) for r in tables["reviews.csv"]]
    errors = check(tmp_path, tables)
    assert [(e.file, e.row, e.column, e.code) for e in errors] == [
        ("reviews.csv", 1, "REVIEW_CODE", "COLS")
    ]


def test_header_and_episodes_are_required(tmp_path):
    tables = load()
    del tables["header.csv"]
    errors = check(tmp_path, tables)
    assert ("header.csv", "FILE") in {(e.file, e.code) for e in errors}


def test_child_must_be_unique_in_header(tmp_path):
    tables = load()
    tables["header.csv"].append(list(tables["header.csv"][1]))
    assert "INT32" in codes_of(check(tmp_path, tables))


def test_every_child_in_another_table_is_in_header(tmp_path):
    tables = load()
    tables["reviews.csv"].append(["C999", "01/01/2010", "01/06/2024", "PN1"])
    errors = check(tmp_path, tables)
    # INT08 (not in Header), and 1012 (no episodes in the return).
    assert [(e.file, e.row, e.code) for e in errors] == [
        ("reviews.csv", 5, "INT08"),
        ("reviews.csv", 5, "1012"),
    ]


def episodes_of(tables):
    return tables["episodes.csv"]


def test_overlapping_episodes_are_refused(tmp_path):
    tables = load()
    set_cell(tables, "episodes.csv", 1, "DEC", "11/09/2024")
    assert codes_of(check(tmp_path, tables)) == {"501"}


def test_episodes_of_a_period_must_join_up(tmp_path):
    tables = load()
    set_cell(tables, "episodes.csv", 1, "DEC", "09/09/2024")
    assert codes_of(check(tmp_path, tables)) == {"388", "433"}


def test_a_new_period_must_start_with_s(tmp_path):
    tables = load()
    set_cell(tables, "episodes.csv", 1, "REC", "E4A")
    set_cell(tables, "episodes.csv", 1, "REASON_PLACE_CHANGE", "")
    errors = check(tmp_path, tables)
    # REC E4A but an episode follows the same day (388); RNE P, not S.
    assert ("REC", "388") in {(e.column, e.code) for e in errors}


def test_rne_must_match_what_changed(tmp_path):
    tables = load()
    set_cell(tables, "episodes.csv", 3, "LS", "C1")  # RNE L with no change of legal status
    assert "RNE" in codes_of(check(tmp_path / "", tables))
    tables = load()
    set_cell(tables, "episodes.csv", 2, "LS", "C2")  # RNE P with a change of legal status
    set_cell(tables, "episodes.csv", 2, "RNE", "P")
    assert "RNE" in codes_of(check(tmp_path, tables))
    set_cell(tables, "episodes.csv", 2, "RNE", "B")
    set_cell(tables, "episodes.csv", 3, "LS", "E1")
    assert "RNE" not in codes_of(check(tmp_path, tables))


def test_reason_for_placement_change_needed_at_a_move_and_only_then(tmp_path):
    tables = load()
    set_cell(tables, "episodes.csv", 1, "REASON_PLACE_CHANGE", "")
    assert "225" in codes_of(check(tmp_path, tables))
    tables = load()
    set_cell(tables, "episodes.csv", 2, "REASON_PLACE_CHANGE", "CHILD")  # next is RNE L
    assert "226" in codes_of(check(tmp_path, tables))


def test_placement_order_needed_before_a5_a6(tmp_path):
    tables = load()
    set_cell(tables, "episodes.csv", 3, "PLACE", "A6")
    set_cell(tables, "episodes.csv", 3, "RNE", "B")
    set_cell(tables, "episodes.csv", 2, "REASON_PLACE_CHANGE", "CARPL")
    assert "PO" in codes_of(check(tmp_path, tables))
    set_cell(tables, "episodes.csv", 3, "LS", "E1")
    assert "PO" not in codes_of(check(tmp_path, tables))


def test_adoption_only_after_a_placement_for_adoption(tmp_path):
    tables = load()
    set_cell(tables, "episodes.csv", 5, "REC", "E11")
    assert "ADOPT" in codes_of(check(tmp_path, tables))


def test_a3_a5_start_with_s_t_or_u(tmp_path):
    tables = load()
    set_cell(tables, "episodes.csv", 2, "PLACE", "A3")
    assert "217" in codes_of(check(tmp_path, tables))
    set_cell(tables, "episodes.csv", 2, "RNE", "T")
    assert "217" not in codes_of(check(tmp_path, tables))


def test_sex_codes_follow_the_collection_year(tmp_path):
    tables = load()
    assert "101" in codes_of(check(tmp_path, tables, year=2024))


def test_files_are_matched_whatever_their_case(tmp_path):
    for name in (
        "Header.csv",
        "EPISODES.csv",
        "PlacedAdoption.csv",
        "placedadoption.csv",
        "SWEpisodes.csv",
        "DoLo.csv",
        "notes.csv",
    ):
        (tmp_path / name).write_text("CHILD\n")
    sets, problems = collect([tmp_path])
    # Columns that match no table fall back to the name; two files of one table are refused.
    assert set(sets[0].files) == {"Header", "Episodes", "PlacedAdoption", "SWEpisodes", "DoLo"}
    assert [(p.file, p.code) for p in problems] == [
        ("notes.csv", "FILE"),
        ("placedadoption.csv", "FILE"),
    ]


def test_a_year_folder_name_gives_the_collection_year(tmp_path):
    folder = tmp_path / "ssda903_2026"
    folder.mkdir()
    (folder / "header.csv").write_text("CHILD\n")
    sets, _ = collect([folder])
    assert sets[0].year == 2026


def test_fileset_label_defaults():
    assert FileSet(files={}).year is None


def test_social_worker_episodes_may_not_overlap(tmp_path):
    tables = load()
    set_cell(tables, "swepisodes.csv", 1, "SW_DEC", "02/01/2025")
    errors = check(tmp_path, tables)
    assert [(e.file, e.row, e.code) for e in errors] == [("swepisodes.csv", 3, "SW10STG2")]


def test_a_row_cut_short_reads_its_missing_columns_as_blank(tmp_path):
    tables = load()
    full = check(tmp_path, tables)
    # Header's last column is MC_DOB, blank for the first child: drop it from the row.
    assert tables["header.csv"][0][-1] == "MC_DOB" and tables["header.csv"][1][-1] == ""
    tables["header.csv"][1] = tables["header.csv"][1][:-1]
    assert check(tmp_path, tables) == full == []
