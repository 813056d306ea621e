"""Sign-in throttling behind a TLS proxy: the client's address comes from the proxy's header, a
username locks with a cool-off that doubles, and one address cannot guess without limit."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from corporate_parenting.lockout import BASE_COOL_OFF, cool_off
from corporate_parenting.models import AuditAction, AuditEvent
from corporate_parenting.network import client_address
from corporate_parenting.roles import Role
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
PROXY = "10.0.0.5"


def through_proxy(client_ip):
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"{client_ip}"}


def test_the_client_address_is_the_one_our_proxy_saw(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get(
        "/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="6.6.6.6, 81.2.69.1"
    )
    assert client_address(request) == "81.2.69.1"  # the left entry was written by the client


def test_without_a_trusted_proxy_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().get("/", REMOTE_ADDR="81.2.69.1", HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert client_address(request) == "81.2.69.1"


def test_failed_sign_ins_are_audited_with_the_clients_address(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    client.post(reverse("login"), {"username": "x", "password": "y"}, **through_proxy("81.2.69.1"))
    row = AuditEvent.objects.get(action=AuditAction.SIGN_IN_FAILED)
    assert row.address == "81.2.69.1"


def test_a_lockout_is_audited_once_and_the_wait_doubles_with_each_lockout(
    client, make_user, settings
):
    user = make_user(Role.SOCIAL_WORKER)
    request = RequestFactory().post("/", {"username": user.username})
    assert cool_off(request) == BASE_COOL_OFF
    for _ in range(settings.AXES_FAILURE_LIMIT + 3):
        client.post(reverse("login"), {"username": user.username, "password": "wrong"})
    assert AuditEvent.objects.filter(action=AuditAction.LOCKED_OUT).count() == 1
    assert cool_off(request) == BASE_COOL_OFF
    AuditEvent.objects.create(action=AuditAction.LOCKED_OUT, detail=f"username={user.username}")
    assert cool_off(request) == 2 * BASE_COOL_OFF


def test_one_address_cannot_guess_without_limit_but_others_behind_the_proxy_sign_in(
    client, make_user, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.SIGN_IN_ADDRESS_LIMIT = 6
    for n in range(6):
        client.post(
            reverse("login"),
            {"username": f"guess{n}", "password": "wrong"},
            **through_proxy("81.2.69.1"),
        )
    refused = client.post(
        reverse("login"), {"username": "guess9", "password": "x"}, **through_proxy("81.2.69.1")
    )
    assert refused.status_code == 429
    assert b"Too many failed sign-ins from your network" in refused.content
    colleague = make_user(Role.SOCIAL_WORKER)
    response = client.post(
        reverse("login"),
        {"username": colleague.username, "password": PASSWORD},
        **through_proxy("81.2.69.77"),
    )
    assert response.status_code == 302


def test_the_admin_sign_in_form_signs_nobody_in_and_sends_them_to_ours(client, make_user):
    """Django's own admin sign-in would skip the address limit and the audit of our sign-in."""
    administrator = make_user(Role.ADMINISTRATOR, is_staff=True)
    response = client.post(
        reverse("admin:login"), {"username": administrator.username, "password": PASSWORD}
    )
    assert "_auth_user_id" not in client.session
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")
    assert not AuditEvent.objects.filter(action=AuditAction.SIGN_IN_FAILED).exists()


def test_an_address_refused_by_our_sign_in_is_refused_on_the_way_into_the_admin(
    client, make_user, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.SIGN_IN_ADDRESS_LIMIT = 3
    administrator = make_user(Role.ADMINISTRATOR, is_staff=True)
    for n in range(3):
        client.post(
            reverse("login"),
            {"username": f"guess{n}", "password": "wrong"},
            **through_proxy("81.2.69.1"),
        )
    admin_sign_in = client.post(
        reverse("admin:login"),
        {"username": administrator.username, "password": PASSWORD},
        follow=True,
        **through_proxy("81.2.69.1"),
    )
    assert "_auth_user_id" not in client.session
    ours = client.post(
        admin_sign_in.redirect_chain[-1][0],
        {"username": administrator.username, "password": PASSWORD},
        **through_proxy("81.2.69.1"),
    )
    assert ours.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_admin_sends_a_visitor_to_our_sign_in_and_back(client):
    page = client.get(reverse("admin:index"), follow=True)
    assert page.redirect_chain[-1][0] == f"{reverse('login')}?next=/admin/"
