"""Write one collection year's SSDA903 tables from the case record.

Episodes are derived from periods of care, legal statuses and placements
(`placements.ssda903.episodes`); an episode still open at 31 March is written with DEC, REC and
REASON_PLACE_CHANGE blank, as in the year's return. Header holds every child with an episode in
the year or a row in OC3 or AD1.
"""

from dataclasses import dataclass, field
from pathlib import Path

from children.codes import LEGACY_SEX, SEX_LETTER_CODES_FROM
from children.models import (
    Allocation,
    AllocationKind,
    AnnualOutcome,
    CareLeaverContact,
    Child,
    DeprivationOfLiberty,
    MissingEpisode,
    Review,
)
from corporate_parenting import spreadsheets
from placements import codes, oc2
from placements.models import PermanencePlan, PreviousPermanence
from placements.ssda903 import tables, xml_writer
from placements.ssda903.episodes import derive
from placements.ssda903.validation import OC2_FLAGS, year_bounds


def fmt_date(day):
    return day.strftime("%d/%m/%Y") if day else ""


def fmt_bool(value):
    return "" if value is None else ("1" if value else "0")


def _oc2_rows(year):
    """The year's OC2 rows: the imported annual outcomes, with the health checks recorded on
    the record in the year (`placements.oc2`) marked done, and a row for each child of the OC2
    cohort with a check recorded but no imported row (the checks not recorded as not done)."""
    recorded = oc2.recorded_children(year)
    rows = {o["child_id"]: o for o in AnnualOutcome.objects.filter(collection_year=year).values()}
    with_checks = set().union(*recorded.values()) - set(rows)
    if with_checks:
        cohort = oc2.continuously_looked_after(year).filter(pk__in=with_checks)
        for child_id in cohort.values_list("pk", flat=True):
            rows[child_id] = {
                "child_id": child_id,
                "sdq_score": None,
                "sdq_reason": "",
                **dict.fromkeys(oc2.HEALTH_CHECKS, False),
            }
    for child_id, row in rows.items():
        for check, children in recorded.items():
            if child_id in children:
                row[check] = True
    return [rows[child_id] for child_id in sorted(rows)]


def export_year(year, outdir):
    """Write the year's tables into `outdir` as CSV files, in exactly the DfE's columns for the
    year (the distance and the placement's area are derived from the postcodes, never extra
    columns). Returns {table name: rows written}."""
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    counts = {}

    def write(table, rows, columns=None):
        columns = columns or table.columns
        with open(outdir / tables.file_name(table), "w", newline="", encoding="utf-8") as f:
            writer = spreadsheets.writer(f, lineterminator="\n")
            writer.writerow(columns)
            n = 0
            for row in rows:
                writer.writerow(row)
                n += 1
        counts[table.name] = n

    _year_tables(year, write)
    return counts


def xml_file_name(year):
    return f"ssda903-{year}.xml"


def export_year_xml(year, path):
    """Write the year's return as one XML file at `path` (`xml_writer`'s layout): the same
    tables as the CSV files. Returns {table name: rows written}."""
    found = {}

    def write(table, rows, columns=None):
        found[table.name] = [list(row) for row in rows]

    _year_tables(year, write)
    with open(path, "w", encoding="utf-8") as handle:
        xml_writer.write(handle, found)
    return {name: len(rows) for name, rows in found.items()}


