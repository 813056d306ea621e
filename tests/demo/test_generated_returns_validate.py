"""The synthetic council's returns pass our validator: no DfE rule and none of our checks."""

import collections
from datetime import date

import pytest
from django.core.management import call_command

from placements.ssda903 import validation
from placements.ssda903.reader import collect


@pytest.mark.parametrize("seed", [1, 2])
def test_a_generated_year_draws_no_finding(tmp_path, settings, seed):
    settings.COUNCIL_ONS_CODES = ("E08000035",)  # the generator's council: rule 1015 runs
    call_command(
        "generate_synthetic_903",
        str(tmp_path),
        "--children",
        "2500",
        "--seed",
        str(seed),
        "--end",
        "2026-03-31",
        stdout=open("/dev/null", "w"),  # noqa: SIM115
    )
    sets, unknown = collect([tmp_path / "2026"])
    assert unknown == []
    data, errors = validation.parse(sets[0], 2026)
    assert len(data.sw) > 1000 and len(data.episodes) > 1000
    cross, _merged = validation.validate(data, {}, history_years=None)
    findings = collections.Counter(e.code for e in errors + cross)
    assert findings == {}, [str(e) for e in (errors + cross)[:20]]
    # Only the history rules, which need earlier years, could not run.
    history_notes = ("562 and NoE", "1001 and 1002")
    assert [w for w in data.warnings if not any(n in w for n in history_notes)] == []


def test_social_worker_reasons_say_why_each_episode_began(tmp_path):
    call_command(
        "generate_synthetic_903",
        str(tmp_path),
        "--children",
        "600",
        "--end",
        date(2026, 3, 31).isoformat(),
        stdout=open("/dev/null", "w"),  # noqa: SIM115
    )
    sets, _ = collect([tmp_path / "2026"])
    data, _errors = validation.parse(sets[0], 2026)
    by_child = collections.defaultdict(list)
    for row in data.sw:
        by_child[row["child"]].append(row)
    assert all(r["start_reason"] for r in data.sw)  # SW13STG1: a reason for every episode
    firsts = [min(rows, key=lambda r: r["start"]) for rows in by_child.values()]
    begun_in_year = [r for r in firsts if r["start"] >= date(2025, 4, 1)]
    assert begun_in_year and all(r["start_reason"] == "FCONTA" for r in begun_in_year)
    changes = [r for r in data.sw if r["start_reason"] != "FCONTA"]
    assert len(changes) > len(by_child) / 4
