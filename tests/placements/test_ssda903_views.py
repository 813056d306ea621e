"""The browser import and export: performance officers only; report, CSV, confirm; the
export as a zip, audited."""

import io
import zipfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from children.models import Child
from corporate_parenting.models import AuditAction, AuditEvent
from corporate_parenting.roles import Role
from placements.models import ImportRun
from placements.ssda903.uploads import import_upload_check, import_upload_import
from tests.placements.ssda903_helpers import FIXTURES, xml_of_fixture

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def worker_check(run):
    """What the worker does with an upload (the tests of the real worker are in
    test_ssda903_upload_worker.py): check it."""
    import_upload_check(run_pk=run.pk)
    run.refresh_from_db()
    return run


def worker_import(run, actor):
    import_upload_import(run_pk=run.pk, actor_pk=actor.pk)
    run.refresh_from_db()
    return run


def uploads(year=2025, replace=None):
    files = []
    for path in sorted((FIXTURES / str(year)).iterdir()):
        content = path.read_bytes()
        if replace and path.name.lower() == replace[0]:
            content = content.replace(replace[1], replace[2])
        files.append(SimpleUploadedFile(path.name, content, content_type="text/csv"))
    return files


@pytest.fixture
def officer(make_user, client):
    user = make_user(Role.PERFORMANCE_OFFICER)
    client.force_login(user)
    return user


@pytest.mark.parametrize(
    "role",
    [
        Role.SOCIAL_WORKER,
        Role.TEAM_MANAGER,
        Role.DEMOCRATIC_SERVICES,
        Role.BOARD_MEMBER,
        Role.ADMINISTRATOR,
    ],
)
def test_only_performance_officers_may_import(client, make_user, role):
    client.force_login(make_user(role))
    run = ImportRun.objects.create(source=ImportRun.Source.UPLOAD, status="dry_run")
    for name, method in (
        ("import_upload", "get"),
        ("import_report", "get"),
        ("import_errors_csv", "get"),
        ("import_confirm", "post"),
        ("import_done", "get"),
    ):
        args = [] if name == "import_upload" else [run.pk]
        response = getattr(client, method)(reverse(f"placements:{name}", args=args))
        assert response.status_code == 403, name
    assert client.post(reverse("placements:import_upload"), {"files": uploads()}).status_code == 403
    assert Child.objects.count() == 0


def test_a_bad_upload_shows_errors_grouped_by_rule_and_imports_nothing(client, officer):
    response = client.post(
        reverse("placements:import_upload"),
        {"files": uploads(replace=("episodes.csv", b"U6", b"U9")), "collection_year": "2025"},
        follow=True,
    )
    assert "Checking the SSDA903 files" in response.content.decode()
    run = worker_check(ImportRun.objects.get())
    assert run.status == ImportRun.Status.INVALID
    assert (Path(run.file_names[0]).name) in {p.name for p in (FIXTURES / "2025").iterdir()}
    html = client.get(reverse("placements:import_report", args=[run.pk])).content.decode()
    assert "The files have 1 error" in html
    assert "146" in html and "episodes.csv:2" in html
    assert Child.objects.count() == 0
    csv = client.get(reverse("placements:import_errors_csv", args=[run.pk])).content.decode()
    header, line = csv.splitlines()
    assert header.startswith("file,row,column,rule,")
    assert line.startswith("episodes.csv,2,PLACE,146,")
    assert "Placement type code is not a valid code." in line and "'U9'" in line
    assert client.post(reverse("placements:import_confirm", args=[run.pk])).status_code == 403


def test_a_good_upload_is_imported_after_confirmation(client, officer, settings):
    client.post(reverse("placements:import_upload"), {"files": uploads()})
    run = worker_check(ImportRun.objects.get())
    assert run.status == ImportRun.Status.DRY_RUN
    assert Child.objects.count() == 0
    stored = Path(settings.MEDIA_ROOT) / "imports" / str(run.pk)
    assert (stored / "episodes.csv").exists()
    page = client.get(reverse("placements:import_report", args=[run.pk])).content.decode()
    assert "Confirm import" in page
    response = client.post(reverse("placements:import_confirm", args=[run.pk]), follow=True)
    assert "Importing the SSDA903 return" in response.content.decode()
    worker_import(run, officer)
    done = client.get(reverse("placements:import_report", args=[run.pk]), follow=True)
    done = done.content.decode()
    assert "SSDA903 return imported" in done
    # What was written, in words rather than model class names.
    assert "Periods of care created" in done and "PeriodOfCare" not in done
    assert done.index("Children created") < done.index("Reviews created")  # A to Z
    assert Child.objects.count() == 4
    run.refresh_from_db()
    assert run.status == ImportRun.Status.IMPORTED and run.created_by == officer


