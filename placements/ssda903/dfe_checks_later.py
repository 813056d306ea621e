"""DfE rules 393 and above across tables: short breaks, UASC, mothers, reviews, missing
periods, and the first episode of the year against the history we hold (502, 503A-503J, 452,
453).

Registered with `dfe_checks.check` (run only in the years each rule is in force); the
sequence rules on one child's episodes (431, 432, 434-437, 504) and the one-row rules (408,
442, 564-567) live where the rows are read, in validation.py.
"""

import datetime

from children import codes as child_codes
from corporate_parenting.dates import age_on, collection_year_bounds, nth_birthday
from placements import codes, postcodes
from placements.ssda903.dfe_checks import check
from placements.ssda903.validation import RECODES, UPN_UNKNOWN, parse_date

E1_FROM = datetime.date(2005, 12, 1)  # rule 446: placement orders (E1) began then
MOST_MILES = 350  # rule 454
REVIEW_UNDER_FOUR = "PN0"  # rules 440 and 441
STAYING_PUT = frozenset(codes.STAYING_PUT)
SGO_FORMER_CARERS = frozenset({"E45", "E46"})  # rule 516


def postcode_facts(ep):
    """(distance in miles, placement's local authority) as the DfE derives them from the two
    postcodes; the PL_DISTANCE column, where a file gives it, stands for the distance."""
    home = postcodes.lookup(ep.home_post) if ep.home_post else None
    placement = postcodes.lookup(ep.pl_post) if ep.pl_post else None
    distance = ep.distance
    if distance is None and home is not None and placement is not None:
        distance = postcodes.miles_between(home, placement)
    return distance, placement.local_authority if placement is not None else None


def inside_the_council(ep):
    """PL_LOCATION as the DfE derives it: the placement postcode's area is one of the
    council's (None when the council's areas or the placement's are not known)."""
    ours = postcodes.council_codes()
    _distance, area = postcode_facts(ep)
    return area in ours if ours and area else None


@check("411")
def placement_location(c):
    """Rule 411: a PL_LOCATION a file carries (outside the DfE's layout) agrees with the
    placement postcode's area."""
    for ep in c.episodes():
        derived = inside_the_council(ep)
        if ep.inside is not None and derived is not None and ep.inside != derived:
            where = "inside" if derived else "outside"
            c.add("Episodes", ep.row, "PL_LOCATION", "411", f"PL_POST is {where} the council")


def _short_breaks_only(episodes):
    return all(e.ls in codes.SHORT_BREAK for e in episodes)


@check("398", "420", "406", "454", "426")
def short_breaks_and_distance(c):
    """398/420: no postcodes (so no distance or placement area) for short breaks (V3/V4);
    406: no distance for a UASC child (in the UASC table); 454: a distance over 350 miles;
    426: not both V3 and V4 for one child in the year."""
    uasc = set(c.data.uasc)
    for child, eps in c.data.episodes.items():
        kinds = {e.ls for e in eps if e.ls in codes.SHORT_BREAK}
        for ep in eps:
            distance, area = postcode_facts(ep)
            if ep.ls in codes.SHORT_BREAK:
                if ep.home_post or ep.pl_post:
                    column = "HOME_POST" if ep.home_post else "PL_POST"
                    c.add("Episodes", ep.row, column, "398", f"LS {ep.ls} with {column}")
                if area is not None:
                    c.add("Episodes", ep.row, "PL_POST", "420", f"LS {ep.ls} placed in {area}")
                if len(kinds) > 1:
                    c.add("Episodes", ep.row, "LS", "426", "V3 and V4 in the year")
            if distance is not None and child in uasc:
                c.add(
                    "Episodes", ep.row, "HOME_POST", "406", f"the postcodes give {distance} miles"
                )
            if distance is not None and distance > MOST_MILES:
                c.add("Episodes", ep.row, "PL_POST", "454", f"the postcodes give {distance} miles")


