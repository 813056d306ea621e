import pytest

from corporate_parenting.roles import Role
from tests.browser.axe import assert_accessible
from tests.browser.helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("role", list(Role))
def test_each_role_signs_in_and_lands_on_its_home_page(page, live_server, make_user, team, role):
    user = make_user(role, team=team)

    sign_in(page, live_server, user.username)

    assert page.url == f"{live_server.url}/"
    assert page.locator("h1").inner_text().startswith("Welcome")
    assert page.locator(".govuk-caption-l").inner_text() == Role(role).label
    assert_accessible(page)


def test_wrong_password_shows_an_error_and_keeps_the_username(page, live_server, make_user):
    user = make_user(Role.BOARD_MEMBER)

    sign_in(page, live_server, user.username, password="not-the-password")

    assert page.get_by_role("alert").is_visible()
    assert (
        "Enter a correct username and password" in page.locator(".govuk-error-summary").inner_text()
    )
    assert page.get_by_label("Username").input_value() == user.username
    assert_accessible(page)


def test_signing_out_returns_to_the_sign_in_page(page, live_server, make_user):
    user = make_user(Role.SOCIAL_WORKER)
    sign_in(page, live_server, user.username)

    page.get_by_role("button", name="Sign out").first.click()

    assert page.url.startswith(f"{live_server.url}/sign-in/")
    page.goto(f"{live_server.url}/")
    assert "/sign-in/" in page.url