def test_files_are_recognised_by_their_columns_not_their_names(client, officer):
    files = uploads()
    for i, upload in enumerate(files):
        upload.name = f"export {i}.csv"
    client.post(reverse("placements:import_upload"), {"files": files})
    run = worker_check(ImportRun.objects.get())
    assert run.status == ImportRun.Status.DRY_RUN, run.errors


def test_a_file_of_no_table_is_refused_and_the_files_deleted(client, officer, settings):
    bad = SimpleUploadedFile("children.csv", b"CHILD\n", content_type="text/csv")
    client.post(reverse("placements:import_upload"), {"files": [*uploads(), bad]})
    run = worker_check(ImportRun.objects.get())
    assert run.status == ImportRun.Status.INVALID
    assert run.errors[0][:4] == ["children.csv", 1, "-", "FILE"]
    assert "match no SSDA903 table" in run.errors[0][4]
    assert run.files_deleted_at is not None
    assert not (Path(settings.MEDIA_ROOT) / "imports" / str(run.pk)).exists()


def test_two_confirms_import_once(client, officer):
    client.post(reverse("placements:import_upload"), {"files": uploads()})
    run = worker_check(ImportRun.objects.get())
    url = reverse("placements:import_confirm", args=[run.pk])
    first, second = client.post(url), client.post(url)
    # Both show the run's progress; only the first moved it to importing and queued the import.
    assert first.status_code == second.status_code == 302
    from placements.ssda903.uploads import import_upload_confirm

    run.refresh_from_db()
    assert run.status == ImportRun.Status.IMPORTING
    assert import_upload_confirm(run=run, actor=officer) is False


def test_a_file_over_the_size_limit_is_refused_and_nothing_stored(client, officer, settings):
    settings.SSDA903_UPLOAD_MAX_FILE_BYTES = 1000
    big = SimpleUploadedFile("episodes.csv", b"CHILD\n" + b"1\n" * 600, content_type="text/csv")
    response = client.post(reverse("placements:import_upload"), {"files": [big]})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and "episodes.csv must be smaller than 1000" in html
    assert ImportRun.objects.count() == 0
    assert not (Path(settings.MEDIA_ROOT) / "imports").exists()


def test_files_over_the_total_limit_are_refused(client, officer, settings):
    files = uploads()
    settings.SSDA903_UPLOAD_MAX_TOTAL_BYTES = sum(f.size for f in files) - 1
    response = client.post(reverse("placements:import_upload"), {"files": files})
    assert "The files must be smaller than" in response.content.decode()
    assert ImportRun.objects.count() == 0


def test_only_the_first_1000_errors_are_listed_and_the_rest_counted(client, officer):
    header = b"CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n" + b"".join(
        f"C{i},F,31/02/2015,WBRI,UN1,,\n".encode() for i in range(1500)
    )
    episodes = b"CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,"
    episodes += b"HOME_POST,PL_POST,URN\n"
    files = [
        SimpleUploadedFile("header.csv", header, content_type="text/csv"),
        SimpleUploadedFile("episodes.csv", episodes, content_type="text/csv"),
    ]
    client.post(reverse("placements:import_upload"), {"files": files, "collection_year": "2025"})
    run = worker_check(ImportRun.objects.get())
    assert run.error_count >= 1500 and len(run.errors) == 1000
    html = client.get(reverse("placements:import_report", args=[run.pk])).content.decode()
    more = run.error_count - 1000
    assert f"The list shows the first 1,000 errors, and {more:,} more" in html
    assert f">{run.summary['errors_by_rule']['102']}<" in html  # all of them counted by rule


def test_progress_json_says_how_far_the_check_has_got(client, officer):
    client.post(reverse("placements:import_upload"), {"files": uploads()})
    run = ImportRun.objects.get()
    url = reverse("placements:import_progress", args=[run.pk])
    state = client.get(url).json()
    assert state["status"] == "checking" and state["done"] is False and state["percent"] == 0
    worker_check(run)
    state = client.get(url).json()
    assert state["done"] is True and state["next"] == f"/placements/import/{run.pk}/"
    assert "no-store" in client.get(url)["Cache-Control"]


