"""Benchmark: compute the whole indicator catalogue on PostgreSQL for synthetic councils.

    DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/cpb_bench .venv/bin/python \
        benchmarks/indicators.py [--sizes 600 2500 85000] [--runs 3]

Uses (and empties) the database in DATABASE_URL: never point it at real data. Prints, for each
council size, seconds per whole-catalogue run and the slowest indicators.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "corporate_parenting.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402

from benchmarks import _synthetic_rows as synthetic  # noqa: E402
from children.models import Child  # noqa: E402
from reports.coverage import assess_all  # noqa: E402
from reports.indicators import CATALOGUE, compute_all  # noqa: E402
from reports.indicators.periods import Period  # noqa: E402
from reports.suppression import display_figure, published_values  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[600, 2500, 85000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--top", type=int, default=8, help="slowest indicators to list")
    parser.add_argument(
        "--reuse", action="store_true", help="keep the data already built (one size only)"
    )
    args = parser.parse_args()

    database = settings.DATABASES["default"]["NAME"]
    if "bench" not in database:
        sys.exit(f"Refusing to empty database {database!r}: use a database named *bench*.")
    call_command("migrate", verbosity=0)
    period = Period.as_at(synthetic.AS_AT)
    print(f"database {database}; as at {period.end}; {os.cpu_count()} CPU(s)")

    for size in args.sizes:
        if args.reuse:
            print(f"\n== reusing the data built before: {Child.objects.count():,} children")
        else:
            started = time.perf_counter()
            synthetic.clear()
            rows = synthetic.build(synthetic.Rows(), size)
            synthetic.copy_rows(rows)
            built = time.perf_counter() - started
            total_rows = sum(len(r) for r in rows.tables.values())
            print(
                f"\n== {size:,} children looked after: {Child.objects.count():,} children, "
                f"{total_rows:,} rows, built in {built:.1f} s"
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
