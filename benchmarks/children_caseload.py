"""Time the caseload query and the child record timeline on synthetic data, then roll back.

usage: DATABASE_URL=... python benchmarks/children_caseload.py [NUMBER_OF_CHILDREN]

Prints the number of queries and the time for the first caseload page (50 rows, all due dates
worked out in SQL) and for one child's timeline, with NUMBER_OF_CHILDREN in care (default 2000).
"""

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

from django.apps import apps  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from children import selectors, timeline  # noqa: E402
from children.models import Child, Review, StatutoryVisit  # noqa: E402
from corporate_parenting.models import Team, User  # noqa: E402


class Rollback(Exception):
    pass


def build(n):
    PeriodOfCare = apps.get_model("placements", "PeriodOfCare")
    LegalStatus = apps.get_model("placements", "LegalStatus")
    Placement = apps.get_model("placements", "Placement")
    today = timezone.localdate()
    team = Team.objects.create(name=f"Benchmark team {time.time()}")
    rng = random.Random(1)
    children = Child.objects.bulk_create(
        Child(
            local_id=f"BM{i:07d}",
            first_name="Bench",
            last_name=f"Child{i}",
            date_of_birth=today - datetime.timedelta(days=rng.randint(400, 6000)),
            sex="F",
            ethnicity="WBRI",
            team=team,
        )
        for i in range(n)
    )
    starts = {c.pk: today - datetime.timedelta(days=rng.randint(30, 1500)) for c in children}
    periods = PeriodOfCare.objects.bulk_create(
        PeriodOfCare(child=c, start=starts[c.pk]) for c in children
    )
    LegalStatus.objects.bulk_create(
        LegalStatus(
            period=p, child_id=p.child_id, start=p.start, legal_status="C2", category_of_need="N1"
        )
        for p in periods
    )
    Placement.objects.bulk_create(
        Placement(period=p, child_id=p.child_id, start=p.start, placement_type="U4")
        for p in periods
    )
    reviews, visits = [], []
    for c in children:
        for k in range(1, 4):
            day = starts[c.pk] + datetime.timedelta(days=20 * k)
            if day < today:
                reviews.append(Review(child=c, date=day, participation="PN1"))
                visits.append(StatutoryVisit(child=c, date=day))
    Review.objects.bulk_create(reviews)
    StatutoryVisit.objects.bulk_create(visits)
    return team, children[0]


def timed(label, fn):
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        result = fn()
        elapsed = (time.perf_counter() - start) * 1000
    print(f"{label:<45} {len(queries):>3} queries {elapsed:>8.1f} ms")
    return result


def main(n):
    try:
        with transaction.atomic():
            team, child = build(n)
            user = User.objects.create(username=f"bench{time.time()}", team=team)
            user._roles = frozenset({"performance_officer"})
            print(
                f"{n} children in care, {Review.objects.filter(child__team=team).count()} reviews"
            )
            timed("caseload, first page of 50", lambda: list(selectors.caseload(user)[:50]))
            timed(
                "caseload, overdue only, count",
                lambda: selectors.caseload(user, overdue_only=True).count(),
            )
            timed(
                "child record timeline (children's sources)",
                lambda: timeline.events_for(child, user),
            )
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
