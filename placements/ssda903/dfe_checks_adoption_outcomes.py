"""DfE rules on adoption (AD1, PlacedAdoption), previous permanence (PrevPerm), outcomes for
children looked after for twelve months (OC2) and care leavers (OC3), across tables.

Registered with `dfe_checks.check` like the rest; row-by-row faults of one table (codes, blanks,
dates in one row) are in validation.py's parsers. Where a rule's words leave the reading open,
the public validator's reading is followed unless the DfE's words say otherwise.
"""

import datetime

from children.codes import STAYING_PUT_ACCOMMODATION
from corporate_parenting.dates import collection_year_bounds, nth_birthday
from placements import codes
from placements.ssda903.dfe_checks import SHORT_BREAK, check, looked_after_twelve_months

# OC2 items for children looked after for twelve months (rules 182, 190, 215).
TWELVE_MONTH_ITEMS = (
    "convicted",
    "health_check",
    "immunisations",
    "teeth_check",
    "health_assessment",
    "substance_misuse",
    "intervention_received",
    "intervention_offered",
)
# The four every such child has (rules 182, 191, 544, 547).
HEALTH_ITEMS = ("immunisations", "teeth_check", "health_assessment", "substance_misuse")
AD1_ITEMS = (
    "adm_decision_date",
    "matched_date",
    "foster_care",
    "number_of_adopters",
    "sex_of_adopters",
    "legal_status_of_adopters",
)
OC3_ITEMS = ("in_touch", "activity", "accommodation")
DIED, CARE_TAKEN_OVER = "E2", "E3"
PLACEMENT_ORDER = "E1"
FOYER = frozenset({"T1", "T2"})
# FOSTER_CARE 0 (not adopted by the foster carers) does not fit placements with foster carers;
# 1 does not fit the others (rule 335).
NOT_WITH_FOSTER_CARERS = frozenset({"A4", "A6"})
# Children in care before this day have no previous permanence to return (rule 634).
PREVPERM_FROM = datetime.date(2016, 4, 1)
# Rules 514 and 517-524: the rule that names each LS_ADOPTR whose SEX_ADOPTR does not fit.
ADOPTER_SEX_RULE = {"L0": "514", "L11": "520", "L12": "524", "L2": "519", "L3": "517", "L4": "518"}
COUPLE = frozenset({"MM", "FF", "MF"})


# Tables whose DOB must be the Header's, and the rule saying so.
def _dob(c, child):
    return c.data.header.get(child, {}).get("dob")


def _all_episodes(c, child):
    """The child's episodes we hold with this file's, in date order."""
    return c.merged.get(child) or sorted(
        (e for e in c.data.episodes.get(child, ()) if e.decom), key=lambda e: e.decom
    )


def _year_episodes(c, child):
    return sorted((e for e in c.data.episodes.get(child, ()) if e.decom), key=lambda e: e.decom)


def _left_care(c, child):
    """The episode with which the child left care in the year, or None."""
    eps = [e for e in c.data.episodes.get(child, ()) if e.decom]
    last = max(eps, key=lambda e: e.decom) if eps else None
    if last is not None and last.dec and last.rec and last.rec != codes.EPISODE_CONTINUES:
        return last
    return None


def _adopted(c, child):
    left = _left_care(c, child)
    return left if left is not None and left.rec in codes.ADOPTED else None


def _period_start(eps):
    """The first day of the latest period of care (its RNE S episode), or None when it began
    before the episodes we hold."""
    starts = [e.decom for e in eps if e.rne == "S"]
    return starts[-1] if starts else None


def _looked_after_from(eps):
    """The day the child's care began, where the first episode we hold starts a period."""
    return eps[0].decom if eps and eps[0].rne == "S" else None


def _first_in_period(eps, wanted):
    """The first episode of the latest period of care for which `wanted(episode)` holds."""
    start = _period_start(eps) or datetime.date.min
    return next((e for e in eps if e.decom >= start and wanted(e)), None)


def _all_year(c, child):
    """Looked after continuously for twelve months at 31 March (the OC2 cohort)."""
    eps = c.merged.get(child) or c.history.get(child) or []
    return looked_after_twelve_months(eps, c.first_day, c.last_day)


