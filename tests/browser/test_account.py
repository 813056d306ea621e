"""The second factor's set-up journey, the code prompt, the password pages and the audit search
in a real browser, each checked with axe (WCAG 2.2 AA)."""

import os
import re
import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP

from corporate_parenting.roles import Role
from tests.browser.axe import assert_accessible
from tests.browser.helpers import enter_code, sign_in
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shoot(page, name):
    """With SCREENSHOT_DIR set, a picture of the page at 1280 and 390 pixels wide."""
    folder = os.environ.get("SCREENSHOT_DIR")
    if not folder:
        return
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{folder}/{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def code_from_key(key):
    """What an authenticator app shows for the key the set-up page gave."""
    raw = key.replace(" ", "")
    secret = b32decode(raw + "=" * (-len(raw) % 8))
    totp = TOTP(secret)
    totp.time = time.time()
    return f"{totp.token():06d}"


def test_setting_up_the_app_from_the_key_on_the_page(page, live_server, make_user):
    user = make_user(Role.SOCIAL_WORKER, second_factor=False)
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()

    assert "/account/second-factor/set-up/" in page.url
    assert page.get_by_role("img", name="QR code for your authenticator app").is_visible()
    page.get_by_text("I cannot scan the QR code").click()
    assert_accessible(page)
    shoot(page, "second-factor-set-up")
    key = page.locator("#setup-key").inner_text()

    enter_code(page, "000000" if code_from_key(key) != "000000" else "111111")
    assert "The security code is wrong" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    time.sleep(1.1)  # django-otp waits a second after a wrong code
    enter_code(page, code_from_key(key))

    assert page.url.endswith("/account/second-factor/recovery-codes/")
    codes = page.locator(".cpb-recovery-codes code").all_inner_texts()
    assert len(codes) == 10 and all(re.fullmatch(r"[a-z2-9]{5}-[a-z2-9]{5}", c) for c in codes)
    assert_accessible(page)
    shoot(page, "second-factor-recovery-codes")
    page.get_by_role("link", name="I have saved my recovery codes").click()
    assert page.locator("h1").inner_text().startswith("Welcome")


def test_the_code_prompt_and_a_wrong_code(page, live_server, make_user):
    user = make_user(Role.BOARD_MEMBER)
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Enter your security code"
    assert "for 30 days" in page.get_by_text("Do not ask for a code").inner_text()
    assert_accessible(page)
    shoot(page, "second-factor-code")
    enter_code(page, "12345")
    assert "Enter the 6-digit security code" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    shoot(page, "second-factor-code-error")


def test_the_password_pages(page, live_server, make_user):
    user = make_user(Role.SOCIAL_WORKER)
    sign_in(page, live_server, user.username)
    page.goto(f"{live_server.url}/account/password/")
    page.get_by_role("button", name="Change password").click()
    assert "Enter your current password" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    shoot(page, "password-change")
    page.get_by_role("button", name="Sign out").first.click()

    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_role("link", name="I have forgotten my password").click()
    assert_accessible(page)
    shoot(page, "password-reset")
    page.get_by_label("Email address").fill("someone@example.org")
    page.get_by_role("button", name="Send reset link").click()
    assert page.locator("h1").inner_text() == "Check your email"
    assert_accessible(page)
    shoot(page, "password-reset-sent")


def test_the_audit_search_page(page, live_server, make_user):
    officer = make_user(Role.PERFORMANCE_OFFICER)
    sign_in(page, live_server, officer.username)
    page.goto(f"{live_server.url}/audit/")
    assert_accessible(page)
    page.get_by_label("Username or name").fill(officer.username)
    page.get_by_role("button", name="Search").click()
    assert page.locator("table.govuk-table tbody tr").count() >= 1
    assert page.get_by_role("link", name="Download these events as a CSV file").is_visible()
    assert_accessible(page)
    shoot(page, "audit-search")
