"""A corpus of broken returns made from a valid one: each is refused cleanly or imported.

Refused cleanly: `import_ssda903` exits with status 1, writes nothing, and every line it
prints is `file:row: column: RULE message` (then the count), never a traceback. The mutations
that leave a valid return (another encoding Excel writes, another file name, reordered
columns, an odd but harmless id) must import.
"""

import io
import shutil
import subprocess
import sys

import pytest
from django.core.management import call_command

from children.models import Child
from placements.models import ImportRun, Placement
from tests.placements.ssda903_mutations import ERROR_LINE, MUTATIONS, valid_return

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    return valid_return(tmp_path_factory.mktemp("valid"))


def run_import(folder):
    """(exit status, stdout, stderr) of import_ssda903 run in this process."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_ssda903", str(folder), stdout=out, stderr=err)
        status = 0
    except SystemExit as exc:
        status = exc.code
    # Warnings (e.g. history rules that could not run) block nothing: they are not errors.
    errors = "".join(
        line
        for line in err.getvalue().splitlines(keepends=True)
        if not line.startswith("Warning: ")
    )
    return status, out.getvalue(), errors


def assert_refused_cleanly(status, err, folder):
    lines = err.strip().splitlines()
    assert status == 1, err[-2000:]
    assert lines and lines[-1].endswith("errors: nothing was imported."), err[-2000:]
    for line in lines[:-1]:
        if line.startswith("  "):  # the count of errors by rule, after the errors
            continue
        assert ERROR_LINE.match(line), line
        # The file is named, never where it is on the server.
        assert str(folder.parent) not in line
    assert len(err) < 20_000_000
    assert Child.objects.count() == 0 and Placement.objects.count() == 0
    assert not ImportRun.objects.filter(status=ImportRun.Status.IMPORTED).exists()


def test_the_valid_return_imports(pristine, tmp_path):
    folder = shutil.copytree(pristine, tmp_path / "2026")
    status, out, err = run_import(folder)
    assert (status, err) == (0, "")
    assert Child.objects.count() == 40


def test_the_corpus_is_large_enough():
    assert len(MUTATIONS) >= 40
    assert sum(refuse for _fn, refuse in MUTATIONS.values()) >= 40


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_a_broken_return_is_refused_cleanly_or_imported(name, pristine, tmp_path):
    mutate, must_refuse = MUTATIONS[name]
    folder = shutil.copytree(pristine, tmp_path / "2026")
    mutate(folder)
    status, out, err = run_import(folder)
    if must_refuse:
        assert_refused_cleanly(status, err, folder)
    else:
        assert (status, err) == (0, ""), err[-3000:]
        assert Child.objects.count() == 40


def test_a_windows_1252_file_is_refused_with_how_to_save_it_as_utf8(pristine, tmp_path):
    folder = shutil.copytree(pristine, tmp_path / "2026")
    MUTATIONS["windows_1252"][0](folder)
    status, _out, err = run_import(folder)
    assert status == 1
    assert "episodes.csv:2: -: ENCODING" in err and "CSV UTF-8 (Comma delimited)" in err


def test_a_file_named_placed_for_adoption_is_read_by_its_columns(pristine, tmp_path):
    folder = shutil.copytree(pristine, tmp_path / "2026")
    MUTATIONS["placed_for_adoption_name"][0](folder)
    status, out, err = run_import(folder)
    assert status == 0 and "PlacedAdoption" in out and "Ignored" not in err


def test_ids_that_look_like_code_are_stored_as_text(pristine, tmp_path):
    folder = shutil.copytree(pristine, tmp_path / "2026")
    MUTATIONS["script_id"][0](folder)
    assert run_import(folder)[0] == 0
    assert Child.objects.filter(local_id="<script>").exists()


def test_an_over_long_value_is_refused_before_the_database_sees_it(pristine, tmp_path):
    folder = shutil.copytree(pristine, tmp_path / "2026")
    MUTATIONS["long_la_perm"][0](folder)
    status, _out, err = run_import(folder)
    assert status == 1
    assert "prevperm.csv:2: LA_PERM: LENGTH LA_PERM is 5 characters long; at most 3." in err


def test_the_command_exits_with_status_1_in_a_real_process(pristine, tmp_path, settings):
    folder = shutil.copytree(pristine, tmp_path / "2026")
    MUTATIONS["gzip_named_csv"][0](folder)
    env_db = settings.DATABASES["default"]
    url = (
        f"postgres://{env_db['USER']}@{env_db['HOST'] or '127.0.0.1'}:{env_db['PORT'] or 5432}"
        f"/{env_db['NAME']}"
    )
    done = subprocess.run(
        [sys.executable, "manage.py", "import_ssda903", str(folder)],
        capture_output=True,
        text=True,
        env={"DATABASE_URL": url, "DEBUG": "1", "PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert "header.csv:0: -: FILE This is a gzip-compressed file" in done.stderr


def test_length_limits_come_from_the_models_for_columns_of_the_tables():
    from placements.ssda903 import tables

    limits = tables.max_lengths()
    assert set(limits) == set(tables.STORED_IN)
    assert limits["CHILD"] == Child._meta.get_field("local_id").max_length == 10
    assert limits["URN"] == Placement._meta.get_field("urn").max_length
    every_column = {c for t in tables.TABLES for c in t.columns + t.optional_columns}
    assert set(tables.STORED_IN) <= every_column


def test_a_refused_file_does_not_hide_the_errors_of_the_others(pristine, tmp_path):
    folder = shutil.copytree(pristine, tmp_path / "2026")
    MUTATIONS["gzip_named_csv"][0](folder)
    MUTATIONS["windows_1252"][0](folder)
    status, _out, err = run_import(folder)
    assert status == 1
    assert "header.csv:0: -: FILE This is a gzip-compressed file" in err
    assert "episodes.csv:2: -: ENCODING" in err


def test_an_unreadable_episodes_file_says_why_rather_than_the_year_is_unknown(pristine, tmp_path):
    folder = shutil.copytree(pristine, tmp_path / "files")  # no year in the folder's name
    MUTATIONS["windows_1252"][0](folder)
    status, _out, err = run_import(folder)
    assert status == 1
    assert "episodes.csv:2: -: ENCODING" in err and "YEAR" not in err