def _ad1_filled(r):
    return any(r[item] not in (None, "") for item in AD1_ITEMS)


def _oc3_filled(o):
    return any(o[item] for item in OC3_ITEMS)


def _latest_decision(rows):
    dated = [r for r in rows if r["adm_decision_date"]]
    return max(dated, key=lambda r: r["adm_decision_date"]) if dated else None


def _placed_by_child(c):
    by_child = {}
    for r in c.data.placed:
        by_child.setdefault(r["child"], []).append(r)
    return by_child


def _between(day, first, last):
    return first <= day <= last


# ---------------------------------------------------------------------------------------------
# OC2: children looked after for twelve months at 31 March
# ---------------------------------------------------------------------------------------------


@check("157", "185", "186", "188", "189", "190", "191", "197B", "198", "543", "545")
def outcomes_by_age_and_time_in_care(c):
    """Which OC2 items are due, by the child's age and whether they were looked after for the
    whole year: SDQ for ages 4 to 16, conviction from 10, health promotion under 5."""
    for child, o in c.data.oc2.items():
        all_year = _all_year(c, child)
        _items_for_the_whole_year(c, o, all_year)
        dob = _dob(c, child)
        if dob is not None:
            _items_by_age(c, o, dob, all_year)


def _items_for_the_whole_year(c, o, all_year):
    row = o["row"]
    if all_year:
        blank = [item.upper() for item in HEALTH_ITEMS if o[item] is None]
        if blank:
            c.add("OC2", row, blank[0], "191", f"{', '.join(blank)} blank")
        return
    if o["sdq_score"] is not None:
        c.add("OC2", row, "SDQ_SCORE", "185")
    if o["sdq_reason"]:
        c.add("OC2", row, "SDQ_REASON", "198")
    filled = [item.upper() for item in TWELVE_MONTH_ITEMS if o[item] is not None]
    if filled:
        c.add("OC2", row, filled[0], "190", f"{', '.join(filled)} completed")


def _items_by_age(c, o, dob, all_year):
    row = o["row"]
    score, reason = o["sdq_score"] is not None, bool(o["sdq_reason"])
    sdq_column = "SDQ_SCORE" if score else "SDQ_REASON"
    fourth, seventeenth = nth_birthday(dob, 4), nth_birthday(dob, 17)
    if (score or reason) and fourth > c.last_day:
        c.add("OC2", row, sdq_column, "188", f"born {dob:%d/%m/%Y}")
    if (score or reason) and seventeenth <= c.first_day:
        c.add("OC2", row, sdq_column, "189", f"born {dob:%d/%m/%Y}")
    sdq_age = fourth <= c.first_day and seventeenth > c.last_day
    if sdq_age and o["sdq_reason"] == "SDQ1":
        c.add("OC2", row, "SDQ_REASON", "157", f"born {dob:%d/%m/%Y}")
    if not all_year:
        return
    if sdq_age and not (score or reason):
        c.add("OC2", row, "SDQ_SCORE", "186")
    # 17 on 1 April is 17 at the start of the year: rule 189's, not asked for an SDQ item.
    turns_4_or_17 = _between(fourth, c.first_day, c.last_day) or (
        c.first_day < seventeenth <= c.last_day
    )
    if turns_4_or_17 and not (score or reason):
        c.add("OC2", row, "SDQ_REASON", "197B")
    if o["convicted"] is None and nth_birthday(dob, 10) <= c.last_day:
        c.add("OC2", row, "CONVICTED", "543")
    if o["health_check"] is None and nth_birthday(dob, 5) > c.last_day:
        c.add("OC2", row, "HEALTH_CHECK", "545")


