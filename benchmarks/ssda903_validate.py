"""Benchmark: validate synthetic SSDA903 returns against the DfE's rules, ours and the peer's.

usage: DATABASE_URL=postgres://... python benchmarks/ssda903_validate.py
       [--children 5100 170000] [--peer /tmp/v903/bin/python] [--seed 1]

--children counts every child of the generated history: one year of 5,100 gives about 2,500
children looked after at 31 March (a council), 170,000 about 83,000 (England's national year).
For each size it generates one collection year (the demo generator, in a subprocess), then
times our validation (placements.ssda903.validation: parse, then the checks across rows and
tables, without the database's history) and, when `--peer` names a Python with the public
validator installed (python3 -m venv /tmp/v903 && /tmp/v903/bin/pip install
csc-validator-be-903), the public validator on the same files. It prints the seconds, the
findings by DfE code for each, the speed-up, and the share of the year's DfE rules we cover.

Aims (issue 21): a council of 2,500 children looked after validates in under 2 seconds and
at least ten times faster than the public validator. Wall times vary with the machine's load:
note `uptime` beside any figure.
"""

import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "corporate_parenting.settings")
os.environ.setdefault("DEMO", "1")
os.environ.setdefault("COUNCIL_ONS_CODES", "E08000035")  # the generator's council: Leeds
AIM_SECONDS = 2.0
AIM_SPEED_UP = 10

PEER = r"""
import collections, importlib, json, sys, time
started = time.perf_counter()
from lac_validator import lac_validator
from lac_validator.utils import process_uploaded_files
year, authority, *paths = sys.argv[1:]
imported = time.perf_counter()
registry = importlib.import_module(f"lac_validator.rules.lac{int(year) - 1}_{year[2:]}").registry
files = process_uploaded_files({"This year": paths})
v = lac_validator.LacValidator(
    metadata={"collectionYear": year, "localAuthority": authority},
    files=files, registry=registry,
)
counts = collections.Counter()
for table, frame in v.ds_results.items():
    if hasattr(frame, "columns"):
        for column in frame.columns:
            if str(column).startswith("ERR_"):
                counts[column[4:]] += int(frame[column].fillna(False).astype(bool).sum())
done = time.perf_counter()
print(json.dumps({"seconds": done - imported, "import_seconds": imported - started,
                  "findings": {k: v for k, v in counts.items() if v}}))
"""


def generate(children, seed, out):
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "manage.py"),
            "generate_synthetic_903",
            "--children",
            str(children),
            "--years",
            "1",
            "--seed",
            str(seed),
            str(out),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    (folder,) = [p for p in Path(out).iterdir() if p.is_dir()]
    return folder


def ours(folder):
    from placements.ssda903 import validation
    from placements.ssda903.reader import collect

    year = int(folder.name)
    started = time.perf_counter()
    sets, _unknown = collect([folder])
    data, errors = validation.parse(sets[0], year)
    cross, _merged = validation.validate(data, {}, history_years=None)
    seconds = time.perf_counter() - started
    looked_after = len(data.episodes)
    return seconds, collections.Counter(e.code for e in errors + cross), looked_after, year


def peer(python, folder, year):
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as script:
        script.write(PEER)
    paths = [str(p) for p in sorted(folder.iterdir()) if p.suffix == ".csv"]
    run = subprocess.run(
        [python, script.name, str(year), "E08000035", *paths],
        capture_output=True,
        text=True,
        check=False,
    )
    os.unlink(script.name)
    if run.returncode:
        print(run.stderr[-2000:])
        return None
    return json.loads(run.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--children", type=int, nargs="+", default=[5100, 170000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--peer", default="")
    args = parser.parse_args()

    import django

    django.setup()
    # Warm the postcode directory once (loaded lazily, a letter at a time, as in the service).
    from placements import postcodes
    from placements.ssda903 import rules

    postcodes.lookup("LS1 1AA")
    for children in args.children:
        with tempfile.TemporaryDirectory() as out:
            folder = generate(children, args.seed, out)
            seconds, counts, looked_after, year = ours(folder)
            again, _c, _l, _y = ours(folder)
            in_force = rules.rules_for_year(year)
            covered = len(rules.COVERED & set(in_force))
            print(
                f"{children} children generated, {looked_after} with episodes, "
                f"collection year {year - 1}-{str(year)[2:]}"
            )
            print(f"  ours: {seconds:.2f} s (again, postcodes cached: {again:.2f} s)")
            print(f"  ours: findings {dict(counts.most_common()) or 'none'}")
            if args.peer:
                result = peer(args.peer, folder, year)
                if result:
                    speed_up = result["seconds"] / again if again else float("inf")
                    print(
                        f"  public validator: {result['seconds']:.2f} s "
                        f"(+{result['import_seconds']:.1f} s to import it); "
                        f"{speed_up:.0f}x slower than ours"
                    )
                    findings = sorted(result["findings"].items(), key=lambda kv: -kv[1])
                    print(f"  public validator: findings {dict(findings) or 'none'}")
                    met = "met" if speed_up >= AIM_SPEED_UP else "NOT met"
                    print(f"  aim >= {AIM_SPEED_UP}x: {met}")
            if children <= 6000:
                print(f"  aim < {AIM_SECONDS} s: {'met' if seconds < AIM_SECONDS else 'NOT met'}")
            print(
                f"  DfE rules of the year covered: {covered} of {len(in_force)} "
                f"({covered / len(in_force):.0%})"
            )


if __name__ == "__main__":
    main()
