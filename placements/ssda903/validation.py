"""Parse and validate one collection year of SSDA903 files, before anything is written.

Every problem becomes an `Error` printed as ``file:row: column: RULE_CODE message``. Where a
DfE rule covers the fault the error carries the DfE's code and the DfE's message for the year
(placements/ssda903/rules.py holds them, with the years each applied); our own codes, words
such as FILE, COLS, DATE, are only for faults no DfE rule names (`rules.OUR_CHECKS`), and
`Error.source` says which is which.
"""

import datetime
import operator
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from children import codes as child_codes
from children.dfe_rules import FAULT_RULES
from children.rules import OC3_BIRTHDAYS
from corporate_parenting.dates import birthday_between, collection_year_bounds
from placements import codes
from placements.ssda903 import rules, tables
from placements.ssda903.episodes import X1, Episode
from placements.ssda903.reader import read_rows


@dataclass(frozen=True)
class Error:
    file: str
    row: int
    column: str
    code: str
    message: str

    def __str__(self):
        return f"{self.file}:{self.row}: {self.column}: {self.code} {self.message}"

    @property
    def source(self):
        """'DfE rule' or 'our check'."""
        return rules.source(self.code)


def dfe_error(file, row, column, code, detail=""):
    """An error under a DfE rule: the DfE's message, then what we found."""
    text = rules.message(code)
    return Error(file, row, column, code, f"{text} ({detail})" if detail else text)


@lru_cache(maxsize=65536)
def parse_date(text):
    """dd/mm/YYYY -> date, or None if it is not one."""
    if len(text) != 10 or text[2] != "/" or text[5] != "/":
        return None
    try:
        return datetime.date(int(text[6:]), int(text[3:5]), int(text[:2]))
    except ValueError:
        return None


# Years we accept. Code lists are held for 2023 to 2027; an older or newer file is checked
# against the nearest year's lists (history loaded from earlier returns).
YEARS_ACCEPTED = range(2015, 2031)


def code_year(year):
    return min(max(year, codes.COLLECTION_YEAR_FIRST), codes.COLLECTION_YEAR_LAST)


year_bounds = collection_year_bounds


UPN_PATTERN = re.compile(r"^[A-Z]\d{11}[0-9A-Z]$")
URN_PATTERN = re.compile(r"^(XXXXXXX|SC\d{6}|\d{6,7})$")
UPN_UNKNOWN = frozenset(child_codes.UpnUnknown.values)
BOOLEAN = {"0": False, "1": True, "": None}
LOCATION = {"IN": True, "OUT": False, "": None}
SDQ_REASONS = frozenset(child_codes.SdqReason.values)


class YearData:
    """One collection year's rows, parsed and typed, keyed by CHILD."""

    def __init__(self, year):
        self.year = year
        self.files = {}  # table name -> file name shown in errors
        self.read = set()  # tables whose columns were all present
        self.header = {}
        self.episodes = {}
        self.episode_columns = ()
        self.uasc = {}
        self.reviews = []
        self.oc2 = {}
        self.oc3 = {}
        self.ad1 = []
        self.placed = []
        self.prevperm = {}
        self.missing = []
        self.sw = []
        self.dolo = []
        self.dobs = {}  # table -> [(CHILD, row, DOB as written)] for tables that repeat DOB
        # CHILD -> [(DATE_PLACED, DATE_PLACED_CEASED)] held from before the year (the importer
        # reads them from the adoption plans we hold).
        self.held_decisions = {}
        # CHILD of those an earlier year's OC3 reported as having died (the importer reads them).
        self.held_died = set()
        # CHILD -> the Header values already recorded for the child (writer.ChildFields),
        # filled by the importer from the database; empty when nothing is held.
        self.recorded = {}
        # {table: {(CHILD, start)}} held open at the previous 31 March (set by the importer).
        self.held_open = {}
        # {CHILD: (MOTHER, MC_DOB)} as last year's return recorded them (set by the importer
        # when the latest return imported is last year's).
        self.held_mothers = {}
        # Notes that block nothing (e.g. history rules not run because the history we hold
        # does not cover the previous year).
        self.warnings = []

    @property
    def header_and_episodes_read(self):
        return "Header" in self.read and "Episodes" in self.read

    @property
    def has_distance(self):
        return "PL_DISTANCE" in self.episode_columns

    @property
    def has_location(self):
        return "PL_LOCATION" in self.episode_columns

    def row_counts(self):
        return {
            "Header": len(self.header),
            "Episodes": sum(len(e) for e in self.episodes.values()),
            "UASC": len(self.uasc),
            "Reviews": len(self.reviews),
            "OC2": len(self.oc2),
            "OC3": len(self.oc3),
            "AD1": len(self.ad1),
            "PlacedAdoption": len(self.placed),
            "PrevPerm": sum(len(rows) for rows in self.prevperm.values()),
            "Missing": len(self.missing),
            "SWEpisodes": len(self.sw),
            "DoLo": len(self.dolo),
        }


class Checker:
    """Collects errors for one file."""

    def __init__(self, errors, file, table="", year=None):
        self.errors = errors
        self.file = file
        self.table = table
        self.year = year

    def add(self, row, column, code, message):
        """An error; under a DfE code the DfE's words come first, ours after in brackets."""
        if code in rules.all_rules():
            self.errors.append(dfe_error(self.file, row, column, code, message.rstrip(".")))
        else:
            self.errors.append(Error(self.file, row, column, code, message))

    def dfe(self, row, column, code, detail=""):
        self.errors.append(dfe_error(self.file, row, column, code, detail))

    def date(self, row, column, text, *, required=True):
        """A dd/mm/YYYY date, or None; a bad one draws the DfE's rule for the column
        (rules.DATE_RULES) or our DATE."""
        if not text:
            if required:
                code = rules.date_rule(self.table, column, self.year, blank=True)
                self.add(row, column, code, f"Enter {column} as a date (dd/mm/YYYY).")
            return None
        value = parse_date(text)
        if value is None:
            code = rules.date_rule(self.table, column, self.year)
            self.add(row, column, code, f"{column} '{text}' is not a valid dd/mm/YYYY date.")
        return value

    def code(self, row, column, text, allowed, rule, *, required=True):
        if text == "" and not required:
            return text
        if text not in allowed and text.upper() in allowed:
            self.add(
                row,
                column,
                "LOWER",
                f"{column} '{text}' is in lower case: the DfE's layout needs '{text.upper()}'.",
            )
            return text.upper()
        if text not in allowed:
            shown = f"'{text}'" if text else "blank"
            self.add(row, column, rule, f"{column} {shown} is not a valid code.")
        return text


