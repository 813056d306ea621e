"""DfE rules across tables and years: postcodes, previous permanence, health, history.

Each check is registered under the DfE's code (`rules.COVERED` lists every code our validator
applies, here or row by row in validation.py) and runs only in the years the DfE applies it.
The wording is the DfE's (`rules.message`); what we found follows in brackets.
"""

from corporate_parenting.dates import collection_year_bounds
from placements import postcodes
from placements.ssda903 import rules

SHORT_BREAK = frozenset({"V3", "V4"})
# Placements 1015 leaves out (2025-26 wording: fostering and adoption placements).
FOSTERING_OR_ADOPTION = frozenset(
    {"A3", "A4", "A5", "A6", "U1", "U2", "U3", "U4", "U5", "U6", "K3"}
)
# Tables 1012 looks at: no rows for a child with no episodes in the return.
NEEDS_EPISODES = ("PlacedAdoption", "Missing", "Reviews", "AD1", "PrevPerm", "OC2")

CHECKS = []


def check(*codes):
    """Register a check that may raise the DfE rules `codes`."""

    def register(func):
        CHECKS.append((codes, func))
        return func

    return register


class Context:
    def __init__(self, data, errors, merged, history, history_years):
        self.data = data
        self.errors = errors
        self.merged = merged
        self.history = history
        self.history_years = history_years
        self.year = data.year
        self.first_day, self.last_day = collection_year_bounds(data.year)
        self.in_force = rules.rules_for_year(data.year)

    def add(self, table, row, column, code, detail=""):
        from placements.ssda903.validation import dfe_error

        if code in self.in_force:
            file = self.data.files.get(table, f"{table.lower()}.csv")
            self.errors.append(dfe_error(file, row, column, code, detail))

    def episodes(self):
        """This file's episodes, in file order."""
        for eps in self.data.episodes.values():
            yield from eps


def run(data, errors, merged, history, history_years):
    context = Context(data, errors, merged, history, history_years)
    for codes, func in CHECKS:
        if any(code in context.in_force for code in codes):
            func(context)


@check("392b", "392c", "169", "179", "1015")
def postcode_rules(c):
    """Postcodes given and known to the ONS postcode directory; the placement's local
    authority and location derived from them."""
    former_uasc = set(c.data.uasc)
    ours = postcodes.council_codes()
    for ep in c.episodes():
        short_break = ep.ls in SHORT_BREAK
        needs_both = not short_break and ep.child not in former_uasc
        if needs_both and not (ep.home_post and ep.pl_post):
            missing = "HOME_POST" if not ep.home_post else "PL_POST"
            c.add("Episodes", ep.row, missing, "392b", f"{missing} is blank")
        home = postcodes.lookup(ep.home_post) if ep.home_post else None
        placement = postcodes.lookup(ep.pl_post) if ep.pl_post else None
        if ep.home_post and home is None:
            c.add("Episodes", ep.row, "HOME_POST", "392c", f"'{ep.home_post}' is not a postcode")
        if ep.pl_post and placement is None:
            c.add("Episodes", ep.row, "PL_POST", "392c", f"'{ep.pl_post}' is not a postcode")
        if not short_break and placement is None:
            c.add("Episodes", ep.row, "PL_POST", "169", "the placement postcode gives no area")
            c.add("Episodes", ep.row, "PL_POST", "179", "the placement postcode gives no area")
        if (
            ours
            and placement is not None
            and ep.provider == "PR1"
            and not short_break
            and ep.place
            and ep.place not in FOSTERING_OR_ADOPTION
            and placement.local_authority not in ours
        ):
            c.add(
                "Episodes",
                ep.row,
                "PLACE_PROVIDER",
                "1015",
                f"PR1 with a placement in {placement.local_authority}",
            )


@check("1012")
def rows_for_children_without_episodes(c):
    """Rule 1012: no other tables' rows for a child with no episodes in the return."""
    with_episodes = set(c.data.episodes)
    tables = {
        "PlacedAdoption": c.data.placed,
        "Missing": c.data.missing,
        "AD1": c.data.ad1,
    }
    for table, rows in tables.items():
        for r in rows:
            if r["child"] and r["child"] not in with_episodes:
                c.add(table, r["row"], "CHILD", "1012", f"child {r['child']}")
    for child, line, _date, _code in c.data.reviews:
        if child and child not in with_episodes:
            c.add("Reviews", line, "CHILD", "1012", f"child {child}")
    for child, rows in c.data.prevperm.items():
        if child and child not in with_episodes:
            for r in rows:
                c.add("PrevPerm", r["row"], "CHILD", "1012", f"child {child}")
    for child, o in c.data.oc2.items():
        if child and child not in with_episodes:
            c.add("OC2", o["row"], "CHILD", "1012", f"child {child}")