@check("158", "159", "182", "192", "193", "197a", "544", "547")
def outcome_items_agree(c):
    """OC2 items that go together: the four health items, substance misuse and the
    interventions, an SDQ score or a reason for none."""
    for o in c.data.oc2.values():
        row = o["row"]
        if o["sdq_score"] is not None and o["sdq_reason"]:
            c.add("OC2", row, "SDQ_REASON", "197a")
        blank = [item.upper() for item in HEALTH_ITEMS if o[item] is None]
        if blank and any(o[item] is not None for item in TWELVE_MONTH_ITEMS):
            c.add("OC2", row, blank[0], "182", f"{', '.join(blank)} blank")
        if blank and o["convicted"] is not None:
            c.add("OC2", row, blank[0], "544", f"{', '.join(blank)} blank")
        if blank and o["health_check"] is not None:
            c.add("OC2", row, blank[0], "547", f"{', '.join(blank)} blank")
        misuse, received, offered = (
            o["substance_misuse"],
            o["intervention_received"],
            o["intervention_offered"],
        )
        if misuse is True and received is None:
            c.add("OC2", row, "INTERVENTION_RECEIVED", "192")
        if misuse is not True and (received is not None or offered is not None):
            column = "INTERVENTION_RECEIVED" if received is not None else "INTERVENTION_OFFERED"
            c.add("OC2", row, column, "193")
        if received is True and offered is not None:
            c.add("OC2", row, "INTERVENTION_OFFERED", "158")
        if misuse is True and received is False and offered is None:
            c.add("OC2", row, "INTERVENTION_OFFERED", "159")


# ---------------------------------------------------------------------------------------------
# OC3: care leavers
# ---------------------------------------------------------------------------------------------


@check("344", "345", "347", "3001")
def care_leaver_items_agree(c):
    """Activity and accommodation that fit whether the young person is in touch, and their
    age."""
    for child, o in c.data.oc3.items():
        row, in_touch = o["row"], o["in_touch"]
        activity, accommodation = o["activity"], o["accommodation"]
        if in_touch in ("DIED", "RHOM") and (activity, accommodation) != ("0", "0"):
            column = "ACTIV" if activity != "0" else "ACCOM"
            c.add("OC3", row, column, "344", f"IN_TOUCH {in_touch}: ACTIV and ACCOM should be 0")
        if in_touch == "YES" and "0" in (activity, accommodation):
            c.add("OC3", row, "ACTIV" if activity == "0" else "ACCOM", "345")
        dob = _dob(c, child)
        if dob is None:
            continue
        if accommodation in FOYER and nth_birthday(dob, 18) > c.last_day:
            c.add("OC3", row, "ACCOM", "347", f"ACCOM {accommodation}")
        if accommodation in STAYING_PUT_ACCOMMODATION and _between(
            nth_birthday(dob, 17), c.first_day, c.last_day
        ):
            c.add("OC3", row, "ACCOM", "3001", f"ACCOM {accommodation} at 17")


@check("348")
def care_leavers_reported_as_having_died(c):
    """Rule 348: a young person an earlier return reported as having died is returned as
    having died (against the contacts we hold rather than last year's file)."""
    for child, o in c.data.oc3.items():
        if child in c.data.held_died and o["in_touch"] != "DIED":
            c.add("OC3", o["row"], "IN_TOUCH", "348", f"IN_TOUCH {o['in_touch'] or 'blank'}")


@check("628", "1000", "1007", "1011", "1014", "1016")
def care_leavers_and_their_episodes(c):
    """Care leaver information only for those who left care, not for a young person who died
    in care, whose care another council took over, or who was looked after on (or left care
    after) their 17th or 18th birthday in the year."""
    for child, o in c.data.oc3.items():
        if not _oc3_filled(o):
            continue
        row = o["row"]
        eps = _year_episodes(c, child)
        left = _left_care(c, child)
        if left is not None and left.rec == DIED:
            c.add("OC3", row, "IN_TOUCH", "1000", f"REC E2 on {left.dec:%d/%m/%Y}")
        if left is not None and left.rec == CARE_TAKEN_OVER:
            c.add("OC3", row, "IN_TOUCH", "1011", f"REC E3 on {left.dec:%d/%m/%Y}")
        if not eps:
            _no_episodes_in_the_year(c, child)
            continue
        dob = _dob(c, child)
        held = [e for e in _all_episodes(c, child) if e.ls not in SHORT_BREAK]
        for age in (17, 18):
            birthday = nth_birthday(dob, age) if dob else None
            if birthday is None or not _between(birthday, c.first_day, c.last_day):
                continue
            if any(e.decom <= birthday and (e.dec is None or e.dec > birthday) for e in held):
                c.add("OC3", row, "IN_TOUCH", "1007", f"looked after on {birthday:%d/%m/%Y}")
            if left is not None and left.dec > birthday:
                c.add("OC3", row, "IN_TOUCH", "1016", f"left care {left.dec:%d/%m/%Y}")


