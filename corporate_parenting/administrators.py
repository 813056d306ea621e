"""What the Administrator role may do in the admin: manage accounts, teams and roles, and read the
audit trail. Administrators are staff, never superusers; the case record is not theirs to open."""

from django.contrib.auth.models import Group, Permission

from corporate_parenting.roles import Role

ADMINISTRATOR_PERMISSIONS = [
    ("corporate_parenting", "add_user"),
    ("corporate_parenting", "change_user"),
    ("corporate_parenting", "view_user"),
    ("corporate_parenting", "add_team"),
    ("corporate_parenting", "change_team"),
    ("corporate_parenting", "view_team"),
    ("corporate_parenting", "view_auditevent"),
    ("auth", "view_group"),
]


def grant_administrator_permissions(**kwargs):
    """post_migrate: the permissions exist only after migrate has run, so they are granted then."""
    group, _ = Group.objects.get_or_create(name=Role.ADMINISTRATOR.label)
    wanted = Permission.objects.none()
    for app_label, codename in ADMINISTRATOR_PERMISSIONS:
        wanted |= Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    group.permissions.add(*wanted)
