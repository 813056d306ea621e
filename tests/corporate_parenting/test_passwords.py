"""Changing one's own password, resetting a forgotten one by email, and the change forced after
someone else sets it."""

import re

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from corporate_parenting.models import AuditAction, AuditEvent, User
from corporate_parenting.roles import Role
from tests.conftest import PASSWORD
from tests.second_factor import pass_second_factor

pytestmark = pytest.mark.django_db

NEW = "a-long-new-passphrase-42"


def signed_in(user):
    browser = Client()
    browser.post("/sign-in/", {"username": user.username, "password": PASSWORD})
    pass_second_factor(browser, user)
    return browser


def test_changing_ones_own_password_needs_the_current_one(make_user):
    user = make_user(Role.SOCIAL_WORKER)
    browser = signed_in(user)
    refused = browser.post(
        reverse("password_change"),
        {"old_password": "wrong", "new_password1": NEW, "new_password2": NEW},
    )
    assert "Your current password is wrong" in refused.content.decode()

    done = browser.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert browser.get("/").status_code == 200  # still signed in and verified
    assert AuditEvent.objects.filter(action=AuditAction.PASSWORD_CHANGED, actor=user).exists()


def test_a_password_set_by_an_administrator_must_be_changed_before_anything_else(make_user):
    admin_user = make_user(Role.ADMINISTRATOR, is_staff=True)
    user = make_user(Role.SOCIAL_WORKER)
    admin_browser = signed_in(admin_user)
    response = admin_browser.post(
        reverse("admin:auth_user_password_change", args=[user.pk]),
        {"password1": "set-by-the-admin-99", "password2": "set-by-the-admin-99"},
    )
    assert response.status_code == 302, response.content[:500]
    user.refresh_from_db()
    assert user.must_change_password

    browser = Client()
    browser.post("/sign-in/", {"username": user.username, "password": "set-by-the-admin-99"})
    pass_second_factor(browser, user)
    assert browser.get("/children/")["Location"].startswith(reverse("password_change"))
    browser.post(
        reverse("password_change"),
        {"old_password": "set-by-the-admin-99", "new_password1": NEW, "new_password2": NEW},
    )
    user.refresh_from_db()
    assert not user.must_change_password
    assert browser.get("/").status_code == 200


def test_a_password_set_from_the_command_line_is_not_forced_to_change(make_user):
    user = make_user(Role.SOCIAL_WORKER)
    user.set_password(NEW)
    user.save()
    user.refresh_from_db()
    assert not user.must_change_password


def test_a_reset_asked_for_an_unknown_address_looks_the_same_and_sends_nothing(make_user):
    make_user(Role.SOCIAL_WORKER, email="known@example.org")
    unknown = Client().post(reverse("password_reset"), {"email": "nobody@example.org"})
    known = Client().post(reverse("password_reset"), {"email": "known@example.org"})
    assert unknown["Location"] == known["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["known@example.org"]
    page = Client().get(reverse("password_reset_done")).content.decode()
    assert "Check your email" in page


def _reset_link():
    return re.search(r"https?://[^/]+(/account/password/reset/\S+)", mail.outbox[-1].body)[1]


def test_the_emailed_link_sets_a_new_password_once(make_user):
    user = make_user(Role.BOARD_MEMBER, email="member@example.org")
    user.must_change_password = True
    user.save()
    Client().post(reverse("password_reset"), {"email": "member@example.org"})
    link = _reset_link()
    browser = Client()
    form = browser.get(link, follow=True)
    assert "Set a new password" in form.content.decode()
    done = browser.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert done["Location"] == reverse("password_reset_complete")
    user.refresh_from_db()
    assert user.check_password(NEW) and not user.must_change_password
    assert AuditEvent.objects.filter(action=AuditAction.PASSWORD_RESET, object_id=str(user.pk))
    again = Client().get(link, follow=True).content.decode()
    assert "This link does not work" in again


def test_an_expired_reset_link_does_not_work(make_user, settings):
    make_user(Role.BOARD_MEMBER, email="late@example.org")
    Client().post(reverse("password_reset"), {"email": "late@example.org"})
    link = _reset_link()
    with override_settings(PASSWORD_RESET_TIMEOUT=-1):
        page = Client().get(link, follow=True).content.decode()
    assert "This link does not work" in page
    assert User.objects.get(email="late@example.org").check_password(PASSWORD)