def _year_tables(year, write):
    """Call write(table, rows) for each of the year's tables."""
    first_day, last_day = year_bounds(year)
    local = dict(Child.objects.values_list("id", "local_id"))

    year_episodes = _YearEpisodes.of(first_day, last_day)
    episode_rows = year_episodes.rows
    with_episode = year_episodes.with_episode
    in_care = year_episodes.in_care
    first_period_in_year = year_episodes.first_period_in_year
    periods_started = year_episodes.periods_started
    adopted = year_episodes.adopted

    oc3 = {
        row["child_id"]: row
        for row in CareLeaverContact.objects.filter(collection_year=year).values(
            "child_id", "in_touch", "activity", "accommodation"
        )
    }
    adoption_plans = list(
        PermanencePlan.objects.filter(
            plan_type=codes.PermanencePlanType.ADOPTION, adm_decision_date__isnull=False
        )
        .order_by("child_id", "adm_decision_date")
        .values()
    )
    ad1 = [p for p in adoption_plans if p["child_id"] in adopted and _has_ad1(p)]
    header_ids = with_episode | set(oc3) | {p["child_id"] for p in ad1}
    children = {
        row["id"]: row
        for row in Child.objects.filter(id__in=header_ids).values(
            "id",
            "local_id",
            "sex",
            "date_of_birth",
            "ethnicity",
            "upn",
            "mother",
            "mother_child_dob",
            "is_uasc",
            "uasc_ceased",
        )
    }
    dob = {pk: fmt_date(row["date_of_birth"]) for pk, row in children.items()}

    legacy = year < SEX_LETTER_CODES_FROM
    to_legacy = {v: k for k, v in LEGACY_SEX.items()}
    write(
        tables.HEADER,
        (
            (
                c["local_id"],
                to_legacy.get(c["sex"], c["sex"]) if legacy else c["sex"],
                dob[pk],
                c["ethnicity"],
                c["upn"],
                fmt_bool(c["mother"]),
                fmt_date(c["mother_child_dob"]),
            )
            for pk, c in sorted(children.items(), key=lambda item: item[1]["local_id"])
        ),
    )
    write(
        tables.EPISODES,
        (_episode_row(local[c], ep, ended) for c, ep, ended in episode_rows),
        tables.EPISODES.columns,
    )
    write(
        tables.UASC,
        (
            (
                c["local_id"],
                to_legacy.get(c["sex"], c["sex"]) if legacy else c["sex"],
                dob[pk],
                fmt_date(_in_year(c["uasc_ceased"], last_day)),
            )
            for pk, c in sorted(children.items(), key=lambda item: item[1]["local_id"])
            if c["is_uasc"] and pk in in_care
        ),
    )
    write(
        tables.REVIEWS,
        (
            (local[r[0]], dob.get(r[0], ""), fmt_date(r[1]), r[2])
            for r in Review.objects.filter(date__gte=first_day, date__lte=last_day)
            .order_by("child_id", "date")
            .values_list("child_id", "date", "participation")
        ),
    )
    write(
        tables.OC2,
        (
            (
                local[o["child_id"]],
                dob.get(o["child_id"], ""),
                "" if o["sdq_score"] is None else str(o["sdq_score"]),
                o["sdq_reason"],
                *(fmt_bool(o.get(name.lower())) for name in OC2_FLAGS),
            )
            for o in _oc2_rows(year)
        ),
    )
    write(
        tables.OC3,
        (
            (local[c], dob.get(c, ""), o["in_touch"], o["activity"], o["accommodation"])
            for c, o in sorted(oc3.items())
        ),
    )
    write(
        tables.AD1,
        (
            (
                local[p["child_id"]],
                dob.get(p["child_id"], ""),
                fmt_date(p["adm_decision_date"]),
                fmt_date(p["matched_date"]),
                fmt_bool(p["foster_care"]),
                p["number_of_adopters"],
                p["sex_of_adopters"],
                p["legal_status_of_adopters"],
            )
            for p in ad1
        ),
    )
    write(
        tables.PLACED_ADOPTION,
        (
            (
                local[p["child_id"]],
                dob.get(p["child_id"], ""),
                fmt_date(p["adm_decision_date"]),
                fmt_date(_in_year(p["no_longer_placed_date"], last_day)),
                p["no_longer_placed_reason"]
                if _in_year(p["no_longer_placed_date"], last_day)
                else "",
            )
            for p in adoption_plans
            if p["child_id"] in first_period_in_year
            and p["adm_decision_date"] <= last_day
            # Not a decision reversed before the year (rule 118).
            and (p["no_longer_placed_date"] is None or p["no_longer_placed_date"] >= first_day)
        ),
    )
    prevperm = {
        (p["child_id"], p["period__start"]): p
        for p in PreviousPermanence.objects.filter(
            period__start__gte=first_day, period__start__lte=last_day
        ).values("child_id", "period__start", "previous_permanence", "local_authority", "date_text")
    }
    write(
        tables.PREV_PERM,
        (
            (
                local[child_id],
                dob.get(child_id, ""),
                p["previous_permanence"],
                p["local_authority"],
                p["date_text"],
            )
            for child_id, starts in sorted(periods_started.items())
            for start in starts
            if (p := prevperm.get((child_id, start)))
        ),
    )
    write(
        tables.MISSING,
        (
            (
                local[m["child_id"]],
                dob.get(m["child_id"], ""),
                m["kind"],
                fmt_date(m["start"]),
                fmt_date(_in_year(m["end"], last_day)),
            )
            # A period still open at 31 March is returned open (rule 571) and again the
            # next year (576).
            for m in _overlapping(MissingEpisode.objects.all(), first_day, last_day).values()
        ),
    )
    if year >= tables.SW_EPISODES.first_year:
        write(
            tables.SW_EPISODES,
            (
                (
                    local[a["child_id"]],
                    dob.get(a["child_id"], ""),
                    a["worker_ref"],
                    fmt_date(a["start"]),
                    fmt_date(_in_year(a["end"], last_day)),
                    a["start_reason"],
                )
                for a in _overlapping(
                    Allocation.objects.filter(kind=AllocationKind.SOCIAL_WORKER),
                    first_day,
                    last_day,
                ).values()
                if a["child_id"] in in_care
            ),
        )
    dolo = _overlapping(DeprivationOfLiberty.objects.all(), first_day, last_day)
    if year >= tables.DOLO.first_year or dolo.exists():
        write(
            tables.DOLO,
            (
                (
                    local[d["child_id"]],
                    dob.get(d["child_id"], ""),
                    fmt_date(d["start"]),
                    fmt_date(_in_year(d["end"], last_day)),
                )
                for d in _overlapping(
                    DeprivationOfLiberty.objects.all(), first_day, last_day
                ).values()
            ),
        )