# ---------------------------------------------------------------------------------------------
# Parsing: one function per table, each row checked on its own
# ---------------------------------------------------------------------------------------------


def parse(fileset, year):
    """Read and check a year's files row by row. Returns (YearData, errors)."""
    data = YearData(year)
    errors = []
    for table in (tables.HEADER, tables.EPISODES):
        if table.name not in fileset.files:
            errors.append(
                Error(
                    tables.file_name(table),
                    0,
                    "-",
                    "FILE",
                    f"The {table.name} table is required: add {tables.file_name(table)}.",
                )
            )
    for table in tables.TABLES:
        path = fileset.files.get(table.name)
        if path is None:
            continue
        data.files[table.name] = path.name
        check = Checker(errors, path.name, table.name, year)
        before = len(errors)
        columns, rows = read_rows(path, report=check.add, limits=tables.max_lengths())
        if not columns and len(errors) > before:
            continue  # not readable: said why
        missing = [c for c in table.columns if c not in columns]
        if missing:
            for column in missing:
                check.add(1, column, "COLS", f"Column {column} is missing from {table.name}.")
            continue
        index = {
            name: columns.index(name)
            for name in table.columns + table.optional_columns
            if name in columns
        }
        extra = [c for c in columns if c and c not in table.columns]
        if extra:
            data.warnings.append(
                f"{path.name}: {', '.join(extra)} "
                f"{'is' if len(extra) == 1 else 'are'} not in the DfE's layout for "
                f"{year - 1}-{str(year)[2:]} (the DfE refuses the file): remove "
                f"{'it' if len(extra) == 1 else 'them'} before submitting."
                + (
                    " The distance and the placement's area are derived from the postcodes."
                    if set(extra) & set(table.optional_columns)
                    else ""
                )
            )
        data.read.add(table.name)
        if table is tables.EPISODES:
            data.episode_columns = tuple(c for c in table.optional_columns if c in columns)
        PARSERS[table.name](data, check, rows, index, year)
    return data, errors


def _getter(index):
    """values -> {column: value}; a short row's missing columns are blank."""
    names = tuple(index)
    width = max(index.values()) + 1
    pick = operator.itemgetter(*index.values())
    if len(names) == 1:
        pick = lambda values, pick=pick: (pick(values),)  # noqa: E731 - one column gives no tuple

    def get(values):
        if len(values) < width:
            values = values + [""] * (width - len(values))
        return dict(zip(names, pick(values), strict=True))

    return get


def _child(check, line, r):
    if not r["CHILD"]:
        check.add(line, "CHILD", "CHILD", "Enter the child's identifier.")
    return r["CHILD"]


def parse_header(data, check, rows, index, year):
    get = _getter(index)
    legacy = year < child_codes.SEX_LETTER_CODES_FROM
    sexes = child_codes.LEGACY_SEX if legacy else {c: c for c in child_codes.Sex.values}
    ethnic = frozenset(child_codes.Ethnicity.values)
    for line, values in rows:
        r = get(values)
        child = _child(check, line, r)
        if child in data.header:
            check.dfe(line, "CHILD", "INT32", f"child {child}")
            continue
        sex = r["SEX"]
        if sex not in sexes:
            check.add(line, "SEX", "101", f"SEX '{sex}' is not a valid code for {year}.")
        check.code(line, "ETHNIC", r["ETHNIC"], ethnic, "103")
        dob = check.date(line, "DOB", r["DOB"])
        upn = r["UPN"]
        if not upn:
            check.dfe(line, "UPN", "442")
        elif upn not in UPN_UNKNOWN and not UPN_PATTERN.match(upn):
            check.add(
                line,
                "UPN",
                FAULT_RULES["upn_not_valid"],
                f"UPN '{upn}' is not a valid UPN or UN1-UN5 code.",
            )
        if upn == "UN1" and dob and dob <= datetime.date(year - 6, 8, 31):
            check.add(
                line,
                "UPN",
                FAULT_RULES["upn_un1_at_school_age"],
                "UN1 is for children not yet of school age.",
            )
        if r["MOTHER"] not in BOOLEAN:
            check.add(line, "MOTHER", "165", f"MOTHER '{r['MOTHER']}' must be 0, 1 or blank.")
        mc_dob = check.date(line, "MC_DOB", r["MC_DOB"], required=False)
        data.header[child] = {
            "row": line,
            "sex": sexes.get(sex, sex),
            "dob": dob,
            "ethnicity": r["ETHNIC"],
            "upn": upn,
            "mother": BOOLEAN.get(r["MOTHER"]),
            "mother_child_dob": mc_dob,
        }


