"""Security events and account changes worth an audit row, whatever the path that caused them
(sign-in page, admin, management command, shell)."""

from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.db.models.signals import m2m_changed, post_save, pre_save
from django.dispatch import receiver

from corporate_parenting.audit import audit_record
from corporate_parenting.lockout import username_detail
from corporate_parenting.models import AuditAction, User
from corporate_parenting.request_context import current_request

# Account fields whose change is recorded; the password's value never is, only that it changed.
ACCOUNT_FIELDS = (
    "username",
    "first_name",
    "last_name",
    "email",
    "is_active",
    "is_staff",
    "is_superuser",
    "team_id",
    "job_title",
    "job_function",
    "must_change_password",
    "password",
)


def _actor():
    request = current_request.get()
    user = getattr(request, "user", None)
    return user if getattr(user, "is_authenticated", False) else None


def _where():
    return "" if current_request.get() else "outside a web request (command line or worker)"


@receiver(user_login_failed)
def audit_failed_sign_in(sender, credentials, request=None, **kwargs):
    audit_record(
        actor=None,
        action=AuditAction.SIGN_IN_FAILED,
        detail=username_detail(credentials.get("username")),
    )


@receiver(user_locked_out)
def audit_lockout(sender, request, username, **kwargs):
    """Axes signals every refused attempt; the lockout is the one that reached the limit."""
    attempt = AccessAttempt.objects.filter(username=username).order_by("-attempt_time").first()
    if attempt is not None and attempt.failures_since_start == settings.AXES_FAILURE_LIMIT:
        audit_record(actor=None, action=AuditAction.LOCKED_OUT, detail=username_detail(username))


@receiver(user_logged_in)
def audit_sign_in(sender, request, user, **kwargs):
    audit_record(actor=user, action=AuditAction.SIGN_IN, obj=user)


@receiver(user_logged_out)
def audit_sign_out(sender, request, user, **kwargs):
    """An idle user is signed out with ?timeout=1 in next (static/app/timeout.js)."""
    if user is None:
        return
    timed_out = getattr(request, "session_timed_out", "") or (
        "idle" if "timeout=1" in request.POST.get("next", "") else ""
    )
    if timed_out:
        audit_record(actor=user, action=AuditAction.TIMED_OUT, obj=user, detail=timed_out)
    else:
        audit_record(actor=user, action=AuditAction.SIGN_OUT, obj=user)


@receiver(pre_save, sender=User)
def remember_account_before_change(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw:
        instance._audit_before = None
        return
    before = (
        User.objects.filter(pk=instance.pk).values(*ACCOUNT_FIELDS).first()
        if instance.pk is not None
        else None
    )
    instance._audit_before = before
    flag_password_set_by_someone_else(instance, before)


def flag_password_set_by_someone_else(user, before):
    """A password set by another signed-in person (an administrator) must be changed by its
    owner at next sign-in; the owner's own change clears the flag. Passwords set outside a web
    request (a command) and by the reset link (anonymous) leave the flag as the caller set it."""
    actor = _actor()
    password_set = user.password and (before is None or before["password"] != user.password)
    if actor is None or not password_set:
        return
    user.must_change_password = actor.pk != user.pk


@receiver(post_save, sender=User)
def audit_account_change(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields and set(update_fields) <= {"last_login"}):
        return
    before = getattr(instance, "_audit_before", None) or {}
    after = {name: getattr(instance, name) for name in ACCOUNT_FIELDS}
    changed = {
        name: (["", "(changed)"] if name == "password" else [before.get(name), after[name]])
        for name in ACCOUNT_FIELDS
        if created or before.get(name) != after[name]
    }
    if not changed:
        return
    changed = {
        name: [str(v) if v is not None else None for v in pair] for name, pair in changed.items()
    }
    with transaction.atomic():
        audit_record(
            actor=_actor(),
            action=AuditAction.ACCOUNT_CREATED if created else AuditAction.ACCOUNT_CHANGED,
            obj=instance,
            changes=changed,
            detail=_where(),
        )


@receiver(m2m_changed, sender=User.groups.through)
def audit_role_change(sender, instance, action, reverse, pk_set, **kwargs):
    """A role given or taken away, from the user's side (user.groups) or the role's."""
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    verb = {"post_add": "added", "post_remove": "removed", "post_clear": "all removed"}[action]
    if reverse:
        users, roles = User.objects.filter(pk__in=pk_set or ()), [instance.name]
    else:
        users = [instance]
        roles = sorted(Group.objects.filter(pk__in=pk_set or ()).values_list("name", flat=True))
    with transaction.atomic():
        for user in users:
            audit_record(
                actor=_actor(),
                action=AuditAction.ROLES_CHANGED,
                obj=user,
                changes={"roles": [verb, ", ".join(roles)]},
                detail=_where(),
            )
