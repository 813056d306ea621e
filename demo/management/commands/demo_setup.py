"""Create one demo account per role and load the demo data. The accounts share one password,
kept in var/demo-password (not in git) so that it stays the same from one `make run` to the
next; delete that file for a new one."""

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand

from corporate_parenting.models import Team
from corporate_parenting.roles import JobFunction, Role
from demo.second_factor import demo_app_set_up
from reports.tasks import dashboard_cache_warm

TEAMS = ["Children in care north", "Children in care south", "Leaving care"]
DEMO_USERS = [
    # username, first, last, role, team
    ("sw.north", "Sam", "Okafor", Role.SOCIAL_WORKER, "Children in care north"),
    ("sw.south", "Priya", "Shah", Role.SOCIAL_WORKER, "Children in care south"),
    ("pa.leaving", "Jo", "Evans", Role.SOCIAL_WORKER, "Leaving care"),
    ("tm.north", "Alex", "Morgan", Role.TEAM_MANAGER, "Children in care north"),
    ("perf.officer", "Chris", "Lee", Role.PERFORMANCE_OFFICER, None),
    ("dem.services", "Pat", "Hughes", Role.DEMOCRATIC_SERVICES, None),
    ("cllr.board", "Councillor Robin", "Taylor", Role.BOARD_MEMBER, None),
    ("admin", "Ada", "Admin", Role.ADMINISTRATOR, None),
]


def demo_password_file():
    return Path(settings.BASE_DIR) / "var" / "demo-password"


def demo_password():
    """The password kept in var/demo-password, or a new one written there (readable only by
    its owner)."""
    path = demo_password_file()
    if path.exists() and path.read_text().strip():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    password = secrets.token_urlsafe(12)
    path.touch(mode=0o600)
    path.write_text(password + "\n")
    return password


class Command(BaseCommand):
    help = "Create the demo accounts (one per role) and load the demo data."

    def handle(self, *args, **options):
        password = demo_password()
        keys = {}
        User = get_user_model()
        teams = {name: Team.objects.get_or_create(name=name)[0] for name in TEAMS}
        for username, first, last, role, team in DEMO_USERS:
            user, _ = User.objects.get_or_create(username=username)
            user.first_name, user.last_name = first, last
            user.team = teams.get(team)
            user.is_staff = role == Role.ADMINISTRATOR
            user.is_superuser = False
            # The leaving care team's social worker is also the demo personal adviser.
            user.job_function = JobFunction.PERSONAL_ADVISER if username == "pa.leaving" else ""
            user.set_password(password)
            user.save()
            user.groups.set([Group.objects.get_or_create(name=role.label)[0]])
            keys[username] = demo_app_set_up(user)
        call_command("demo_data", stdout=self.stdout)
        call_command("demo_reports", stdout=self.stdout)
        from demo.local_measures import load_local_measures

        load_local_measures(stdout=self.stdout)
        from demo.meetings import create_meetings_demo

        create_meetings_demo(stdout=self.stdout)
        # The worker computes the board's figures before the first reader opens them.
        dashboard_cache_warm.delay()
        self.stdout.write("\nDemo accounts (all share one password):")
        for username, _first, _last, role, team in DEMO_USERS:
            where = f", {team}" if team else ""
            self.stdout.write(f"  {username:<14} {role.label}{where}")
        self.stdout.write(f"\nPassword: {password}")
        self.stdout.write(
            f"(kept in {demo_password_file()}, the same at every run: delete it for a new one)\n"
        )
        self.stdout.write(
            "\nEvery account also needs a security code from its authenticator app. Each demo "
            "account's app key (new each run) is below: add it to an authenticator app, or print "
            "the current code with `oathtool --totp -b KEY` or "
            "`DEBUG=1 DEMO=1 python manage.py demo_totp USERNAME`."
        )
        for username, key in keys.items():
            self.stdout.write(f"  {username:<14} {key}")
