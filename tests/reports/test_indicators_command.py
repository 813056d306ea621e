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


def test_periods_give_each_named_period_and_the_base_date():
    in_care(start=date(2025, 10, 1))  # started in the last 6 months, after a year earlier
    rows = json.loads(
        run("--as-at", "2026-03-31", "--periods", "--since", "2025-06-30", "--code", "CLA_STARTED")
    )
    by_period = {row["period"]: row for row in rows}

    assert set(by_period) == {
        "last_12_months",
        "last_12_months_year_earlier",
        "year_to_date",
        "year_to_date_year_earlier",
        "last_6_months",
        "last_6_months_year_earlier",
        "year_ending_2022",
        "year_ending_2023",
        "year_ending_2024",
        "year_ending_2025",
        "year_ending_2026",
        "since",
    }
    assert by_period["last_6_months"]["numerator"] == 1
    assert by_period["last_6_months"]["period_start"] == "2025-10-01"
    assert by_period["last_6_months_year_earlier"]["numerator"] == 0
    assert by_period["since"]["period_end"] == "2025-06-30"
    assert by_period["since"]["numerator"] == 0


def test_periods_csv_has_a_period_column():
    rows = list(
        csv.DictReader(
            io.StringIO(
                run("--as-at", "2026-03-31", "--periods", "--code", "CLA_COUNT", "--format", "csv")
            )
        )
    )
    assert set(rows[0]) == KEYS | {"period"}
    assert len(rows) == 11


def test_periods_reject_an_unknown_code_and_a_base_date_after_the_figures():
    with pytest.raises(CommandError, match="No indicator with the code NOPE"):
        run("--as-at", "2026-03-31", "--periods", "--code", "NOPE")
    with pytest.raises(CommandError, match="--since must be before --as-at"):
        run("--as-at", "2026-03-31", "--periods", "--since", "2026-03-31")
