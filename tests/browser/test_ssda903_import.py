"""A performance officer imports an SSDA903 return in the browser; a real Celery worker checks
and imports it while the progress page follows."""

import io
import shutil
from pathlib import Path

import pytest

from children.models import Child
from corporate_parenting.roles import Role
from tests.browser.axe import assert_accessible
from tests.browser.helpers import sign_in
from tests.placements.ssda903_helpers import FIXTURES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def check_files(page, files, outcome):
    """Upload FILES on the import page, wait for the check's OUTCOME; (heading, by-rule rows)."""
    page.get_by_label("SSDA903 files").set_input_files(files)
    page.get_by_role("button", name="Check the files").click()
    heading = page.get_by_role("heading", level=1)
    heading.filter(has_text=outcome).wait_for(timeout=30_000)
    return heading, page.locator("#by-rule tbody tr")


def test_officer_fixes_a_bad_upload_then_imports(
    page, live_server, make_user, tmp_path, celery_worker
):
    make_user(Role.PERFORMANCE_OFFICER, username="perf")
    bad = tmp_path / "bad"
    shutil.copytree(FIXTURES / "2025", bad)
    episodes = bad / "episodes.csv"
    episodes.write_text(episodes.read_text().replace("U6", "U9").replace("E45", "E99"))

    sign_in(page, live_server, "perf")
    page.goto(f"{live_server.url}/placements/import/")
    assert_accessible(page)
    heading, by_rule = check_files(page, sorted(bad.iterdir()), "The files have 2 errors")
    assert by_rule.count() == 2
    assert "146" in by_rule.nth(0).inner_text() or "146" in by_rule.nth(1).inner_text()
    assert_accessible(page)
    page.get_by_role("link", name="episodes.csv:2").click()
    assert page.url.endswith("#error-0")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download all errors as CSV").click()
    text = Path(download.value.path()).read_text()
    assert "episodes.csv,2,PLACE,146" in text
    assert Child.objects.count() == 0

    page.get_by_role("link", name="Upload corrected files").click()
    page.get_by_label("SSDA903 files").set_input_files(sorted((FIXTURES / "2025").iterdir()))
    page.get_by_label("Collection year (year ending 31 March)").select_option("2025")
    page.get_by_role("button", name="Check the files").click()
    heading.filter(has_text="Check and confirm").wait_for(timeout=30_000)
    assert_accessible(page)
    page.get_by_role("button", name="Confirm import").click()
    heading.filter(has_text="SSDA903 return imported").wait_for(timeout=30_000)
    assert_accessible(page)
    assert Child.objects.count() == 4
    # Let the worker finish the dashboards' warm-up the import queued before the database
    # is emptied (one worker: tasks run in order).
    from corporate_parenting.tasks import worker_check

    assert worker_check.delay().get(timeout=120)["database"]


def test_other_roles_are_refused(page, live_server, make_user):
    make_user(Role.SOCIAL_WORKER, username="sw")
    sign_in(page, live_server, "sw", check_accessible=False)
    response = page.goto(f"{live_server.url}/placements/import/")
    assert response.status == 403
    assert_accessible(page)


def test_the_progress_page_updates_without_reloading_then_shows_the_result(
    page, live_server, make_user
):
    from placements.models import ImportRun
    from placements.ssda903.uploads import progress_set

    officer = make_user(Role.PERFORMANCE_OFFICER, username="perf")
    run = ImportRun.objects.create(
        created_by=officer,
        source=ImportRun.Source.UPLOAD,
        status=ImportRun.Status.CHECKING,
        file_names=["header.csv", "episodes.csv"],
    )
    progress_set(run.pk, 0.4, "Reading the files of 2024 to 2025")
    sign_in(page, live_server, "perf")
    page.goto(f"{live_server.url}/placements/import/{run.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Checking the SSDA903 files"
    status = page.get_by_role("status")
    assert status.inner_text() == "Reading the files of 2024 to 2025 (40%)"
    assert_accessible(page)
    page.evaluate("window.notReloaded = true")

    progress_set(run.pk, 0.7, "Checking 2024 to 2025 across the files")
    status.filter(has_text="(70%)").wait_for(timeout=10_000)
    assert page.locator("progress").evaluate("bar => bar.value") == 70
    assert page.evaluate("window.notReloaded") is True  # the same page, updated in place

    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.INVALID, error_count=1)
    page.get_by_role("heading", level=1).filter(has_text="The files have 1 error").wait_for(
        timeout=10_000
    )


def test_officer_checks_an_xml_return_and_follows_an_error_to_the_child(
    page, live_server, make_user, tmp_path, celery_worker
):
    from django.core.management import call_command

    from corporate_parenting.models import AuditAction, AuditEvent
    from tests.placements.ssda903_helpers import xml_of_fixture

    officer = make_user(Role.PERFORMANCE_OFFICER, username="perf")
    call_command("import_ssda903", str(FIXTURES / "2025"), stdout=io.StringIO())
    # The import queued the dashboards' warm-up: let the one worker finish it (tasks run in
    # order) before the check is queued behind it.
    from corporate_parenting.tasks import worker_check

    assert worker_check.delay().get(timeout=180)["database"]
    xml = xml_of_fixture(tmp_path, 2025)
    xml.write_text(xml.read_text().replace("<PL>U6</PL>", "<PL>U9</PL>", 1))

    sign_in(page, live_server, "perf")
    page.goto(f"{live_server.url}/placements/import/")
    _heading, by_rule = check_files(page, [xml], "The files have 1 error")
    assert by_rule.count() == 1
    assert "146" in by_rule.nth(0).inner_text() and "DfE rule" in by_rule.nth(0).inner_text()
    assert "fixture-2025.xml:" in page.locator("#error-0").inner_text()
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download all errors as CSV").click()
    header, line = Path(download.value.path()).read_text().splitlines()
    assert header == "file,row,column,rule,message,source,child"
    assert line.startswith("fixture-2025.xml,") and line.endswith(",DfE rule,C001")

    page.locator("#error-0").get_by_role("link", name="C001").click()
    girl = Child.objects.get(local_id="C001")
    page.wait_for_url(f"{live_server.url}/children/{girl.pk}/")
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, actor=officer, child_id=girl.pk
    ).exists()
    assert Child.objects.count() == 4  # the check wrote nothing