def parse_episodes(data, check, rows, index, year):
    get = _getter(index)
    rne_codes = frozenset(codes.ReasonNewEpisode.values)
    ls_codes = frozenset(codes.LegalStatus.values)
    cin_codes = frozenset(codes.CategoryOfNeed.values)
    place_codes = codes.PLACEMENT_TYPES_BY_YEAR[code_year(year)]
    provider_codes = frozenset(codes.PlacementProvider.values)
    rec_codes = frozenset(codes.ReasonEpisodeCeased.values)
    rpc_codes = frozenset(codes.ReasonPlaceChange.values)
    urn_free = codes.URN_NOT_REQUIRED_BY_YEAR[code_year(year)]
    provider_needed = codes.PROVIDER_REQUIRED_BY_YEAR[code_year(year)]
    provider_banned = codes.PROVIDER_NOT_ALLOWED_BY_YEAR[code_year(year)]
    first, last = year_bounds(year)
    for line, values in rows:
        r = get(values)
        child = _child(check, line, r)
        decom = check.date(line, "DECOM", r["DECOM"])
        dec = check.date(line, "DEC", r["DEC"], required=False)
        rne = check.code(line, "RNE", r["RNE"], rne_codes, "143")
        ls = check.code(line, "LS", r["LS"], ls_codes, "144")
        cin = check.code(line, "CIN", r["CIN"], cin_codes, "145")
        place = check.code(
            line, "PLACE", r["PLACE"], place_codes, FAULT_RULES["placement_type_not_valid"]
        )
        provider = check.code(
            line, "PLACE_PROVIDER", r["PLACE_PROVIDER"], provider_codes, "178", required=False
        )
        rec = check.code(line, "REC", r["REC"], rec_codes, "149", required=False)
        rpc = check.code(
            line,
            "REASON_PLACE_CHANGE",
            r["REASON_PLACE_CHANGE"],
            rpc_codes,
            FAULT_RULES["reason_for_change_not_valid"],
            required=False,
        )
        _check_provider(check, line, place, provider, provider_needed, provider_banned)
        # Short breaks (V3/V4) record no URN (rule 214), so rule 218 leaves them out.
        if place and place not in urn_free and not r["URN"] and ls not in codes.SHORT_BREAK:
            check.add(
                line,
                "URN",
                FAULT_RULES["urn_missing"],
                f"Placement {place} needs an Ofsted URN or XXXXXXX.",
            )
        if r["URN"] and not URN_PATTERN.match(r["URN"]):
            check.add(
                line,
                "URN",
                "URN",
                f"URN '{r['URN']}' is not an Ofsted URN (SC and 6 digits, or 6-7 digits).",
            )
        _check_episode_dates(check, line, r, decom, dec, rec, year, first, last)
        if place in codes.ADOPTION_WITH_PLACEMENT_ORDER and ls != "E1":
            check.dfe(line, "LS", "408", f"PLACE {place} with LS {ls or 'blank'}")
        if place in codes.ADOPTION_WITH_FOSTER_CARERS and rne not in {"S", "T", "U"}:
            check.add(
                line,
                "RNE",
                FAULT_RULES["adoption_with_foster_carers_new_episode"],
                f"A {place} placement starts with RNE S, T or U.",
            )
        distance = _distance(check, line, r)
        inside = _inside_area(check, line, r)
        data.episodes.setdefault(child, []).append(
            Episode(
                child=child,
                decom=decom,
                rne=rne,
                ls=ls,
                cin=cin,
                place=place,
                provider=provider,
                dec=dec,
                rec=rec,
                rpc=rpc,
                home_post=r["HOME_POST"],
                pl_post=r["PL_POST"],
                urn=r["URN"],
                distance=distance,
                inside=inside,
                row=line,
            )
        )


def _check_provider(check, line, place, provider, needed, banned):
    """PLACE_PROVIDER against PLACE (rules 526, 213, 550 and 527-531)."""
    if place in needed and not provider:
        check.add(
            line,
            "PLACE_PROVIDER",
            FAULT_RULES["provider_missing"],
            f"Placement {place} needs a provider.",
        )
    if place in banned and provider:
        check.add(
            line,
            "PLACE_PROVIDER",
            FAULT_RULES["provider_not_required"],
            f"Placement {place} takes no provider.",
        )
    if provider in codes.PROVIDER_ONLY_WITH and place not in codes.PROVIDER_ONLY_WITH[provider]:
        check.add(line, "PLACE_PROVIDER", "550", f"Provider {provider} is only for P1.")
    if place in codes.PROVIDER_NOT_WITH.get(provider, ()):
        check.add(
            line,
            "PLACE_PROVIDER",
            codes.PROVIDER_RULE[provider],
            f"Provider {provider} cannot be recorded with placement {place}.",
        )


def _check_episode_dates(check, line, r, decom, dec, rec, year, first, last):
    """DEC and REC go together (148), DEC is not before DECOM (356), neither is after the
    collection year (354, 385), DEC is not before it."""
    if bool(dec) != bool(rec):
        if rec and not r["DEC"]:
            check.add(line, "DEC", "148", "REC is given, so enter DEC, the date it ceased.")
        elif r["DEC"] and not rec:
            check.add(line, "REC", "148", "DEC is given, so enter REC, why it ceased.")
    if decom and dec and dec < decom:
        check.add(line, "DEC", FAULT_RULES["episode_ends_before_start"], "DEC is before DECOM.")
    if decom and decom > last:
        check.add(line, "DECOM", "354", f"DECOM is after the collection year ({year}).")
    if dec and dec > last:
        check.add(line, "DEC", "385", f"DEC is after the collection year ({year}).")
    if dec and dec < first:
        check.add(line, "DEC", "YEAR", f"The episode ended before the collection year {year}.")


def _distance(check, line, r):
    """PL_DISTANCE (optional column): miles with at most one decimal, or None."""
    if not r.get("PL_DISTANCE"):
        return None
    try:
        distance = Decimal(r["PL_DISTANCE"])
        if distance < 0 or distance >= 100000 or distance.as_tuple().exponent < -1:
            raise InvalidOperation
    except InvalidOperation:
        check.add(line, "PL_DISTANCE", "NUM", "PL_DISTANCE must be miles with at most 1 decimal.")
        return None
    return distance