@check("399")
def short_breaks_only_without_mother_or_reviews(c):
    """Rule 399: a child looked after only under V3/V4 has no MOTHER and no reviews."""
    short_breaks = {
        child for child, eps in c.data.episodes.items() if eps and _short_breaks_only(eps)
    }
    for child in sorted(short_breaks & set(c.data.header)):
        h = c.data.header[child]
        if h["mother"] is not None:
            c.add("Header", h["row"], "MOTHER", "399", "short breaks only")
    for child, line, _date, _code in c.data.reviews:
        if child in short_breaks:
            c.add("Reviews", line, "REVIEW", "399", "short breaks only")


@check("407", "460", "516", "446")
def episode_against_age_and_placement(c):
    """407: care ends on a special guardianship order (E45-E48) only before 18; 460: staying
    put (E17) only at 18 or over; 516: E45/E46 (former foster carers) only from a foster
    placement (U1-U6); 446: E1 only from December 2005."""
    for child, eps in c.data.episodes.items():
        dob = c.data.header.get(child, {}).get("dob")
        for ep in eps:
            age = age_on(dob, ep.dec) if dob and ep.dec else None
            if ep.rec in codes.SGO and age is not None and age >= 18:
                c.add("Episodes", ep.row, "REC", "407", f"aged {age} at DEC")
            if ep.rec in STAYING_PUT and age is not None and age < 18:
                c.add("Episodes", ep.row, "REC", "460", f"aged {age} at DEC")
            if ep.rec in SGO_FORMER_CARERS and ep.place not in codes.FOSTER:
                c.add("Episodes", ep.row, "REC", "516", f"PLACE {ep.place}")
            if ep.ls == "E1" and ep.decom and ep.decom < E1_FROM:
                c.add("Episodes", ep.row, "LS", "446", f"DECOM {ep.decom:%d/%m/%Y}")


@check("607", "611", "612", "620", "621", "625")
def mothers(c):
    """607: MOTHER for a girl who left care in the year (not from short breaks); 611: MC_DOB
    for a mother; 612: no MC_DOB when not a mother; 620: a mother 11 or over; 621: born
    before her child; 625: her child born by the end of the year or by the day she left care."""
    for child, h in c.data.header.items():
        eps = c.data.episodes.get(child, [])
        left = [
            e
            for e in eps
            if e.dec
            and e.rec
            and e.rec != codes.EPISODE_CONTINUES
            and c.first_day <= e.dec <= c.last_day
            and e.ls not in codes.SHORT_BREAK
        ]
        if h["sex"] == "F" and h["mother"] is None:
            for ep in left:
                c.add("Episodes", ep.row, "REC", "607", "MOTHER is blank")
        mc_dob, dob = h["mother_child_dob"], h["dob"]
        if h["mother"] is True and mc_dob is None:
            c.add("Header", h["row"], "MC_DOB", "611")
        if h["mother"] is False and mc_dob is not None:
            c.add("Header", h["row"], "MC_DOB", "612")
        if h["mother"] is True and dob and age_on(dob, c.first_day) < 11:
            c.add("Header", h["row"], "DOB", "620", f"aged {age_on(dob, c.first_day)}")
        if mc_dob is None:
            continue
        if dob and mc_dob < dob:
            c.add("Header", h["row"], "MC_DOB", "621")
        ceased = max((e.dec for e in left), default=None)
        if mc_dob > c.last_day or (ceased and not _looked_after_at_end(c, eps) and mc_dob > ceased):
            c.add("Header", h["row"], "MC_DOB", "625", f"MC_DOB {mc_dob:%d/%m/%Y}")


def _looked_after_at_end(c, eps):
    return any(e.decom and e.decom <= c.last_day and e.dec is None for e in eps)


@check("440", "441")
def review_participation_and_age(c):
    """440: PN0 (under 4) for a child 4 or over at the review; 441: PN1-PN7 under 4."""
    for child, line, date, code in c.data.reviews:
        dob = c.data.header.get(child, {}).get("dob")
        if not (dob and date and code):
            continue
        age = age_on(dob, date)
        if code == REVIEW_UNDER_FOUR and age >= 4:
            c.add("Reviews", line, "REVIEW_CODE", "440", f"aged {age}")
        elif code != REVIEW_UNDER_FOUR and age < 4:
            c.add("Reviews", line, "REVIEW_CODE", "441", f"aged {age}")


