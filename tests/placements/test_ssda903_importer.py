"""Import: every table lands in the case record, all or nothing, idempotent, year on year."""

import datetime
import shutil
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from children.models import (
    Allocation,
    AnnualOutcome,
    CareLeaverContact,
    Child,
    DeprivationOfLiberty,
    MissingEpisode,
    Review,
)
from corporate_parenting.models import AuditAction, AuditEvent
from placements.models import (
    ImportRun,
    LegalStatus,
    PeriodOfCare,
    PermanencePlan,
    Placement,
    PreviousPermanence,
)
from tests.factories import ChildFactory
from tests.placements.ssda903_helpers import (
    CASE_RECORD_MODELS,
    FIXTURES,
    database_checksum,
    table_counts,
)

pytestmark = pytest.mark.django_db

Y2025, Y2026 = str(FIXTURES / "2025"), str(FIXTURES / "2026")


def run_import(*paths, expect_ok=True):
    out, err = StringIO(), StringIO()
    try:
        call_command("import_ssda903", *paths, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    assert (code == 0) is expect_ok, err.getvalue()
    return out.getvalue(), err.getvalue()


def d(text):
    day, month, year = map(int, text.split("/"))
    return datetime.date(year, month, day)


def test_header_and_uasc_make_children():
    run_import(Y2025)
    girl = Child.objects.get(local_id="C001")
    assert (girl.sex, girl.date_of_birth, girl.ethnicity, girl.upn, girl.mother) == (
        "F",
        d("03/02/2016"),
        "WBRI",
        "A123456789012",
        False,
    )
    boy = Child.objects.get(local_id="C002")
    assert boy.is_uasc and boy.uasc_ceased is None and boy.mother is None
    assert not girl.is_uasc


def test_episodes_become_periods_legal_statuses_and_placements():
    run_import(Y2025)
    girl = Child.objects.get(local_id="C001")
    (period,) = PeriodOfCare.objects.filter(child=girl)
    assert (period.start, period.end, period.opening_rne) == (d("15/05/2024"), None, "")
    statuses = list(
        LegalStatus.objects.filter(child=girl).values_list("start", "end", "legal_status")
    )
    assert statuses == [(d("15/05/2024"), d("01/12/2024"), "C1"), (d("01/12/2024"), None, "C2")]
    placements = list(
        Placement.objects.filter(child=girl).values_list(
            "start", "end", "placement_type", "reason_for_change", "new_carer", "postcode"
        )
    )
    assert placements == [
        (d("15/05/2024"), d("10/09/2024"), "U6", "CARPL", True, "LS2 3AA"),
        (d("10/09/2024"), None, "U4", "", True, "LS6 2AA"),
    ]
    ended = PeriodOfCare.objects.get(child__local_id="C004")
    assert (ended.end, ended.reason_ceased, ended.opening_rne) == (d("20/09/2024"), "E45", "P")


def test_the_other_tables_land_in_their_models(settings):
    settings.COUNCIL_ONS_CODES = ("E08000035",)  # Leeds: the York placement is outside
    run_import(Y2025, Y2026)
    assert Review.objects.filter(child__local_id="C002").count() == 3
    oc2 = AnnualOutcome.objects.get(child__local_id="C002", collection_year=2025)
    assert (oc2.sdq_score, oc2.convicted, oc2.immunisations, oc2.intervention_received) == (
        14,
        False,
        True,
        None,
    )
    contacts = CareLeaverContact.objects.filter(child__local_id="C003").order_by("date")
    assert [(c.date, c.activity, c.collection_year) for c in contacts] == [
        (d("10/10/2024"), "F2", 2025),
        (d("10/10/2025"), "F5", 2026),
    ]
    plan = PermanencePlan.objects.get(child__local_id="C001")
    assert (plan.plan_type, plan.adm_decision_date, plan.matched_date, plan.sex_of_adopters) == (
        "ADOPTION",
        d("10/03/2025"),
        d("01/05/2025"),
        "MF",
    )
    prevperm = PreviousPermanence.objects.get(child__local_id="C001")
    assert (prevperm.previous_permanence, prevperm.period.start) == ("Z1", d("15/05/2024"))
    missing = MissingEpisode.objects.filter(child__local_id="C002").order_by("start")
    assert [(m.kind, m.start, m.end) for m in missing] == [
        ("M", d("01/06/2024"), d("03/06/2024")),
        ("A", d("30/03/2025"), d("02/04/2025")),
        ("M", d("05/05/2025"), d("06/05/2025")),
    ]
    sw = Allocation.objects.get(child__local_id="C001", worker_ref="SW2")
    assert (sw.kind, sw.end, sw.start_reason) == ("SW", d("20/02/2026"), "LEFTRL")
    assert DeprivationOfLiberty.objects.get(child__local_id="C002").start == d("01/09/2025")
    distance = Placement.objects.get(child__local_id="C001", start=d("01/06/2025"))
    # Worked out from the two postcodes (the file's PL_DISTANCE of 22.0 gives way to them).
    assert (distance.distance_miles, distance.inside_area) == (Decimal("22.5"), False)


def test_a_later_year_completes_and_extends_the_history():
    run_import(Y2025)
    run_import(Y2026)
    girl = PeriodOfCare.objects.get(child__local_id="C001")
    assert (girl.start, girl.end, girl.reason_ceased) == (d("15/05/2024"), d("20/02/2026"), "E11")
    old_placement = Placement.objects.get(child__local_id="C001", start=d("10/09/2024"))
    assert (old_placement.end, old_placement.reason_for_change) == (d("01/06/2025"), "CARPL")
    assert LegalStatus.objects.filter(child__local_id="C001").count() == 3
    boy = LegalStatus.objects.filter(child__local_id="C002").order_by("start")
    assert [s.legal_status for s in boy] == ["V2", "C2"]


def test_an_imported_plan_ends_when_its_child_leaves_care():
    run_import(Y2025)
    plan = PermanencePlan.objects.get(child__local_id="C001")
    assert plan.ended_on is None
    run_import(Y2026)  # C001 adopted on 20/02/2026, PlacedAdoption still open
    plan.refresh_from_db()
    assert (plan.ended_on, plan.end_reason) == (d("20/02/2026"), "ACHIEVED")
    assert (plan.no_longer_placed_date, plan.no_longer_placed_reason) == (None, "")


def test_an_earlier_year_imported_again_keeps_the_plan_ended():
    run_import(Y2025, Y2026)
    run_import(Y2025)
    run_import(Y2026)
    plan = PermanencePlan.objects.get(child__local_id="C001")
    assert (plan.ended_on, plan.end_reason) == (d("20/02/2026"), "ACHIEVED")


def test_reimporting_the_same_files_changes_no_row():
    run_import(Y2025, Y2026)
    case_record = [
        m for m in CASE_RECORD_MODELS if m.split(".")[1] not in ("ImportRun", "AuditEvent")
    ]
    before = database_checksum(case_record)
    stamps = list(Placement.objects.values_list("id", "updated_at", "version"))
    audit = AuditEvent.objects.filter(action=AuditAction.IMPORT, object_type="children.Child")
    touched_first_time = audit.count()
    out, _ = run_import(Y2025, Y2026)
    assert touched_first_time == 7  # 4 children in 2025, then 3 changed or new in 2026
    assert audit.count() == touched_first_time
    assert list(Placement.objects.values_list("id", "updated_at", "version")) == stamps
    assert database_checksum(case_record) == before
    assert "created" not in out and "updated" not in out and "deleted" not in out


def test_importing_an_earlier_year_again_keeps_the_later_history():
    run_import(Y2025, Y2026)
    case_record = [
        m for m in CASE_RECORD_MODELS if m.split(".")[1] not in ("ImportRun", "AuditEvent")
    ]
    before = database_checksum(case_record)
    out, _ = run_import(Y2025)
    assert database_checksum(case_record) == before, out


def test_a_bad_row_in_the_last_file_leaves_the_database_exactly_as_before(tmp_path):
    run_import(Y2025)
    counts, checksum = table_counts(), database_checksum()
    bad = tmp_path / "2026"
    shutil.copytree(Y2026, bad)
    dolo = bad / "DoLo.csv"
    dolo.write_text(dolo.read_text() + "C002,14/07/2012,31/02/2026,\n")
    _out, err = run_import(str(bad), expect_ok=False)
    assert "DoLo.csv:3: DOLO_START: DATE DOLO_START '31/02/2026' is not a valid" in err
    assert "nothing was imported" in err
    assert table_counts() == counts
    assert database_checksum() == checksum


def test_a_bad_second_year_rolls_back_the_first(tmp_path):
    bad = tmp_path / "2026"
    shutil.copytree(Y2026, bad)
    (bad / "episodes.csv").write_text((bad / "episodes.csv").read_text().replace("E11", "E99"))
    run_import(Y2025, str(bad), expect_ok=False)
    assert all(count == 0 for count in table_counts().values())


def test_dry_run_validates_and_writes_nothing():
    out = StringIO()
    call_command("import_ssda903", Y2025, "--dry-run", stdout=out)
    assert "dry run" in out.getvalue()
    assert Child.objects.count() == 0


def test_summary_counts_children_episodes_and_rows():
    out, _ = run_import(Y2025)
    assert "4 children, 5 episodes" in out
    assert "Reviews                 3 rows" in out


def test_import_is_audited_with_counts():
    run_import(Y2025)
    event = AuditEvent.objects.get(action=AuditAction.IMPORT, object_type="placements.ImportRun")
    assert event.changes["rows"]["Episodes"] == 5
    assert AuditEvent.objects.filter(action=AuditAction.IMPORT, child_id__isnull=False).count() == 4


def test_collection_year_comes_from_the_data_when_not_given(tmp_path):
    folder = tmp_path / "files"
    shutil.copytree(Y2025, folder)
    run_import(str(folder))
    assert ImportRun.objects.get().collection_years == [2025]


def test_models_listed_for_checksum_exist():
    assert len(CASE_RECORD_MODELS) == len(table_counts())


def test_a_social_worker_left_open_ends_when_a_later_file_starts_another(tmp_path):
    run_import(Y2025)
    later = tmp_path / "2026"
    shutil.copytree(Y2026, later)
    # This year's file starts a new social worker without repeating the open one.
    (later / "swepisodes.csv").write_text(
        "CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON\nC001,03/02/2016,SW9,01/05/2025,,MANAGE\n"
        # C002, looked after all year, keeps its social workers (SW12STG2).
        "C002,14/07/2012,SW5,01/02/2022,01/05/2025,FCONTA\n"
        "C002,14/07/2012,SW7,01/05/2025,,TSPROC\n"
    )
    run_import(str(later))
    rows = Allocation.objects.filter(child__local_id="C001").order_by("start")
    assert [(a.worker_ref, a.start, a.end) for a in rows] == [
        ("SW1", d("15/05/2024"), d("01/01/2025")),
        ("SW2", d("01/01/2025"), d("01/05/2025")),
        ("SW9", d("01/05/2025"), None),
    ]


def test_collection_year_option_is_for_one_set_only():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="one folder"):
        call_command("import_ssda903", Y2025, Y2026, "--collection-year", "2025")


