"""DfE rules on Header, Episodes and UASC (codes up to 392): ages for placements, legal
statuses and reasons for leaving care, how long a legal status or a temporary placement may
last, respite care, temporary placements and the first episode of a child.

Registered with `dfe_checks.check`, so each runs only in the years the DfE applies it. Where
the DfE's words leave the reading open we follow the public validator's; where we read a rule
otherwise, docs/ssda903-rule-coverage.md says so.
"""

import datetime
from itertools import pairwise

from corporate_parenting.dates import add_years, age_on
from placements import codes
from placements.ssda903.dfe_checks import SHORT_BREAK, check
from placements.ssda903.validation import code_year

# No episode may start before the Children Act 1989 came into force (rule 353).
CHILDREN_ACT_IN_FORCE = datetime.date(1991, 10, 14)
# Placements with a youngest age at the start of the episode: (rule, age).
YOUNGEST_FOR_PLACEMENT = {
    "H5": ("371", 16),
    "K3": ("371", 16),
    "R5": ("372", 10),
    "S1": ("373", 4),
    "P3": ("374", 14),
}
# Temporary placements with a longest stay in days: (rule, days).
LONGEST_TEMPORARY = {"T1": ("375", 42), "T3": ("376", 21), "T4": ("379", 7)}
# Legal statuses with a longest run of joined episodes in days: (rule, days). PACE (J2) has no
# number in the DfE's words; the public validator's 21 days is the sector's reading.
LONGEST_LEGAL_STATUS = {"L1": ("361", 3), "L2": ("362", 21), "L3": ("363", 7), "J2": ("364", 21)}
# Reasons for leaving care with an age bound at DEC: (rule, age, True if the age is a floor).
AGE_FOR_REASON_CEASED = {
    "E11": ("386", 18, False),
    "E12": ("386", 18, False),
    "E5": ("387", 14, True),
    "E6": ("387", 14, True),
    "E7": ("389", 16, True),
}
LONG_TERM_FOSTER = frozenset({"U1", "U4"})
URN_FROM_2023_24 = frozenset({"H5", "P2"})
WITH_CURRENT_FOSTER_CARER = frozenset({"A3", "A5"})
LONGEST_SHORT_BREAK_DAYS = 17
MOST_RESPITE_DAYS = 75
MOST_HOLIDAY_PLACEMENTS = 2
YOUNGEST_UASC = 11


def _days(ep, last_day):
    """Days from DECOM to DEC, or to `last_day` for an open episode."""
    return ((ep.dec or last_day) - ep.decom).days


def _open_until(c):
    """The last day an open episode is known to have lasted: the end of the year, or the
    latest date the Episodes file records if earlier (an extract taken during the year
    records nothing after the day it was taken)."""
    latest = max(
        (day for ep in c.episodes() for day in (ep.decom, ep.dec) if day is not None),
        default=c.last_day,
    )
    return min(latest, c.last_day)


def _dob(c, child):
    return c.data.header.get(child, {}).get("dob")


def _postcode(text):
    return text.replace(" ", "").upper()


@check("380", "381", "382", "366", "384", "214")
def temporary_placements_and_short_breaks(c):
    """A temporary placement neither starts nor ends a period of care and is not a short
    break; an individual short break (V3) starts with S, and no short break is a long-term
    foster placement or records where the child was placed."""
    for ep in c.episodes():
        row = ep.row
        if ep.place in codes.TEMPORARY:
            if ep.rne == "S":
                c.add("Episodes", row, "PLACE", "380", f"{ep.place} with RNE S")
            if ep.rec in codes.LEFT_CARE:
                c.add("Episodes", row, "PLACE", "381", f"{ep.place} with REC {ep.rec}")
            if ep.ls in SHORT_BREAK:
                c.add("Episodes", row, "PLACE", "382", f"{ep.place} with LS {ep.ls}")
        if ep.ls == "V3" and ep.rne != "S":
            c.add("Episodes", row, "RNE", "366", f"RNE {ep.rne or 'blank'} with LS V3")
        if ep.ls in SHORT_BREAK and ep.place in LONG_TERM_FOSTER:
            c.add("Episodes", row, "PLACE", "384", f"{ep.place} with LS {ep.ls}")
        if ep.ls in SHORT_BREAK and (ep.pl_post or ep.urn):
            column = "PL_POST" if ep.pl_post else "URN"
            c.add("Episodes", row, column, "214", f"{column} with LS {ep.ls}")


