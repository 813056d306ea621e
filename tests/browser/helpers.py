from corporate_parenting.models import User
from tests.browser.axe import assert_accessible
from tests.conftest import PASSWORD
from tests.second_factor import app_for, code_for


def sign_in(page, live_server, username, password=PASSWORD, check_accessible=True):
    """Sign in with the password and then, as every account must, a code from the app."""
    page.goto(f"{live_server.url}/sign-in/")
    if check_accessible:
        assert_accessible(page)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    if "/account/second-factor/" in page.url and "set-up" not in page.url:
        if check_accessible:
            assert_accessible(page)
        enter_code(page, code_for(app_for(User.objects.get(username=username))))


def enter_code(page, code):
    page.get_by_label("Security code").fill(code)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()


def download_when_ready(page, timeout=240_000):
    """On a report run's page: wait, without reloading, until the run is ready (the bar full),
    check the page with axe, and download the PDF. Returns the Playwright Download."""
    download_button = page.get_by_role("link", name="Download the PDF")
    download_button.wait_for(state="visible", timeout=timeout)
    assert page.evaluate("window.cpbSamePage") is True, "the page reloaded"
    assert page.locator("#report-run-progress").get_attribute("value") == "100"
    assert page.locator("#report-run-status").inner_text().startswith("Ready")
    assert_accessible(page)
    with page.expect_download() as download_info:
        download_button.click()
    return download_info.value
