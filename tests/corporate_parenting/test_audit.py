import pytest
from django.db import DatabaseError, transaction

from corporate_parenting.audit import AuditOutsideTransaction, audit_record, field_changes
from corporate_parenting.models import AuditEvent, Team
from corporate_parenting.roles import Role


@pytest.mark.django_db(transaction=True)
def test_audit_row_is_written_in_the_same_transaction_as_the_change(make_user):
    actor = make_user(Role.ADMINISTRATOR)

    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        team = Team.objects.create(name="Rolled back")
        audit_record(actor=actor, action="create", obj=team)
        raise Boom

    assert not Team.objects.filter(name="Rolled back").exists()
    assert not AuditEvent.objects.filter(object_type="corporate_parenting.Team").exists()

    with transaction.atomic():
        team = Team.objects.create(name="Kept")
        audit_record(actor=actor, action="create", obj=team, changes={"name": [None, "Kept"]})

    event = AuditEvent.objects.get(object_type="corporate_parenting.Team")
    assert (event.actor, event.action, event.object_type, event.object_id) == (
        actor,
        "create",
        "corporate_parenting.Team",
        str(team.pk),
    )
    assert event.changes == {"name": [None, "Kept"]}


@pytest.mark.django_db(transaction=True)
def test_a_write_audited_outside_a_transaction_is_refused(make_user):
    with pytest.raises(AuditOutsideTransaction):
        audit_record(actor=make_user(), action="change", obj=Team.objects.create(name="T"))


@pytest.mark.django_db
def test_the_database_refuses_to_change_or_delete_audit_rows(make_user):
    event = audit_record(actor=make_user(), action="view", detail="looked")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(detail="edited")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).detail == "looked"


def test_field_changes_lists_old_and_new_values_of_changed_fields_only():
    before = {"a": 1, "b": "x", "c": None}
    after = {"a": 2, "b": "x", "c": "now"}
    assert field_changes(before, after, ["a", "b", "c"]) == {"a": ["1", "2"], "c": [None, "now"]}


@pytest.mark.django_db
def test_admins_can_browse_but_not_edit_the_audit_trail(client, make_user):
    admin = make_user(Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    event = audit_record(actor=admin, action="view", detail="seen")
    client.force_login(admin)
    assert client.get("/admin/corporate_parenting/auditevent/").status_code == 200
    page = client.get(f"/admin/corporate_parenting/auditevent/{event.pk}/change/")
    assert page.status_code == 200
    assert b'name="detail"' not in page.content  # read-only view, no inputs
    assert client.get("/admin/corporate_parenting/auditevent/add/").status_code == 403


@pytest.mark.django_db
def test_failed_sign_in_and_access_denied_are_audited(client, make_user):
    client.post("/sign-in/", {"username": "nobody", "password": "wrong"})
    failed = AuditEvent.objects.get(action="sign_in_failed")
    assert failed.detail == "username=nobody"

    board = make_user(Role.BOARD_MEMBER)
    client.force_login(board)
    from django.test import RequestFactory

    from corporate_parenting.views import permission_denied

    request = RequestFactory().get("/children/1/")
    request.user = board
    permission_denied(request)
    denied = AuditEvent.objects.get(action="denied")
    assert (denied.actor, denied.detail) == (board, "/children/1/")