@check("542")
def convictions_from_ten(c):
    """Rule 542: CONVICTED only for a child 10 or over at 31 March."""
    for child, o in c.data.oc2.items():
        dob = c.data.header.get(child, {}).get("dob")
        if o["convicted"] is not None and dob and age_on(dob, c.last_day) < 10:
            c.add("OC2", o["row"], "CONVICTED", "542", f"aged {age_on(dob, c.last_day)}")


@check("444", "EPI")
def header_rows(c):
    """444: a UPN (not a UN code) given to two children; EPI: a child in Header with no
    episodes (and not a care leaver in OC3)."""
    seen = {}
    for child, h in c.data.header.items():
        upn = h["upn"]
        if upn and upn not in UPN_UNKNOWN:
            if upn in seen:
                c.add("Header", h["row"], "UPN", "444", f"as child {seen[upn]}")
            seen.setdefault(upn, child)
        if child and child not in c.data.episodes and child not in c.data.oc3:
            c.add("Header", h["row"], "CHILD", "EPI", f"child {child}")


# The DfE's rule for a date of birth, repeated in another table, that is not the Header's.
DOB_RULES = {
    "AD1": "INT11",
    "PlacedAdoption": "INT12",
    "Missing": "INT13",
    "OC2": "INT14",
    "OC3": "INT15",
    "PrevPerm": "INT16",
    "Reviews": "INT17",
    "UASC": "INT18",
}


@check(*DOB_RULES.values(), "INT21")
def repeated_in_other_tables(c):
    """INT11-INT18: a DOB repeated in another table agrees with Header's; INT21: UASC's SEX
    agrees with Header's."""
    for table, code in DOB_RULES.items():
        for child, line, text in c.data.dobs.get(table, ()):
            held = c.data.header.get(child, {}).get("dob")
            if held and parse_date(text) != held:
                c.add(table, line, "DOB", code, f"Header has {held:%d/%m/%Y}")
    legacy = c.year < child_codes.SEX_LETTER_CODES_FROM
    for child, u in c.data.uasc.items():
        sex = child_codes.LEGACY_SEX.get(u["sex"], u["sex"]) if legacy else u["sex"]
        held = c.data.header.get(child, {}).get("sex")
        if held and sex != held:
            c.add("UASC", u["row"], "SEX", "INT21", f"Header has {held}")


@check("570", "571", "574", "586")
def missing_dates(c):
    """570: started by the end of the year; 571: ended within the year; 574: periods of one
    child do not overlap (nor start while one is open); 586: not before the child's birth."""
    _dated_rows(
        c, "Missing", c.data.missing, ("MIS_START", "MIS_END"), ("570", "571", "574", "586")
    )


@check("703", "704", "705", "708")
def deprivation_of_liberty_dates(c):
    """DoLOs (from 2026-27), as missing periods: 703, 704, 705 and 708."""
    _dated_rows(c, "DoLo", c.data.dolo, ("DOLO_START", "DOLO_END"), ("703", "704", "705", "708"))


def _dated_rows(c, table, rows, columns, rule_codes):
    """Rows with a start and an end: started by the end of the year, ended within it, not
    begun while the child's row before is open, not before the child's birth."""
    start_column, end_column = columns
    after_year, outside_year, while_open, before_birth = rule_codes
    for r in rows:
        start, end = r["start"], r["end"]
        if start and start > c.last_day:
            c.add(table, r["row"], start_column, after_year, f"{start:%d/%m/%Y}")
        if end and not c.first_day <= end <= c.last_day:
            c.add(table, r["row"], end_column, outside_year, f"{end:%d/%m/%Y}")
        dob = c.data.header.get(r["child"], {}).get("dob")
        if start and dob and start < dob:
            c.add(table, r["row"], start_column, before_birth, f"born {dob:%d/%m/%Y}")
    for r in _started_while_open(rows):
        c.add(table, r["row"], start_column, while_open, "the one before is still open")