def test_no_server_path_is_shown(client, officer, settings):
    client.post(
        reverse("placements:import_upload"),
        {"files": uploads(replace=("episodes.csv", b"U6", b"U9"))},
    )
    run = worker_check(ImportRun.objects.get())
    media = str(settings.MEDIA_ROOT)
    for name in ("import_report", "import_errors_csv", "import_progress"):
        assert (
            media not in client.get(reverse(f"placements:{name}", args=[run.pk])).content.decode()
        )
    assert media not in str(run.errors) and media not in str(run.summary)


def test_an_upload_named_with_folders_is_stored_inside_its_own_folder(client, officer, settings):
    files = uploads()
    files[0].name = "../../../../etc/header.csv"
    files[1].name = "..\\..\\episodes.csv"  # Windows separators reach us unsplit
    files[2].name = files[3].name  # two files of one name: both kept
    client.post(reverse("placements:import_upload"), {"files": files})
    run = ImportRun.objects.get()
    folder = Path(settings.MEDIA_ROOT) / "imports" / str(run.pk)
    assert sorted(p.name for p in folder.iterdir()) == sorted(run.file_names)
    assert "header.csv" in run.file_names and "episodes.csv" in run.file_names
    assert len(run.file_names) == len(files) and not any(n[0] == "." for n in run.file_names)
    assert not (Path(settings.MEDIA_ROOT) / "etc").exists()


def test_files_are_deleted_after_import_and_after_the_retention_period(client, officer, settings):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    client.post(reverse("placements:import_upload"), {"files": uploads()})
    imported = worker_check(ImportRun.objects.get())
    client.post(reverse("placements:import_confirm", args=[imported.pk]))
    worker_import(imported, officer)
    assert imported.status == ImportRun.Status.IMPORTED and imported.files_deleted_at
    root = Path(settings.MEDIA_ROOT) / "imports"
    assert not (root / str(imported.pk)).exists()
    # Checked but never confirmed: kept for the retention period, then deleted.
    client.post(reverse("placements:import_upload"), {"files": uploads()})
    waiting = worker_check(ImportRun.objects.latest("pk"))
    assert waiting.status == ImportRun.Status.DRY_RUN and (root / str(waiting.pk)).exists()
    call_command("import_uploads_purge")
    assert (root / str(waiting.pk)).exists()
    ImportRun.objects.filter(pk=waiting.pk).update(
        created_at=timezone.now() - timedelta(hours=settings.SSDA903_UPLOAD_RETENTION_HOURS + 1)
    )
    call_command("import_uploads_purge")
    waiting.refresh_from_db()
    assert not (root / str(waiting.pk)).exists() and waiting.files_deleted_at


def test_a_command_line_import_such_as_the_demos_opens_but_cannot_be_confirmed(client, officer):
    imported = ImportRun.objects.create(
        source=ImportRun.Source.COMMAND,
        status=ImportRun.Status.IMPORTED,
        collection_years=[2026],
        summary={"seconds": 7, "written": {"Children created": 3}, "rows": {}},
    )
    trial = ImportRun.objects.create(
        source=ImportRun.Source.COMMAND, status=ImportRun.Status.DRY_RUN, collection_years=[2026]
    )

    done = client.get(reverse("placements:import_report", args=[imported.pk]), follow=True)
    assert done.status_code == 200
    assert "SSDA903 return imported" in done.content.decode()
    report = client.get(reverse("placements:import_report", args=[trial.pk]))
    assert report.status_code == 200
    assert "Confirm import" not in report.content.decode()
    assert client.post(reverse("placements:import_confirm", args=[trial.pk])).status_code == 404
    listed = client.get(reverse("placements:import_upload")).content.decode()
    assert reverse("placements:import_report", args=[imported.pk]) in listed


def test_an_officer_downloads_the_export_as_a_zip_and_it_is_audited(client, officer):
    call_command("import_ssda903", str(FIXTURES / "2025"), stdout=StringIO())
    url = reverse("placements:export")
    assert "Export the SSDA903 return" in client.get(url).content.decode()

    response = client.post(url, {"collection_year": "2025"})

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="ssda903-2025.zip"'
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        names = archive.namelist()
        episodes = next(n for n in names if "episodes" in n.lower())
        assert b"C001" in archive.read(episodes)
    audit = AuditEvent.objects.filter(action=AuditAction.EXPORT).get()
    assert audit.actor == officer and audit.changes["collection_year"] == 2025


