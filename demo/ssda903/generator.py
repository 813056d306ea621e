"""Synthetic SSDA903 returns: one folder of CSV tables per collection year.

`generate()` writes OUTDIR/<YYYY>/ for each collection year (the year ending 31 March YYYY),
with the file names, columns, date format and code lists of that year's return. Children are
simulated one by one (`synthetic.simulate_child`) and their rows streamed to the files, so
memory stays flat whatever the number of children; chunks of children can be rendered in
worker processes and are written back in order, so the bytes depend only on the arguments.

Yearly semantics follow the national return: a year's Episodes hold every episode open at any
time in the year with its original DECOM, DEC and REC blank while it is still open at 31 March;
Header holds every child with an episode in the year or an OC3 or AD1 row.

Scale: N is the number of distinct children in the whole generated history (everyone looked
after at some time in the years, plus care leavers who only appear in OC3). With England's flows
(about 0.39 starters and leavers a year per child looked after, most staying under two years)
the children looked after at the last 31 March are about 0.49 N for one year of history and
0.26 N for six: `--children 2300 --years 6` gives a council of about 600 (England's 83,600 would
be about 170,000 children with one year). Measured on 2 shared cores (`/usr/bin/time -v`):
10,000 children, one year, 5 s and 65 MB peak RSS; 100,000 children, one year, 28 s and 65 MB;
100,000 children, six years, 44 s and 67 MB. `--workers 2` halves the time and writes the same
bytes.
"""

import csv
import io
import multiprocessing
import random
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.utils import timezone

from corporate_parenting.dates import collection_year_bounds, last_31_march, nth_birthday
from demo.ssda903 import synthetic
from placements import codes
from placements.ssda903.tables import TABLES

# Exactly the DfE's columns of each table (placements.ssda903.tables), keyed by the file name
# we write: distance and the placement's area are derived from the postcodes.
COLUMNS = {table.name.lower(): list(table.columns) for table in TABLES}
SW_EPISODES_FROM = 2024
DOLO_FROM = 2027
CHUNK = 500


def tables_for_year(year: int) -> list[str]:
    names = [n for n in COLUMNS if n not in {"swepisodes", "dolo"}]
    if year >= SW_EPISODES_FROM:
        names.append("swepisodes")
    if year >= DOLO_FROM:
        names.append("dolo")
    return names


def collection_years(end: date, years: int) -> list[int]:
    """The `years` collection years ending at the last 31 March on or before `end`."""
    last = last_31_march(end).year
    return list(range(last - years + 1, last + 1))


def code_year(year: int) -> int:
    """The year whose code lists apply (codes.py covers 2023-2027; earlier years use 2023's)."""
    return min(max(year, codes.COLLECTION_YEAR_FIRST), codes.COLLECTION_YEAR_LAST)


_DATES: dict[int, str] = {}


def fmt(day: int | None) -> str:
    if day is None:
        return ""
    text = _DATES.get(day)
    if text is None:
        d = date.fromordinal(day)
        text = f"{d.day:02d}/{d.month:02d}/{d.year}"
        _DATES[day] = text
    return text


@dataclass
class Stats:
    children: int = 0
    episodes: dict = field(default_factory=dict)  # year -> rows
    cla: dict = field(default_factory=dict)  # year -> looked after at 31 March
    rows: dict = field(default_factory=dict)  # (year, table) -> rows

    def add(self, other: "Stats") -> None:
        self.children += other.children
        for name in ("episodes", "cla", "rows"):
            mine = getattr(self, name)
            for key, value in getattr(other, name).items():
                mine[key] = mine.get(key, 0) + value