@check("353", "355", "378", "222", "233", "242", "392d")
def episode_rows(c):
    """Rules on one episode's own values. Rule 222 reads the year's placements that need no
    URN (rule 218's list) as those that take none, except H5 and P2: they need one from
    2023-24, so a placement open over 31 March 2023 keeps its URN. 242 keeps XXXXXXX to
    foster and adoptive placements, as the case-record form does (placements.rules)."""
    no_urn = codes.URN_NOT_REQUIRED_BY_YEAR[code_year(c.year)] - URN_FROM_2023_24
    for ep in c.episodes():
        if ep.decom is None:
            continue
        row = ep.row
        if ep.decom < CHILDREN_ACT_IN_FORCE:
            c.add("Episodes", row, "DECOM", "353", f"DECOM {ep.decom:%d/%m/%Y}")
        if ep.dec == ep.decom:
            c.add("Episodes", row, "DEC", "355", "DEC is the day of DECOM")
        if ep.place == "P1" and ep.ls == "V2":
            c.add("Episodes", row, "PLACE", "378", "P1 with LS V2")
        if ep.urn and ep.urn != codes.URN_PLACEHOLDER and ep.place in no_urn:
            c.add("Episodes", row, "URN", "222", f"URN {ep.urn} with {ep.place}")
        if ep.urn == codes.URN_PLACEHOLDER and ep.place not in codes.URN_PLACEHOLDER_PLACEMENTS:
            c.add("Episodes", row, "URN", "242", f"{ep.urn} with {ep.place}")
        if ep.rpc and ep.dec is None:
            c.add("Episodes", row, "REASON_PLACE_CHANGE", "233", "the episode has not ceased")
        if ep.home_post and ep.place != "P1" and _postcode(ep.home_post) == _postcode(ep.pl_post):
            c.add("Episodes", row, "PL_POST", "392d", f"both {ep.pl_post}")


@check("352", "358", "371", "372", "373", "374", "386", "387", "389", "234")
def ages_in_episodes(c):
    """Ages at DECOM for the start of care, legal statuses and placements; at DEC for the
    reason care or the placement ended."""
    for ep in c.episodes():
        at_start = (
            ep.rne == "S" or ep.ls in codes.YOUTH_JUSTICE or ep.place in YOUNGEST_FOR_PLACEMENT
        )
        at_end = ep.dec is not None and (ep.rec in AGE_FOR_REASON_CEASED or ep.rpc == "CUSTOD")
        dob = _dob(c, ep.child) if at_start or at_end else None
        if dob is None or ep.decom is None:
            continue
        age = age_on(dob, ep.decom)
        if ep.rne == "S" and age >= 18:
            c.add("Episodes", ep.row, "DECOM", "352", f"aged {age} at DECOM")
        if ep.ls in codes.YOUTH_JUSTICE and age < 10:
            c.add("Episodes", ep.row, "LS", "358", f"LS {ep.ls} at {age}")
        if ep.place in YOUNGEST_FOR_PLACEMENT:
            code, youngest = YOUNGEST_FOR_PLACEMENT[ep.place]
            if age < youngest:
                c.add("Episodes", ep.row, "PLACE", code, f"{ep.place} at {age}")
        if not at_end:
            continue
        age_at_end = age_on(dob, ep.dec)
        if ep.rec in AGE_FOR_REASON_CEASED:
            code, bound, floor = AGE_FOR_REASON_CEASED[ep.rec]
            if (age_at_end < bound) if floor else (age_at_end >= bound):
                c.add("Episodes", ep.row, "REC", code, f"REC {ep.rec} at {age_at_end}")
        if ep.rpc == "CUSTOD" and age_at_end < 10:
            c.add("Episodes", ep.row, "REASON_PLACE_CHANGE", "234", f"aged {age_at_end}")


@check("359")
def over_eighteens_in_community_homes(c):
    """Rule 359: looked after at the end of the year after an 18th birthday only under
    section 20 (V2) in a children's home (K2)."""
    open_until = _open_until(c)
    for ep in c.episodes():
        dob = _dob(c, ep.child)
        if ep.decom is None or ep.dec is not None or dob is None:
            continue
        if add_years(dob, 18) < open_until and not (ep.ls == "V2" and ep.place == "K2"):
            c.add("Episodes", ep.row, "LS", "359", f"LS {ep.ls}, PLACE {ep.place} after 18")


