from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django_otp.models import Device

from corporate_parenting.roles import JobFunction, Role


class Team(models.Model):
    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class User(AbstractUser):
    """A member of staff or of the board. Roles are the user's groups (see roles.Role)."""

    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    job_title = models.CharField(max_length=100, blank=True)
    # Set when someone else sets this user's password (an administrator); cleared when the user
    # sets their own. Until then every page sends the user to the change-password page.
    must_change_password = models.BooleanField(default=False)
    # Who may be allocated to a child as its IRO or personal adviser (children.rules).
    job_function = models.CharField(
        max_length=20, blank=True, choices=JobFunction.choices, default=JobFunction.NONE
    )

    @property
    def display_name(self):
        return self.get_full_name() or self.username

    @property
    def roles(self):
        """The user's roles, read once per request-scoped user object."""
        if not hasattr(self, "_roles"):
            labels = {label: value for value, label in Role.choices}
            self._roles = frozenset(
                Role(labels[name])
                for name in self.groups.values_list("name", flat=True)
                if name in labels
            )
        return self._roles


class AuditAction(models.TextChoices):
    VIEW = "view", "Viewed"
    CREATE = "create", "Created"
    CHANGE = "change", "Changed"
    END = "end", "Ended"
    DELETE = "delete", "Deleted"
    IMPORT = "import", "Imported"
    EXPORT = "export", "Exported"
    SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
    DENIED = "denied", "Access denied"
    SIGN_IN = "sign_in", "Signed in"
    SIGN_OUT = "sign_out", "Signed out"
    TIMED_OUT = "timed_out", "Session timed out"
    LOCKED_OUT = "locked_out", "Locked out"
    NOT_FOUND = "not_found", "Not found"
    ACCOUNT_CREATED = "account_created", "Account created"
    ACCOUNT_CHANGED = "account_changed", "Account changed"
    ROLES_CHANGED = "roles_changed", "Roles changed"
    SECOND_FACTOR_SET_UP = "2fa_set_up", "Second factor set up"
    SECOND_FACTOR_FAILED = "2fa_failed", "Second factor code wrong"
    RECOVERY_CODE_USED = "2fa_recovery_used", "Recovery code used"
    SECOND_FACTOR_RESET = "2fa_reset", "Second factor reset"
    PASSWORD_CHANGED = "password_changed", "Password changed"
    PASSWORD_RESET_ASKED = "password_reset_asked", "Password reset asked for"
    PASSWORD_RESET = "password_reset", "Password reset"
    AUDIT_SEARCHED = "audit_searched", "Audit searched"


class AuditEvent(models.Model):
    """Append-only record of who did what to which object. Never updated or deleted.

    `child_id` is a plain column rather than a foreign key so that this app does not depend on
    the case record apps and so that audit rows outlive any record they describe.
    """

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=20, choices=AuditAction.choices)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=200, blank=True)
    child_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    changes = models.JSONField(default=dict, blank=True)
    detail = models.CharField(max_length=500, blank=True)
    # Where from: the client's address, its browser and a hash of the session (never the key).
    address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    session_hash = models.CharField(max_length=32, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"


class RecoveryCodeDevice(Device):
    """The user's ten single-use recovery codes, as a django-otp device so that using one
    verifies the session like a code from the app. Only the codes' hashes are stored."""

    class Meta:
        verbose_name = "recovery codes"

    def verify_token(self, token):
        from corporate_parenting.second_factor import recovery_code_hash

        used = self.codes.filter(code_hash=recovery_code_hash(token)).delete()[0]
        return used == 1


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["device", "code_hash"], name="recovery_code_unique")
        ]

    def __str__(self):
        return "recovery code (hashed)"