def _inside_area(check, line, r):
    """PL_LOCATION (optional column): True for IN, False for OUT, None when blank or absent."""
    if "PL_LOCATION" not in r:
        return None
    if r["PL_LOCATION"] not in LOCATION:
        check.add(line, "PL_LOCATION", "NUM", "PL_LOCATION must be IN, OUT or blank.")
    return LOCATION.get(r["PL_LOCATION"])


def _note_dob(data, table, line, r):
    """The DOB a table repeats, checked against Header's (INT11-INT18)."""
    data.dobs.setdefault(table, []).append((r["CHILD"], line, r["DOB"]))


def parse_uasc(data, check, rows, index, year):
    get = _getter(index)
    for line, values in rows:
        r = get(values)
        child = _child(check, line, r)
        if child in data.uasc:
            check.dfe(line, "CHILD", "INT36", f"child {child}")
        data.uasc[child] = {
            "row": line,
            "duc": check.date(line, "DUC", r["DUC"], required=False),
            "sex": r["SEX"],
        }
        _note_dob(data, "UASC", line, r)


def parse_reviews(data, check, rows, index, year):
    get = _getter(index)
    allowed = frozenset(child_codes.ReviewParticipation.values)
    seen = set()
    for line, values in rows:
        r = get(values)
        child = _child(check, line, r)
        date = check.date(line, "REVIEW", r["REVIEW"])
        check.code(line, "REVIEW_CODE", r["REVIEW_CODE"], allowed, "167")
        if (child, date) in seen:
            check.add(line, "REVIEW", "DUP", "This child already has a review on this date.")
        seen.add((child, date))
        data.reviews.append((child, line, date, r["REVIEW_CODE"]))
        _note_dob(data, "Reviews", line, r)


OC2_FLAGS = (
    "CONVICTED",
    "HEALTH_CHECK",
    "IMMUNISATIONS",
    "TEETH_CHECK",
    "HEALTH_ASSESSMENT",
    "SUBSTANCE_MISUSE",
    "INTERVENTION_RECEIVED",
    "INTERVENTION_OFFERED",
)


def parse_oc2(data, check, rows, index, year):
    get = _getter(index)
    for line, values in rows:
        r = get(values)
        child = _child(check, line, r)
        _note_dob(data, "OC2", line, r)
        if child in data.oc2:
            check.dfe(line, "CHILD", "INT33", f"child {child}")
        score = None
        if r["SDQ_SCORE"]:
            if r["SDQ_SCORE"].isdigit() and int(r["SDQ_SCORE"]) <= 40:
                score = int(r["SDQ_SCORE"])
            else:
                check.add(line, "SDQ_SCORE", "180", "SDQ_SCORE must be a whole number 0 to 40.")
        check.code(line, "SDQ_REASON", r["SDQ_REASON"], SDQ_REASONS, "196", required=False)
        flags = {}
        for column in OC2_FLAGS:
            if r[column] not in BOOLEAN:
                check.add(line, column, "181", f"{column} must be 0, 1 or blank.")
            flags[column.lower()] = BOOLEAN.get(r[column])
        data.oc2[child] = {
            "row": line,
            "sdq_score": score,
            "sdq_reason": r["SDQ_REASON"],
            **flags,
        }


def parse_oc3(data, check, rows, index, year):
    get = _getter(index)
    in_touch = frozenset(child_codes.InTouch.values)
    activity = frozenset(child_codes.Activity.values)
    accommodation = frozenset(child_codes.Accommodation.values)
    for line, values in rows:
        r = get(values)
        child = _child(check, line, r)
        _note_dob(data, "OC3", line, r)
        if child in data.oc3:
            check.dfe(line, "CHILD", "INT34", f"child {child}")
        check.code(line, "IN_TOUCH", r["IN_TOUCH"], in_touch, "131", required=False)
        check.code(line, "ACTIV", r["ACTIV"], activity, "132", required=False)
        check.code(line, "ACCOM", r["ACCOM"], accommodation, "133", required=False)
        _all_or_none(check, line, r, OC3_ITEMS, "153")
        data.oc3[child] = {
            "row": line,
            "in_touch": r["IN_TOUCH"],
            "activity": r["ACTIV"],
            "accommodation": r["ACCOM"],
        }


OC3_ITEMS = ("IN_TOUCH", "ACTIV", "ACCOM")
AD1_ITEMS = ("DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR")


def _all_or_none(check, line, r, items, code):
    """The DfE's 'all coded or all left blank' rules (153, 151): the first blank one named."""
    blank = [column for column in items if not r[column]]
    if blank and len(blank) < len(items):
        check.dfe(line, blank[0], code, f"{', '.join(blank)} blank")


def parse_ad1(data, check, rows, index, year):
    get = _getter(index)
    foster = {"0": False, "1": True}
    number = frozenset(codes.Ad1NumberOfAdopters.values)
    sex = frozenset(codes.Ad1SexOfAdopters.values)
    legal = frozenset(codes.Ad1LegalStatusOfAdopters.values)
    for line, values in rows:
        r = get(values)
        child = _child(check, line, r)
        _note_dob(data, "AD1", line, r)
        _all_or_none(check, line, r, AD1_ITEMS, "151")
        date_int = check.date(line, "DATE_INT", r["DATE_INT"], required=False)
        date_match = check.date(line, "DATE_MATCH", r["DATE_MATCH"], required=False)
        if date_int and date_match and date_match < date_int:
            check.add(line, "DATE_INT", "333", "DATE_MATCH is before DATE_INT.")
        if r["FOSTER_CARE"] and r["FOSTER_CARE"] not in foster:
            check.add(line, "FOSTER_CARE", "114", "FOSTER_CARE must be 0 or 1.")
        check.code(line, "NB_ADOPTR", r["NB_ADOPTR"], number, "175", required=False)
        check.code(line, "SEX_ADOPTR", r["SEX_ADOPTR"], sex, "176", required=False)
        check.code(line, "LS_ADOPTR", r["LS_ADOPTR"], legal, "177", required=False)
        data.ad1.append(
            {
                "child": child,
                "row": line,
                "adm_decision_date": date_int,
                "matched_date": date_match,
                "foster_care": foster.get(r["FOSTER_CARE"]),
                "number_of_adopters": r["NB_ADOPTR"],
                "sex_of_adopters": r["SEX_ADOPTR"],
                "legal_status_of_adopters": r["LS_ADOPTR"],
            }
        )


