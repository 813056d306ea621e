from tests.browser.axe import assert_accessible
from tests.conftest import PASSWORD


def sign_in(page, live_server, username, password=PASSWORD, check_accessible=True):
    page.goto(f"{live_server.url}/sign-in/")
    if check_accessible:
        assert_accessible(page)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
