"""The audit trail survives its own application: TRUNCATE is refused, and the role the application
runs as can only insert and read audit rows (docs/adr/0009-trust.md)."""

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from corporate_parenting.audit import audit_record
from corporate_parenting.models import AuditAction

pytestmark = pytest.mark.django_db(transaction=False)


def test_truncating_the_audit_table_is_refused():
    # tests/conftest.py switches this trigger off for the test database's flushes.
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "ALTER TABLE corporate_parenting_auditevent ENABLE TRIGGER audit_event_no_truncate"
        )
        cursor.execute("TRUNCATE corporate_parenting_auditevent")


@pytest.fixture
def app_role():
    with connection.cursor() as cursor:
        cursor.execute("DROP ROLE IF EXISTS cpb_app_test")
        cursor.execute("CREATE ROLE cpb_app_test")
    call_command("grant_app_role", "cpb_app_test")
    yield "cpb_app_test"
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")
        cursor.execute("DROP OWNED BY cpb_app_test")
        cursor.execute("DROP ROLE cpb_app_test")


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE corporate_parenting_auditevent SET detail = 'x'",
        "DELETE FROM corporate_parenting_auditevent",
        "TRUNCATE corporate_parenting_auditevent",
        "ALTER TABLE corporate_parenting_auditevent DISABLE TRIGGER audit_event_append_only",
    ],
)
def test_the_application_role_cannot_rewrite_the_audit_trail(app_role, statement):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {app_role}")
        cursor.execute(statement)


def test_the_application_role_inserts_and_reads_audit_rows_and_changes_the_record(app_role):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {app_role}")
        audit_record(actor=None, action=AuditAction.VIEW, detail="as the app")
        cursor.execute("SELECT count(*) FROM corporate_parenting_auditevent")
        assert cursor.fetchone()[0] >= 1
        cursor.execute("UPDATE children_child SET local_id = local_id WHERE false")