def parse_placed(data, check, rows, index, year):
    get = _getter(index)
    reasons = frozenset(codes.ReasonPlacedCeased.values)
    for line, values in rows:
        r = get(values)
        child = _child(check, line, r)
        _note_dob(data, "PlacedAdoption", line, r)
        reason = r["REASON_PLACED_CEASED"]
        reversed_ = bool(r["DATE_PLACED_CEASED"] or reason)
        if reversed_ and not r["DATE_PLACED"]:
            check.dfe(line, "DATE_PLACED", "563")
            placed = None
        else:
            placed = check.date(line, "DATE_PLACED", r["DATE_PLACED"])
        ceased = check.date(line, "DATE_PLACED_CEASED", r["DATE_PLACED_CEASED"], required=False)
        check.code(line, "REASON_PLACED_CEASED", reason, reasons, "120", required=False)
        if bool(r["DATE_PLACED_CEASED"]) != bool(reason):
            missing = "REASON_PLACED_CEASED" if not reason else "DATE_PLACED_CEASED"
            check.dfe(line, missing, "119", f"{missing} is blank")
        if placed and ceased and ceased < placed:
            check.add(
                line, "DATE_PLACED_CEASED", "522", "DATE_PLACED_CEASED is before DATE_PLACED."
            )
        data.placed.append(
            {
                "child": child,
                "row": line,
                "adm_decision_date": placed,
                "no_longer_placed_date": ceased,
                "no_longer_placed_reason": reason,
            }
        )


DATE_PERM = re.compile(r"^(\d\d|zz|ZZ)/(\d\d|zz|ZZ)/(\d{4}|zzzz|ZZZZ)$")
LA_PERM = re.compile(r"^\d{3}$")


def parse_prevperm(data, check, rows, index, year):
    """One row per period of care started (a child may have two), in period order."""
    get = _getter(index)
    allowed = frozenset(codes.PreviousPermanence.values)
    for line, values in rows:
        r = get(values)
        child = _child(check, line, r)
        _note_dob(data, "PrevPerm", line, r)
        check.code(line, "PREV_PERM", r["PREV_PERM"], allowed, "631")
        if r["DATE_PERM"] and not DATE_PERM.match(r["DATE_PERM"]):
            check.add(line, "DATE_PERM", "632", "DATE_PERM must be dd/mm/YYYY (zz if unknown).")
        if r["LA_PERM"] and not LA_PERM.match(r["LA_PERM"]):
            check.add(line, "LA_PERM", "633", "LA_PERM must be a 3-digit council code.")
        if child in data.prevperm:
            check.dfe(line, "CHILD", "INT35", f"child {child}")
        data.prevperm.setdefault(child, []).append(
            {
                "row": line,
                "previous_permanence": r["PREV_PERM"],
                "local_authority": r["LA_PERM"],
                "date_text": r["DATE_PERM"],
            }
        )


def _dated(
    data_list,
    check,
    rows,
    index,
    start_col,
    end_col,
    extra,
    *,
    order="ORDER",
    dup="DUP",
    start_required=True,
):
    get = _getter(index)
    seen = set()
    for line, values in rows:
        r = get(values)
        child = _child(check, line, r)
        start = check.date(line, start_col, r[start_col], required=start_required)
        end = check.date(line, end_col, r[end_col], required=False)
        if start and end and end < start:
            check.add(line, end_col, order, f"{end_col} is before {start_col}.")
        if (child, start) in seen:
            check.add(line, start_col, dup, f"Child {child} already has a row starting then.")
        seen.add((child, start))
        data_list.append(
            {"child": child, "row": line, "start": start, "end": end, **extra(line, r)}
        )


def parse_missing(data, check, rows, index, year):
    kinds = frozenset(child_codes.MissingKind.values)

    def extra(line, r):
        if r["MISSING"] and not r["MIS_START"]:
            check.dfe(line, "MIS_START", "564")
        if r["MISSING"]:
            check.code(line, "MISSING", r["MISSING"], kinds, "1006")
        elif r["MIS_START"]:
            check.dfe(line, "MISSING", "565")
        elif r["MIS_END"]:
            check.dfe(line, "MISSING", "566")
        _note_dob(data, "Missing", line, r)
        return {"kind": r["MISSING"]}

    _dated(
        data.missing,
        check,
        rows,
        index,
        "MIS_START",
        "MIS_END",
        extra,
        order=FAULT_RULES["missing_ends_before_start"],
        start_required=False,
    )


