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
