"""Every account passes a second factor (an authenticator app, or a single-use recovery code)
after its password before any signed-in page, the admin included."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from corporate_parenting.models import AuditAction, AuditEvent, RecoveryCode
from corporate_parenting.roles import Role
from corporate_parenting.second_factor import remember_cookie_name, second_factor_reset
from tests.conftest import PASSWORD
from tests.second_factor import app_for, code_for

pytestmark = pytest.mark.django_db

VERIFY = "/account/second-factor/"
SET_UP = "/account/second-factor/set-up/"


def sign_in_with_password(browser, user, password=PASSWORD):
    response = browser.post("/sign-in/", {"username": user.username, "password": password})
    assert response.status_code == 302, response.content[:300]
    return browser


def password_only(user):
    """A browser that has passed the password on the sign-in page and nothing else."""
    return sign_in_with_password(Client(), user)


def wrong_code(device):
    return f"{(int(code_for(device)) + 1) % 1_000_000:06d}"


def actions(user):
    return list(AuditEvent.objects.filter(object_id=str(user.pk)).values_list("action", flat=True))


@pytest.mark.parametrize("path", ["/", "/children/", "/reports/", "/admin/", "/audit/"])
def test_a_password_alone_opens_no_signed_in_page(make_user, path):
    user = make_user(Role.PERFORMANCE_OFFICER, is_staff=True)
    response = password_only(user).get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{VERIFY}?next=")


def test_an_account_without_an_app_is_sent_to_set_one_up(make_user):
    user = make_user(Role.SOCIAL_WORKER, second_factor=False)
    response = password_only(user).get("/")
    assert response["Location"].startswith(f"{SET_UP}?next=")


def test_signing_out_needs_no_second_factor(make_user):
    browser = password_only(make_user(Role.BOARD_MEMBER))
    assert browser.post(reverse("logout")).status_code == 302
    assert browser.get("/")["Location"].startswith("/sign-in/")


def test_the_right_code_opens_the_service_and_a_wrong_one_is_refused_and_audited(make_user):
    user = make_user(Role.SOCIAL_WORKER)
    device = app_for(user)
    browser = password_only(user)

    refused = browser.post(VERIFY, {"code": wrong_code(device)})
    assert refused.status_code == 200
    assert "The security code is wrong or has expired" in refused.content.decode()
    assert browser.get("/").status_code == 302
    assert AuditAction.SECOND_FACTOR_FAILED in actions(user)

    device.throttle_reset()
    accepted = browser.post(VERIFY, {"code": code_for(device), "next": "/children/"})
    assert accepted["Location"] == "/children/"
    assert browser.get("/").status_code == 200


def test_a_code_cannot_be_used_twice(make_user):
    user = make_user(Role.SOCIAL_WORKER)
    device = app_for(user)
    code = code_for(device)
    assert password_only(user).post(VERIFY, {"code": code}).status_code == 302
    assert password_only(user).post(VERIFY, {"code": code}).status_code == 200


def test_an_unverified_session_cannot_set_up_a_new_app(make_user):
    user = make_user(Role.SOCIAL_WORKER)
    browser = password_only(user)
    response = browser.get(SET_UP)
    assert response["Location"].startswith(VERIFY)
    assert not TOTPDevice.objects.filter(user=user, confirmed=False).exists()


def test_setting_up_the_app_shows_ten_recovery_codes_once_and_stores_only_hashes(make_user):
    user = make_user(Role.BOARD_MEMBER, second_factor=False)
    browser = password_only(user)
    page = browser.get(SET_UP)
    html = page.content.decode()
    assert "<svg" in html and "QR code for your authenticator app" in html
    device = TOTPDevice.objects.get(user=user, confirmed=False)

    wrong = browser.post(SET_UP, {"code": wrong_code(device)})
    assert "The security code is wrong" in wrong.content.decode()
    device.throttle_reset()
    done = browser.post(SET_UP, {"code": code_for(device)})
    assert done["Location"] == reverse("second_factor_recovery_codes")

    shown = browser.get(done["Location"]).content.decode()
    codes = [
        line.split("<code>")[1].split("</code>")[0]
        for line in shown.split("\n")
        if "<li><code>" in line
    ]
    codes = [c for line in shown.split("<li><code>")[1:] for c in [line.split("</code>")[0]]]
    assert len(codes) == 10 and len(set(codes)) == 10
    stored = set(RecoveryCode.objects.filter(device__user=user).values_list("code_hash", flat=True))
    assert len(stored) == 10 and not stored & set(codes)
    assert browser.get(done["Location"]).status_code == 302  # shown once
    assert browser.get("/").status_code == 200
    assert AuditAction.SECOND_FACTOR_SET_UP in actions(user)


def _set_up_with_codes(user):
    browser = password_only(user)
    browser.get(SET_UP)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    browser.post(SET_UP, {"code": code_for(device)})
    html = browser.get(reverse("second_factor_recovery_codes")).content.decode()
    return [line.split("</code>")[0] for line in html.split("<li><code>")[1:]]


def test_a_recovery_code_signs_in_once_and_is_audited(make_user):
    user = make_user(Role.TEAM_MANAGER, second_factor=False)
    codes = _set_up_with_codes(user)

    browser = password_only(user)
    used = browser.post(reverse("second_factor_recovery"), {"code": codes[0].upper()})
    assert used["Location"] == SET_UP
    assert browser.get("/").status_code == 200
    assert AuditAction.RECOVERY_CODE_USED in actions(user)

    again = password_only(user).post(reverse("second_factor_recovery"), {"code": codes[0]})
    assert again.status_code == 200
    assert "wrong or has been used" in again.content.decode()
    assert RecoveryCode.objects.filter(device__user=user).count() == 9


def _remembered(user, code_device=None):
    browser = password_only(user)
    response = browser.post(VERIFY, {"code": code_for(app_for(user)), "remember": "on"})
    return browser, response.cookies[remember_cookie_name()]


@pytest.mark.parametrize(
    ("role", "seconds"),
    [
        (Role.SOCIAL_WORKER, 12 * 3600),
        (Role.BOARD_MEMBER, 30 * 86400),
        (Role.ADMINISTRATOR, 12 * 3600),
    ],
)
def test_remember_this_device_lasts_the_roles_period_in_an_http_only_cookie(
    make_user, role, seconds
):
    user = make_user(role)
    _, cookie = _remembered(user)
    assert cookie["max-age"] == seconds
    assert cookie["httponly"]

    later = Client()
    later.cookies[remember_cookie_name()] = cookie.value
    sign_in_with_password(later, user)
    assert later.get("/").status_code == 200


def test_a_remembered_device_is_forgotten_when_the_password_or_the_app_changes(make_user):
    user = make_user(Role.BOARD_MEMBER)
    _, cookie = _remembered(user)
    user.set_password("a-brand-new-password-1")
    user.save()
    later = Client()
    later.cookies[remember_cookie_name()] = cookie.value
    sign_in_with_password(later, user, "a-brand-new-password-1")
    assert later.get("/").status_code == 302

    other = make_user(Role.BOARD_MEMBER)
    _, cookie = _remembered(other)
    TOTPDevice.objects.filter(user=other).delete()
    app_for(other)
    later = Client()
    later.cookies[remember_cookie_name()] = cookie.value
    sign_in_with_password(later, other)
    assert later.get("/").status_code == 302


def test_a_remembered_device_works_for_its_own_user_only(make_user):
    owner, someone = make_user(Role.BOARD_MEMBER), make_user(Role.BOARD_MEMBER)
    _, cookie = _remembered(owner)
    browser = Client()
    browser.cookies[remember_cookie_name()] = cookie.value
    sign_in_with_password(browser, someone)
    assert browser.get("/").status_code == 302


@override_settings(SECURE=True)
def test_the_remember_cookie_is_secure_when_cookies_are(make_user):
    user = make_user(Role.SOCIAL_WORKER)
    _, cookie = _remembered(user)
    assert cookie.key == "__Host-remember-device"
    assert cookie["secure"]


def test_an_administrator_resets_a_lost_app_and_it_is_audited(make_user):
    admin_user = make_user(Role.ADMINISTRATOR, is_staff=True)
    user = make_user(Role.SOCIAL_WORKER)
    client = Client()
    client.force_login(admin_user)
    from tests.second_factor import pass_second_factor

    pass_second_factor(client, admin_user)
    response = client.post(
        reverse("admin:corporate_parenting_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [user.pk]},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
    reset = AuditEvent.objects.get(action=AuditAction.SECOND_FACTOR_RESET)
    assert reset.actor == admin_user and reset.object_id == str(user.pk)
    assert password_only(user).get("/")["Location"].startswith(SET_UP)


def test_resetting_removes_recovery_codes_too(make_user):
    user = make_user(Role.SOCIAL_WORKER, second_factor=False)
    _set_up_with_codes(user)
    second_factor_reset(user=user, actor=None)
    assert not RecoveryCode.objects.filter(device__user=user).exists()
