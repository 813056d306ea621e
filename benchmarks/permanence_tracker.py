"""Time the permanence tracker's queries on synthetic data, then roll back.

usage: DATABASE_URL=... python benchmarks/permanence_tracker.py [NUMBER_OF_CHILDREN]

Prints the number of queries and the time for what the tracker page runs (the count, one page
of 50 rows ordered by the clock due soonest, the due / overdue counts) and for the whole-list CSV,
with NUMBER_OF_CHILDREN with a current permanence plan (default 2000, half of them adoption).
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

from django.core.paginator import Paginator  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from children.models import Child  # noqa: E402
from corporate_parenting.models import Team, User  # noqa: E402
from placements.models import PeriodOfCare, PermanencePlan  # noqa: E402
from reports import permanence_tracker as selectors  # noqa: E402
from reports.views import TRACKER_PAGE_SIZE  # noqa: E402


class Rollback(Exception):
    pass


def build(n):
    today = timezone.localdate()
    team = Team.objects.create(name=f"Benchmark team {time.time()}")
    rng = random.Random(1)
    children = Child.objects.bulk_create(
        Child(
            local_id=f"BP{i:07d}",
            first_name="Bench",
            last_name=f"Child{i}",
            date_of_birth=today - datetime.timedelta(days=rng.randint(400, 6000)),
            sex="F",
            ethnicity="WBRI",
            team=team,
        )
        for i in range(n)
    )
    starts = {c.pk: today - datetime.timedelta(days=rng.randint(30, 900)) for c in children}
    PeriodOfCare.objects.bulk_create(PeriodOfCare(child=c, start=starts[c.pk]) for c in children)
    plans = []
    for i, c in enumerate(children):
        decided = starts[c.pk] + datetime.timedelta(days=20)
        order = decided + datetime.timedelta(days=rng.randint(10, 200))
        plans.append(
            PermanencePlan(
                child=c,
                plan_type="ADOPTION" if i % 2 else "LONG_TERM_FOSTERING",
                decided_on=min(decided, today),
                placement_order_date=order if i % 2 and order < today else None,
            )
        )
    PermanencePlan.objects.bulk_create(plans)
    return team


def timed(label, fn):
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        result = fn()
        elapsed = (time.perf_counter() - start) * 1000
    print(f"{label:<50} {len(queries):>3} queries {elapsed:>8.1f} ms")
    return result


def main(n):
    today = timezone.localdate()
    try:
        with transaction.atomic():
            team = build(n)
            user = User.objects.create(username=f"bench{time.time()}", team=team)
            user._roles = frozenset({"team_manager"})
            tracker = selectors.permanence_tracker(user=user, today=today)
            print(f"{n} children with a permanence plan")
            page = timed(
                "count and first page of 50 (clock due soonest)",
                lambda: list(Paginator(tracker, TRACKER_PAGE_SIZE).get_page(1).object_list),
            )
            assert len(page) == min(n, TRACKER_PAGE_SIZE)
            timed("due / overdue counts", lambda: selectors.permanence_clock_counts(tracker))
            timed(
                "overdue only, first page",
                lambda: list(
                    Paginator(
                        selectors.permanence_tracker(user=user, today=today, clock="overdue"),
                        TRACKER_PAGE_SIZE,
                    )
                    .get_page(1)
                    .object_list
                ),
            )
            timed(
                "whole list as CSV rows",
                lambda: selectors.permanence_table(
                    list(selectors.permanence_tracker(user=user, today=today))
                ),
            )
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