@check("365", "375", "376", "379")
def longest_single_stays(c):
    """An individual short break (V3) lasts 17 days at most; temporary placements T1, T3 and
    T4 six weeks, three weeks and seven days."""
    open_until = _open_until(c)
    for ep in c.episodes():
        if ep.decom is None:
            continue
        days = _days(ep, open_until)
        if ep.ls == "V3" and days > LONGEST_SHORT_BREAK_DAYS:
            c.add("Episodes", ep.row, "DEC", "365", f"{days} days")
        if ep.place in LONGEST_TEMPORARY:
            code, longest = LONGEST_TEMPORARY[ep.place]
            if days > longest:
                c.add("Episodes", ep.row, "DEC", code, f"{ep.place} for {days} days")


def _runs(eps, keep):
    """Runs of joined episodes (each starting the day the one before ended) that `keep`."""
    run = []
    for ep in eps:
        if run and keep(ep) and run[-1].dec == ep.decom and run[-1].ls == ep.ls:
            run.append(ep)
            continue
        if run:
            yield run
        run = [ep] if keep(ep) else []
    if run:
        yield run


@check("361", "362", "363", "364")
def longest_legal_statuses(c):
    """Police protection (L1), an emergency protection order (L2), a child assessment order
    (L3) and PACE (J2) have a longest span, over joined episodes of that legal status."""
    open_until = _open_until(c)
    for eps in c.merged.values():
        for run in _runs(eps, lambda e: e.ls in LONGEST_LEGAL_STATUS):
            code, longest = LONGEST_LEGAL_STATUS[run[0].ls]
            days = ((run[-1].dec or open_until) - run[0].decom).days
            if days > longest:
                for ep in run:
                    if ep.row is not None:
                        c.add("Episodes", ep.row, "LS", code, f"LS {ep.ls} for {days} days")


@check("367", "377")
def respite_and_holiday_placements_in_the_year(c):
    """Rule 367: at most 75 days of individual short breaks (V3) in the year; rule 377: at
    most two temporary placements while the foster carer is on holiday (T3)."""
    open_until = _open_until(c)
    for eps in c.data.episodes.values():
        if not any(e.ls == "V3" or e.place == "T3" for e in eps):
            continue
        dated = sorted((e for e in eps if e.decom is not None), key=lambda e: e.decom)
        respite = [e for e in dated if e.ls == "V3"]
        total = sum(
            max(0, (min(e.dec or open_until, c.last_day) - max(e.decom, c.first_day)).days)
            for e in respite
        )
        if total > MOST_RESPITE_DAYS:
            for ep in respite:
                c.add("Episodes", ep.row, "LS", "367", f"{total} days of short breaks")
        holidays = [e for e in dated if e.place == "T3" and e.decom >= c.first_day]
        for ep in holidays[MOST_HOLIDAY_PLACEMENTS:]:
            c.add("Episodes", ep.row, "PLACE", "377", f"T3 number {holidays.index(ep) + 1}")


@check("336", "383", "357", "199")
def episode_sequences(c):
    """Rules on a child's episodes in order, with the history we hold before them."""
    for eps in c.merged.values():
        first = eps[0]
        if first.row is not None and first.decom >= c.first_day and first.rne != "S":
            c.add("Episodes", first.row, "RNE", "357", f"RNE {first.rne or 'blank'}")
        adopted = None
        for before, ep in pairwise(eps):
            if before.rec in codes.ADOPTED:
                adopted = before
            if ep.row is None:
                continue
            if adopted is not None:
                c.add("Episodes", ep.row, "CHILD", "199", f"REC {adopted.rec} before")
            if ep.place in WITH_CURRENT_FOSTER_CARER and before.place not in (
                codes.FOSTER | codes.ADOPTION
            ):
                c.add("Episodes", ep.row, "PLACE", "336", f"{ep.place} after {before.place}")
        _returns_after_temporary_placements(c, eps)


@check("174", "232", "301", "351")
def header_rows(c):
    """A mother's child's date of birth only for girls; sex not unknown; a date of birth
    within the year and no more than 25 years before it began."""
    for child, h in c.data.header.items():
        row, dob = h["row"], h["dob"]
        if h["mother_child_dob"] is not None and h["sex"] == "M":
            c.add("Header", row, "MC_DOB", "174", f"child {child} is male")
        if h["sex"] == "U":
            c.add("Header", row, "SEX", "232", f"child {child}")
        if dob is None:
            continue
        if dob > c.last_day:
            c.add("Header", row, "DOB", "301", f"DOB {dob:%d/%m/%Y}")
        if add_years(dob, 25) < c.first_day:
            c.add("Header", row, "DOB", "351", f"DOB {dob:%d/%m/%Y}")


