"""Property-based tests: whatever bytes a file holds, the import reports errors, never raises.

The same families as the corpus (tests/placements/ssda903_mutations.py): random bytes, random
ragged CSVs with odd characters, a valid return in a random encoding, a random value in a
random cell. Each import is a dry run (nothing is written whatever happens).
"""

import csv
import io
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from children.models import Child
from placements.ssda903.importer import import_filesets
from placements.ssda903.reader import collect
from tests.placements.ssda903_mutations import ERROR_LINE, set_cell, valid_return

pytestmark = pytest.mark.django_db

PROPERTY = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FILES = (
    "header.csv",
    "episodes.csv",
    "reviews.csv",
    "missing.csv",
    "prevperm.csv",
    "swepisodes.csv",
)
ENCODINGS = (
    "utf-8",
    "utf-8-sig",
    "utf-16",
    "utf-16-le",
    "utf-16-be",
    "utf-32",
    "cp1252",
    "latin-1",
    "cp437",
    "mac_roman",
    "shift_jis",
)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    return valid_return(tmp_path_factory.mktemp("valid"), children=12, seed=5)


@pytest.fixture
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("work")


def fresh(pristine, workdir):
    folder = workdir / "2026"
    shutil.rmtree(folder, ignore_errors=True)
    return shutil.copytree(pristine, folder)


def check_clean(folder):
    """The import either succeeds or lists its errors in the one format; it never raises."""
    sets, problems = collect([folder])
    errors = list(problems)
    if not problems:
        errors = import_filesets(sets, actor=None, dry_run=True).errors
    for error in errors:
        line = str(error)
        assert ERROR_LINE.match(line), line
        assert str(folder.parent) not in line
    assert Child.objects.count() == 0
    return errors


@PROPERTY
@given(name=st.sampled_from(FILES), data=st.binary(max_size=3000))
def test_random_bytes_in_any_file(pristine, workdir, name, data):
    folder = fresh(pristine, workdir)
    (folder / name).write_bytes(data)
    check_clean(folder)


CELL = st.text(
    alphabet=st.one_of(
        st.sampled_from(',"\r\n\t\x00 =+-@/;<>'),
        st.characters(codec="utf-8"),
    ),
    max_size=30,
)


@PROPERTY
@given(
    name=st.sampled_from(FILES),
    rows=st.lists(st.lists(CELL, min_size=0, max_size=20), min_size=0, max_size=15),
    keep_header=st.booleans(),
)
def test_random_ragged_csv(pristine, workdir, name, rows, keep_header):
    folder = fresh(pristine, workdir)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if keep_header:
        writer.writerow((folder / name).read_text().splitlines()[0].split(","))
    writer.writerows(rows)
    (folder / name).write_text(buffer.getvalue(), encoding="utf-8", errors="surrogatepass")
    check_clean(folder)


@PROPERTY
@given(
    name=st.sampled_from(FILES),
    encoding=st.sampled_from(ENCODINGS),
    accent=st.sampled_from(["", "é", "£", "ß", "Ł", "€", "日本"]),
)
def test_a_valid_return_in_a_random_encoding(pristine, workdir, name, encoding, accent):
    folder = fresh(pristine, workdir)
    path = folder / name
    text = path.read_text(encoding="utf-8")
    if accent and name == "episodes.csv":
        # HOME_POST is free text up to 8 characters: a place for an accented letter.
        lines = text.splitlines()
        cells = lines[1].split(",")
        cells[10] = "ZX1 " + accent
        lines[1] = ",".join(cells)
        text = "\n".join(lines) + "\n"
    try:
        path.write_bytes(text.encode(encoding))
    except UnicodeEncodeError:
        return
    errors = check_clean(folder)
    if encoding in ("utf-8", "utf-8-sig", "utf-16"):
        # Read whatever the letters: only the rules may object (a postcode with a letter
        # outside A-Z is not refused by the reader).
        assert not [e for e in errors if e.code in ("ENCODING", "FILE")]


@PROPERTY
@given(
    name=st.sampled_from(FILES),
    row=st.integers(min_value=0, max_value=3),
    column=st.integers(min_value=0, max_value=12),
    value=st.text(max_size=300),
)
def test_a_random_value_in_a_random_cell(pristine, workdir, name, row, column, value):
    folder = fresh(pristine, workdir)
    path = folder / name
    lines = path.read_text().splitlines()
    columns = lines[0].split(",")
    if row + 1 >= len(lines):
        return
    quoted = io.StringIO()
    csv.writer(quoted).writerow([value])
    set_cell(folder, name, row, columns[column % len(columns)], quoted.getvalue().rstrip("\r\n"))
    check_clean(folder)