class _YearRows:
    """Rows of one child for one collection year."""

    def __init__(self, child: synthetic.Child, year: int, seed: int, last_day: int | None = None):
        self.child = child
        self.year = year
        self.seed = seed
        self.ys, self.ye = (day.toordinal() for day in collection_year_bounds(year))
        # An in-year extract stops at `last_day`: what is open then has no end date yet.
        self.partial = last_day is not None and last_day < self.ye
        if self.partial:
            self.ye = last_day
        self.cy = code_year(year)

    def build(self, out: dict, stats: Stats) -> None:
        child, ys, ye, year = self.child, self.ys, self.ye, self.year
        cid = child.child_id
        dob = fmt(child.dob.toordinal())
        episodes = []
        care_in_year = False
        periods_in_year = []
        for period in child.periods:
            if period.start > ye or (period.end is not None and period.end < ys):
                continue
            periods_in_year.append(period)
            if not period.short_break:
                care_in_year = True
            for ep in period.episodes:
                if ep.decom > ye or (ep.dec is not None and ep.dec < ys):
                    continue
                episodes.append(self.episode_row(period, ep))
        oc3 = child.oc3.get(year)
        if not episodes and oc3 is None:
            return
        if episodes:
            out["episodes"].extend(episodes)
            stats.episodes[year] = stats.episodes.get(year, 0) + len(episodes)
            if any(not p.short_break and (p.end is None or p.end > ye) for p in periods_in_year):
                stats.cla[year] = stats.cla.get(year, 0) + 1
        # MOTHER is for girls looked after other than in short breaks (rules 393 and 399).
        out["header"].append(self.header_row(bool(episodes) and care_in_year))
        if oc3 is not None:
            out["oc3"].append([cid, dob, *oc3])
        if not episodes:
            return
        if child.uasc and care_in_year:
            duc = synthetic.birthday(child.dob, 18)
            out["uasc"].append([cid, self.sex(), dob, fmt(duc) if duc <= ye else ""])
        for period in periods_in_year:
            if period.short_break:
                continue
            for day, code in period.reviews:
                if ys <= day <= ye:
                    out["reviews"].append([cid, dob, fmt(day), code])
            for kind, start, end in period.missing:
                if ys <= start <= ye:
                    out["missing"].append([cid, dob, kind, fmt(start), fmt(end)])
        # Short breaks begin with RNE S too: they return PrevPerm (rule 630), Z1 by default.
        if any(ys <= p.start <= ye for p in periods_in_year):
            out["prevperm"].append([cid, dob, *child.prev_perm])
        self.outcomes(out, periods_in_year)
        self.adoption(out, periods_in_year)
        if year >= SW_EPISODES_FROM and care_in_year:
            for sw_id, start, end, reason in child.sw_episodes:
                if start <= ye and end >= ys:
                    # In an in-year extract, a worker leaving on its last day is still shown
                    # (the next one starts after it).
                    closed = end < ye if self.partial else end <= ye
                    out["swepisodes"].append(
                        [
                            cid,
                            dob,
                            sw_id,
                            fmt(start),
                            fmt(end) if closed else "",
                            reason,
                        ]
                    )
        if year >= DOLO_FROM:
            for start, end in child.dolo:
                if start <= ye and end >= ys:
                    out["dolo"].append([cid, dob, fmt(start), fmt(end) if end <= ye else ""])

    def sex(self) -> str:
        if self.year >= 2025:
            return self.child.sex
        return "1" if self.child.sex == "M" else "2"

    def header_row(self, looked_after: bool) -> list:
        """MOTHER only for a girl looked after other than in short breaks (rules 165, 399)."""
        child, ye = self.child, self.ye
        age = (ye - child.dob.toordinal()) / synthetic.YEAR_DAYS
        upn = "UN1" if age < 4.5 else child.upn
        mother = mc_dob = ""
        if child.sex == "F" and looked_after:
            if child.mother_child_dob is not None and child.mother_child_dob <= ye:
                mother, mc_dob = "1", fmt(child.mother_child_dob)
            else:
                mother = "0"
        return [
            child.child_id,
            self.sex(),
            fmt(child.dob.toordinal()),
            child.ethnic,
            upn,
            mother,
            mc_dob,
        ]

    def episode_row(self, period: synthetic.Period, ep: synthetic.Episode) -> list:
        closed = ep.dec is not None and ep.dec <= self.ye
        pl = ep.placement
        return [
            self.child.child_id,
            fmt(ep.decom),
            ep.rne,
            ep.ls,
            period.cin,
            pl.place,
            pl.provider,
            fmt(ep.dec) if closed else "",
            ep.rec if closed else "",
            ep.reason if closed else "",
            self.home_postcode(period),
            pl.postcode,
            pl.urn,
        ]

    def home_postcode(self, period: synthetic.Period) -> str:
        """No home postcode for short breaks (rule 398) nor for a child who is or was UASC:
        the DfE derives a distance from the two postcodes and wants none for them (406)."""
        return "" if period.short_break or self.child.uasc else period.home_post

    def outcomes(self, out: dict, periods: list) -> None:
        """OC2 for children looked after continuously for 12 months at 31 March."""
        if self.partial:
            return  # OC2 is recorded at the end of the year, not in it
        ys, ye = self.ys, self.ye
        # In care from 1 April to 31 March is twelve months (rule 191).
        if not any(
            not p.short_break and p.start <= ys and (p.end is None or p.end > ye) for p in periods
        ):
            return
        child = self.child
        rng = random.Random(f"oc2:{self.seed}:{child.index}:{self.year}")
        age = (ye - child.dob.toordinal()) / synthetic.YEAR_DAYS
        score = reason = ""
        fourth = nth_birthday(child.dob, 4).toordinal()
        seventeenth = nth_birthday(child.dob, 17).toordinal()
        if fourth <= self.ys and seventeenth > ye:
            if rng.random() < 0.76:
                score = str(min(40, max(0, int(rng.gauss(14, 7)))))
            else:
                reason = synthetic.pick(rng, {"SDQ2": 25, "SDQ3": 15, "SDQ4": 40, "SDQ5": 20})
        elif fourth <= ye and seventeenth > self.ys:
            # Turned 4 or 17 in the year: too young or too old at the latest assessment (rule
            # 197B wants a reason); under 4 at 31 March or 17 by 1 April, none (188, 189).
            reason = "SDQ1"
        convicted = ("1" if rng.random() < 0.03 else "0") if age >= 10 else ""
        misuse = "1" if age >= 10 and rng.random() < 0.04 else "0"
        # Health promotion (HEALTH_CHECK) only for children under 5 at 31 March (rule 546).
        health_check = "1" if rng.random() < 0.9 else "0"
        if synthetic.birthday(child.dob, 5) <= ye:
            health_check = ""
        received = offered = ""
        if misuse == "1":
            received = "1" if rng.random() < 0.6 else "0"
            # Whether an intervention was offered only when none was received (rules 158, 159).
            offered = "" if received == "1" else ("1" if rng.random() < 0.7 else "0")
        out["oc2"].append(
            [
                child.child_id,
                fmt(child.dob.toordinal()),
                score,
                reason,
                convicted,
                health_check,
                "1" if rng.random() < 0.85 else "0",
                "1" if rng.random() < 0.76 else "0",
                "1" if rng.random() < 0.9 else "0",
                misuse,
                received,
                offered,
            ]
        )

    def adoption(self, out: dict, periods: list) -> None:
        adoption = self.child.adoption
        if adoption is None or not periods:
            return
        ys, ye = self.ys, self.ye
        cid, dob = self.child.child_id, fmt(self.child.dob.toordinal())
        period = next(p for p in self.child.periods if p.start == adoption.period_start)
        # Reported every year of the period of care in which the decision was made, from the
        # year of the decision to the year of a later decision that it no longer applies (rule
        # 118: not after it).
        reversed_before = adoption.ceased is not None and adoption.ceased < ys
        if period in periods and adoption.decision <= ye and not reversed_before:
            ceased = (
                adoption.ceased if adoption.ceased is not None and adoption.ceased <= ye else None
            )
            reason = adoption.ceased_reason if ceased else ""
            left = period.end is not None and period.end <= ye and period.rec not in codes.ADOPTED
            if left and (ceased is None or ceased > period.end):
                # Leaving care other than by adoption ends the decision (rules 557, 117).
                ceased, reason = period.end, adoption.ceased_reason or "RD4"
            out["placedadoption"].append([cid, dob, fmt(adoption.decision), fmt(ceased), reason])
        if (
            period.rec in codes.ADOPTED
            and period.end is not None
            and ys <= period.end <= ye
            and adoption.match is not None
        ):
            out["ad1"].append(
                [
                    cid,
                    dob,
                    fmt(adoption.decision),
                    fmt(adoption.match),
                    adoption.foster_care,
                    adoption.number,
                    adoption.sex,
                    adoption.legal,
                ]
            )