@check("210")
def un4_looked_after_over_a_week(c):
    """Rule 210: UN4 (UPN not yet obtained) only for a child whose period of care open at
    31 March began in its last week. (The public validator flags the opposite, a UN4 child
    whose episode began in that week; the DfE's words are followed here.)"""
    week_before = c.last_day - datetime.timedelta(days=7)
    for child, h in c.data.header.items():
        if h["upn"] != "UN4":
            continue
        eps = c.merged.get(child, [])
        start = _start_of_period_open_at(eps, c.last_day)
        if start is not None and start < week_before:
            c.add("Header", h["row"], "UPN", "210", f"looked after since {start:%d/%m/%Y}")


def _start_of_period_open_at(eps, day):
    """DECOM of the first episode of the period of care open on `day`, or None."""
    start = None
    for ep in eps:
        if ep.decom > day:
            break
        start = ep.decom if start is None or ep.rne == "S" else start
        if ep.dec is not None and ep.dec <= day and ep.rec != codes.EPISODE_CONTINUES:
            start = None
    return start


@check("304", "231")
def uasc_ages(c):
    """Rule 304: UASC status ceases on or before the 18th birthday; rule 231: a child in
    the UASC table is 11 or over at the end of the year (younger is unexpected)."""
    youngest_born = add_years(c.last_day, -YOUNGEST_UASC)
    for child, u in c.data.uasc.items():
        dob = _dob(c, child)
        if dob is None:
            continue
        if u["duc"] is not None and u["duc"] > add_years(dob, 18):
            c.add("UASC", u["row"], "DUC", "304", f"DUC {u['duc']:%d/%m/%Y}")
        if dob > youngest_born:
            c.add("Header", c.data.header[child]["row"], "DOB", "231", f"child {child}")


UPN_UNKNOWN_LATER = frozenset({"UN2", "UN3", "UN4", "UN5"})
UPN_UNKNOWN = UPN_UNKNOWN_LATER | {"UN1"}


def _upn_changed_wrongly(before, now):
    """A UPN may go from unknown to known, and from UN1 (not yet of school age) or blank to
    another unknown code; any other change disagrees with the record."""
    if before == now:
        return False
    if before in UPN_UNKNOWN or not before:
        known_now = now and now not in UPN_UNKNOWN
        return not (known_now or (before in ("", "UN1") and now in UPN_UNKNOWN_LATER))
    return True


@check("202", "203", "204", "207", "208")
def header_against_the_record(c):
    """The Header against what we already hold for the child (the DfE compares it with last
    year's return; we hold every return imported and what officers recorded since)."""
    for child, h in c.data.header.items():
        held = c.data.recorded.get(child)
        if held is None:
            continue
        row = h["row"]
        if h["sex"] != held.sex:
            c.add("Header", row, "SEX", "202", f"recorded as {held.sex}")
        if h["dob"] is not None and h["dob"] != held.date_of_birth:
            c.add("Header", row, "DOB", "203", f"recorded as {held.date_of_birth:%d/%m/%Y}")
        if h["ethnicity"].upper() != held.ethnicity:  # lower case is LOWER's to say
            c.add("Header", row, "ETHNIC", "204", f"recorded as {held.ethnicity}")
        if _upn_changed_wrongly(held.upn, h["upn"].upper()):
            c.add("Header", row, "UPN", "208", f"recorded as {held.upn or 'blank'}")
        if held.mother and h["mother"] is not True and child in c.data.episodes:
            c.add("Header", row, "MOTHER", "207", "recorded as a mother")


def _returns_after_temporary_placements(c, eps):
    """Rule 383: after a temporary placement (with any change of legal status during it,
    RNE L) the child goes back (RNE P) to the placement before it."""
    i = 1
    while i < len(eps) - 1:
        temporary = eps[i]
        if temporary.place not in codes.TEMPORARY or eps[i - 1].dec != temporary.decom:
            i += 1
            continue
        j = i
        while (
            j + 1 < len(eps)
            and eps[j + 1].rne == "L"
            and eps[j + 1].place == temporary.place
            and eps[j].dec == eps[j + 1].decom
        ):
            j += 1
        before, after = eps[i - 1], eps[j + 1] if j + 1 < len(eps) else None
        if (
            after is not None
            and eps[j].dec == after.decom
            and (after.rne != "P" or after.place != before.place)
        ):
            for ep in eps[i : j + 1]:
                if ep.row is not None:
                    c.add(
                        "Episodes",
                        ep.row,
                        "PLACE",
                        "383",
                        f"{before.place}, then {temporary.place}, then {after.place} "
                        f"(RNE {after.rne})",
                    )
        i = j + 1
