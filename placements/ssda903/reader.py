"""Find a year's SSDA903 files and stream their rows."""

import csv
import re
from dataclasses import dataclass
from pathlib import Path
from sys import intern

from placements.ssda903.tables import table_for_file

YEAR_FOLDER = re.compile(r"(?<!\d)(20\d\d)(?!\d)")


@dataclass
class FileSet:
    """One collection year's files: table name -> path."""

    files: dict
    year: int | None = None
    label: str = ""


def collect(paths):
    """Group PATHs (folders and/or CSV files) into file sets, one per folder.

    CSV files given directly form one set together. Files whose names match no table are
    returned separately so the caller can report them.
    """
    sets, loose, unknown = [], {}, []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files = {}
            for child in sorted(path.iterdir()):
                table = table_for_file(child)
                if table is None:
                    if child.suffix.lower() == ".csv":
                        unknown.append(child)
                    continue
                files[table.name] = child
            match = YEAR_FOLDER.search(path.name)
            sets.append(
                FileSet(files=files, year=int(match.group(1)) if match else None, label=str(path))
            )
        else:
            table = table_for_file(path)
            if table is None:
                unknown.append(path)
            else:
                loose[table.name] = path
    if loose:
        sets.append(FileSet(files=loose, label="files"))
    return sets, unknown


def read_rows(path):
    """(columns, iterator of (line number, list of stripped values)). Tolerates a BOM."""
    handle = open(path, newline="", encoding="utf-8-sig")  # noqa: SIM115 - closed by _rows
    reader = csv.reader(handle)
    try:
        columns = [name.strip().upper() for name in next(reader)]
    except StopIteration:
        handle.close()
        return [], iter(())
    return columns, _rows(handle, reader)


def _rows(handle, reader):
    with handle:
        for values in reader:
            # Interned: codes, dates and CHILD ids repeat across rows and tables, and the parsed
            # year keeps many of them; one copy each keeps the import's memory down (569 MB
            # to 464 MB peak at 100,000 children; the aim is under 600 MB) and costs no time.
            values = [intern(v.strip()) for v in values]
            if any(values):
                yield reader.line_num, values
