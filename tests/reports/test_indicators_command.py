import csv
import io
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from reports.indicators import CATALOGUE
from tests.reports.factories import in_care

pytestmark = pytest.mark.django_db

KEYS = {"code", "title", "numerator", "denominator", "value", "unit", "period_start", "period_end"}


def run(*args):
    out = io.StringIO()
    call_command("indicators", *args, stdout=out)
    return out.getvalue()


def test_json_lists_every_code_in_the_catalogue_with_the_catalogue_keys():
    in_care(start=date(2025, 1, 1))
    rows = json.loads(run("--as-at", "2026-03-31"))
    assert [row["code"] for row in rows] == list(CATALOGUE)
    assert all(set(row) == KEYS for row in rows)
    cla = next(row for row in rows if row["code"] == "CLA_COUNT")
    assert cla["numerator"] == 1
    assert cla["period_end"] == "2026-03-31"


def test_csv_has_a_header_and_one_row_per_code():
    rows = list(csv.DictReader(io.StringIO(run("--as-at", "2026-03-31", "--format", "csv"))))
    assert len(rows) == len(CATALOGUE)
    assert set(rows[0]) == KEYS


def test_suppressed_output_hides_small_counts():
    in_care(start=date(2025, 1, 1))
    rows = json.loads(run("--as-at", "2026-03-31", "--suppressed"))
    cla = next(row for row in rows if row["code"] == "CLA_COUNT")
    assert cla["value"] == "c"
    assert cla["numerator"] == "c"


def test_period_start_sets_the_period():
    rows = json.loads(run("--as-at", "2026-03-31", "--period-start", "2025-10-01"))
    started = [row for row in rows if row["period_start"] is not None]
    assert all(
        row["period_start"] == "2025-10-01" for row in started if row["code"] == "CLA_STARTED"
    )


def test_a_bad_date_is_an_error():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("--as-at", "31/03/2026")