def parse_sw(data, check, rows, index, year):
    """Social worker episodes: the DfE's SW rules of the year where they name the fault."""
    reasons = frozenset(child_codes.SocialWorkerChangeReason.values)
    in_force = rules.rules_for_year(year)

    def code(dfe, ours):
        return dfe if dfe in in_force else ours

    def extra(line, r):
        if not r["SW_ID"]:
            check.add(line, "SW_ID", "SW01", "Enter the social worker's ID.")
        elif len(r["SW_ID"]) > 20:
            check.add(line, "SW_ID", "SW01", "SW_ID is longer than 20 characters.")
        elif "SW02STG1" in in_force and r["SW_ID"][:2] not in ("SW", "XX"):
            check.add(line, "SW_ID", "SW02STG1", f"SW_ID '{r['SW_ID']}'")
        start, end = parse_date(r["SW_DECOM"]), parse_date(r["SW_DEC"])
        # SW_REASON: why the episode began (FCONTA for a first allocation), given for every
        # episode begun since the SWEpisodes table came in.
        needed = start is not None and start >= SW_REASON_FROM
        if needed and not r["SW_REASON"]:
            check.add(line, "SW_REASON", code("SW13STG1", "SW13"), "SW_REASON is blank")
        else:
            check.code(
                line, "SW_REASON", r["SW_REASON"], reasons, code("SW13STG1", "SW13"), required=False
            )
        if "SW09STG2" in in_force and start and end and start <= end < start + SW_SHORTEST:
            check.add(line, "SW_DEC", "SW09STG2", "it began and ended on the same day")
        return {"worker_ref": r["SW_ID"], "start_reason": r["SW_REASON"]}

    _dated(
        data.sw,
        check,
        rows,
        index,
        "SW_DECOM",
        "SW_DEC",
        extra,
        order=code("SW18STG2", "ORDER"),
        dup=code("SW19STG2", "DUP"),
    )


# SW09STG2, "less than 24 hours", with dates only: ended the day it began. (The public
# validator reads it as under 3 days; the DfE's words are followed here.)
SW_SHORTEST = datetime.timedelta(days=1)
# SW13STG1 asks SW_REASON of every social worker episode that began on or after this day.
SW_REASON_FROM = datetime.date(2023, 4, 1)


def parse_dolo(data, check, rows, index, year):
    """Deprivation of liberty orders: the DfE's rules 700-702 from 2026-27."""
    in_force = rules.rules_for_year(year)

    def code(dfe, ours):
        return dfe if dfe in in_force else ours

    _dated(
        data.dolo,
        check,
        rows,
        index,
        "DOLO_START",
        "DOLO_END",
        lambda line, r: {},
        order=code(FAULT_RULES["dolo_ends_before_start"], "ORDER"),
    )


PARSERS = {
    "Header": parse_header,
    "Episodes": parse_episodes,
    "UASC": parse_uasc,
    "Reviews": parse_reviews,
    "OC2": parse_oc2,
    "OC3": parse_oc3,
    "AD1": parse_ad1,
    "PlacedAdoption": parse_placed,
    "PrevPerm": parse_prevperm,
    "Missing": parse_missing,
    "SWEpisodes": parse_sw,
    "DoLo": parse_dolo,
}


# ---------------------------------------------------------------------------------------------
# Checks across rows and tables
# ---------------------------------------------------------------------------------------------


def merge_history(existing, incoming, year):
    """A child's episodes: those held before this file's first episode, this file's, and
    those held after the collection year (when an earlier year is imported again).

    A later year's file repeats the episode left open at 31 March with its DECOM and completes
    it; an earlier year's file shows an episode open that a later file already completed, and
    the completed one is kept.
    """
    incoming = sorted(incoming, key=lambda e: e.decom)
    if not existing:
        return incoming
    _first_day, last_day = year_bounds(year)
    first = incoming[0].decom
    held = {e.decom: e for e in existing}
    merged = [e for e in existing if e.decom < first]
    for ep in incoming:
        later = held.get(ep.decom)
        if ep.dec is None and later is not None and later.dec is not None and later.dec > last_day:
            later.row = ep.row
            merged.append(later)
        else:
            merged.append(ep)
    merged.extend(e for e in existing if e.decom > last_day and e.decom > merged[-1].decom)
    return merged


# The DfE's "child in <table> does not exist in Header" rules.
NOT_IN_HEADER = {
    "AD1": "INT01",
    "PlacedAdoption": "INT02",
    "Episodes": "INT03",
    "Missing": "INT04",
    "OC2": "INT05",
    "OC3": "INT06",
    "PrevPerm": "INT07",
    "Reviews": "INT08",
    "UASC": "INT09",
}


def _not_in_header(file, table, child, row):
    if table in NOT_IN_HEADER:
        return dfe_error(file, row, "CHILD", NOT_IN_HEADER[table], f"child {child}")
    return Error(file, row, "CHILD", "CHILD", f"Child {child} is not in Header.")


def validate(data, history, *, history_years=None):
    """Checks across rows and tables. `history` maps CHILD -> episodes already held;
    `history_years` is the set of collection years that history covers (None: unknown, so the
    history rules 562 and NoE are not run and a warning says so).

    Returns (errors, merged) where merged maps CHILD -> the child's full episode list.
    """
    errors = []
    year = data.year
    first_day, last_day = year_bounds(year)
    header = data.header
    merged = {}

    def in_header(table, child, row):
        if child and child not in header:
            errors.append(_not_in_header(data.files[table], table, child, row))

    ep_check = Checker(errors, data.files.get("Episodes", "episodes.csv"))
    for child, eps in data.episodes.items():
        rows = [e.row for e in eps]
        in_header("Episodes", child, rows[0])
        if any(e.decom is None for e in eps):
            continue
        full = merge_history(history.get(child, []), eps, year)
        merged[child] = full
        dob = header.get(child, {}).get("dob")
        _check_sequence(ep_check, full, dob)

    # Looked after in the year other than in short breaks (rule 399: no MOTHER for those).
    has_episode_in_year = {
        child
        for child, eps in data.episodes.items()
        if any(
            e.decom
            and e.decom <= last_day
            and (e.dec is None or e.dec >= first_day)
            and e.ls not in codes.SHORT_BREAK
            for e in eps
        )
    }
    _check_mothers(
        Checker(errors, data.files.get("Header", "header.csv")), header, has_episode_in_year
    )

    for child, u in data.uasc.items():
        in_header("UASC", child, u["row"])
    for child, line, _date, _code in data.reviews:
        in_header("Reviews", child, line)
    _check_reviews_in_care(errors, data, merged, history)
    for child, o in data.oc2.items():
        in_header("OC2", child, o["row"])
    for child, o in data.oc3.items():
        in_header("OC3", child, o["row"])
    _check_oc3_ages(errors, data, first_day, last_day)
    for table, rows in (
        ("AD1", data.ad1),
        ("PlacedAdoption", data.placed),
        ("Missing", data.missing),
        ("SWEpisodes", data.sw),
        ("DoLo", data.dolo),
    ):
        for r in rows:
            in_header(table, r["child"], r["row"])
    _check_social_worker_episodes(errors, data, data.files.get("SWEpisodes"))
    for child, rows in data.prevperm.items():
        in_header("PrevPerm", child, rows[0]["row"])
    # dfe_checks builds on this module's types; the dfe_checks_* modules register their checks.
    from placements.ssda903 import (  # noqa: F401
        dfe_checks,
        dfe_checks_adoption_outcomes,
        dfe_checks_episodes,
        dfe_checks_later,
    )

    dfe_checks.run(data, errors, merged, history, history_years)
    return errors, merged