def _no_episodes_in_the_year(c, child):
    """628: no motherhood details, and 1014: no UASC row, for a care leaver not looked after
    in the year."""
    h = c.data.header.get(child)
    if h is not None and h["mother"] is not None:
        c.add("Header", h["row"], "MOTHER", "628", f"child {child}")
    u = c.data.uasc.get(child)
    if u is not None and u["duc"] is not None:
        c.add("UASC", u["row"], "DUC", "1014", f"child {child}")


def _collection_year_of(day):
    return day.year + 1 if day.month >= 4 else day.year


@check("1001", "1002", "1010")
def care_leavers_against_the_history_we_hold(c):
    """The care leaver's time in care, from the history we hold rather than last year's files:
    1002 no episodes at all, 1001 not a relevant or former relevant child (13 weeks looked
    after from their 14th birthday, some of it from their 16th; not adopted), 1010 in care at
    the end of last year with no episodes this year. Run for a young person only when the
    history covers the years it needs."""
    held_years = c.history_years or set()
    skipped = False
    for child, o in c.data.oc3.items():
        dob = _dob(c, child)
        if not _oc3_filled(o) or dob is None:
            continue
        row = o["row"]
        eps = _all_episodes(c, child) or sorted(c.history.get(child, []), key=lambda e: e.decom)
        if c.year - 1 in held_years and not c.data.episodes.get(child):
            prev_last = c.first_day - datetime.timedelta(days=1)
            if any(e.decom <= prev_last and (e.dec is None or e.dec > prev_last) for e in eps):
                c.add("OC3", row, "IN_TOUCH", "1010", f"in care at {prev_last:%d/%m/%Y}")
        needed = set(range(_collection_year_of(nth_birthday(dob, 14)), c.year))
        if not needed:
            continue  # too young to have left care (rule 391 says so)
        if not needed <= held_years:
            skipped = True
            continue
        if not eps:
            c.add("OC3", row, "IN_TOUCH", "1002", f"no episodes held for {child}")
            continue
        if not _relevant_child(eps, dob, c.last_day) or eps[-1].rec in codes.ADOPTED:
            c.add("OC3", row, "IN_TOUCH", "1001")
    if skipped:
        c.data.warnings.append(
            "Care leaver rules 1001 and 1002 were not run for some young people in OC3: the "
            "history we hold does not cover every year since their 14th birthday."
        )


RELEVANT_DAYS = 91  # 13 weeks


def _relevant_child(eps, dob, last_day):
    """Looked after (not only in short breaks) for 13 weeks from the 14th birthday, and on
    some day from the 16th."""
    fourteenth, sixteenth = nth_birthday(dob, 14), nth_birthday(dob, 16)
    from14 = from16 = 0
    for e in eps:
        if e.ls in SHORT_BREAK:
            continue
        end = e.dec or last_day
        from14 += max(0, (end - max(e.decom, fourteenth)).days)
        from16 += max(0, (end - max(e.decom, sixteenth)).days)
    return from14 >= RELEVANT_DAYS and from16 >= 1


# ---------------------------------------------------------------------------------------------
# AD1: children adopted in the year
# ---------------------------------------------------------------------------------------------


@check("511", "514", "517", "518", "519", "520", "524", "INT31")
def adopters_agree(c):
    """The number, sex and legal status of the adopters fit one another."""
    seen = set()
    for r in c.data.ad1:
        row, number, sex = r["row"], r["number_of_adopters"], r["sex_of_adopters"]
        legal = r["legal_status_of_adopters"]
        if r["child"] in seen:
            c.add("AD1", row, "CHILD", "INT31", f"child {r['child']}")
        seen.add(r["child"])
        if number == "2" and sex and sex not in COUPLE:
            c.add("AD1", row, "SEX_ADOPTR", "511", f"SEX_ADOPTR {sex}")
        allowed = codes.ADOPTER_SEX_FOR_LEGAL_STATUS.get(legal)
        if allowed is not None and sex and sex not in allowed:
            c.add("AD1", row, "SEX_ADOPTR", ADOPTER_SEX_RULE[legal], f"{legal} with {sex}")


