"""The admin is no side door into the case record, and account changes leave a trail."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from corporate_parenting.models import AuditAction, AuditEvent, User
from corporate_parenting.roles import Role
from tests.factories import ChildFactory, PlacementFactory, ReviewFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.org", "x" * 20)


def test_the_admin_cannot_change_add_or_delete_a_child(client, superuser):
    child = ChildFactory(local_id="ADM9", first_name="Kit")
    client.force_login(superuser)
    change = reverse("admin:children_child_change", args=[child.pk])
    response = client.post(change, {"first_name": "Changed", "local_id": "ADM9"})
    assert response.status_code == 403
    child.refresh_from_db()
    assert child.first_name == "Kit"
    assert client.get(reverse("admin:children_child_add")).status_code == 403
    assert client.get(reverse("admin:children_child_delete", args=[child.pk])).status_code == 403


def test_the_admin_cannot_change_a_placement(client, superuser):
    placement = PlacementFactory()
    client.force_login(superuser)
    url = reverse("admin:placements_placement_change", args=[placement.pk])
    assert client.post(url, {}).status_code == 403
    assert client.get(reverse("admin:placements_placement_add")).status_code == 403


def test_opening_a_case_record_in_the_admin_is_audited(client, superuser):
    review = ReviewFactory(child=ChildFactory(local_id="ADM7"))
    client.force_login(superuser)
    url = reverse("admin:children_review_change", args=[review.pk])
    assert client.get(url).status_code == 200
    row = AuditEvent.objects.get(action=AuditAction.VIEW, object_type="children.Review")
    assert row.child_id == review.child_id
    assert row.actor == superuser
    assert row.address == "127.0.0.1"


def test_listing_children_in_the_admin_is_audited_with_the_search(client, superuser):
    ChildFactory(local_id="ADM8", last_name="Searchable")
    client.force_login(superuser)
    client.get(reverse("admin:children_child_changelist"), {"q": "Searchable"})
    row = AuditEvent.objects.filter(action=AuditAction.VIEW).latest("id")
    assert "searched for 'Searchable'" in row.detail


def test_the_audit_trail_names_a_child_by_local_id_not_name(client, superuser):
    child = ChildFactory(local_id="LOC42", first_name="Secretname", last_name="Hidden")
    client.force_login(superuser)
    client.get(reverse("admin:children_child_change", args=[child.pk]))
    row = AuditEvent.objects.get(action=AuditAction.VIEW, child_id=child.pk)
    assert row.object_repr == "LOC42"
    assert "Secretname" not in row.object_repr


def test_administrators_manage_accounts_but_not_the_case_record():
    admin = User.objects.create_user("adm", password="x" * 20, is_staff=True)
    admin.groups.add(Group.objects.get_or_create(name=Role.ADMINISTRATOR.label)[0])
    assert not admin.is_superuser
    assert admin.has_perm("corporate_parenting.change_user")
    assert admin.has_perm("corporate_parenting.view_auditevent")
    assert not admin.has_perm("children.view_child")
    assert not admin.has_perm("children.change_child")


def test_an_administrator_cannot_open_a_child_in_the_admin(client):
    admin = User.objects.create_user("adm2", password="x" * 20, is_staff=True)
    admin.groups.add(Group.objects.get_or_create(name=Role.ADMINISTRATOR.label)[0])
    child = ChildFactory()
    client.force_login(admin)
    url = reverse("admin:children_child_change", args=[child.pk])
    assert client.get(url).status_code in (302, 403)


def test_account_changes_are_audited_with_who_made_them(client, superuser):
    user = User.objects.create_user("sw.new", password="x" * 20, first_name="Ann")
    created = AuditEvent.objects.get(action=AuditAction.ACCOUNT_CREATED, object_id=str(user.pk))
    assert "username" in created.changes
    assert "outside a web request" in created.detail
    client.force_login(superuser)
    url = reverse("admin:corporate_parenting_user_change", args=[user.pk])
    page = client.get(url)
    form = page.context["adminform"].form
    data = {
        k: v
        for k, v in form.initial.items()
        if v is not None
        and k not in ("groups", "user_permissions", "password", "last_login", "date_joined")
    }
    data.update(
        username="sw.new",
        first_name="Anne",
        is_active="on",
        date_joined_0="2026-01-01",
        date_joined_1="10:00:00",
    )
    data["groups"] = [Group.objects.get_or_create(name=Role.SOCIAL_WORKER.label)[0].pk]
    response = client.post(url, data)
    assert response.status_code == 302, response.content[:2000]
    changed = AuditEvent.objects.filter(
        action__in=[AuditAction.ACCOUNT_CHANGED, AuditAction.ROLES_CHANGED], object_id=str(user.pk)
    )
    assert any(
        e.changes.get("first_name") == ["Ann", "Anne"] and e.actor == superuser for e in changed
    )
    assert any(e.changes.get("roles") == ["added", "Social worker"] for e in changed)


def test_a_password_change_is_audited_without_its_value():
    user = User.objects.create_user("pw.user", password="x" * 20)
    user.set_password("y" * 20)
    user.save()
    row = AuditEvent.objects.filter(
        action=AuditAction.ACCOUNT_CHANGED, object_id=str(user.pk)
    ).latest("id")
    assert row.changes["password"] == ["", "(changed)"]
    assert "y" * 20 not in str(row.changes)


def test_a_role_given_from_the_role_side_is_audited():
    user = User.objects.create_user("role.side", password="x" * 20)
    Group.objects.get_or_create(name=Role.BOARD_MEMBER.label)[0].user_set.add(user)
    row = AuditEvent.objects.filter(
        object_id=str(user.pk), action=AuditAction.ROLES_CHANGED
    ).latest("id")
    assert row.changes["roles"] == ["added", "Board member"]


def test_sign_in_and_sign_out_are_audited(client, make_user):
    from tests.conftest import PASSWORD

    user = make_user(Role.BOARD_MEMBER)
    client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    client.post(reverse("logout"))
    actions = list(
        AuditEvent.objects.filter(actor=user).order_by("id").values_list("action", flat=True)
    )
    assert AuditAction.SIGN_IN in actions and AuditAction.SIGN_OUT in actions
    signed_in = AuditEvent.objects.get(actor=user, action=AuditAction.SIGN_IN)
    assert len(signed_in.session_hash) == 32


def test_signed_in_pages_are_not_stored_and_features_are_refused(client, make_user):
    client.force_login(make_user(Role.BOARD_MEMBER))
    response = client.get(reverse("home"))
    assert "no-store" in response["Cache-Control"]
    assert "camera=()" in response["Permissions-Policy"]


def test_the_sign_in_page_has_a_permissions_policy_and_may_be_cached_normally(client):
    response = client.get(reverse("login"))
    assert "Permissions-Policy" in response


def test_the_caseload_list_and_its_search_are_audited(client, make_user, team):
    from tests.factories import ChildFactory as Child

    officer = make_user(Role.PERFORMANCE_OFFICER)
    Child(local_id="LIST1", last_name="Findme", team=team)
    client.force_login(officer)
    client.get(reverse("children:caseload"), {"q": "Findme"})
    row = AuditEvent.objects.filter(actor=officer, action=AuditAction.VIEW).latest("id")
    assert "searched for 'Findme'" in row.detail
    assert row.changes["children"] == ["LIST1"]


def test_asking_for_a_child_outside_ones_caseload_is_audited(client, make_user, team):
    from tests.factories import TeamFactory

    worker = make_user(Role.SOCIAL_WORKER, team=team)
    other = ChildFactory(team=TeamFactory())
    client.force_login(worker)
    assert client.get(reverse("children:child_detail", args=[other.pk])).status_code == 404
    row = AuditEvent.objects.get(actor=worker, action=AuditAction.NOT_FOUND)
    assert row.child_id == other.pk


def test_an_idle_time_out_is_audited_as_such(client, make_user):
    user = make_user(Role.BOARD_MEMBER)
    client.force_login(user)
    client.post(reverse("logout"), {"next": "/sign-in/?timeout=1"})
    assert AuditEvent.objects.filter(actor=user, action=AuditAction.TIMED_OUT).exists()
    assert not AuditEvent.objects.filter(actor=user, action=AuditAction.SIGN_OUT).exists()