def _started_while_open(rows):
    """The rows (of Missing or DoLo) that start before the same child's row before ends."""
    by_child = {}
    for r in rows:
        if r["start"]:
            by_child.setdefault(r["child"], []).append(r)
    for child_rows in by_child.values():
        child_rows.sort(key=lambda r: r["start"])
        for before, after in zip(child_rows, child_rows[1:], strict=False):
            if before["end"] is None or before["end"] > after["start"]:
                yield after


@check("575", "577", "578", "580", "581")
def missing_against_care(c):
    """575: a missing period from an episode that ended has an end; 577: none open when the
    child left care; 578: none starting after the child left care; 581: none before the child
    was first looked after; 580: REC E8 when the child left care (at 18) while missing."""
    for r in c.data.missing:
        start, end = r["start"], r["end"]
        eps = c.merged.get(r["child"]) or c.data.episodes.get(r["child"], [])
        eps = [e for e in eps if e.decom]
        if not (start and eps):
            continue
        if end is None and any(_ended(c, e) and e.decom <= start <= e.dec for e in eps):
            c.add("Missing", r["row"], "MIS_END", "575", "the episode it began in ended")
        last = max(eps, key=lambda e: e.decom)
        left = _ended(c, last) and last.rec != codes.EPISODE_CONTINUES
        if left and end is None and start <= last.dec:
            c.add("Missing", r["row"], "MIS_END", "577", f"left care {last.dec:%d/%m/%Y}")
        if left and start > last.dec:
            c.add("Missing", r["row"], "MIS_START", "578", f"left care {last.dec:%d/%m/%Y}")
        if start < min(e.decom for e in eps):
            c.add("Missing", r["row"], "MIS_START", "581")
        dob = c.data.header.get(r["child"], {}).get("dob")
        if (
            left
            and last.row is not None
            and dob
            and end == last.dec == nth_birthday(dob, 18)
            and last.rec != "E8"
        ):
            c.add("Episodes", last.row, "REC", "580", f"REC {last.rec}")


@check("707", "709", "710")
def deprivation_of_liberty_in_care(c):
    """707: no DoLO open when the child left care; 709: a DoLO only in a children's home (K2)
    or an other placement (Z12, Z13); 710: never in a secure children's home (K1), with parents
    (P1), in a young offender institution (R5) or supported accommodation (K3). 709 and 710
    look at the episodes a DoLO with both dates overlaps, as the DfE's specification says."""
    for r in c.data.dolo:
        start, end = r["start"], r["end"]
        eps = [e for e in c.data.episodes.get(r["child"], []) if e.decom]
        if not (start and eps):
            continue
        last = max(eps, key=lambda e: e.decom)
        if end is None and _ended(c, last) and last.rec != codes.EPISODE_CONTINUES:
            c.add("DoLo", r["row"], "DOLO_END", "707", f"left care {last.dec:%d/%m/%Y}")
        overlapped = [
            e for e in eps if end and e.decom <= end and (e.dec is None or e.dec >= start)
        ]
        for ep in overlapped:
            if ep.place not in DOLO_PLACEMENTS:
                c.add("DoLo", r["row"], "DOLO_START", "709", f"PLACE {ep.place}")
            if ep.place in NO_DOLO_PLACEMENTS:
                c.add("DoLo", r["row"], "DOLO_START", "710", f"PLACE {ep.place}")


DOLO_PLACEMENTS = frozenset({"K2", "Z12", "Z13"})  # rule 709
NO_DOLO_PLACEMENTS = frozenset({"K1", "P1", "R5", "K3"})  # rule 710


def _ended(c, ep):
    """Ended by 31 March (an end held from a later year is not this return's)."""
    return ep.dec is not None and ep.dec <= c.last_day


