"""Data coverage: figures whose look-back reaches before the earliest imported return say so."""

import io
import json
from datetime import date

import pytest
from django.core.management import call_command
from django.db.models import Min

from demo.ssda903.generator import generate
from placements import codes
from placements.models import PeriodOfCare
from placements.ssda903.importer import import_filesets
from placements.ssda903.reader import collect
from reports.coverage import collection_year_of, coverage_note, coverage_start, look_back_start
from reports.indicators import CATALOGUE
from reports.indicators.periods import Period
from tests.reports.factories import in_care

AS_AT = date(2026, 3, 31)
HISTORY_FIGURES = ("A1_DAYS", "A2_DAYS", "STAB_LONG_TERM")


def _import(folders):
    sets, _ = collect(folders)
    result = import_filesets(sets, actor=None)
    assert result.errors == []
    return result.years


def _rows():
    out = io.StringIO()
    call_command("indicators", "--as-at", AS_AT.isoformat(), stdout=out)
    return {row["code"]: row for row in json.loads(out.getvalue())}


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    out = tmp_path_factory.mktemp("six-years")
    years, _stats, _ = generate(out, children=500, years=6, seed=15, end=AS_AT)
    return out, years


@pytest.mark.django_db
def test_one_imported_year_marks_figures_that_need_more_history_incomplete(generated):
    out, years = generated
    assert _import([out / str(years[-1])]) == [2026]

    rows = _rows()

    for code in HISTORY_FIGURES:
        assert rows[code]["complete"] is False, code
        assert "year ending 31 March 2026" in rows[code]["coverage_note"]
    assert rows["STAB_LONG_TERM"]["coverage_note"].endswith(
        "Importing the returns for the years ending 31 March 2024 to 2025 would complete it."
    )
    assert rows["CLA_COUNT"]["complete"] is True
    assert "coverage_note" not in rows["CLA_COUNT"]
    assert rows["CLA_STARTED"]["complete"] is True  # 12 months: the return's own year
    # The year's OC3 states its cohort of care leavers aged 17 to 21 (counted as the DfE
    # counts the return); those aged 22 to 25 need the record back to their 14th birthday.
    assert rows["CL_IN_TOUCH_19_21"]["complete"] is True
    assert rows["CL_IN_TOUCH_22_25"]["complete"] is False


@pytest.mark.django_db
def test_six_imported_years_complete_the_figures_whose_look_back_fits(generated):
    out, years = generated
    assert _import([out / str(year) for year in years]) == years

    rows = _rows()

    first_held = date(years[0] - 1, 4, 1)
    assert rows["STAB_LONG_TERM"]["complete"] is True
    assert rows["CLA_COUNT"]["complete"] is True
    three = Period.three_years_to(AS_AT)
    earliest_entry = (
        PeriodOfCare.objects.looked_after()
        .ceased_for(codes.ADOPTED)
        .ended_between(three.start, three.end)
        .aggregate(first=Min("start"))["first"]
    )
    fits = earliest_entry is None or earliest_entry >= first_held
    assert rows["A1_DAYS"]["complete"] is fits
    assert rows["A2_DAYS"]["complete"] is fits
    # A care leaver aged 25 turned 14 eleven years before the year: six years do not reach.
    assert rows["CL_IN_TOUCH_22_25"]["complete"] is False
    assert rows["CL_IN_TOUCH_19_21"]["complete"] is True


@pytest.mark.django_db
def test_without_any_imported_return_the_record_is_complete():
    in_care(start=date(2010, 1, 1))
    assert coverage_start() is None
    assert all(row["complete"] for row in _rows().values())


def test_the_note_names_the_returns_that_would_complete_the_figure():
    note = coverage_note(date(2023, 4, 1), [2026])
    assert note == (
        "This figure needs history from 1 April 2023, but the earliest return "
        "held is for the year ending 31 March 2026. Importing the returns for the years ending "
        "31 March 2024 to 2025 would complete it."
    )
    assert "the return for the year ending 31 March 2025 would" in coverage_note(
        date(2024, 6, 1), [2026]
    )


def test_collection_year_of_a_day():
    assert collection_year_of(date(2025, 3, 31)) == 2025
    assert collection_year_of(date(2025, 4, 1)) == 2026


@pytest.mark.django_db
def test_look_backs_follow_the_catalogue():
    def iv(code):
        return CATALOGUE[code].compute(Period.as_at(AS_AT))

    assert look_back_start(iv("CLA_COUNT")) is None
    assert look_back_start(iv("CLA_STARTED")) == date(2025, 4, 1)
    assert look_back_start(iv("STAB_LONG_TERM")) == date(2023, 9, 30)
    assert look_back_start(iv("A1_DAYS")) == date(2023, 4, 1)
    assert look_back_start(iv("CL_IN_TOUCH_19_21")) == date(2025, 4, 1)
    assert look_back_start(iv("CL_EET_17_18")) == date(2025, 4, 1)
    assert look_back_start(iv("CL_IN_TOUCH_22_25")) == date(2014, 4, 1)


@pytest.mark.django_db
def test_the_import_done_page_lists_the_figures_earlier_returns_would_complete(
    generated, client, make_user
):
    from django.core.cache import cache
    from django.urls import reverse

    from corporate_parenting.roles import Role
    from placements.models import ImportRun

    out, years = generated
    _import([out / str(years[-1])])
    run = ImportRun.objects.get(status=ImportRun.Status.IMPORTED)
    run.source = ImportRun.Source.UPLOAD
    run.save()
    cache.clear()
    client.force_login(make_user(Role.PERFORMANCE_OFFICER))

    page = client.get(reverse("placements:import_done", args=[run.pk])).content.decode()

    assert "Figures that earlier returns would complete" in page
    assert "complete history from 1 April 2025" in page
    for code in HISTORY_FIGURES:
        assert code in page
    assert "CLA_COUNT" not in page
    cache.clear()