@check("630")
def previous_permanence(c):
    """Rule 630: a period of care starting in the year (RNE S) needs its PrevPerm row, with
    the council and date unless PREV_PERM is Z1. Checked when the return has a PrevPerm table."""
    if "PrevPerm" not in c.data.read:
        return
    for ep in c.episodes():
        if ep.rne != "S" or ep.decom is None or ep.decom < c.first_day:
            continue
        if ep.ls in SHORT_BREAK:
            # Not asked of a series of short breaks (V3/V4), though our importer and exporter
            # carry the row when it is given; the public validator asks it of these too (noted
            # in the coverage table).
            continue
        held = c.data.prevperm.get(ep.child)
        if not held:
            c.add("Episodes", ep.row, "RNE", "630", "no PrevPerm row for this child")
            continue
        for r in held:
            if not r["previous_permanence"]:
                c.add("Episodes", ep.row, "RNE", "630", "PREV_PERM is blank")
            elif r["previous_permanence"] != "Z1" and not (r["local_authority"] and r["date_text"]):
                c.add("Episodes", ep.row, "RNE", "630", "LA_PERM or DATE_PERM is blank")


def _add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def looked_after_twelve_months(episodes, first_day, last_day):
    """Looked after on every day from 1 April to 31 March (a period open at 31 March that
    started on or before 1 April), not only in short breaks."""
    if not episodes:
        return False
    eps = sorted(episodes, key=lambda e: e.decom)
    open_at_end = [e for e in eps if e.decom <= last_day and (e.dec is None or e.dec > last_day)]
    if not open_at_end:
        return False
    start = open_at_end[-1].decom
    # Walk back over episodes that join on.
    by_end = {e.dec: e for e in eps if e.dec is not None}
    while start > first_day and start in by_end:
        start = by_end[start].decom
    if start > first_day:
        return False
    return not all(e.ls in SHORT_BREAK for e in eps if e.dec is None or e.dec >= first_day)


@check("546")
def health_promotion_for_under_fives_only(c):
    """Rule 546: HEALTH_CHECK (health promotion) only for children under 5 at 31 March."""
    for child, o in c.data.oc2.items():
        if o["health_check"] is None:
            continue
        dob = c.data.header.get(child, {}).get("dob")
        if dob is None or _add_years(dob, 5) > c.last_day:
            continue
        eps = c.merged.get(child) or c.history.get(child) or []
        if looked_after_twelve_months(eps, c.first_day, c.last_day):
            c.add("OC2", o["row"], "HEALTH_CHECK", "546", "the child is 5 or over at 31 March")


@check("562", "NoE")
def previous_year_history(c):
    """Rules 562 and NoE, against the history we hold rather than last year's files: a child
    whose first episode in the return began before the year has episodes in the previous year,
    the last of which is that episode. Run only when the history covers the previous year;
    otherwise a warning says so."""
    before_year = {
        child: min((e for e in eps if e.decom and e.decom < c.first_day), key=lambda e: e.decom)
        for child, eps in c.data.episodes.items()
        if any(e.decom and e.decom < c.first_day for e in eps)
    }
    if not before_year:
        return
    if c.history_years is None or c.year - 1 not in c.history_years:
        c.data.warnings.append(
            "History rules 562 and NoE were not run: the history we hold does not cover "
            f"{c.year - 2}-{str(c.year - 1)[2:]}, the year before this return. Import that "
            "year's return first to check them."
        )
        return
    prev_first, prev_last = collection_year_bounds(c.year - 1)
    for child, ep in sorted(before_year.items(), key=lambda item: item[1].row or 0):
        held = [
            e
            for e in c.history.get(child, [])
            if e.decom <= prev_last and (e.dec is None or e.dec >= prev_first)
        ]
        if not held:
            c.add("Episodes", ep.row, "DECOM", "NoE", f"child {child}")
            continue
        last_held = max(e.decom for e in held)
        if ep.decom != last_held:
            c.add(
                "Episodes",
                ep.row,
                "DECOM",
                "562",
                f"the last episode held for {c.year - 2}-{str(c.year - 1)[2:]} began "
                f"{last_held:%d/%m/%Y}",
            )


# Checks kept in modules of their own register themselves on import.
from placements.ssda903 import dfe_checks_social_workers  # noqa: E402, F401