@check("134", "187", "331", "334", "335", "521", "523", "525", "582", "601", "602")
def adoptions_and_episodes(c):
    """AD1 for the children adopted in the year and only for them, its dates in the order of
    the adoption (decision, match, placement, adoption) and agreeing with PlacedAdoption."""
    ad1 = {}
    for r in c.data.ad1:
        if _ad1_filled(r):
            ad1.setdefault(r["child"], r)
    for child in c.data.episodes:
        adopted = _adopted(c, child)
        if adopted is not None and child not in ad1:
            c.add("Episodes", adopted.row, "REC", "601", f"REC {adopted.rec}")
    placed = _placed_by_child(c)
    for child, r in ad1.items():
        row = r["row"]
        adopted = _adopted(c, child)
        if adopted is None:
            c.add("AD1", row, "CHILD", "602", f"child {child}")
        else:
            _adoption_dates(c, r, adopted)
        _adoption_and_other_returns(c, r, placed.get(child, []))
    for child, o in c.data.oc3.items():
        if _oc3_filled(o) and _all_year(c, child):
            c.add("OC3", o["row"], "IN_TOUCH", "187", f"child {child} looked after all year")


@check("215")
def care_leavers_have_no_twelve_month_items(c):
    """Rule 215: no OC2 items for a young person with care leaver information."""
    for child, o in c.data.oc2.items():
        leaver = c.data.oc3.get(child)
        filled = [item.upper() for item in TWELVE_MONTH_ITEMS if o[item] is not None]
        if leaver is not None and _oc3_filled(leaver) and filled:
            c.add("OC2", o["row"], filled[0], "215", f"{', '.join(filled)} completed")


def _adoption_and_other_returns(c, r, decisions):
    """134 and 187: no adoption data for a care leaver or a child looked after all year;
    523 and 525: the decision to place the child for adoption, open, on DATE_INT."""
    child, row = r["child"], r["row"]
    if child in c.data.oc3 and _oc3_filled(c.data.oc3[child]):
        c.add("AD1", row, "CHILD", "134", f"child {child} is in OC3")
    if _all_year(c, child):
        c.add("AD1", row, "CHILD", "187", f"child {child} looked after all year")
    dates = {d["adm_decision_date"] for d in decisions}
    if decisions and r["adm_decision_date"] and r["adm_decision_date"] not in dates:
        c.add("AD1", row, "DATE_INT", "523")
    latest = _latest_decision(decisions)
    if latest is not None and latest["no_longer_placed_date"]:
        reversed_on = latest["no_longer_placed_date"]
        c.add("AD1", row, "CHILD", "525", f"reversed {reversed_on:%d/%m/%Y}")


def _adoption_dates(c, r, adopted):
    row, decided, matched = r["row"], r["adm_decision_date"], r["matched_date"]
    eps = _all_episodes(c, adopted.child)
    placed = _first_in_period(eps, lambda e: e.place in codes.ADOPTION)
    start = _period_start(eps)
    if matched and matched == adopted.dec:
        c.add("AD1", row, "DATE_MATCH", "582", f"adopted {adopted.dec:%d/%m/%Y}")
    if matched and placed is not None and matched > placed.decom:
        c.add("AD1", row, "DATE_MATCH", "331", f"placed {placed.decom:%d/%m/%Y}")
    if decided and placed is not None and decided > placed.decom:
        c.add("AD1", row, "DATE_INT", "521", f"placed {placed.decom:%d/%m/%Y}")
    if decided and start and decided < start:
        c.add("AD1", row, "DATE_INT", "334", f"looked after from {start:%d/%m/%Y}")
    foster = r["foster_care"]
    if foster is False and adopted.place in codes.ADOPTION_WITH_FOSTER_CARERS:
        c.add("AD1", row, "FOSTER_CARE", "335", f"placement {adopted.place}")
    if foster is True and adopted.place in NOT_WITH_FOSTER_CARERS:
        c.add("AD1", row, "FOSTER_CARE", "335", f"placement {adopted.place}")


