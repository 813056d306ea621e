"""Grant a PostgreSQL role what the running application needs, and no more: it reads and writes
the case record but may only insert and read audit rows. Migrations run as the tables' owner; the
web servers and workers connect as this role, which cannot update, delete, truncate the audit
table or switch off its triggers (only an owner can)."""

from django.core.management.base import BaseCommand
from django.db import connection
from psycopg2 import sql

from corporate_parenting.models import AuditEvent


class Command(BaseCommand):
    help = "Grant ROLE the application's privileges (audit rows: insert and read only)."

    def add_arguments(self, parser):
        parser.add_argument("role", help="an existing PostgreSQL role (LOGIN) for the application")

    def handle(self, *args, role, **options):
        audit = AuditEvent._meta.db_table
        role_id = sql.Identifier(role)
        statements = [
            sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(role_id),
            sql.SQL(
                "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {}"
            ).format(role_id),
            sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {}").format(role_id),
            sql.SQL("REVOKE UPDATE, DELETE, TRUNCATE ON {} FROM {}").format(
                sql.Identifier(audit), role_id
            ),
        ]
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        self.stdout.write(f"Granted {role} the application's privileges; audit rows insert-only.")
