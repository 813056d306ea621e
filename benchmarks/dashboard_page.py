"""Time the board dashboard page on a synthetic council.

    DEBUG=1 DATABASE_URL=... .venv/bin/python benchmarks/dashboard_page.py [--children 600]

Seeds N looked-after children (once; they are tagged with local IDs starting "BENCH") with a
period of care, legal status, placement and, for one in ten, an adoption plan, then requests the
dashboard as a board member and as a performance officer and prints milliseconds per request
and the number of queries: cold (empty cache), warm, and just after a record changed (the
as-at and previous-cycle values are recomputed, trend history is cached).
Run it against your own development database, never a live one.
"""

import argparse
import datetime
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "corporate_parenting.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import Group  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from children.models import Child  # noqa: E402
from corporate_parenting.models import Team, User  # noqa: E402
from corporate_parenting.roles import Role  # noqa: E402
from placements.models import LegalStatus, PeriodOfCare, PermanencePlan, Placement  # noqa: E402

TYPES = ["U1", "U4", "U4", "U5", "U6", "K2", "R1", "P1", "H5"]
ETHNICITIES = ["WBRI", "WBRI", "WOTH", "MWBC", "ABAN", "BAFR", "OOTH"]


def seed(n):
    existing = Child.objects.filter(local_id__startswith="BENCH").count()
    if existing >= n:
        return existing
    rng = random.Random(n)
    team, _ = Team.objects.get_or_create(name="Benchmark team")
    today = timezone.localdate()
    with transaction.atomic():
        for i in range(existing, n):
            start = today - datetime.timedelta(days=rng.randint(10, 2500))
            child = Child.objects.create(
                local_id=f"BENCH{i:05d}",
                first_name=f"Bench{i}",
                last_name="Child",
                date_of_birth=start - datetime.timedelta(days=rng.randint(0, 6000)),
                sex=rng.choice("MF"),
                ethnicity=rng.choice(ETHNICITIES),
                team=team,
            )
            period = PeriodOfCare.objects.create(child=child, start=start)
            LegalStatus.objects.create(
                period=period,
                child=child,
                start=start,
                legal_status=rng.choice(["C2", "C2", "V2", "E1"]),
                category_of_need="N1",
            )
            Placement.objects.create(
                period=period,
                child=child,
                start=start,
                placement_type=rng.choice(TYPES),
                provider=rng.choice(["PR1", "PR4", "PR2"]),
                inside_area=rng.random() < 0.6,
            )
            if i % 10 == 0:
                PermanencePlan.objects.create(
                    child=child,
                    plan_type="ADOPTION",
                    decided_on=start + datetime.timedelta(days=30),
                    placement_order_date=start + datetime.timedelta(days=rng.randint(60, 300)),
                )
    return n


def user(name, role):
    account, _ = User.objects.get_or_create(username=name)
    account.groups.add(Group.objects.get_or_create(name=Role(role).label)[0])
    return account


def time_page(client, path, runs):
    timings, queries = [], 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
        queries = len(captured)
    return timings, queries


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--children", type=int, default=600)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    total = seed(args.children)
    looked_after = Child.objects.looked_after_on(timezone.localdate()).count()
    print(f"children seeded: {total}; looked after today (all in the database): {looked_after}")
    viewers = [("bench.board", Role.BOARD_MEMBER), ("bench.perf", Role.PERFORMANCE_OFFICER)]
    for name, role in viewers:
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user(name, role))
        cache.clear()
        cold, cold_queries = time_page(client, "/reports/", 1)
        warm, warm_queries = time_page(client, "/reports/", args.runs)
        Child.objects.filter(local_id__startswith="BENCH").first().save()  # a change to a record
        changed, changed_queries = time_page(client, "/reports/", 1)
        print(
            f"{role.label:22} cold {cold[0]:7.1f} ms ({cold_queries} queries); "
            f"warm median {sorted(warm)[len(warm) // 2]:7.1f} ms ({warm_queries} queries); "
            f"after a record changed {changed[0]:7.1f} ms ({changed_queries} queries)"
        )


if __name__ == "__main__":
    main()
