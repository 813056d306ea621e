import pytest

from corporate_parenting.roles import Role
from tests.browser.axe import assert_accessible
from tests.browser.helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_idle_warning_lets_the_user_stay_signed_in(page, live_server, make_user, settings):
    # Warn 2 seconds into a 6-second idle limit.
    settings.SESSION_IDLE_SECONDS = 6
    settings.SESSION_WARN_SECONDS = 4
    user = make_user(Role.BOARD_MEMBER)
    sign_in(page, live_server, user.username)

    dialog = page.get_by_role("dialog", name="You’re about to be signed out")
    dialog.wait_for(state="visible", timeout=5000)
    assert_accessible(page)
    with page.expect_response("**/session/extend/") as response:
        dialog.get_by_role("button", name="Stay signed in").click()
    assert response.value.status == 200
    assert not dialog.is_visible()
    assert page.url == f"{live_server.url}/"


def test_doing_nothing_signs_the_user_out_after_the_warning(page, live_server, make_user, settings):
    settings.SESSION_IDLE_SECONDS = 3
    settings.SESSION_WARN_SECONDS = 2
    user = make_user(Role.BOARD_MEMBER)
    sign_in(page, live_server, user.username)

    page.wait_for_url("**/sign-in/?timeout=1", timeout=10000)
    assert "You were signed out because you did nothing" in page.locator("main").inner_text()