def test_every_error_is_printed_with_exit_status_1(tmp_path):
    bad = tmp_path / "2025"
    shutil.copytree(Y2025, bad)
    (bad / "episodes.csv").write_text(
        (bad / "episodes.csv").read_text().replace("U6", "U9").replace("E45", "E99")
    )
    (bad / "reviews.csv").write_text(
        (bad / "reviews.csv").read_text() + "C404,01/01/2010,01/06/2024,PN1\n"
    )
    _out, err = run_import(str(bad), expect_ok=False)
    lines = err.splitlines()
    assert (
        "episodes.csv:2: PLACE: 146 Placement type code is not a valid code."
        " (PLACE 'U9' is not a valid code)"
    ) in lines
    assert any(line.startswith("episodes.csv:6: REC: 149 ") for line in lines)
    assert (
        "reviews.csv:5: CHILD: INT08 Internal Check: Child in Reviews does not exist in Header."
        " (child C404)"
    ) in lines
    assert lines[-1] == "4 errors: nothing was imported."  # and 1012: no episodes


@pytest.mark.parametrize("expect_ok", [True, False])
def test_the_import_leaves_the_garbage_collector_on(tmp_path, expect_ok):
    """No process-wide switch: Python's cyclic collector keeps running during an import (the
    web server's other threads depend on it) and is on afterwards, also after a failure."""
    import gc

    path = Y2025
    if not expect_ok:
        path = str(tmp_path / "2025")
        shutil.copytree(Y2025, path)
        (tmp_path / "2025" / "episodes.csv").write_text(
            (tmp_path / "2025" / "episodes.csv").read_text().replace(",S,C1,", ",S,C9,")
        )
    collections = []

    def count(phase, info):
        if phase == "start":
            collections.append(info["generation"])

    assert gc.isenabled()
    gc.callbacks.append(count)
    try:
        run_import(path, expect_ok=expect_ok)
    finally:
        gc.callbacks.remove(count)
    if expect_ok:  # a full import allocates enough to start a collection or more
        assert collections
    assert gc.isenabled()


