import csv
import io
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from reports.indicators import CATALOGUE
from reports.management.commands.indicators import CSV_FIELDS
from tests.reports.dash_factories import looked_after_child
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
    assert all(KEYS | {"complete"} <= set(row) for row in rows)
    cla = next(row for row in rows if row["code"] == "CLA_COUNT")
    assert cla["numerator"] == 1
    assert cla["period_end"] == "2026-03-31"


def test_csv_is_long_form_with_one_figure_row_per_code():
    rows = list(csv.DictReader(io.StringIO(run("--as-at", "2026-03-31", "--format", "csv"))))
    figures = [row for row in rows if row["kind"] == "figure"]
    assert [row["code"] for row in figures] == list(CATALOGUE)
    assert KEYS | {"kind", "category", "complete", "coverage_note"} == set(rows[0])


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


def _by_code(rows):
    return {row["code"]: row for row in rows}


def test_json_gives_each_breakdown_by_national_code_or_group_name():
    for _ in range(7):
        looked_after_child(start=date(2025, 1, 1), legal_status="C2", placement_type="U4")
    looked_after_child(start=date(2025, 1, 1), legal_status="V2", placement_type="K2")
    rows = _by_code(json.loads(run("--as-at", "2026-03-31")))

    assert rows["CLA_BY_LEGAL_STATUS"]["breakdown"] == {"C2": 7, "V2": 1}
    assert rows["CLA_BY_PLACEMENT_TYPE"]["breakdown"] == {"K2": 1, "U4": 7}
    assert rows["CLA_BY_PROVIDER"]["breakdown"] == {"PR1": 8}
    assert rows["CLA_BY_CATEGORY_OF_NEED"]["breakdown"] == {"N1": 8}
    assert set(rows["CLA_BY_AGE"]["breakdown"]) == {
        "under 1",
        "1 to 4",
        "5 to 9",
        "10 to 15",
        "16 and over",
    }
    assert rows["CLA_BY_AGE"]["breakdown"]["10 to 15"] == 8
    assert set(rows["CLA_BY_SEX"]["breakdown"]) >= {"male", "female"}
    assert set(rows["CLA_BY_ETHNICITY"]["breakdown"]) == {
        "White",
        "Mixed",
        "Asian",
        "Black",
        "Other",
        "Not known",
    }
    assert set(rows["CLA_CEASED_BY_REASON"]["breakdown"]) == {
        "adopted",
        "special guardianship order",
        "child arrangements order",
        "returned home",
        "independent living",
        "age 18 staying put",
        "other",
    }
    assert "breakdown" in rows["PLACED_OUTSIDE_LA"]
    assert "breakdown" not in rows["CLA_COUNT"]


def test_suppressed_breakdowns_show_what_a_board_member_sees():
    for _ in range(7):
        looked_after_child(start=date(2025, 1, 1), legal_status="C2")
    looked_after_child(start=date(2025, 1, 1), legal_status="V2")
    rows = _by_code(json.loads(run("--as-at", "2026-03-31", "--suppressed")))
    legal = rows["CLA_BY_LEGAL_STATUS"]["breakdown"]
    assert legal["V2"] == "c"
    assert legal["C2"] == "c"  # the only other part: it would give V2 from the total


def test_json_carries_the_extra_figures_by_name():
    rows = _by_code(json.loads(run("--as-at", "2026-03-31")))
    assert {"three_year_value", "three_year_children", "three_year_total_days"} <= set(
        rows["PO_TO_AO_DAYS"]
    )
    assert {"placements_started", "placements_ended"} <= set(rows["CONNECTED_CARERS"])
    assert "episodes" in rows["MISSING_CHILDREN"]
    assert "aged_19_21_with_former_foster_carers" in rows["CL_STAYING_PUT"]


def test_suppressed_is_refused_between_month_ends():
    with pytest.raises(CommandError, match="2026-05-31"):
        run("--as-at", "2026-06-04", "--suppressed")


def test_csv_has_a_row_per_breakdown_category():
    for _ in range(7):
        looked_after_child(start=date(2025, 1, 1), legal_status="C2")
    rows = list(csv.DictReader(io.StringIO(run("--as-at", "2026-03-31", "--format", "csv"))))
    legal = [r for r in rows if r["code"] == "CLA_BY_LEGAL_STATUS" and r["kind"] == "breakdown"]
    assert [(r["category"], r["value"]) for r in legal] == [("C2", "7")]


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
    assert set(rows[0]) == set(CSV_FIELDS) | {"period"}
    assert len(rows) == 11


def test_periods_reject_an_unknown_code_and_a_base_date_after_the_figures():
    with pytest.raises(CommandError, match="No indicator with the code NOPE"):
        run("--as-at", "2026-03-31", "--periods", "--code", "NOPE")
    with pytest.raises(CommandError, match="--since must be before --as-at"):
        run("--as-at", "2026-03-31", "--periods", "--since", "2026-03-31")
