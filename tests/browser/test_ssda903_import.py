"""A performance officer imports an SSDA903 return in the browser."""

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


def test_officer_fixes_a_bad_upload_then_imports(page, live_server, make_user, tmp_path):
    make_user(Role.PERFORMANCE_OFFICER, username="perf")
    bad = tmp_path / "bad"
    shutil.copytree(FIXTURES / "2025", bad)
    episodes = bad / "episodes.csv"
    episodes.write_text(episodes.read_text().replace("U6", "U9").replace("E45", "E99"))

    sign_in(page, live_server, "perf")
    page.goto(f"{live_server.url}/placements/import/")
    assert_accessible(page)
    page.get_by_label("SSDA903 files").set_input_files(sorted(bad.iterdir()))
    page.get_by_role("button", name="Check the files").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "The files have 2 errors"
    by_rule = page.locator("#by-rule tbody tr")
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
    page.wait_for_load_state()
    assert "Check and confirm" in page.get_by_role("heading", level=1).inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Confirm import").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "SSDA903 return imported"
    assert_accessible(page)
    assert Child.objects.count() == 4


def test_other_roles_are_refused(page, live_server, make_user):
    make_user(Role.SOCIAL_WORKER, username="sw")
    sign_in(page, live_server, "sw", check_accessible=False)
    response = page.goto(f"{live_server.url}/placements/import/")
    assert response.status == 403
    assert_accessible(page)
