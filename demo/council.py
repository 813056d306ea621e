"""A synthetic council in the database: generate SSDA903 returns, import them, add casework.

The one way demo data and benchmarks write a synthetic case record: the generator's CSV files go
through the production importer, so what the demo and the benchmarks measure is what a council's
own returns would give.
"""

import csv
import tempfile
from dataclasses import dataclass
from pathlib import Path

from demo.ssda903.generator import generate
from placements.ssda903.importer import import_filesets
from placements.ssda903.reader import collect


@dataclass
class CouncilImport:
    result: object  # the importer's ImportResult
    local_ids: set  # CHILD of every generated child


def council_import(*, children, years, seed, end, in_year=False, workers=1, actor=None):
    """Generate `years` collection years of returns for `children` children and import them."""
    with tempfile.TemporaryDirectory() as out:
        generate(
            out,
            children=children,
            years=years,
            seed=seed,
            end=end,
            in_year=in_year,
            workers=workers,
        )
        folders = sorted(p for p in Path(out).iterdir() if p.is_dir())
        sets, _unknown = collect(folders)
        result = import_filesets(sets, actor=actor)
        return CouncilImport(result=result, local_ids=_header_children(folders))


def _header_children(folders):
    """CHILD of every Header row in the generated files."""
    ids = set()
    for folder in folders:
        with open(folder / "header.csv", newline="", encoding="utf-8") as handle:
            rows = csv.reader(handle)
            next(rows)
            ids.update(row[0] for row in rows if row)
    return ids


# Children looked after at the last 31 March per child of the generated history, by years of
# history (measured: see demo/ssda903/generator.py); other years are interpolated.
_LOOKED_AFTER_SHARE = {1: 0.49, 6: 0.26}


def children_for(looked_after, years):
    """How many children to generate for about `looked_after` children looked after at the end."""
    low, high = _LOOKED_AFTER_SHARE[1], _LOOKED_AFTER_SHARE[6]
    share = low + (high - low) * (min(max(years, 1), 6) - 1) / 5
    return max(1, round(looked_after / share))
