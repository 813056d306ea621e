"""Broken SSDA903 returns made from a valid generated one, for the corpus and property tests.

Each mutation takes the folder of a valid year (header.csv, episodes.csv, ...) and breaks it in
one way. `MUST_REFUSE` says whether the result is invalid; the others are still valid returns
(another encoding, another file name, columns reordered, a harmless odd id) and must import.
"""

import codecs
import gzip
import io
import re
import shutil
import zipfile
from datetime import date
from pathlib import Path

from demo.ssda903.generator import generate

YEAR = 2026
END = date(2026, 3, 31)
# file:row: column: RULE message
ERROR_LINE = re.compile(r"^[^:\n]+:\d+: [^:\n]+: [A-Za-z0-9_]+ \S.*$")


def valid_return(folder, *, children=40, seed=6):
    """Write a valid year of the demo generator's return; returns the year's folder. (Seed 6
    gives a decision to place a child for adoption and an adoption among 40 children.)"""
    generate(folder, children=children, years=1, seed=seed, end=END)
    return Path(folder) / str(YEAR)


def _lines(path):
    return path.read_text(encoding="utf-8").splitlines()


def _write_lines(path, lines):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _rows(path):
    lines = _lines(path)
    return lines[0].split(","), [line.split(",") for line in lines[1:]]


def _write_rows(path, columns, rows):
    _write_lines(path, [",".join(columns)] + [",".join(r) for r in rows])


def set_cell(folder, name, row, column, value):
    """Set one cell (row 0 is the first data row); values here never hold commas."""
    path = folder / name
    columns, rows = _rows(path)
    rows[row][columns.index(column)] = value
    _write_rows(path, columns, rows)


def rename_child(folder, old, new):
    """Give a child another id in every file (a valid change when the new id is)."""
    for path in folder.glob("*.csv"):
        columns, rows = _rows(path)
        for r in rows:
            if r[0] == old:
                r[0] = new
        _write_rows(path, columns, rows)


def first_child(folder):
    return _rows(folder / "header.csv")[1][0][0]


def _reencode(folder, name, encoding, bom=b""):
    path = folder / name
    path.write_bytes(bom + path.read_text(encoding="utf-8").encode(encoding))


def _with_accent(folder):
    # An accented letter where a council might write one: a Windows-1252 "é" is no UTF-8.
    set_cell(folder, "episodes.csv", 0, "HOME_POST", "ZX1 é")


def _gzip(folder, name):
    path = folder / name
    path.write_bytes(gzip.compress(path.read_bytes()))


def _zip_as(folder, name, target, arcname=None):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(arcname or name, (folder / name).read_bytes())
    (folder / target).write_bytes(buffer.getvalue())


def _insert_bytes(folder, name, data, at=40):
    path = folder / name
    raw = path.read_bytes()
    path.write_bytes(raw[:at] + data + raw[at:])


def _drop_column(folder, name, column):
    columns, rows = _rows(folder / name)
    i = columns.index(column)
    _write_rows(folder / name, columns[:i] + columns[i + 1 :], [r[:i] + r[i + 1 :] for r in rows])


def _header_line(folder, name, fn):
    lines = _lines(folder / name)
    lines[0] = fn(lines[0])
    _write_lines(folder / name, lines)


def _append_line(folder, name, line, at=None):
    lines = _lines(folder / name)
    lines.insert(len(lines) if at is None else at, line)
    _write_lines(folder / name, lines)


def _duplicate_row(folder, name, row=0):
    lines = _lines(folder / name)
    lines.append(lines[row + 1])
    _write_lines(folder / name, lines)


def _reorder_columns(folder, name):
    columns, rows = _rows(folder / name)
    order = list(reversed(range(len(columns))))
    _write_rows(folder / name, [columns[i] for i in order], [[r[i] for i in order] for r in rows])


def _episode_dates(folder, fn):
    columns, rows = _rows(folder / "episodes.csv")
    fn(columns, rows)
    _write_rows(folder / "episodes.csv", columns, rows)


def _dec_before_decom(columns, rows):
    r = next(r for r in rows if r[columns.index("DEC")])
    r[columns.index("DEC")] = "01/01/2000"


def _overlap(columns, rows):
    # The second episode of a child with several starts before the first ended.
    d, e = columns.index("DECOM"), columns.index("DEC")
    for a, b in zip(rows, rows[1:], strict=False):
        if a[0] == b[0] and a[e]:
            b[d] = "01/04/2025" if a[d] > "01/04/2025" else a[d]
            a[e] = "31/03/2026"
            return


def _break_chain(columns, rows):
    # Drop the episode that follows one ended X1 (placement changed within care).
    rec = columns.index("REC")
    for i in range(len(rows) - 1):
        if rows[i][rec] == "X1" and rows[i][0] == rows[i + 1][0]:
            del rows[i + 1]
            return
    raise AssertionError("no episode ended X1")


def _large_file(folder):
    # 60,000 reviews of a child who is not in the header: big, and every row an orphan.
    lines = _lines(folder / "reviews.csv")
    lines += [f"ZZ{i:05d},01/01/2010,01/06/2025,PN1" for i in range(60_000)]
    _write_lines(folder / "reviews.csv", lines)


