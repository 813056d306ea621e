"""Benchmark: compute the whole indicator catalogue on PostgreSQL for synthetic councils.

    DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/cpb_bench .venv/bin/python \
        benchmarks/indicators.py [--sizes 600 2500 85000] [--runs 3]

Uses (and empties) the database in DATABASE_URL: never point it at real data. Each council is
the demo's: synthetic SSDA903 returns (demo.council) through the real importer, then the demo
casework, sized for about N children looked after at the as-at date. Prints, for each council
size, seconds per whole-catalogue run and the slowest indicators.
"""

import argparse
import datetime
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "corporate_parenting.settings")
os.environ.setdefault("DEMO", "1")  # the synthetic council comes from the demo app

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402

from children.models import Child  # noqa: E402
from demo.casework import casework_generate  # noqa: E402
from demo.council import children_for, council_import  # noqa: E402
from placements.models import ImportRun, PeriodOfCare  # noqa: E402
from reports.coverage import assess_all  # noqa: E402
from reports.indicators import CATALOGUE, compute_all  # noqa: E402
from reports.indicators.periods import Period  # noqa: E402
from reports.suppression import display_figure, published_values  # noqa: E402

AS_AT = datetime.date(2026, 3, 31)


def build(looked_after, years):
    """Empty the case record, then import a demo council and its casework; returns rows imported."""
    with connection.cursor() as cursor:
        tables = [Child, PeriodOfCare, ImportRun]
        cursor.execute(
            "TRUNCATE " + ", ".join(f'"{m._meta.db_table}"' for m in tables) + " CASCADE"
        )
    council = council_import(
        children=children_for(looked_after, years), years=years, seed=1, end=AS_AT
    )
    if not council.result.ok:
        sys.exit(f"The demo council did not import: {council.result.errors[:3]}")
    child_ids = list(Child.objects.values_list("pk", flat=True))
    casework_generate(child_ids=child_ids, today=AS_AT, seed=1)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return sum(council.result.rows.values())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[600, 2500, 85000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--years", type=int, default=3, help="collection years of history")
    parser.add_argument("--top", type=int, default=8, help="slowest indicators to list")
    parser.add_argument(
        "--reuse", action="store_true", help="keep the data already built (one size only)"
    )
    args = parser.parse_args()

    database = settings.DATABASES["default"]["NAME"]
    if "bench" not in database:
        sys.exit(f"Refusing to empty database {database!r}: use a database named *bench*.")
    call_command("migrate", verbosity=0)
    period = Period.as_at(AS_AT)
    print(f"database {database}; as at {period.end}; {os.cpu_count()} CPU(s)")

    for size in args.sizes:
        if args.reuse:
            print(f"\n== reusing the data built before: {Child.objects.count():,} children")
        else:
            started = time.perf_counter()
            rows = build(size, args.years)
            built = time.perf_counter() - started
            print(
                f"\n== about {size:,} children looked after: {Child.objects.count():,} children, "
                f"{rows:,} rows imported, built in {built:.1f} s"
            )
        settings.DEBUG = False  # no query log while timing whole runs
        compute_all(period)  # warm the cache and the plans
        runs = []
        for _ in range(args.runs):
            started = time.perf_counter()
            values = compute_all(period)
            runs.append(time.perf_counter() - started)
        board = []
        for _ in range(args.runs):
            started = time.perf_counter()
            assessed = assess_all(compute_all(period))
            published = published_values(assessed)
            for iv in assessed:
                display_figure(iv, exact=False, published=published)
            board.append(time.perf_counter() - started)
        print(
            "with data coverage and board suppression: "
            + ", ".join(f"{r:.3f}" for r in board)
            + f" s per run (best {min(board):.3f} s)"
        )
        cla = next(v for v in values if v.code == "CLA_COUNT")
        print(
            f"whole catalogue ({len(CATALOGUE)} indicators): "
            + ", ".join(f"{r:.3f}" for r in runs)
            + f" s per run (best {min(runs):.3f} s); CLA_COUNT = {cla.numerator:,}"
        )
        timings = []
        settings.DEBUG = True
        for code, indicator in CATALOGUE.items():
            reset_queries()
            started = time.perf_counter()
            indicator.compute(period)
            timings.append((time.perf_counter() - started, code, len(connection.queries)))
        timings.sort(reverse=True)
        print("per indicator (seconds, queries), slowest first:")
        for seconds, code, queries in timings[: args.top]:
            print(f"  {code:<26} {seconds:8.3f}  {queries}")
        rest = sum(t for t, _, _ in timings[args.top :])
        print(f"  {'the other ' + str(len(timings) - args.top):<26} {rest:8.3f}")


if __name__ == "__main__":
    main()
