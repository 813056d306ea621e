from django.db import migrations

FORWARD = """
CREATE TRIGGER audit_event_no_truncate
  BEFORE TRUNCATE ON corporate_parenting_auditevent
  FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only();
"""
BACKWARD = "DROP TRIGGER IF EXISTS audit_event_no_truncate ON corporate_parenting_auditevent;"


class Migration(migrations.Migration):
    """TRUNCATE skips row triggers, so the append-only rule needs a statement trigger of its own."""

    dependencies = [("corporate_parenting", "0004_audit_where_from")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
