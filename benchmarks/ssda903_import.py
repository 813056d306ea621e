"""Benchmark: validate and import synthetic SSDA903 returns on PostgreSQL.

usage: DATABASE_URL=postgres://... python benchmarks/ssda903_import.py [--children 10000 100000]
       [--years 1] [--tracemalloc]

For each size it generates the files (in a subprocess, so that memory figures are the
import's own), creates an empty test database (test_<name>, dropped afterwards), imports the
years in order and prints the time (validation and the closing ANALYZE included), episode rows
per second, peak memory, and whether the aims are met.

Aims (docs/adr/0008-simpler-import-write-path.md), one collection year on this 2-core machine:
10,000 children in under 3 seconds, 100,000 in under 30, peak memory under 600 MB. Wall times
vary with the machine's load: note `uptime` beside any figure.

    children   ADR 0003 (triggers, COPY thread, GC off)   ADR 0008 (exclusion constraints)
     10,000    1.4 s, 126 MB                                see the ADR
    100,000    13.7 s, 512 MB                               see the ADR

"PostgreSQL CPU" is the server process's own CPU time (read from /proc when the server runs
on this machine). Python and PostgreSQL take turns: wall time is about their sum.
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# One collection year: children -> seconds. Peak memory for any size.
AIM_SECONDS = {10000: 3, 100000: 30}
AIM_PEAK_MB = 600
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "corporate_parenting.settings")
os.environ.setdefault("DEMO", "1")  # generate_synthetic_903 is a demo command


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--children", type=int, nargs="+", default=[10000, 100000])
    parser.add_argument("--years", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--tracemalloc", action="store_true", help="Python heap peak too (slows the import)."
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection

    from placements.ssda903.importer import import_filesets
    from placements.ssda903.reader import collect

    connection.settings_dict.setdefault("TEST", {})["NAME"] = (
        f"bench_{connection.settings_dict['NAME']}"
    )
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    connection.close()  # a new session on the benchmark database, so its CPU counts from here
    print(f"database {name}, {args.years} collection year(s) per run")
    try:
        for children in args.children:
            with tempfile.TemporaryDirectory() as out:
                started = time.perf_counter()
                subprocess.run(
                    [sys.executable, str(ROOT / "manage.py"), "generate_synthetic_903",
                     "--children", str(children), "--years", str(args.years),
                     "--seed", str(args.seed), out],
                    check=True, stdout=subprocess.DEVNULL, cwd=ROOT,
                )  # fmt: skip
                generated = time.perf_counter() - started
                sets, _unknown = collect(sorted(p for p in Path(out).iterdir() if p.is_dir()))
                rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
                if args.tracemalloc:
                    tracemalloc.start()
                server_cpu = _server_cpu_seconds(connection)
                started, cpu = time.perf_counter(), time.process_time()
                result = import_filesets(sets, actor=None)
                seconds = time.perf_counter() - started
                cpu = time.process_time() - cpu
                if server_cpu is not None:
                    server_cpu = _server_cpu_seconds(connection) - server_cpu
                heap = tracemalloc.get_traced_memory()[1] if args.tracemalloc else None
                tracemalloc.stop()
                rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            if not result.ok:
                print(f"{children} children: {len(result.errors)} errors, e.g. {result.errors[0]}")
                continue
            print(
                f"{children:>7} children: generated in {generated:.1f} s; "
                f"validated and imported {result.episodes} episodes "
                f"({sum(result.rows.values())} rows in all) in {seconds:.1f} s = "
                f"{result.episodes / seconds:,.0f} episode rows/s "
                f"(Python CPU {cpu:.1f} s: {result.episodes / cpu:,.0f} rows per CPU second"
                + (f"; PostgreSQL CPU {server_cpu:.1f} s" if server_cpu is not None else "")
                + "); "
                f"peak RSS {rss / 1024:,.0f} MB (was {rss_before / 1024:,.0f} MB)"
                + (f"; Python heap peak {heap / 2**20:,.0f} MB" if heap else "")
            )
            if args.years == 1 and children in AIM_SECONDS:
                aim = AIM_SECONDS[children]
                print(
                    f"         aim: under {aim} s: {'met' if seconds < aim else 'NOT MET'}; "
                    f"peak memory under {AIM_PEAK_MB} MB: "
                    f"{'met' if rss / 1024 < AIM_PEAK_MB else 'NOT MET'} "
                    f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)"
                )
            # Start the next size from an empty case record.
            with connection.cursor() as cursor:
                cursor.execute(
                    "TRUNCATE children_child, placements_importrun, "
                    "corporate_parenting_auditevent CASCADE"
                )
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


def _server_cpu_seconds(connection):
    """CPU seconds used so far by this connection's server process, or None when the server
    is not on this machine (or /proc cannot be read)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


if __name__ == "__main__":
    main()