def render_chunk(args: tuple) -> tuple[dict, Stats]:
    """CSV text of children [start, stop) for every year and table, with their counts."""
    seed, start, stop, years, sw_pool, last_day = args
    stats = Stats()
    rows = {(y, t): [] for y in years for t in tables_for_year(y)}
    for index in range(start, stop):
        child = synthetic.simulate_child(seed, index, years, sw_pool, last_day)
        stats.children += 1
        for year in years:
            out = {t: rows[(year, t)] for t in tables_for_year(year)}
            _YearRows(child, year, seed, last_day).build(out, stats)
    texts = {}
    for key, table_rows in rows.items():
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(table_rows)
        texts[key] = buffer.getvalue()
        stats.rows[key] = len(table_rows)
    return texts, stats


def generate(
    outdir: Path | str,
    *,
    children: int,
    years: int = 1,
    seed: int = 0,
    end: date | None = None,
    workers: int = 1,
    in_year: bool = False,
) -> tuple[list[int], Stats, float]:
    """Write the synthetic return; returns (collection years, counts, seconds).

    `in_year` adds the current, unfinished collection year up to `end` (when `end` is not
    itself a 31 March): an in-year extract, with episodes open on `end` left without DEC.
    """
    began = time.perf_counter()
    outdir = Path(outdir)
    end = end or timezone.localdate()
    year_list = collection_years(end, years)
    last_day = None
    if in_year and (end.month, end.day) != (3, 31):
        year_list.append(year_list[-1] + 1)
        last_day = end.toordinal()
    sw_pool = max(8, children // 12)
    files = {}
    writers = {}
    for year in year_list:
        folder = outdir / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        for table in tables_for_year(year):
            handle = open(folder / f"{table}.csv", "w", newline="", encoding="utf-8")  # noqa: SIM115
            files[(year, table)] = handle
            csv.writer(handle, lineterminator="\n").writerow(COLUMNS[table])
            writers[(year, table)] = handle
    jobs = [
        (seed, start, min(children, start + CHUNK), year_list, sw_pool, last_day)
        for start in range(0, children, CHUNK)
    ]
    total = Stats()
    try:
        if workers > 1 and len(jobs) > 1:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                for texts, stats in pool.imap(render_chunk, jobs):
                    _write(writers, texts)
                    total.add(stats)
        else:
            for job in jobs:
                texts, stats = render_chunk(job)
                _write(writers, texts)
                total.add(stats)
    finally:
        for handle in files.values():
            handle.close()
    return year_list, total, time.perf_counter() - began


def _write(writers: dict, texts: dict) -> None:
    for key, text in texts.items():
        writers[key].write(text)
