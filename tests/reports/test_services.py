import io

import pytest
from django.db import IntegrityError

from corporate_parenting.models import AuditEvent
from reports.models import Benchmark, PopulationEstimate, Target
from reports.services import (
    BenchmarkImportError,
    TargetError,
    benchmarks_import_csv,
    population_estimate_set,
    target_set,
)

pytestmark = pytest.mark.django_db

HEADER = "code,area,year,value,source\n"


def test_target_takes_its_polarity_from_the_catalogue(make_user):
    officer = make_user()
    target = target_set(
        code="STAB_3PLUS", value=9, green_threshold=10, amber_threshold=12, actor=officer
    )
    assert target.higher_is_better is False
    assert target.set_by == officer
    assert AuditEvent.objects.filter(object_type="reports.Target").count() == 1


def test_target_thresholds_must_follow_polarity(make_user):
    with pytest.raises(TargetError, match="at or above"):
        target_set(
            code="REVIEWS_ON_TIME", value=90, green_threshold=80, amber_threshold=85, actor=None
        )
    with pytest.raises(TargetError, match="no better direction"):
        target_set(code="CLA_COUNT", value=1, green_threshold=1, amber_threshold=1, actor=None)
    assert not Target.objects.exists()


def test_the_database_refuses_thresholds_against_polarity():
    with pytest.raises(IntegrityError):
        Target.objects.create(
            code="X", value=1, green_threshold=1, amber_threshold=2, higher_is_better=True
        )


def test_benchmarks_import_creates_and_replaces(make_user):
    officer = make_user()
    Benchmark.objects.create(code="CLA_RATE_10K", area="ENGLAND", year=2025, value=70, source="old")
    csv_file = io.BytesIO(
        (
            "\ufeff" + HEADER + "CLA_RATE_10K,England,2025,71,DfE CLA 2025\n"
            'cla_rate_10k,Statistical neighbours,2025,"1,234.5",LAIT\n'
            "STAB_3PLUS,region,2025,10%,DfE\n"
        ).encode()
    )

    result = benchmarks_import_csv(file=csv_file, actor=officer)

    assert (result.created, result.updated) == (2, 1)
    england = Benchmark.objects.get(code="CLA_RATE_10K", area="ENGLAND", year=2025)
    assert (england.value, england.source) == (71, "DfE CLA 2025")
    assert Benchmark.objects.get(area="STAT_NEIGHBOURS").value == pytest.approx(1234.5)
    assert AuditEvent.objects.filter(action="import").count() == 1


def test_benchmarks_import_is_all_or_nothing_with_an_error_for_each_row():
    csv_file = io.StringIO(
        HEADER + "CLA_RATE_10K,England,2025,71,DfE\n"
        "NOT_A_CODE,England,2025,71,DfE\n"
        "STAB_3PLUS,Mars,25,lots,\n"
        "CLA_RATE_10K,England,2025,72,DfE\n"
    )

    with pytest.raises(BenchmarkImportError) as raised:
        benchmarks_import_csv(file=csv_file, actor=None)

    messages = [str(e) for e in raised.value.errors]
    assert messages[0] == "Row 3: Enter an indicator code from the catalogue, not 'NOT_A_CODE'"
    assert "Row 4: Enter the area as England, Region or Statistical neighbours" in messages
    assert "Row 4: Enter the year ending 31 March as 4 digits, like 2026" in messages
    assert "Row 4: Enter the value as a number, like 71 or 12.5" in messages
    assert "Row 4: Enter the source of the benchmark" in messages
    assert "Row 5: This repeats row 2 (same code, area and year)" in messages
    assert not Benchmark.objects.exists()


def test_benchmarks_import_needs_the_columns():
    with pytest.raises(BenchmarkImportError, match="missing the column\\(s\\): year, source"):
        benchmarks_import_csv(file=io.StringIO("code,area,value\n"), actor=None)


def test_population_estimate_set_replaces_the_year(make_user):
    population_estimate_set(year=2025, population=50000, source="ONS", actor=make_user())
    population_estimate_set(year=2025, population=51000, source="ONS revised", actor=None)
    assert PopulationEstimate.objects.get(year=2025).population == 51000
