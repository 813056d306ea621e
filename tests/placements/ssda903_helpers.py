"""Shared helpers for the SSDA903 tests: comparing tables and checksumming the database."""

import csv
import hashlib
from collections import Counter
from pathlib import Path

from django.apps import apps

from placements.ssda903 import xml_writer
from placements.ssda903.reader import collect, read_rows
from placements.ssda903.tables import table_for_file

FIXTURES = Path(__file__).parent / "fixtures" / "ssda903"


def _refuse(*problem):
    raise AssertionError(f"the fixture reads with a problem: {problem}")


def xml_of_fixture(tmp_path, year):
    """The fixture year's CSV files written as one XML return (no database involved)."""
    sets, problems = collect([FIXTURES / str(year)])
    assert problems == []
    found = {}
    for name, path in sets[0].files.items():
        _columns, rows = read_rows(path, report=_refuse)
        found[name] = [values for _line, values in rows]
    target = tmp_path / f"fixture-{year}.xml"
    with open(target, "w", encoding="utf-8") as handle:
        xml_writer.write(handle, found)
    return target


def read_tables(folder):
    """{table name: (columns, Counter of rows)} for every SSDA903 CSV in folder."""
    result = {}
    for path in Path(folder).iterdir():
        table = table_for_file(path)
        if table is None:
            continue
        with open(path, newline="", encoding="utf-8-sig") as f:
            rows = [[v.strip() for v in row] for row in csv.reader(f) if any(row)]
        columns = tuple(c.strip().upper() for c in rows[0])
        result[table.name] = (columns, Counter(tuple(row) for row in rows[1:]))
    return result


def table_differences(imported, exported):
    """Tables that differ; a table absent on one side must be empty on the other."""
    a, b = read_tables(imported), read_tables(exported)
    differences = {}
    for name in set(a) | set(b):
        cols_a, rows_a = a.get(name, ((), Counter()))
        cols_b, rows_b = b.get(name, ((), Counter()))
        if not rows_a and not rows_b:
            continue
        if cols_a != cols_b or rows_a != rows_b:
            differences[name] = {
                "columns": (cols_a, cols_b) if cols_a != cols_b else None,
                "only_imported": sorted(rows_a - rows_b)[:5],
                "only_exported": sorted(rows_b - rows_a)[:5],
            }
    return differences


CASE_RECORD_MODELS = [
    "children.Child",
    "children.Allocation",
    "children.Review",
    "children.AnnualOutcome",
    "children.MissingEpisode",
    "children.DeprivationOfLiberty",
    "children.CareLeaverContact",
    "placements.PeriodOfCare",
    "placements.LegalStatus",
    "placements.Placement",
    "placements.PermanencePlan",
    "placements.PreviousPermanence",
    "placements.ImportRun",
    "corporate_parenting.AuditEvent",
]


def database_checksum(labels=CASE_RECORD_MODELS):
    """A digest of every row (all columns) of the tables an import writes."""
    digest = hashlib.sha256()
    for label in labels:
        model = apps.get_model(label)
        for row in model.objects.order_by("pk").values_list():
            digest.update(repr(row).encode())
    return digest.hexdigest()


def table_counts():
    return {label: apps.get_model(label).objects.count() for label in CASE_RECORD_MODELS}