def _check_mothers(check, header, has_episode_in_year):
    """MOTHER (0 or 1) for every girl looked after in the year other than in short breaks
    (393), and only for girls (165)."""
    for child, h in header.items():
        if h["sex"] == "F":
            if child in has_episode_in_year and h["mother"] is None:
                check.dfe(h["row"], "MOTHER", "393")
        elif h["mother"] is not None:
            check.add(
                h["row"],
                "MOTHER",
                FAULT_RULES["mother_not_a_girl"],
                "MOTHER is recorded for girls only.",
            )


def _check_reviews_in_care(errors, data, merged, history):
    """A review falls within one of the child's periods of care."""
    for child, line, date, _code in data.reviews:
        if (
            date
            and child in data.header
            and not _in_a_period(merged.get(child, history.get(child)), date)
        ):
            errors.append(
                Error(
                    data.files["Reviews"],
                    line,
                    "REVIEW",
                    "PERIOD",
                    "The review date is outside the child's periods of care.",
                )
            )


def _check_oc3_ages(errors, data, first_day, last_day):
    """Rule 391: OC3 is for young people whose 17th to 21st birthday falls in the year."""
    for child, o in data.oc3.items():
        dob = data.header.get(child, {}).get("dob")
        if dob and not _care_leaver_birthday(dob, first_day, last_day):
            errors.append(
                dfe_error(data.files["OC3"], o["row"], "DOB", "391", f"born {dob:%d/%m/%Y}")
            )


def _check_social_worker_episodes(errors, data, file):
    """A child has one social worker at a time (SW08STG2: the episode before has no end;
    SW10STG2: it ends after this one starts) and, from 2025-26, one open at 31 March
    (SW17STG2) for a child looked after then (the public validator asks it of every child;
    the rule's words are about children in care at 31 March)."""
    in_force = rules.rules_for_year(data.year)
    _first_day, last_day = year_bounds(data.year)
    by_child = {}
    for row in data.sw:
        if row["start"] is not None:
            by_child.setdefault(row["child"], []).append(row)
    for child_rows in by_child.values():
        child_rows.sort(key=lambda r: r["start"])
        for before, after in zip(child_rows, child_rows[1:], strict=False):
            if before["end"] is None and "SW08STG2" in in_force:
                errors.append(dfe_error(file, before["row"], "SW_DEC", "SW08STG2"))
            elif before["end"] is None or before["end"] > after["start"]:
                if "SW10STG2" in in_force:
                    errors.append(dfe_error(file, after["row"], "SW_DECOM", "SW10STG2"))
                else:
                    errors.append(
                        Error(file, after["row"], "SW_DECOM", "OVERLAP", "SW episodes overlap.")
                    )
        latest = child_rows[-1]
        if (
            latest["end"] is not None
            and "SW17STG2" in in_force
            and _looked_after_at(data.episodes.get(latest["child"], ()), last_day)
        ):
            errors.append(dfe_error(file, latest["row"], "SW_DEC", "SW17STG2"))


def _looked_after_at(episodes, day):
    return any(e.decom and e.decom <= day and (e.dec is None or e.dec > day) for e in episodes)


def _in_a_period(episodes, day):
    if not episodes:
        return False
    return any(ep.decom <= day and (ep.dec is None or day <= ep.dec) for ep in episodes)


def _care_leaver_birthday(dob, first_day, last_day):
    return birthday_between(dob, OC3_BIRTHDAYS, first_day, last_day) is not None


def _check_sequence(check, eps, dob):
    """Rules on one child's episodes in date order. Only rows from this file are reported."""
    previous = None
    period = []  # episodes of the current period of care
    for ep in eps:
        line = ep.row
        report = line is not None
        if report and dob and ep is eps[0] and ep.decom < dob:
            check.add(
                line,
                "DECOM",
                FAULT_RULES["episode_starts_before_birth"],
                "DECOM is before the child's date of birth.",
            )
        if previous is not None:
            if ep.decom == previous.decom:
                if report:
                    check.add(line, "DECOM", "DUP", "Two episodes of this child start on this day.")
                previous = ep
                continue
            _check_follows(check, previous, ep, report)
        if previous is None or previous.rec != X1 or ep.rne == "S":
            period = []
        period.append(ep)
        if ep.rec == X1 and ep.dec is not None and ep is eps[-1] and report:
            check.dfe(line, "REC", "388", "no episode follows")
        if ep.rpc and ep.rec != X1 and report:
            check.add(
                line,
                "REASON_PLACE_CHANGE",
                FAULT_RULES["reason_for_change_not_required"],
                "REASON_PLACE_CHANGE is only for an episode followed by a placement change.",
            )
        if (
            report
            and ep.rec in codes.ADOPTED
            and not any(e.place in codes.ADOPTION for e in period)
        ):
            check.add(
                line,
                "REC",
                "390",
                f"REC {ep.rec} (adopted) needs a placement for adoption (A3-A6) first.",
            )
        previous = ep


