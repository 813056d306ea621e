import pytest

from corporate_parenting.roles import Role
from tests.browser.axe import assert_accessible
from tests.browser.helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_in_with_idle_limit(page, live_server, make_user, settings, idle, warn):
    """Sign in under the usual limits (a slow sign-in must not time out), then open a page
    that carries the short ones."""
    user = make_user(Role.BOARD_MEMBER)
    sign_in(page, live_server, user.username)
    settings.SESSION_IDLE_SECONDS = idle
    settings.SESSION_WARN_SECONDS = warn
    page.goto(f"{live_server.url}/meetings/")


def test_idle_warning_lets_the_user_stay_signed_in(page, live_server, make_user, settings):
    # Warn 2 seconds into a 6-second idle limit.
    signed_in_with_idle_limit(page, live_server, make_user, settings, idle=6, warn=4)

    dialog = page.get_by_role("dialog", name="You’re about to be signed out")
    dialog.wait_for(state="visible", timeout=5000)
    assert_accessible(page)
    with page.expect_response("**/session/extend/") as response:
        dialog.get_by_role("button", name="Stay signed in").click()
    assert response.value.status == 200
    assert not dialog.is_visible()
    assert page.url == f"{live_server.url}/meetings/"


def test_doing_nothing_signs_the_user_out_after_the_warning(page, live_server, make_user, settings):
    signed_in_with_idle_limit(page, live_server, make_user, settings, idle=3, warn=2)

    page.wait_for_url("**/sign-in/?timeout=1", timeout=20000)
    assert "You were signed out because you did nothing" in page.locator("main").inner_text()