# ---------------------------------------------------------------------------------------------
# PlacedAdoption: decisions that a child should be placed for adoption
# ---------------------------------------------------------------------------------------------


@check("117", "118", "184", "1003", "557", "558", "579", "583")
def adoption_decisions(c):
    """Decisions in the collection year and the child's time in care, after the child's
    birth, one open at a time, and closed when the child leaves care other than by adoption."""
    for child, rows in _placed_by_child(c).items():
        eps = _all_episodes(c, child)
        start, left = _looked_after_from(eps), _left_care(c, child)
        dob = _dob(c, child)
        for r in rows:
            _decision_dates(c, r, start, left, dob)
        latest = _latest_decision(rows)
        if latest is not None and left is not None:
            if left.rec in codes.ADOPTED and latest["no_longer_placed_date"]:
                c.add("PlacedAdoption", latest["row"], "DATE_PLACED_CEASED", "558")
            if left.rec not in codes.ADOPTED and not latest["no_longer_placed_date"]:
                c.add(
                    "PlacedAdoption",
                    latest["row"],
                    "DATE_PLACED_CEASED",
                    "557",
                    f"REC {left.rec} on {left.dec:%d/%m/%Y}",
                )
        dated = sorted(
            (r for r in rows if r["adm_decision_date"]), key=lambda r: r["adm_decision_date"]
        )
        for before, after in zip(dated, dated[1:], strict=False):
            ended = before["no_longer_placed_date"]
            if ended is None:
                c.add("PlacedAdoption", after["row"], "DATE_PLACED", "583")
            if ended is None or ended > after["adm_decision_date"]:
                c.add("PlacedAdoption", after["row"], "DATE_PLACED", "579")


def _decision_dates(c, r, start, left, dob):
    row, decided, ceased = r["row"], r["adm_decision_date"], r["no_longer_placed_date"]
    ended = left.dec if left is not None else None
    for column, day in (("DATE_PLACED", decided), ("DATE_PLACED_CEASED", ceased)):
        if day and (day > c.last_day or (ended and day > ended)):
            c.add("PlacedAdoption", row, column, "117", f"{column} {day:%d/%m/%Y}")
    if ceased and (ceased < c.first_day or (start and ceased < start)):
        c.add("PlacedAdoption", row, "DATE_PLACED_CEASED", "118", f"{ceased:%d/%m/%Y}")
    if decided and dob and decided < dob:
        c.add("PlacedAdoption", row, "DATE_PLACED", "184", f"born {dob:%d/%m/%Y}")
    if decided and start and decided < start:
        c.add("PlacedAdoption", row, "DATE_PLACED", "1003", f"looked after from {start:%d/%m/%Y}")


@check("559", "560", "561", "584")
def decisions_against_the_history_we_hold(c):
    """The decisions to place a child for adoption against those we hold from earlier returns
    rather than last year's file: a decision from before the year was returned then (559),
    keeps its date while it stands (560), is not returned as standing once reversed (561),
    and a new one comes after a reversed one (584). Run when the history covers last year."""
    if c.history_years is None or c.year - 1 not in c.history_years:
        return
    last_year_began, _ = collection_year_bounds(c.year - 1)
    held_children = {
        child
        for child, eps in c.history.items()
        if any(e.decom < c.first_day and (e.dec is None or e.dec >= last_year_began) for e in eps)
    }
    for child, rows in _placed_by_child(c).items():
        if child not in held_children:
            continue  # not looked after last year: no earlier return to compare with
        held = c.data.held_decisions.get(child, [])
        standing = [d for d, ceased in held if ceased is None or ceased >= c.first_day]
        reversed_ = [d for d, ceased in held if ceased is not None and ceased < c.first_day]
        dates = {r["adm_decision_date"] for r in rows}
        for r in rows:
            decided = r["adm_decision_date"]
            if decided is None:
                continue
            shown = f"{decided:%d/%m/%Y}"
            if decided < c.first_day and decided not in {d for d, _ceased in held}:
                c.add("PlacedAdoption", r["row"], "DATE_PLACED", "559", shown)
            if standing and not dates & set(standing) and decided not in reversed_:
                c.add(
                    "PlacedAdoption", r["row"], "DATE_PLACED", "560", f"held {standing[0]:%d/%m/%Y}"
                )
            if decided in reversed_:
                c.add("PlacedAdoption", r["row"], "DATE_PLACED", "561", shown)
            if any(decided < d for d in reversed_):
                c.add("PlacedAdoption", r["row"], "DATE_PLACED", "584", shown)


