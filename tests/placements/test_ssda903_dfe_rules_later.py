"""The history rules of dfe_checks_later: the year's first episode against the episode the
history we hold shows open at 31 March of the year before (502, 503A-503H, 452, 453)."""

import contextlib
from io import StringIO

import pytest
from django.core.management import call_command

# The corpus first: the later corpus builds on it and the corpus extends itself with it.
from tests.placements import ssda903_corpus, ssda903_corpus_later  # noqa: F401
from tests.placements.ssda903_helpers import FIXTURES
from tests.placements.test_ssda903_dfe_rules import _held, _validate
from tests.placements.test_ssda903_validation import check, codes_of, load, set_cell, write

HISTORY_RULES = ssda903_corpus_later.HISTORY_RULES
C002_LINE = 5  # C002's episode, in care since 01/02/2022: the file's fourth data row
C004 = _held("C004", "2024-03-01")


def _errors(tmp_path, c002_held):
    _data, errors = _validate(tmp_path, {"C002": [c002_held], "C004": [C004]}, {2024})
    return [(e.code, e.row, e.column) for e in errors]


def test_a_first_episode_the_same_as_the_one_held_draws_nothing(tmp_path):
    assert _errors(tmp_path, _held("C002", "2022-02-01")) == []


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"rne": "P"}, [("503A", "RNE")]),
        ({"ls": "C2"}, [("503B", "LS")]),
        ({"cin": "N1"}, [("503C", "CIN")]),
        ({"place": "U4"}, [("503D", "PLACE")]),
        ({"provider": "PR1"}, [("503E", "PLACE_PROVIDER")]),
        ({"urn": "SC999999"}, [("503F", "URN")]),
        # A home postcode held gives a distance the file's first episode does not.
        ({"home_post": "BD7 1AA"}, [("503G", "PL_DISTANCE"), ("453", "PL_DISTANCE")]),
        # A placement held in Leeds, where the file has Calderdale.
        ({"pl_post": "LS6 2AA"}, [("503H", "PL_POST"), ("452", "PL_POST")]),
    ],
    ids=lambda v: v[0][0] if isinstance(v, list) else next(iter(v)),
)
def test_a_first_episode_that_differs_from_the_one_held_open(tmp_path, changes, expected):
    errors = _errors(tmp_path, _held("C002", "2022-02-01", **changes))
    assert errors == [(code, C002_LINE, column) for code, column in expected]


def test_another_postcode_in_the_same_area_is_the_same_placement_area(tmp_path):
    codes = {
        code
        for code, _row, _column in _errors(tmp_path, _held("C002", "2022-02-01", pl_post="HX1 5AA"))
    }
    assert not codes & {"503H", "452"}


def test_502_the_episode_held_open_is_not_the_years_first(tmp_path):
    errors = _errors(tmp_path, _held("C002", "2023-05-01"))
    assert ("502", C002_LINE, "DECOM") in errors
    assert not {code for code, _row, _column in errors} & set(HISTORY_RULES) - {"502"}


def test_the_history_rules_say_so_when_the_history_does_not_cover_last_year(tmp_path):
    history = {"C002": [_held("C002", "2022-02-01", ls="C2")], "C004": [C004]}
    data, errors = _validate(tmp_path, history, {2023})
    assert not {e.code for e in errors} & set(HISTORY_RULES)
    assert any("503A-503J" in w and "2023-24" in w for w in data.warnings)


@pytest.mark.parametrize("year", [2026, 2027])
def test_the_later_fixture_years_draw_no_finding(tmp_path, year):
    assert check(tmp_path, load(year), year) == []


def test_503j_the_placement_held_inside_the_council_is_now_outside(tmp_path, settings):
    settings.COUNCIL_ONS_CODES = ("E08000035",)  # Leeds
    errors = _errors(tmp_path, _held("C002", "2022-02-01", pl_post="LS6 2AA"))
    assert ("503J", C002_LINE, "PL_POST") in errors
    settings.COUNCIL_ONS_CODES = ("E08000035", "E08000033")  # and Calderdale
    errors = _errors(tmp_path, _held("C002", "2022-02-01", pl_post="LS6 2AA"))
    assert "503J" not in {code for code, _row, _column in errors}


