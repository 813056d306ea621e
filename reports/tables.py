"""Tables as data: the page renders them and the CSV download writes the very same cells, so a
downloaded figure can never differ from the one on screen (suppressed for board members)."""

import csv
import re
from dataclasses import dataclass, field

from django.http import HttpResponse
from django.utils.text import slugify

_NUMBER = re.compile(r"^-?[\d,]+(\.\d+)?%?$")


@dataclass(frozen=True)
class Table:
    key: str
    caption: str
    head: tuple
    rows: tuple
    numeric: tuple = field(default=())  # indexes of numeric columns

    def is_numeric(self, index):
        return index in self.numeric

    @property
    def cells(self):
        """Rows as (text, numeric) pairs for the template."""
        return [[(cell, i in self.numeric) for i, cell in enumerate(row)] for row in self.rows]

    @property
    def head_cells(self):
        return [(cell, i in self.numeric) for i, cell in enumerate(self.head)]


def _safe_cell(value):
    """Neutralise spreadsheet formulas (CSV injection) in text cells; numbers pass unchanged."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _NUMBER.match(text):
        return "'" + text
    return text


def csv_response(table, *, filename_prefix):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = slugify(f"{filename_prefix}-{table.key}")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    writer = csv.writer(response)
    writer.writerow([_safe_cell(cell) for cell in table.head])
    for row in table.rows:
        writer.writerow([_safe_cell(cell) for cell in row])
    return response


def find_table(tables, key):
    return next((table for table in tables if table.key == key), None)
