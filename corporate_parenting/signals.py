"""Security events worth an audit row: failed sign-ins."""

from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from corporate_parenting.audit import audit_record
from corporate_parenting.models import AuditAction


@receiver(user_login_failed)
def audit_failed_sign_in(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    audit_record(actor=None, action=AuditAction.SIGN_IN_FAILED, detail=f"username={username}")