def test_411_a_placement_location_column_that_disagrees_with_the_postcode(tmp_path, settings):
    settings.COUNCIL_ONS_CODES = ("E08000035",)  # Leeds: C001's placements are inside
    tables = load()
    columns = tables["episodes.csv"][0]
    columns.append("PL_LOCATION")
    for row in tables["episodes.csv"][1:]:
        row.append("IN" if row[columns.index("PL_POST")].startswith("LS") else "OUT")
    (tmp_path / "edge").mkdir()
    assert "411" not in codes_of(check(tmp_path / "edge", tables))
    set_cell(tables, "episodes.csv", 1, "PL_LOCATION", "OUT")
    (tmp_path / "bad").mkdir()
    errors = check(tmp_path / "bad", tables)
    assert [(e.code, e.row, e.column) for e in errors if e.code == "411"] == [
        ("411", 2, "PL_LOCATION")
    ]


def _dry_run(tmp_path, name, tables):
    """import_ssda903 --dry-run on the tables written to a new folder: its error lines."""
    folder = tmp_path / name
    folder.mkdir()
    err = StringIO()
    with contextlib.suppress(SystemExit):  # refused: the errors are what is looked at
        call_command("import_ssda903", str(write(folder, tables)), "--dry-run", stderr=err)
    return err.getvalue()


@pytest.mark.django_db
def test_576_a_missing_period_open_at_31_march_is_returned_again(tmp_path):
    call_command("import_ssda903", str(FIXTURES / "2025"), stderr=StringIO())
    # C002 has been missing since 30/03/2025: the 2025-26 return carries the period on.
    assert "576" not in _dry_run(tmp_path, "carried_on", load(2026))
    tables = load(2026)
    del tables["missing.csv"][1]
    err = _dry_run(tmp_path, "dropped", tables)
    assert "header.csv:3: CHILD: 576 " in err and "Missing from 30/03/2025" in err


@pytest.mark.django_db
def test_706_a_dolo_open_at_31_march_is_returned_again(tmp_path):
    call_command("import_ssda903", str(FIXTURES / "2026"), stderr=StringIO())
    # C002's DoLO from 01/09/2025 is open at 31 March 2026.
    tables = load(2027)
    set_cell(tables, "dolo.csv", 1, "DOLO_START", "01/09/2025")
    assert "706" not in _dry_run(tmp_path, "carried_on", tables)
    err = _dry_run(tmp_path, "dropped", load(2027))  # a DoLO from 01/09/2026 only
    assert "header.csv:3: CHILD: 706 " in err and "DoLo from 01/09/2025" in err


def _c001_aged_14(year):
    """The fixture year with C001 born in 2010, old enough to be a mother."""
    tables = load(year)
    for rows in tables.values():
        for row in rows:
            row[:] = ["03/02/2010" if value == "03/02/2016" else value for value in row]
    return tables


@pytest.mark.django_db
def test_624_626_a_mother_as_last_year_recorded_her(tmp_path):
    last_year = _c001_aged_14(2025)
    set_cell(last_year, "header.csv", 1, "MOTHER", "1")
    set_cell(last_year, "header.csv", 1, "MC_DOB", "01/01/2024")
    call_command("import_ssda903", str(write(tmp_path, last_year)), stderr=StringIO())
    this_year = _c001_aged_14(2026)
    set_cell(this_year, "header.csv", 1, "MOTHER", "1")
    set_cell(this_year, "header.csv", 1, "MC_DOB", "01/01/2024")
    assert "624" not in _dry_run(tmp_path, "same", this_year)
    set_cell(this_year, "header.csv", 1, "MC_DOB", "02/01/2024")
    assert "header.csv:2: MC_DOB: 624 " in _dry_run(tmp_path, "differs", this_year)


@pytest.mark.django_db
def test_626_a_mother_whose_child_was_born_before_the_year_was_not_one_last_year(tmp_path):
    call_command("import_ssda903", str(write(tmp_path, _c001_aged_14(2025))), stderr=StringIO())
    this_year = _c001_aged_14(2026)  # C001 was MOTHER 0 in 2024-25
    set_cell(this_year, "header.csv", 1, "MOTHER", "1")
    set_cell(this_year, "header.csv", 1, "MC_DOB", "01/04/2025")
    assert "626" not in _dry_run(tmp_path, "born_this_year", this_year)
    set_cell(this_year, "header.csv", 1, "MC_DOB", "31/03/2025")
    assert "header.csv:2: MOTHER: 626 " in _dry_run(tmp_path, "born_before", this_year)
