import pytest
from django.urls import reverse

from children.models import Child
from corporate_parenting.permissions import caseload_q, has_role
from corporate_parenting.roles import Role
from tests.factories import TeamFactory

pytestmark = pytest.mark.django_db


def test_anonymous_users_are_sent_to_sign_in(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_anonymous_users_cannot_reach_the_admin(client):
    response = client.get("/admin/corporate_parenting/auditevent/")
    assert response.status_code == 302
    assert "/sign-in/" in response.url or "/admin/login/" in response.url


def test_sign_in_page_and_healthz_are_public(client):
    assert client.get(reverse("login")).status_code == 200
    assert client.get(reverse("healthz")).status_code in {200, 503}


def test_a_role_without_admin_rights_gets_403_from_the_admin_audit_trail(client, make_user):
    client.force_login(make_user(Role.BOARD_MEMBER))
    response = client.get("/admin/corporate_parenting/auditevent/")
    assert response.status_code in {302, 403}
    assert "auditevent" not in response.content.decode()


def test_wrong_role_gets_the_403_page(rf, make_user):
    from django.core.exceptions import PermissionDenied

    from corporate_parenting.permissions import role_required

    @role_required(Role.PERFORMANCE_OFFICER)
    def officers_only(request):
        return "ok"

    request = rf.get("/")
    request.user = make_user(Role.BOARD_MEMBER)
    with pytest.raises(PermissionDenied):
        officers_only(request)
    request.user = make_user(Role.PERFORMANCE_OFFICER)
    assert officers_only(request) == "ok"


def test_403_page_is_clear(rf, make_user):
    from corporate_parenting.views import permission_denied

    request = rf.get("/somewhere/")
    request.user = make_user(Role.BOARD_MEMBER)
    response = permission_denied(request)
    assert response.status_code == 403
    assert b"You do not have access to this page" in response.content


def test_has_role_reads_group_membership(make_user):
    user = make_user(Role.TEAM_MANAGER)
    assert has_role(user, Role.TEAM_MANAGER)
    assert not has_role(user, Role.BOARD_MEMBER)


def _child(local_id, team=None, social_worker=None):
    return Child.objects.create(
        local_id=local_id,
        date_of_birth="2015-01-01",
        sex="F",
        ethnicity="WBRI",
        team=team,
        social_worker=social_worker,
    )


def test_caseload_scoping_by_role(make_user):
    north, south = TeamFactory(name="North"), TeamFactory(name="South")
    worker = make_user(Role.SOCIAL_WORKER, team=north)
    manager = make_user(Role.TEAM_MANAGER, team=south)
    officer = make_user(Role.PERFORMANCE_OFFICER)
    board = make_user(Role.BOARD_MEMBER)
    in_north = _child("N1", team=north)
    in_south = _child("S1", team=south)
    allocated_elsewhere = _child("S2", team=south, social_worker=worker)

    def visible(user):
        return set(Child.objects.filter(caseload_q(user)))

    assert visible(worker) == {in_north, allocated_elsewhere}
    assert visible(manager) == {in_south, allocated_elsewhere}
    assert visible(officer) == {in_north, in_south, allocated_elsewhere}
    assert visible(board) == set()


def test_sign_in_is_locked_after_repeated_failures(client, make_user, settings):
    user = make_user(Role.SOCIAL_WORKER)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": user.username, "password": "wrong"})
    from tests.conftest import PASSWORD

    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 429
    assert b"Try again in 15 minutes" in response.content
    assert "_auth_user_id" not in client.session


def test_pages_send_a_strict_content_security_policy(client):
    policy = client.get(reverse("login"))["Content-Security-Policy"]
    assert "object-src 'none'" in policy
    assert "base-uri 'none'" in policy
    assert "script-src 'self' 'sha256-" in policy
    assert "unsafe-inline" not in policy


def test_a_session_ends_after_the_absolute_limit_however_active(client, make_user, settings):
    from corporate_parenting.middleware import STARTED_KEY

    client.force_login(make_user(Role.SOCIAL_WORKER))
    assert client.get(reverse("home")).status_code == 200
    session = client.session
    session[STARTED_KEY] -= settings.SESSION_ABSOLUTE_SECONDS + 1
    session.save()

    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url == "/sign-in/?expired=1"
    assert "_auth_user_id" not in client.session
    page = client.get(response.url)
    assert b"signed in for 10 hours" in page.content
