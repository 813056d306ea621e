"""The one guard against spreadsheet formulas (CSV injection) for every CSV the service writes.

A text cell that starts with =, +, -, @, a tab or a carriage return is read by Excel and its
kind as a formula: it gets a leading apostrophe, which spreadsheets show as text. Numbers
("-3", "-1.5%", "1,234") and every value that is not text are written unchanged.
"""

import csv
import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^-?[\d,]+(\.\d+)?%?$")


def safe_cell(value):
    if isinstance(value, str) and value[:1] in FORMULA_STARTS and not _NUMBER.match(value):
        return "'" + value
    return value


class SafeWriter:
    """`csv.writer` whose every cell goes through `safe_cell`."""

    def __init__(self, handle, **kwargs):
        self._writer = csv.writer(handle, **kwargs)

    def writerow(self, row):
        return self._writer.writerow([safe_cell(cell) for cell in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def writer(handle, **kwargs):
    return SafeWriter(handle, **kwargs)
