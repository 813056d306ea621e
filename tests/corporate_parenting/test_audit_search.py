"""Performance officers and administrators search the audit log by child, user, action and date
and export it as CSV; both are audited."""

import csv
import datetime
import io

import pytest
from django.db import connection, transaction
from django.urls import reverse

from corporate_parenting.audit import audit_record
from corporate_parenting.models import AuditAction, AuditEvent
from corporate_parenting.roles import Role
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


def record(actor, action, child=None, detail=""):
    with transaction.atomic():
        return audit_record(actor=actor, action=action, obj=child, child=child, detail=detail)


def record_at(at, actor, action, child):
    """An older row: the table refuses updates, so it is inserted with its time."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO corporate_parenting_auditevent (at, actor_id, actor_name, action, "
            "object_type, object_id, object_repr, child_id, changes, detail, user_agent, "
            "session_hash) VALUES (%s, %s, %s, %s, '', '', '', %s, '{}', '', '', '')",
            [at, actor.pk, actor.display_name, action, child.pk],
        )


@pytest.fixture
def officer_client(client, make_user):
    client.force_login(make_user(Role.PERFORMANCE_OFFICER, first_name="Perf", last_name="Officer"))
    return client


@pytest.mark.parametrize(
    "role", [Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.BOARD_MEMBER, Role.DEMOCRATIC_SERVICES]
)
def test_only_performance_officers_and_administrators_search_the_audit(client, make_user, role):
    client.force_login(make_user(role))
    assert client.get(reverse("audit_search")).status_code == 403
    assert client.get(reverse("audit_export")).status_code == 403


def test_an_administrator_searches_the_audit(client, make_user):
    client.force_login(make_user(Role.ADMINISTRATOR))
    assert client.get(reverse("audit_search"), {"action": "view"}).status_code == 200


def test_searching_by_child_local_id_finds_only_that_childs_events(officer_client, make_user):
    reader = make_user(Role.SOCIAL_WORKER, first_name="Rea", last_name="Der")
    mine, other = ChildFactory(local_id="AUD1"), ChildFactory(local_id="AUD2")
    record(reader, AuditAction.VIEW, mine)
    record(reader, AuditAction.VIEW, other)

    html = officer_client.get(reverse("audit_search"), {"child": "aud1"}).content.decode()
    assert "1 event" in html and ">AUD1<" in html and ">AUD2<" not in html
    assert (
        ">AUD1<"
        not in officer_client.get(reverse("audit_search"), {"child": "NOPE"}).content.decode()
    )


def test_searching_by_user_action_and_dates(officer_client, make_user):
    ann = make_user(Role.SOCIAL_WORKER, username="ann", first_name="Ann", last_name="Lee")
    bob = make_user(Role.SOCIAL_WORKER, username="bob", first_name="Bob", last_name="Ray")
    child = ChildFactory(local_id="AUD3")
    old = datetime.datetime(2025, 1, 10, 12, tzinfo=datetime.UTC)
    record_at(old, ann, AuditAction.VIEW, child)
    record(ann, AuditAction.CHANGE, child)
    record(bob, AuditAction.VIEW, child)

    def count(**query):
        response = officer_client.get(reverse("audit_search"), query)
        return response.context["page"].paginator.count

    assert count(user="ann", action="view") == 1
    assert count(user="Bob Ray") == 1
    assert (
        count(
            child="AUD3",
            date_from_0="1",
            date_from_1="1",
            date_from_2="2025",
            date_to_0="31",
            date_to_1="1",
            date_to_2="2025",
        )
        == 1
    )
    assert count(child="AUD3") == 3


def test_an_end_date_before_the_start_date_is_a_govuk_error(officer_client):
    html = officer_client.get(
        reverse("audit_search"),
        {
            "date_from_0": "2",
            "date_from_1": "1",
            "date_from_2": "2025",
            "date_to_0": "1",
            "date_to_1": "1",
            "date_to_2": "2025",
        },
    ).content.decode()
    assert "govuk-error-summary" in html
    assert "must be the same as or after" in html


def test_results_are_paginated(officer_client, make_user):
    user = make_user(Role.SOCIAL_WORKER, username="many")
    with transaction.atomic():
        for _ in range(55):
            audit_record(actor=user, action=AuditAction.VIEW)
    first = officer_client.get(reverse("audit_search"), {"user": "many"})
    assert len(first.context["events"]) == 50
    second = officer_client.get(reverse("audit_search"), {"user": "many", "page": "2"})
    assert len(second.context["events"]) == 5


def test_searching_the_audit_is_itself_audited(officer_client):
    officer_client.get(reverse("audit_search"), {"action": "view"})
    event = AuditEvent.objects.get(action=AuditAction.AUDIT_SEARCHED)
    assert "action=view" in event.detail


def test_the_export_is_a_safe_csv_and_is_audited(officer_client, make_user):
    user = make_user(Role.SOCIAL_WORKER, username="csvuser")
    child = ChildFactory(local_id="AUD4")
    record(user, AuditAction.VIEW, child, detail="=HYPERLINK(1)")
    response = officer_client.get(reverse("audit_export"), {"child": "AUD4"})
    assert response["Content-Disposition"].startswith('attachment; filename="audit-')
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["When", "Who", "Username"]
    assert len(rows) == 2
    assert rows[1][2] == "csvuser" and rows[1][6] == "AUD4"
    assert rows[1][8].startswith("'=")
    exported = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert "child_local_id=AUD4" in exported.detail