@dataclass
class _YearEpisodes:
    """The episodes open at some time in the collection year, with what the tables need."""

    rows: list = field(default_factory=list)  # (child id, episode, ended in the year)
    with_episode: set = field(default_factory=set)
    in_care: set = field(default_factory=set)  # an episode outside short breaks (V3/V4)
    first_period_in_year: set = field(default_factory=set)
    periods_started: dict = field(default_factory=dict)  # child -> starts begun in the year
    adopted: set = field(default_factory=set)

    @classmethod
    def of(cls, first_day, last_day):
        found = cls()
        for child_id, eps in derive():
            for index, period in enumerate(_periods(eps)):
                found._add_period(child_id, index, period, first_day, last_day)
        return found

    def _add_period(self, child_id, index, period, first_day, last_day):
        short_break = period[0].ls in codes.SHORT_BREAK
        if first_day <= period[0].decom <= last_day:
            self.periods_started.setdefault(child_id, []).append(period[0].decom)
        for ep in period:
            if ep.decom > last_day or (ep.dec is not None and ep.dec < first_day):
                continue
            self.with_episode.add(child_id)
            if not short_break:
                self.in_care.add(child_id)
            if index == 0:
                self.first_period_in_year.add(child_id)
            ended = ep.dec is not None and ep.dec <= last_day
            if ended and ep.rec in codes.ADOPTED:
                self.adopted.add(child_id)
            self.rows.append((child_id, ep, ended))


def _periods(eps):
    """Split a child's episodes into periods of care."""
    periods = []
    for ep in eps:
        if not periods or periods[-1][-1].rec != "X1" or ep.rne == "S":
            periods.append([])
        periods[-1].append(ep)
    return periods


def _has_ad1(plan):
    return bool(plan["number_of_adopters"] or plan["matched_date"])


def _in_year(day, last_day):
    return day if day is not None and day <= last_day else None


def _overlapping(qs, first_day, last_day):
    from django.db.models import Q

    return qs.filter(Q(end__isnull=True) | Q(end__gte=first_day), start__lte=last_day).order_by(
        "child_id", "start"
    )


def _episode_row(local_id, ep, ended):
    return [
        local_id,
        fmt_date(ep.decom),
        ep.rne,
        ep.ls,
        ep.cin,
        ep.place,
        ep.provider,
        fmt_date(ep.dec) if ended else "",
        ep.rec if ended else "",
        ep.rpc if ended else "",
        ep.home_post,
        ep.pl_post,
        ep.urn,
    ]