@check("551", "552", "553", "554")
def placements_for_adoption_need_a_decision(c):
    """A placement for adoption (A3-A6) or a placement order (E1) in the latest period of care
    needs the decision that the child should be placed for adoption, made before them."""
    placed = _placed_by_child(c)
    for child, year_eps in c.data.episodes.items():
        eps = _all_episodes(c, child)
        if not any(e.place in codes.ADOPTION or e.ls == PLACEMENT_ORDER for e in eps):
            continue
        decisions = sorted(
            (r for r in placed.get(child, ()) if r["adm_decision_date"]),
            key=lambda r: r["adm_decision_date"],
        )
        adoption = _first_in_period(eps, lambda e: e.place in codes.ADOPTION)
        order = _first_in_period(eps, lambda e: e.ls == PLACEMENT_ORDER)
        _placement_order_and_decision(c, year_eps, decisions)
        for first, column, missing, late in (
            (adoption, "PLACE", "551", "552"),
            (order, "LS", "553", "554"),
        ):
            if first is None:
                continue
            if not decisions and missing == "551":
                shown = first.row if first.row is not None else year_eps[0].row
                c.add("Episodes", shown, column, missing, f"{getattr(first, column.lower())}")
            elif decisions and decisions[0]["adm_decision_date"] > first.decom:
                c.add(
                    "PlacedAdoption",
                    decisions[0]["row"],
                    "DATE_PLACED",
                    late,
                    f"{column} {getattr(first, column.lower())} from {first.decom:%d/%m/%Y}",
                )


def _placement_order_and_decision(c, year_eps, decisions):
    """Rule 553: a placement order (E1) in the year needs the decision; one still open at
    the end of the year needs that decision not reversed."""
    orders = [e for e in year_eps if e.ls == PLACEMENT_ORDER and e.decom]
    if not orders:
        return
    if not decisions:
        c.add("Episodes", orders[0].row, "LS", "553", "E1")
        return
    latest = decisions[-1]
    if latest["no_longer_placed_date"] and any(e.dec is None for e in orders):
        c.add("PlacedAdoption", latest["row"], "DATE_PLACED_CEASED", "553", "E1 still open")


# ---------------------------------------------------------------------------------------------
# PrevPerm and dates of birth
# ---------------------------------------------------------------------------------------------


@check("632", "634", "635")
def previous_permanence_entries(c):
    """Previous permanence: none with Z1, only for periods of care begun from April 2016, and
    an order date before the period began."""
    from placements.ssda903.validation import parse_date

    for child, rows in c.data.prevperm.items():
        eps = _all_episodes(c, child)
        start = _period_start(eps)
        # Care that began before the episodes we hold began before the first of them.
        began_by = start or (eps[0].decom if eps else None)
        for r in rows:
            row, perm = r["row"], r["previous_permanence"]
            if perm == "Z1" and (r["local_authority"] or r["date_text"]):
                column = "LA_PERM" if r["local_authority"] else "DATE_PERM"
                c.add("PrevPerm", row, column, "635")
            filled = perm or r["local_authority"] or r["date_text"]
            if filled and began_by and began_by < PREVPERM_FROM:
                c.add("PrevPerm", row, "PREV_PERM", "634", f"looked after by {began_by:%d/%m/%Y}")
            order = parse_date(r["date_text"])
            if order and start and order > start:
                c.add("PrevPerm", row, "DATE_PERM", "632", f"looked after from {start:%d/%m/%Y}")