def test_an_officer_downloads_the_export_as_xml_which_reads_back(client, officer, tmp_path):
    from placements.ssda903.reader import collect

    call_command("import_ssda903", str(FIXTURES / "2025"), stdout=StringIO())
    url = reverse("placements:export")
    assert "One XML file, as case systems submit the return" in client.get(url).content.decode()

    response = client.post(url, {"collection_year": "2025", "file_format": "xml"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    assert response["Content-Disposition"] == 'attachment; filename="ssda903-2025.xml"'
    saved = tmp_path / "ssda903-2025.xml"
    saved.write_bytes(response.content)
    sets, problems = collect([saved])
    assert problems == [] and sets[0].files["Episodes"].rows
    audit = AuditEvent.objects.filter(action=AuditAction.EXPORT).get()
    assert audit.actor == officer and audit.changes["format"] == "xml"


def test_the_export_without_a_year_says_what_to_do_and_others_may_not_export(
    client, officer, make_user
):
    html = client.post(reverse("placements:export"), {}).content.decode()
    assert "Choose a collection year" in html and "govuk-error-summary" in html
    client.force_login(make_user(Role.SOCIAL_WORKER))
    assert client.get(reverse("placements:export")).status_code == 403
    assert client.post(reverse("placements:export"), {"collection_year": "2025"}).status_code == 403
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_the_errors_csv_carries_rule_source_file_row_column_and_child(client, officer):
    client.post(
        reverse("placements:import_upload"),
        {"files": uploads(replace=("episodes.csv", b"U6", b"U9"))},
    )
    run = worker_check(ImportRun.objects.get())
    csv = client.get(reverse("placements:import_errors_csv", args=[run.pk])).content.decode()
    header, line = csv.splitlines()
    assert header == "file,row,column,rule,message,source,child"
    assert line.startswith("episodes.csv,2,PLACE,146,")
    assert line.endswith(",DfE rule,C001")


def _bad_second_upload():
    """The 2025 files again with an invalid placement type for C001 and a review for C404, a
    child the files and the database do not hold."""
    files = uploads(replace=("episodes.csv", b"U6", b"U9"))
    for upload in files:
        if upload.name == "reviews.csv":
            content = (FIXTURES / "2025" / "reviews.csv").read_bytes()
            files[files.index(upload)] = SimpleUploadedFile(
                "reviews.csv", content + b"C404,01/01/2010,01/06/2024,PN1\n"
            )
    return files


def test_an_error_links_to_the_record_of_a_child_we_hold(client, officer):
    call_command("import_ssda903", str(FIXTURES / "2025"), stdout=StringIO())
    client.post(reverse("placements:import_upload"), {"files": _bad_second_upload()})
    run = worker_check(ImportRun.objects.get(source=ImportRun.Source.UPLOAD))
    assert {error[5] for error in run.errors} >= {"C001", "C404"}
    html = client.get(reverse("placements:import_report", args=[run.pk])).content.decode()
    girl = Child.objects.get(local_id="C001")
    assert (
        f'<a class="govuk-link" href="{reverse("children:child_detail", args=[girl.pk])}">C001'
        in html
    )
    assert "C404" in html and 'href="/children/' not in html.split("C404")[0].rsplit("<tr", 1)[1]


def test_a_child_outside_the_users_caseload_gets_no_link(make_user):
    from placements.import_views import _rows_with_records

    call_command("import_ssda903", str(FIXTURES / "2025"), stdout=StringIO())
    error = ["episodes.csv", 2, "PLACE", "146", "Placement type code is not a valid code.", "C001"]
    # The page is for performance officers, who read every child; the links follow the same
    # caseload rule as every other reading, so a social worker of another team gets none.
    officer = make_user(Role.PERFORMANCE_OFFICER)
    social_worker = make_user(Role.SOCIAL_WORKER)
    [(_i, _e, child, record)] = _rows_with_records(officer, [(0, error)])
    assert child == "C001" and record.endswith(f"/{Child.objects.get(local_id='C001').pk}/")
    assert _rows_with_records(social_worker, [(0, error)]) == [(0, error, "C001", None)]
    assert _rows_with_records(officer, [(0, error[:5])]) == [(0, error[:5], "", None)]


def test_the_upload_page_accepts_the_return_as_xml(client, officer, tmp_path):
    xml = xml_of_fixture(tmp_path, 2025)
    client.post(
        reverse("placements:import_upload"),
        {"files": [SimpleUploadedFile("return.xml", xml.read_bytes(), content_type="text/xml")]},
    )
    run = worker_check(ImportRun.objects.get())
    assert run.status == ImportRun.Status.DRY_RUN, run.errors
    assert run.summary["children"] == 4 and run.summary["episodes"] == 5
    client.post(reverse("placements:import_confirm", args=[run.pk]))
    assert worker_import(run, officer).status == ImportRun.Status.IMPORTED
    assert Child.objects.count() == 4
