"""Find a year's SSDA903 files and stream their rows, refusing what is not a readable CSV.

Nothing here raises on bad input: every problem is reported as a `Problem` (file, row, column,
rule, message) and the caller refuses the import. Files are recognised by their columns, as
the DfE's own tools do; the file name is only a fallback when the columns match no table.
"""

import codecs
import csv
import re
from dataclasses import dataclass
from operator import gt
from pathlib import Path
from sys import intern

from placements.ssda903 import tables

YEAR_FOLDER = re.compile(r"(?<!\d)(20\d\d)(?!\d)")

# The csv module's own limit (131,072 characters); no SSDA903 value comes near it.
FIELD_SIZE_LIMIT = csv.field_size_limit()
# Any value longer than this is refused without being quoted back, whatever its column.
LONGEST_VALUE = 100
# Control characters (tabs and line breaks inside a quoted value among them) and the invisible
# Unicode marks that can make an id read differently on screen.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
SAVE_AS_UTF8 = (
    "Save it as UTF-8: in Excel choose File, Save As, then 'CSV UTF-8 (Comma delimited)'."
)
_SNIFF = 8192


@dataclass(frozen=True)
class Problem:
    """Same fields and format as validation.Error, so both are listed together."""

    file: str
    row: int
    column: str
    code: str
    message: str

    def __str__(self):
        return f"{self.file}:{self.row}: {self.column}: {self.code} {self.message}"


@dataclass
class FileSet:
    """One collection year's files: table name -> path."""

    files: dict
    year: int | None = None
    label: str = ""


def _ignore(*_args):
    return None


# ---------------------------------------------------------------------------------------------
# What kind of file is it?
# ---------------------------------------------------------------------------------------------

_MAGIC = (
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"PK\x03\x04", "a zip archive (or an Excel workbook)"),
    (b"PK\x05\x06", "an empty zip archive"),
    (b"BZh", "a bzip2-compressed file"),
    (b"\xfd7zXZ\x00", "an xz-compressed file"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"%PDF", "a PDF"),
    (b"\xd0\xcf\x11\xe0", "an old-style Excel workbook (.xls)"),
)


def sniff(path):
    """(encoding, None) for a text file we can read, or (None, sentence) saying why not."""
    with open(path, "rb") as handle:
        head = handle.read(_SNIFF)
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return None, f"This is {what}, not a CSV file: upload the CSV files themselves."
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return None, f"The file is in UTF-32. {SAVE_AS_UTF8}"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", None  # Excel's "Unicode Text"; the BOM gives the byte order
    if b"\x00" in head:
        return None, "The file holds NUL bytes: it is not a CSV text file."
    return "utf-8-sig", None


# ---------------------------------------------------------------------------------------------
# Which table is it?
# ---------------------------------------------------------------------------------------------


def header_of(path):
    """The upper-cased column names of a readable CSV file, or None."""
    encoding, _problem = sniff(path)
    if encoding is None:
        return None
    try:
        with open(path, newline="", encoding=encoding) as handle:
            first = next(csv.reader(handle), None)
    except (UnicodeError, csv.Error, ValueError):
        return None
    return [name.strip().upper() for name in first] if first else None


def recognise(path):
    """(table or None, problem sentence or None) for a file: by its columns, else its name."""
    encoding, problem = sniff(path)
    if problem:
        return tables.table_for_file(path), problem
    columns = header_of(path)
    table = tables.table_for_columns(columns or [])
    return table or tables.table_for_file(path), None


def collect(paths):
    """Group PATHs (folders and/or CSV files) into file sets, one per folder.

    Files given directly form one set together. Returns (sets, problems): a file that is no
    CSV, matches no table, or is a second copy of a table is a problem, and the import is
    refused.
    """
    sets, loose, problems = [], {}, []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files = {}
            for child in sorted(path.iterdir()):
                if child.name.startswith(".") or not child.is_file():
                    continue
                _place(child, files, problems)
            match = YEAR_FOLDER.search(path.name)
            sets.append(
                FileSet(files=files, year=int(match.group(1)) if match else None, label=path.name)
            )
        elif path.is_file():
            _place(path, loose, problems)
        else:
            problems.append(Problem(path.name, 0, "-", "FILE", "There is no such file or folder."))
    if loose:
        sets.append(FileSet(files=loose, label="files"))
    return sets, problems


def _place(path, files, problems):
    from placements.ssda903 import xml_reader  # it builds on this module's reading

    if xml_reader.looks_like_xml(path):
        found, refused = xml_reader.read(path)
        problems.extend(refused)
        for name, source in found.items():
            _add(files, name, source, problems)
        return
    table, problem = recognise(path)
    if problem:
        problems.append(Problem(path.name, 0, "-", "FILE", problem))
        return
    if table is None:
        problems.append(
            Problem(
                path.name,
                1,
                "-",
                "FILE",
                "Its columns match no SSDA903 table (and neither does its name): check the "
                "first row holds the column names, such as CHILD,SEX,DOB.",
            )
        )
        return
    _add(files, table.name, path, problems)


def _add(files, name, path, problems):
    if name in files:
        problems.append(
            Problem(
                path.name,
                0,
                "-",
                "FILE",
                f"{files[name].name} and {path.name} are both the {name} table: give one.",
            )
        )
        return
    files[name] = path


# ---------------------------------------------------------------------------------------------
# Rows
# ---------------------------------------------------------------------------------------------


