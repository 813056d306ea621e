"""Export: import then export gives back the same tables."""

from io import StringIO

import pytest
from django.core.management import call_command

from corporate_parenting.models import AuditAction, AuditEvent
from placements.ssda903 import tables
from placements.ssda903.episodes import Episode, build_rows, child_episodes
from tests.placements.ssda903_helpers import FIXTURES, read_tables, table_differences

pytestmark = pytest.mark.django_db


def imported(*years):
    for year in years:
        call_command("import_ssda903", str(FIXTURES / str(year)), stdout=StringIO())


def exported(tmp_path, year):
    out = tmp_path / f"export{year}"
    call_command("export_ssda903", "--collection-year", str(year), str(out), stdout=StringIO())
    return out


def test_import_then_export_reproduces_the_first_year(tmp_path):
    imported(2025)
    assert table_differences(FIXTURES / "2025", exported(tmp_path, 2025)) == {}


def test_import_then_export_reproduces_the_next_year_in_the_dfe_columns(tmp_path):
    imported(2025, 2026)
    out = exported(tmp_path, 2026)
    assert table_differences(FIXTURES / "2026", out) == {}
    # Exactly the DfE's columns: distance and location are derived, never extra columns.
    assert read_tables(out)["Episodes"][0] == tables.EPISODES.columns


def test_an_earlier_year_exports_episodes_open_at_its_end_as_open(tmp_path):
    imported(2025, 2026)
    columns, rows = read_tables(exported(tmp_path, 2025))["Episodes"]
    girl = [row for row in rows if row[0] == "C001" and row[1] == "01/12/2024"]
    assert [row[7:10] for row in girl] == [("", "", "")]  # DEC, REC, REASON_PLACE_CHANGE


def test_header_holds_children_with_an_episode_or_an_oc3_row(tmp_path):
    imported(2025, 2026)
    _columns, rows = read_tables(exported(tmp_path, 2026))["Header"]
    assert sorted(row[0] for row in rows) == ["C001", "C002", "C003"]  # C004 left in 2024


def test_export_is_audited(tmp_path):
    imported(2025)
    exported(tmp_path, 2025)
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.changes["collection_year"] == 2025
    assert event.changes["rows"]["Episodes"] == 5


def test_episodes_survive_the_trip_through_rows():
    import datetime

    day = datetime.date
    eps = [
        Episode(
            child="X",
            decom=day(2024, 1, 1),
            rne="S",
            ls="C1",
            cin="N1",
            place="U6",
            provider="PR1",
            dec=day(2024, 2, 1),
            rec="X1",
            rpc="CARPL",
            home_post="",
            pl_post="",
            urn="XXXXXXX",
        ),
        Episode(
            child="X",
            decom=day(2024, 2, 1),
            rne="T",
            ls="C1",
            cin="N2",
            place="U4",
            provider="PR1",
            dec=day(2024, 3, 1),
            rec="X1",
            rpc="",
            home_post="",
            pl_post="",
            urn="XXXXXXX",
        ),
        Episode(
            child="X",
            decom=day(2024, 3, 1),
            rne="U",
            ls="C2",
            cin="N2",
            place="U1",
            provider="PR1",
            dec=day(2024, 4, 1),
            rec="E4A",
            rpc="",
            home_post="",
            pl_post="",
            urn="XXXXXXX",
        ),
        Episode(
            child="X",
            decom=day(2024, 6, 1),
            rne="S",
            ls="V2",
            cin="N4",
            place="K2",
            provider="PR4",
            dec=None,
            rec="",
            rpc="",
            home_post="",
            pl_post="",
            urn="SC1",
        ),
    ]
    periods, statuses, placements = build_rows(eps)
    assert len(periods) == 2
    assert [s.category_of_need for s in statuses] == ["N1", "N2", "N2", "N4"]
    back = child_episodes("X", periods, statuses, placements)
    assert [e.key() for e in back] == [e.key() for e in eps]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_round_trip_on_generated_data_year_by_year(tmp_path, seed):
    generated = tmp_path / "generated"
    call_command(
        "generate_synthetic_903",
        "--children",
        "250",
        "--years",
        "4",
        "--seed",
        str(seed),
        str(generated),
        stdout=StringIO(),
    )
    years = sorted(p.name for p in generated.iterdir())
    assert len(years) == 4
    for year in years:
        call_command("import_ssda903", str(generated / year), stdout=StringIO())
        assert table_differences(generated / year, exported(tmp_path, int(year))) == {}, year


def test_oc2_carries_the_health_checks_recorded_in_the_product(tmp_path):
    """The OC2 export reads the checks a social worker recorded in the year, as well as the
    imported annual outcomes; a child of the OC2 cohort with checks recorded but no imported row
    gets a row."""
    from datetime import date

    from tests.reports.factories import AnnualOutcomeFactory, HealthCheckFactory, in_care

    recorded = in_care(start=date(2023, 1, 1), date_of_birth=date(2012, 5, 1)).child
    HealthCheckFactory(child=recorded, kind="HA", date=date(2024, 6, 1))
    HealthCheckFactory(child=recorded, kind="IMMS", date=date(2024, 6, 1))
    imported_no = in_care(start=date(2023, 1, 1), date_of_birth=date(2012, 5, 1)).child
    AnnualOutcomeFactory(
        child=imported_no,
        collection_year=2025,
        health_assessment=False,
        teeth_check=False,
        immunisations=None,
    )
    HealthCheckFactory(child=imported_no, kind="DENTAL", date=date(2025, 3, 31))
    in_care(start=date(2023, 1, 1), date_of_birth=date(2012, 5, 1))  # no checks, no row

    columns, rows = read_tables(exported(tmp_path, 2025))["OC2"]
    by_child = {row[0]: dict(zip(columns, row, strict=True)) for row in rows}

    flags = ("HEALTH_ASSESSMENT", "TEETH_CHECK", "IMMUNISATIONS")
    assert set(by_child) == {recorded.local_id, imported_no.local_id}
    assert [by_child[recorded.local_id][f] for f in flags] == ["1", "0", "1"]
    assert [by_child[imported_no.local_id][f] for f in flags] == ["0", "1", ""]
