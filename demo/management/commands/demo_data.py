"""python manage.py demo_data: a synthetic council's SSDA903 history, allocated to the demo teams.

Generates six years of SSDA903 returns for 2,300 children (`generate_synthetic_903`; about 600
looked after now), imports them, then gives the demo social workers realistic caseloads. Does
nothing the second time.
"""

import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from children.codes import CareLeaverEligibility
from children.models import Allocation, AllocationKind, CareLeaver, CareLeaverContact, Child
from corporate_parenting.audit import audit_record
from corporate_parenting.models import AuditAction, Team
from demo.casework import casework_generate
from demo.council import council_import
from placements.models import ImportRun

CASELOAD = 22  # children per demo social worker
TEAMS = {
    "north": ("Children in care north", "sw.north"),
    "south": ("Children in care south", "sw.south"),
}
LEAVING_CARE = ("Leaving care", "pa.leaving")


class Command(BaseCommand):
    help = "Generate and import a synthetic council's SSDA903 history and allocate it."

    def add_arguments(self, parser):
        parser.add_argument("--children", default="2300")
        parser.add_argument("--years", default="6")
        parser.add_argument("--seed", default="1")

    def handle(self, *args, **options):
        if ImportRun.objects.filter(status=ImportRun.Status.IMPORTED).exists():
            self.stdout.write("Demo data: SSDA903 data already imported, nothing to do.")
            return
        today = timezone.localdate()
        council = council_import(
            children=int(options["children"]),
            years=int(options["years"]),
            seed=int(options["seed"]),
            end=today,
            in_year=True,
        )
        result, local_ids = council.result, council.local_ids
        if not result.ok:
            for error in result.errors[:20]:
                self.stderr.write(str(error))
            raise CommandError(f"The generated data did not import ({len(result.errors)} errors).")
        self.stdout.write(
            f"Demo data: imported {result.children} child-years, {result.episodes} episodes "
            f"for {', '.join(map(str, result.years))} in {result.seconds:.0f} seconds."
        )
        self.stdout.write(allocate_demo_caseloads(today=today))
        started = time.perf_counter()
        child_ids = list(Child.objects.filter(local_id__in=local_ids).values_list("pk", flat=True))
        counts = casework_generate(child_ids=child_ids, today=today, seed=int(options["seed"]))
        self.stdout.write(
            f"Demo data: casework for {len(child_ids)} children in "
            f"{time.perf_counter() - started:.1f} seconds: "
            + ", ".join(f"{n} {what.replace('_', ' ')}" for what, n in counts.items())
            + "."
        )


def allocate_demo_caseloads(*, today):
    """Children looked after to the two children-in-care teams (a caseload for each demo
    social worker, the rest to the team); care leavers to the leaving-care team with the
    demo personal adviser."""
    User = get_user_model()
    users = {
        u.username: u
        for u in User.objects.filter(username__in=["sw.north", "sw.south", "pa.leaving"])
    }
    teams = {t.name: t for t in Team.objects.all()}
    if not all(name in teams for name, _user in [*TEAMS.values(), LEAVING_CARE]):
        return "Demo data: run demo_setup first to create the demo teams; nothing allocated."
    looked_after = list(Child.objects.looked_after_on(today).order_by("local_id"))
    looked_after_ids = {c.pk for c in looked_after}
    latest = (
        CareLeaverContact.objects.order_by("-collection_year")
        .values_list("collection_year", flat=True)
        .first()
    )
    # Care leavers: the young people in the latest two years' OC3 cohorts (the latest may be
    # an in-year extract, with only the birthdays so far), no longer looked after.
    leavers = list(
        Child.objects.filter(care_leaver_contacts__collection_year__gte=(latest or 0) - 1)
        .exclude(pk__in=looked_after_ids)
        .distinct()
        .order_by("local_id")
    )
    changed = []
    with transaction.atomic():
        for i, child in enumerate(looked_after):
            name, username = TEAMS["north" if i % 2 == 0 else "south"]
            child.team = teams[name]
            child.social_worker = users.get(username) if i // 2 < CASELOAD else None
            changed.append(child)
        leaving_team, adviser = teams[LEAVING_CARE[0]], users.get(LEAVING_CARE[1])
        advised = leavers[:CASELOAD]
        for i, child in enumerate(leavers):
            child.team = leaving_team
            child.personal_adviser = adviser if i < CASELOAD else None
            changed.append(child)
        Child.objects.bulk_update(changed, ["team", "social_worker", "personal_adviser"], 1000)
        if adviser is not None:
            Allocation.objects.bulk_create(
                Allocation(
                    child=c, kind=AllocationKind.PERSONAL_ADVISER, worker=adviser, start=today
                )
                for c in advised
            )
        CareLeaver.objects.bulk_create(
            (
                CareLeaver(child=c, eligibility=CareLeaverEligibility.FORMER_RELEVANT)
                for c in leavers
            ),
            ignore_conflicts=True,
        )
        audit_record(
            actor=None,
            action=AuditAction.CHANGE,
            changes={
                "looked_after_allocated": len(looked_after),
                "care_leavers_allocated": len(leavers),
            },
            detail="Demo data: children allocated to the demo teams",
        )
    latest = (
        CareLeaverContact.objects.order_by("-collection_year")
        .values_list("collection_year", flat=True)
        .first()
    )
    return (
        f"Demo data: {len(looked_after)} children looked after on {today:%d/%m/%Y} allocated to "
        f"the north and south teams ({CASELOAD} each to sw.north and sw.south); "
        f"{len(leavers)} care leavers (OC3 cohorts {(latest or 1) - 1} and {latest}) to the "
        "leaving care team, "
        f"{len(advised)} of them with pa.leaving as personal adviser."
    )
