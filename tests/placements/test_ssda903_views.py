"""The browser import: performance officers only; report, CSV, confirm."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from children.models import Child
from corporate_parenting.roles import Role
from placements.models import ImportRun
from tests.placements.ssda903_helpers import FIXTURES

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


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
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.INVALID
    assert (Path(run.file_names[0]).name) in {p.name for p in (FIXTURES / "2025").iterdir()}
    html = response.content.decode()
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
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.DRY_RUN
    assert Child.objects.count() == 0
    stored = Path(settings.MEDIA_ROOT) / "imports" / str(run.pk)
    assert (stored / "episodes.csv").exists()
    page = client.get(reverse("placements:import_report", args=[run.pk])).content.decode()
    assert "Confirm import" in page
    response = client.post(reverse("placements:import_confirm", args=[run.pk]), follow=True)
    done = response.content.decode()
    assert "SSDA903 return imported" in done
    # What was written, in words rather than model class names.
    assert "Periods of care created" in done and "PeriodOfCare" not in done
    assert done.index("Children created") < done.index("Reviews created")  # A to Z
    assert Child.objects.count() == 4
    run.refresh_from_db()
    assert run.status == ImportRun.Status.IMPORTED and run.created_by == officer


def test_files_with_unknown_names_are_refused(client, officer):
    bad = SimpleUploadedFile("children.csv", b"CHILD\n", content_type="text/csv")
    response = client.post(reverse("placements:import_upload"), {"files": [bad]})
    assert "children.csv is not the name of an SSDA903 table" in response.content.decode()
    assert ImportRun.objects.count() == 0