def read_rows(path, *, report=_ignore, limits=None):
    """(columns, iterator of (line number, list of stripped values)).

    Problems go to report(row, column, code, message): a file that cannot be read yields no
    rows; a row with a bad value is reported and still yielded (the import is refused anyway)
    with the value cut to its limit and control characters replaced, so later messages that
    quote it stay short and printable. `limits` maps column name -> longest value allowed.
    A table of an XML return (`xml_reader.XmlTable`) reads its own rows.
    """
    if hasattr(path, "read_rows"):
        return path.read_rows(report=report, limits=limits)
    encoding, problem = sniff(path)
    if problem:
        report(0, "-", "FILE", problem)
        return [], iter(())
    handle = open(path, newline="", encoding=encoding)  # noqa: SIM115 - closed by _rows
    reader = csv.reader(handle)
    try:
        first = next(reader)
    except StopIteration:
        handle.close()
        return [], iter(())
    except (UnicodeError, csv.Error) as exc:
        handle.close()
        if isinstance(exc, UnicodeError):
            line = _first_undecodable_line(path, encoding) or 1
        else:
            line = reader.line_num
        report(line, "-", *_read_failure(exc, encoding))
        return [], iter(())
    columns = [name.strip().upper() for name in first]
    bad = _check_columns(columns, report)
    if bad:
        handle.close()
        return [], iter(())
    widths = _widths(columns, limits)
    return columns, _rows(handle, reader, columns, widths, report, encoding)


COLUMN_NAME = re.compile(r"^[A-Z0-9_ ]{0,40}$")


def _check_columns(columns, report):
    """Duplicated names refuse the file. Names that cannot be SSDA903 columns (blank, as
    Excel's trailing commas give, or a council's own notes) are blanked and so ignored."""
    bad = False
    seen = set()
    for number, name in enumerate(columns):
        if not COLUMN_NAME.match(name):
            columns[number] = ""
        elif name and name in seen:
            report(1, name, "COLS", f"Column {name} appears more than once.")
            bad = True
        seen.add(name)
    return bad


def _read_failure(exc, encoding):
    if isinstance(exc, UnicodeError):
        if encoding == "utf-16":
            return "ENCODING", "The file is not valid UTF-16 text. " + SAVE_AS_UTF8
        return (
            "ENCODING",
            "The file is not UTF-8 text (it may be Windows-1252 or Latin-1, which Excel "
            "writes as 'CSV (Comma delimited)'). " + SAVE_AS_UTF8,
        )
    text = str(exc)
    if "field larger than field limit" in text:
        return "LENGTH", f"A value is longer than {FIELD_SIZE_LIMIT:,} characters."
    if "NUL" in text:
        return "FILE", "The file holds NUL bytes: it is not a CSV text file."
    return "FILE", f"The file cannot be read as CSV ({text})."


def _rows(handle, reader, columns, widths, report, encoding):
    width = len(columns)
    with handle:
        line = 1
        try:
            for values in reader:
                line = reader.line_num
                # Interned: codes, dates and CHILD ids repeat across rows and tables, and the
                # parsed year keeps many of them; one copy each keeps the import's memory down
                # (569 MB to 464 MB peak at 100,000 children; the aim is under 600 MB).
                values = [intern(v.strip()) for v in values]
                if not any(values):
                    continue
                if len(values) > width:
                    if any(values[width:]):
                        report(
                            line,
                            "-",
                            "RAGGED",
                            f"This row has {len(values)} values but there are {width} columns.",
                        )
                    values = values[:width]
                yield line, _checked(line, values, columns, widths, report)
        except (UnicodeError, csv.Error) as exc:
            if isinstance(exc, UnicodeError):
                line = _first_undecodable_line(handle.name, encoding) or line + 1
            else:
                line = reader.line_num
            report(line, "-", *_read_failure(exc, encoding))


def _widths(columns, limits):
    return [min((limits or {}).get(name, LONGEST_VALUE), LONGEST_VALUE) for name in columns]


def _checked(line, values, columns, widths, report):
    """The row's values, each one over its column's limit or holding a control character
    reported, then cut to the limit or made printable (in a copy: `values` is not changed)."""
    # One regular-expression search and one C-level pass over the lengths per row: cheap next
    # to the csv module's own work.
    if CONTROL.search(",".join(values)) or any(map(gt, map(len, values), widths)):
        values = list(values)
        for i, value in enumerate(values):
            if len(value) > widths[i] or CONTROL.search(value):
                values[i] = _report_value(line, columns[i], value, widths[i], report)
    return values


def checked_rows(rows, columns, limits, report):
    """(line, values) of ROWS with the same checks as a CSV file's rows (for other forms of the
    return, such as its XML)."""
    widths = _widths(columns, limits)
    for line, values in rows:
        yield line, _checked(line, values, columns, widths, report)


def _first_undecodable_line(path, encoding):
    """The number of the first line that does not decode (reads once more, only on failure)."""
    if encoding != "utf-8-sig":
        return None
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError:
                return number
    return None


def _report_value(line, column, value, limit, report):
    if len(value) > limit:
        report(
            line, column, "LENGTH", f"{column} is {len(value):,} characters long; at most {limit}."
        )
        value = value[:limit]
    if CONTROL.search(value):
        report(line, column, "CHAR", f"{column} holds a control character (such as a tab or NUL).")
        value = CONTROL.sub("?", value)
    return value