@check("576", "706")
def open_last_year_carried_on(c):
    """576/706: a missing period or DoLO held open at 31 March last year is in this return
    (with the same start). Run when the history we hold covers the previous year."""
    if c.history_years is None or c.year - 1 not in c.history_years:
        return
    for table, code, rows in (("Missing", "576", c.data.missing), ("DoLo", "706", c.data.dolo)):
        returned = {(r["child"], r["start"]) for r in rows}
        for child, start in sorted(c.data.held_open.get(table, ())):
            if child in c.data.header and (child, start) not in returned:
                row = c.data.header[child]["row"]
                c.add("Header", row, "CHILD", code, f"{table} from {start:%d/%m/%Y} not returned")


@check("624", "626")
def mothers_as_last_year(c):
    """624: MC_DOB agrees with the one recorded last year; 626: a mother whose first child was
    born before the year was recorded as a mother last year too."""
    for child, (mother, child_dob) in c.data.held_mothers.items():
        h = c.data.header.get(child)
        if h is None or h["mother_child_dob"] is None:
            continue
        now = h["mother_child_dob"]
        if child_dob is not None and now != child_dob:
            c.add("Header", h["row"], "MC_DOB", "624", f"last year {child_dob:%d/%m/%Y}")
        if h["mother"] is True and mother is False and now < c.first_day:
            c.add("Header", h["row"], "MOTHER", "626", "MOTHER 0 last year")


# Rules on the first episode of the year against the episode held open at the end of the
# previous year, and the field each compares (503D allows the DfE's recoding of a placement).
FIRST_EPISODE_RULES = {
    "503A": ("RNE", lambda ep: ep.rne),
    "503B": ("LS", lambda ep: ep.ls),
    "503C": ("CIN", lambda ep: ep.cin),
    "503E": ("PLACE_PROVIDER", lambda ep: ep.provider),
    "503F": ("URN", lambda ep: ep.urn),
    "503G": ("PL_DISTANCE", lambda ep: postcode_facts(ep)[0]),
    "453": ("PL_DISTANCE", lambda ep: postcode_facts(ep)[0]),
    "503H": ("PL_POST", lambda ep: postcode_facts(ep)[1]),
    "452": ("PL_POST", lambda ep: postcode_facts(ep)[1]),
    "503J": ("PL_POST", inside_the_council),
}
HISTORY_CODES = ("502", *sorted({"503D", *FIRST_EPISODE_RULES}))


@check(*HISTORY_CODES)
def first_episode_against_last_year(c):
    """502: the first episode of the year is the one held open at 31 March last year (same
    DECOM); 503A-503J, 452, 453: with the same values. Run when the history we hold covers the
    previous year; otherwise a warning says so."""
    if not c.history:
        return
    _prev_first, prev_last = collection_year_bounds(c.year - 1)
    pairs = []
    for child, eps in c.data.episodes.items():
        held = max(
            (
                e
                for e in c.history.get(child, [])
                if e.decom <= prev_last and (e.dec is None or e.dec > prev_last)
            ),
            key=lambda e: e.decom,
            default=None,
        )
        first = min((e for e in eps if e.decom), key=lambda e: e.decom, default=None)
        if held is not None and first is not None:
            pairs.append((held, first))
    if not pairs:
        return
    if c.history_years is None or c.year - 1 not in c.history_years:
        c.data.warnings.append(
            "History rules 502, 503A-503J, 452 and 453 (the year's first episode against the "
            "one held open at 31 March) were not run: the history we hold does not cover "
            f"{c.year - 2}-{str(c.year - 1)[2:]}."
        )
        return
    for held, ep in sorted(pairs, key=lambda pair: pair[1].row or 0):
        if held.decom != ep.decom:
            c.add("Episodes", ep.row, "DECOM", "502", f"held open from {held.decom:%d/%m/%Y}")
            continue
        for code, (column, value) in FIRST_EPISODE_RULES.items():
            if value(held) != value(ep):
                c.add("Episodes", ep.row, column, code, f"held {value(held) or 'blank'}")
        if ep.place != held.place and ep.place not in RECODES.get(held.place, ()):
            c.add("Episodes", ep.row, "PLACE", "503D", f"held {held.place}")