def _check_follows(check, previous, ep, report):
    """An episode after another: no overlap; after X1 it joins on (same day, RNE not S) and
    says what changed; after the child left care a new period starts with S."""
    line = ep.row
    if previous.dec is None or previous.dec > ep.decom:
        _check_overlap(check, previous, ep, report)
    elif previous.rec == X1:
        if ep.decom != previous.dec:
            _check_gap_after_x1(check, previous, ep, report)
        elif ep.rne == "S":
            if report:
                check.dfe(line, "RNE", "431", "the episode before ended X1 that day")
        else:
            _check_change(check, previous, ep)
    else:
        _check_after_leaving_care(check, previous, ep, report)
    if previous.rec == X1 and previous.row is not None:
        _check_reason_place_change(check, previous, ep)


def _check_after_leaving_care(check, previous, ep, report):
    """The episode before ended the period of care (REC other than X1): a new period starts
    with S (432) on a later day (431; 388 on the episode before)."""
    if ep.decom == previous.dec and previous.row is not None and previous.rec:
        check.dfe(previous.row, "REC", "388", "an episode follows on the same day")
    if report and previous.rec and ep.rne != "S":
        check.dfe(ep.row, "RNE", "432", f"REC {previous.rec} before it")
    if report and ep.decom == previous.dec and ep.rne == "S":
        check.dfe(ep.row, "DECOM", "431", f"the episode before ended {previous.dec:%d/%m/%Y}")
    elif report and ep.rne in CONTINUATION:
        check.dfe(ep.row, "DECOM", "433")
    if previous.rec in ENDS_ALL_CARE and previous.row is not None:
        check.dfe(previous.row, "REC", "437", f"an episode follows on {ep.decom:%d/%m/%Y}")


# REC codes after which a child cannot be looked after again (died; aged 18 or over).
ENDS_ALL_CARE = frozenset({"E2", "E15"})


def _check_overlap(check, previous, ep, report):
    """142: the episode before has no end; 501: it ends after this one starts."""
    if previous.dec is None:
        if previous.row is not None:
            check.dfe(previous.row, "DEC", "142", f"the next episode starts {ep.decom:%d/%m/%Y}")
        elif report:
            check.dfe(ep.row, "DECOM", "142", "the episode before, held from an earlier year")
    elif report:
        check.dfe(ep.row, "DECOM", FAULT_RULES["episodes_overlap"])


def _check_gap_after_x1(check, previous, ep, report):
    """388: REC X1 but the next episode does not start on DEC; 433: this one says it
    continues (RNE P, L, T, U or B) but does not start on the DEC before."""
    if previous.row is not None:
        check.dfe(previous.row, "REC", "388", f"the next episode starts {ep.decom:%d/%m/%Y}")
    if report and ep.rne in CONTINUATION:
        check.dfe(ep.row, "DECOM", "433")


def _check_change(check, before, ep):
    """RNE must say what changed between two joined episodes (434 L: the legal status only;
    435 P/T: the placement only; 436 B/U: both), and the category of need stays the same
    through a period of care (504)."""
    if ep.row is None:
        return
    legal_changed = ep.ls != before.ls
    moved = ep.placement_values() != before.placement_values()
    recoded_only = _recoded(before, ep).placement_values() == before.placement_values()
    if ep.rne == "L" and (not legal_changed or (moved and not recoded_only)):
        check.dfe(ep.row, "RNE", "434", _what_changed(legal_changed, moved))
    elif ep.rne in ("P", "T") and (legal_changed or not moved):
        check.dfe(ep.row, "RNE", "435", _what_changed(legal_changed, moved))
    elif ep.rne in ("B", "U") and not (legal_changed and moved):
        check.dfe(ep.row, "RNE", "436", _what_changed(legal_changed, moved))
    if ep.cin != before.cin:
        check.dfe(ep.row, "CIN", "504", f"CIN {before.cin} at the episode before")


def _what_changed(legal_changed, moved):
    legal = "the legal status changed" if legal_changed else "the legal status did not change"
    placement = "the placement changed" if moved else "the placement did not change"
    return f"{legal}; {placement}"


CONTINUATION = frozenset({"P", "L", "T", "U", "B"})

RECODES = {
    old: new for by_year in codes.PLACEMENT_RECODES_BY_YEAR.values() for old, new in by_year.items()
}


def _recoded(before, ep):
    """`ep` with its placement code as `before` had it, where a later year recoded it
    (rule 503D: H5 became K3, Z1 became Z11-Z14)."""
    if ep.place != before.place and ep.place in RECODES.get(before.place, ()):
        copy = Episode(**{name: getattr(ep, name) for name in Episode.__slots__})
        copy.place = before.place
        return copy
    return ep


def _check_reason_place_change(check, before, ep):
    moved = ep.rne in codes.PLACEMENT_CHANGE
    if before.rpc and not moved:
        check.add(
            before.row,
            "REASON_PLACE_CHANGE",
            FAULT_RULES["reason_for_change_not_required"],
            "REASON_PLACE_CHANGE is only for an episode followed by a placement change.",
        )
    if (
        moved
        and not before.rpc
        and before.place not in codes.TEMPORARY
        and ep.place not in codes.TEMPORARY
        and before.dec is not None
        and before.dec >= datetime.date(2023, 4, 1)
    ):
        check.add(
            before.row,
            "REASON_PLACE_CHANGE",
            FAULT_RULES["reason_for_change_missing"],
            "Enter the reason for the placement change.",
        )