def _write(folder, name, data):
    (folder / name).write_bytes(data)


def _move(folder, old, new):
    shutil.move(folder / old, folder / new)


def _child_everywhere(new):
    return lambda f: rename_child(f, first_child(f), new)


# name -> (mutation, must refuse)
MUTATIONS = {
    # Encodings
    "utf16_le_with_bom": (lambda f: _reencode(f, "header.csv", "utf-16"), False),
    "utf16_be_with_bom": (
        lambda f: _reencode(f, "episodes.csv", "utf-16-be", codecs.BOM_UTF16_BE),
        False,
    ),
    "utf8_with_bom": (lambda f: _reencode(f, "reviews.csv", "utf-8-sig"), False),
    "windows_1252": (
        lambda f: (_with_accent(f), _reencode(f, "episodes.csv", "cp1252")),
        True,
    ),
    "latin_1": (lambda f: (_with_accent(f), _reencode(f, "episodes.csv", "latin-1")), True),
    "utf32": (lambda f: _reencode(f, "header.csv", "utf-32"), True),
    "invalid_utf8_mid_file": (lambda f: _insert_bytes(f, "header.csv", b"\xc3\x28", 200), True),
    "invalid_utf8_in_header_row": (lambda f: _insert_bytes(f, "header.csv", b"\xff", 3), True),
    "lone_utf8_continuation": (lambda f: _insert_bytes(f, "reviews.csv", b"\x80", 60), True),
    "utf16_without_bom": (
        lambda f: _write(f, "header.csv", (f / "header.csv").read_text().encode("utf-16-le")),
        True,
    ),
    # NUL bytes and binary or compressed files
    "nul_byte_at_start": (lambda f: _insert_bytes(f, "header.csv", b"\x00", 0), True),
    "nul_byte_deep_in_file": (
        lambda f: (
            _insert_bytes(f, "episodes.csv", b"\x00", 9000)
            if (f / "episodes.csv").stat().st_size > 9000
            else _insert_bytes(f, "episodes.csv", b"\x00", 500)
        ),
        True,
    ),
    "gzip_named_csv": (lambda f: _gzip(f, "header.csv"), True),
    "zip_named_csv": (lambda f: _zip_as(f, "episodes.csv", "episodes.csv"), True),
    "zip_slip_archive": (
        lambda f: _zip_as(f, "header.csv", "header.zip", arcname="../../etc/header.csv"),
        True,
    ),
    "random_binary": (lambda f: _write(f, "reviews.csv", bytes(range(256)) * 20), True),
    "pdf": (lambda f: _write(f, "oc2.csv", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"), True),
    "old_excel": (lambda f: _write(f, "oc3.csv", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" * 64), True),
    "xlsx_named_csv": (lambda f: _zip_as(f, "header.csv", "header.csv", "xl/workbook.xml"), True),
    "empty_header_file": (lambda f: _write(f, "header.csv", b""), True),
    "bom_only_file": (lambda f: _write(f, "episodes.csv", codecs.BOM_UTF8), True),
    "blank_lines_only": (lambda f: _write(f, "episodes.csv", b"\n\n  \n"), True),
    # Over-long fields
    "field_over_csv_limit": (
        lambda f: set_cell(f, "episodes.csv", 0, "URN", "9" * 200_000),
        True,
    ),
    "long_urn": (lambda f: set_cell(f, "episodes.csv", 0, "URN", "SC1234567890"), True),
    "long_home_postcode": (
        lambda f: set_cell(f, "episodes.csv", 0, "HOME_POST", "ZX16 4JE ZX16 4JE"),
        True,
    ),
    "long_la_perm": (lambda f: set_cell(f, "prevperm.csv", 0, "LA_PERM", "E0800"), True),
    "long_sw_id": (lambda f: set_cell(f, "swepisodes.csv", 0, "SW_ID", "SW" + "0" * 30), True),
    "long_child_id_everywhere": (_child_everywhere("C" * 11), True),
    "very_long_child_id": (_child_everywhere("C" * 5000), True),
    "long_code_value": (lambda f: set_cell(f, "episodes.csv", 0, "PLACE", "K2K2K2K2"), True),
    "long_date_value": (lambda f: set_cell(f, "header.csv", 0, "DOB", "23/08/2014" * 50), True),
    "unbalanced_quote": (
        lambda f: _insert_bytes(f, "header.csv", b'"', len(_lines(f / "header.csv")[0]) + 1),
        True,
    ),
    # Control characters and odd ids
    "tab_in_child_id": (_child_everywhere("10\t00"), True),
    "bell_in_value": (lambda f: set_cell(f, "episodes.csv", 0, "PL_POST", "ZX1\x07"), True),
    "newline_in_quoted_id": (_child_everywhere('"10\n00"'), True),
    "right_to_left_override_in_id": (_child_everywhere("10\u202e01"), True),
    "zero_width_space_in_id": (_child_everywhere("1000\u200b"), True),
    # Injection payloads: stored as text, harmlessly (ids of 10 characters or fewer)
    "formula_id": (_child_everywhere("=1+2"), False),
    "script_id": (_child_everywhere("<script>"), False),
    "sql_id": (_child_everywhere("1';DROP--"), False),
    "sql_in_urn": (lambda f: set_cell(f, "episodes.csv", 0, "URN", "1' OR 1=1"), True),
    "script_in_postcode": (
        lambda f: set_cell(f, "episodes.csv", 0, "HOME_POST", "<script>alert(1)</script>"),
        True,
    ),
    # Ragged rows
    "extra_value_in_row": (
        lambda f: _append_line(f, "header.csv", _lines(f / "header.csv")[1] + ",X", 2),
        True,
    ),
    "many_extra_values": (
        lambda f: _append_line(f, "episodes.csv", _lines(f / "episodes.csv")[1] + ",x" * 500, 2),
        True,
    ),
    "row_cut_short": (lambda f: _append_line(f, "header.csv", "9999999,F", None), True),
    "trailing_empty_values": (
        lambda f: (
            _append_line(f, "reviews.csv", _lines(f / "reviews.csv")[1] + ",,,", 2)
            or _remove_line(f, "reviews.csv", 1)
        ),
        False,
    ),
    # Columns
    "missing_column": (lambda f: _drop_column(f, "header.csv", "DOB"), True),
    "renamed_column": (
        lambda f: _header_line(f, "header.csv", lambda h: h.replace("ETHNIC", "ETHNICITY")),
        True,
    ),
    "renamed_child_column": (
        lambda f: _header_line(f, "episodes.csv", lambda h: h.replace("CHILD", "CHILD_ID")),
        True,
    ),
    "duplicated_column": (lambda f: _header_line(f, "header.csv", lambda h: h + ",SEX"), True),
    "header_row_missing": (lambda f: _remove_line(f, "header.csv", 0), True),
    "columns_reordered": (lambda f: _reorder_columns(f, "episodes.csv"), False),
    "columns_lower_case": (lambda f: _header_line(f, "header.csv", str.lower), False),
    "extra_unknown_column": (
        lambda f: _rewrite_with_extra_column(f, "reviews.csv"),
        False,
    ),
    "spaces_round_column_names": (
        lambda f: _header_line(f, "uasc.csv", lambda h: ", ".join(h.split(","))),
        False,
    ),
    # Files recognised by their columns, not their names
    "placed_for_adoption_name": (
        lambda f: _move(f, "placedadoption.csv", "placed_for_adoption.csv"),
        False,
    ),
    "every_file_renamed": (
        lambda f: [
            _move(f, p.name, f"table{i}.csv") for i, p in enumerate(sorted(f.glob("*.csv")))
        ],
        False,
    ),
    "same_table_twice": (lambda f: shutil.copy(f / "header.csv", f / "header copy.csv"), True),
    "unknown_csv": (lambda f: _write(f, "notes.csv", b"Notes,for,the,board\n1,2,3,4\n"), True),
    "header_file_missing": (lambda f: (f / "header.csv").unlink(), True),
    "episodes_file_missing": (lambda f: (f / "episodes.csv").unlink(), True),
    # Impossible and out-of-order dates
    "impossible_date": (lambda f: set_cell(f, "header.csv", 0, "DOB", "31/02/2014"), True),
    "iso_date": (lambda f: set_cell(f, "header.csv", 0, "DOB", "2014-08-23"), True),
    "two_digit_year": (lambda f: set_cell(f, "header.csv", 0, "DOB", "23/08/14"), True),
    "year_zero": (lambda f: set_cell(f, "header.csv", 0, "DOB", "23/08/0000"), True),
    "birth_in_the_future": (lambda f: set_cell(f, "header.csv", 0, "DOB", "01/01/2090"), True),
    "dec_before_decom": (lambda f: _episode_dates(f, _dec_before_decom), True),
    # Overlaps, chains, orphans, duplicate keys
    "overlapping_episodes": (lambda f: _episode_dates(f, _overlap), True),
    "broken_chain": (lambda f: _episode_dates(f, _break_chain), True),
    "duplicate_episode_row": (lambda f: _duplicate_row(f, "episodes.csv"), True),
    "orphan_episode": (
        lambda f: _append_line(
            f, "episodes.csv", "ORPHAN1," + _lines(f / "episodes.csv")[1].split(",", 1)[1]
        ),
        True,
    ),
    "orphan_review": (
        lambda f: _append_line(f, "reviews.csv", "ORPHAN2,01/01/2010,01/06/2025,PN1"),
        True,
    ),
    "duplicate_child_in_header": (lambda f: _duplicate_row(f, "header.csv"), True),
    "blank_child_id": (lambda f: set_cell(f, "header.csv", 0, "CHILD", ""), True),
    # Size
    "large_file": (_large_file, True),
}


def _remove_line(folder, name, index):
    lines = _lines(folder / name)
    del lines[index]
    _write_lines(folder / name, lines)


def _rewrite_with_extra_column(folder, name):
    columns, rows = _rows(folder / name)
    _write_rows(folder / name, [*columns, "NOTES"], [[*r, "note"] for r in rows])