def _analyze_counts():
    """{table: how many times ANALYZE was run on it by hand}, fresh from the statistics."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute("SELECT relname, analyze_count FROM pg_stat_user_tables")
        return dict(cursor.fetchall())


def test_the_import_refreshes_the_statistics_of_every_table_it_wrote():
    """ANALYZE, in the import's transaction, for each table written and only those; the
    planner's row estimate is then the table's true size."""
    from django.db import connection

    before = _analyze_counts()
    run_import(Y2025)
    after = _analyze_counts()
    analyzed = {table for table, count in after.items() if count > before.get(table, 0)}
    written = {
        model._meta.db_table
        for model in (
            Child,
            Allocation,
            Review,
            AnnualOutcome,
            MissingEpisode,
            DeprivationOfLiberty,
            CareLeaverContact,
            PeriodOfCare,
            LegalStatus,
            Placement,
            PermanencePlan,
            PreviousPermanence,
            AuditEvent,
        )
        if model.objects.exists()
    }
    assert "placements_placement" in written
    assert analyzed == written
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'placements_placement'")
        assert cursor.fetchone()[0] == Placement.objects.count()

    run_import(Y2025)  # the same files again: nothing written, nothing analysed
    assert _analyze_counts() == after


def test_after_an_import_the_transaction_defers_foreign_keys_again():
    """The import leaves Django's deferred foreign key checks as they were for whatever the
    same transaction does next (a row may point at one made after it)."""
    from django.db import transaction

    with transaction.atomic():
        call_command("import_ssda903", Y2025, stdout=StringIO())
        child = ChildFactory()
        later_id = PeriodOfCare.objects.order_by("-pk").first().pk + 1000
        Placement.objects.create(child=child, period_id=later_id, start=datetime.date(2030, 1, 1))
        PeriodOfCare.objects.create(pk=later_id, child=child, start=datetime.date(2030, 1, 1))
        assert Placement.objects.filter(period_id=later_id).exists()
