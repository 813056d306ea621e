"""The synthetic SSDA903 generator: deterministic, well-formed, consistent and realistic.

The checker below reads the CSVs as any importer would (pure Python, no generator internals
except where noted) and applies the national rules the importer enforces.
"""

import csv
import re
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from children import codes as child_codes
from demo.ssda903 import geography, synthetic
from demo.ssda903.generator import collection_years, generate
from placements import codes

# Exactly the DfE's columns (shared/reference/ssda903.md): no PL_DISTANCE or PL_LOCATION,
# which are derived from the postcodes (the tests below derive them as the importer does).
EXPECTED_COLUMNS = {
    "header.csv": "CHILD SEX DOB ETHNIC UPN MOTHER MC_DOB",
    "episodes.csv": "CHILD DECOM RNE LS CIN PLACE PLACE_PROVIDER DEC REC REASON_PLACE_CHANGE "
    "HOME_POST PL_POST URN",
    "uasc.csv": "CHILD SEX DOB DUC",
    "reviews.csv": "CHILD DOB REVIEW REVIEW_CODE",
    "oc2.csv": "CHILD DOB SDQ_SCORE SDQ_REASON CONVICTED HEALTH_CHECK IMMUNISATIONS TEETH_CHECK "
    "HEALTH_ASSESSMENT SUBSTANCE_MISUSE INTERVENTION_RECEIVED INTERVENTION_OFFERED",
    "oc3.csv": "CHILD DOB IN_TOUCH ACTIV ACCOM",
    "ad1.csv": "CHILD DOB DATE_INT DATE_MATCH FOSTER_CARE NB_ADOPTR SEX_ADOPTR LS_ADOPTR",
    "placedadoption.csv": "CHILD DOB DATE_PLACED DATE_PLACED_CEASED REASON_PLACED_CEASED",
    "prevperm.csv": "CHILD DOB PREV_PERM LA_PERM DATE_PERM",
    "missing.csv": "CHILD DOB MISSING MIS_START MIS_END",
    "swepisodes.csv": "CHILD DOB SW_ID SW_DECOM SW_DEC SW_REASON",
    "dolo.csv": "CHILD DOB DOLO_START DOLO_END",
}
DATE_RE = re.compile(r"^\d{2}/\d{2}/\d{4}$")
UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


def parse(text):
    assert DATE_RE.match(text), f"not a dd/mm/YYYY date: {text!r}"
    day, month, year = text.split("/")
    return date(int(year), int(month), int(day))


def opt_date(text):
    return parse(text) if text else None


def read(folder: Path, name: str) -> list[dict]:
    path = folder / name
    if not path.exists():
        return []
    with path.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    if name == "episodes.csv":
        for row in rows:
            derive_location(row)
    return rows


def derive_location(row):
    """PL_LOCATION and PL_DISTANCE as the importer derives them from the two postcodes."""
    home, placement = row["HOME_POST"], row["PL_POST"]
    row["PL_LOCATION"] = ("IN" if geography.inside(placement) else "OUT") if placement else ""
    row["PL_DISTANCE"] = geography.distance(home, placement) if home and placement else ""


def valid_upn(upn: str) -> bool:
    if upn in {"UN1", "UN2", "UN3", "UN4", "UN5"}:
        return True
    if len(upn) != 13 or upn[0] not in UPN_LETTERS:
        return False
    total = 0
    for weight, char in enumerate(upn[1:], start=2):
        if char.isdigit():
            total += int(char) * weight
        elif char in UPN_LETTERS:
            total += UPN_LETTERS.index(char) * weight
        else:
            return False
    return UPN_LETTERS[total % 23] == upn[0]


def age_on(dob: date, day: date) -> int:
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


def nth_birthday(dob: date, years: int) -> date:
    try:
        return dob.replace(year=dob.year + years)
    except ValueError:  # ADR 0007: a 29 February birthday is 1 March in a common year
        return date(dob.year + years, 3, 1)


# ---------------------------------------------------------------------------------------------
# The checker
# ---------------------------------------------------------------------------------------------


class YearCheck:
    """Every rule violation in one collection year's files, as readable strings."""

    def __init__(self, folder: Path, year: int):
        self.folder, self.year = folder, year
        self.errors = []
        self.cy = min(max(year, codes.COLLECTION_YEAR_FIRST), codes.COLLECTION_YEAR_LAST)
        self.ys, self.ye = date(year - 1, 4, 1), date(year, 3, 31)
        self.header = read(folder, "header.csv")
        self.children = Counter(r["CHILD"] for r in self.header)
        self.dobs = {r["CHILD"]: parse(r["DOB"]) for r in self.header}
        self.sexes = {r["CHILD"]: r["SEX"] for r in self.header}
        self.uasc_children = {r["CHILD"] for r in read(folder, "uasc.csv")}
        self.by_child = defaultdict(list)
        for row in read(folder, "episodes.csv"):
            self.by_child[row["CHILD"]].append(row)

    def err(self, table, row, message):
        self.errors.append(f"{self.year}/{table}:{row.get('CHILD')}: {message}")

    def run(self) -> list[str]:
        self.check_header()
        self.check_episodes()
        self.check_reviews()
        self.check_oc3()
        self.check_ad1()
        self.check_placed_for_adoption()
        self.check_prevperm()
        self.check_missing()
        self.check_year_end_rows()
        self.check_swepisodes()
        self.check_header_lists_everyone()
        return self.errors

    def check_header(self):
        year, err = self.year, self.err
        for child, count in self.children.items():
            if count > 1:
                self.errors.append(f"{year}/header: {child} appears {count} times")
        pupil_numbers = Counter(r["UPN"] for r in self.header if not r["UPN"].startswith("UN"))
        for upn, count in pupil_numbers.items():
            if count > 1:  # rule 444
                self.errors.append(f"{year}/header: UPN {upn} given to {count} children")
        sex_codes = {"M", "F", "U"} if year >= child_codes.SEX_LETTER_CODES_FROM else {"1", "2"}
        for row in self.header:
            if row["SEX"] not in sex_codes:
                err("header", row, f"SEX {row['SEX']}")
            if row["ETHNIC"] not in child_codes.Ethnicity.values:
                err("header", row, f"ETHNIC {row['ETHNIC']}")
            if not valid_upn(row["UPN"]):
                err("header", row, f"UPN {row['UPN']}")
            if row["UPN"] == "UN1" and age_on(self.dobs[row["CHILD"]], self.ye) >= 5:
                err("header", row, "UN1 for a child of school age")
            self.check_mother(row)

    def check_mother(self, row):
        """MOTHER for a girl looked after other than in short breaks (rules 165, 399)."""
        girl = row["SEX"] in {"F", "2"}
        looked_after = any(  # other than in short breaks (rules 393 and 399)
            ep["LS"] not in codes.SHORT_BREAK for ep in self.by_child.get(row["CHILD"], ())
        )
        if girl and looked_after:
            if row["MOTHER"] not in {"0", "1"}:
                self.err("header", row, f"MOTHER {row['MOTHER']!r} for a girl")
        elif row["MOTHER"]:
            self.err("header", row, "MOTHER for a boy or a girl with no episode")
        if (row["MOTHER"] == "1") != bool(row["MC_DOB"]):
            self.err("header", row, "MC_DOB without MOTHER = 1 or the reverse")

    def check_episodes(self):
        for child, rows in self.by_child.items():
            if child not in self.dobs:
                self.errors.append(f"{self.year}/episodes:{child}: not in header")
                continue
            rows.sort(key=lambda r: parse(r["DECOM"]))
            for i, row in enumerate(rows):
                self.check_episode_dates_and_codes(child, row)
                self.check_provider(row)
                self.check_urn_and_postcodes(child, row)
                self.check_adoption(row)
                self.check_join(row, rows[i + 1] if i + 1 < len(rows) else None, first=i == 0)

    def check_episode_dates_and_codes(self, child, row):
        err, ys, ye = self.err, self.ys, self.ye
        decom, dec = parse(row["DECOM"]), opt_date(row["DEC"])
        if decom < self.dobs[child]:
            err("episodes", row, "DECOM before DOB")
        if decom > ye or (dec is not None and dec < ys):
            err("episodes", row, "episode not open in the year")
        if dec is not None and dec < decom:
            err("episodes", row, "DEC before DECOM")
        if bool(row["DEC"]) != bool(row["REC"]):
            err("episodes", row, "DEC and REC must come together")
        if dec is not None and dec > ye:
            err("episodes", row, "DEC after the year end")
        if row["RNE"] not in codes.ReasonNewEpisode.values:
            err("episodes", row, f"RNE {row['RNE']}")
        if row["LS"] not in codes.LegalStatus.values:
            err("episodes", row, f"LS {row['LS']}")
        if row["CIN"] not in codes.CategoryOfNeed.values:
            err("episodes", row, f"CIN {row['CIN']}")
        if row["PLACE"] not in codes.PLACEMENT_TYPES_BY_YEAR[self.cy]:
            err("episodes", row, f"PLACE {row['PLACE']} not valid in {self.year}")
        if row["REC"] and row["REC"] not in codes.ReasonEpisodeCeased.values:
            err("episodes", row, f"REC {row['REC']}")

    def check_provider(self, row):
        """Providers (rules 178, 213, 526-531, 550)."""
        err, cy = self.err, self.cy
        place, provider = row["PLACE"], row["PLACE_PROVIDER"]
        if provider and provider not in codes.PlacementProvider.values:
            err("episodes", row, f"PLACE_PROVIDER {provider}")
        if not provider and place in codes.PROVIDER_REQUIRED_BY_YEAR[cy]:
            err("episodes", row, f"PLACE_PROVIDER missing for {place}")
        if provider and place in codes.PROVIDER_NOT_ALLOWED_BY_YEAR[cy]:
            err("episodes", row, f"PLACE_PROVIDER not allowed for {place}")
        if provider in codes.PROVIDER_ONLY_WITH and place not in codes.PROVIDER_ONLY_WITH[provider]:
            err("episodes", row, f"{provider} with {place}")
        if place in codes.PROVIDER_NOT_WITH.get(provider, ()):
            err("episodes", row, f"{provider} with {place}")
        if place == "P1" and provider != "PR0":
            err("episodes", row, "P1 needs PR0")

    def check_urn_and_postcodes(self, child, row):
        """URN (rules 218, 242), short breaks (214, 398), UASC distance (406)."""
        err, place = self.err, row["PLACE"]
        if row["LS"] in codes.SHORT_BREAK:
            if row["PL_POST"] or row["URN"] or row["PL_DISTANCE"]:
                err("episodes", row, "postcode, URN or distance on a short break")
            return
        if not row["URN"] and place not in codes.URN_NOT_REQUIRED_BY_YEAR[self.cy]:
            err("episodes", row, f"URN missing for {place}")
        if place in codes.URN_PLACEHOLDER_PLACEMENTS and row["URN"] != "XXXXXXX":
            err("episodes", row, f"URN {row['URN']!r} for {place}")
        if row["URN"] == "XXXXXXX" and place not in codes.URN_PLACEHOLDER_PLACEMENTS:
            err("episodes", row, f"XXXXXXX for {place}")
        if row["URN"] not in {"", "XXXXXXX"} and not re.match(r"^SC\d{6}$", row["URN"]):
            err("episodes", row, f"URN {row['URN']}")
        if not row["PL_POST"]:
            err("episodes", row, "placement postcode missing")
        # No home postcode, so no distance, for a child who is or was UASC (392b, 406).
        if bool(row["HOME_POST"]) == (child in self.uasc_children):
            err("episodes", row, "home postcode for a UASC child, or none for another")
        self.check_location_and_distance(child, row)

    def check_location_and_distance(self, child, row):
        err = self.err
        if row["PL_LOCATION"] not in {"IN", "OUT"}:
            err("episodes", row, f"PL_LOCATION {row['PL_LOCATION']!r}")
        if child in self.uasc_children:
            if row["PL_DISTANCE"]:
                err("episodes", row, "a distance for a UASC child")
        elif not re.match(r"^\d+\.\d$", row["PL_DISTANCE"]):
            err("episodes", row, f"PL_DISTANCE {row['PL_DISTANCE']!r}")
        elif row["PL_LOCATION"] == "IN" and float(row["PL_DISTANCE"]) > 20:
            err("episodes", row, "over 20 miles but inside the council")

    def check_adoption(self, row):
        """Adoption (rules 217 and the placement order before A5/A6)."""
        err, place = self.err, row["PLACE"]
        if place in codes.ADOPTION_WITH_PLACEMENT_ORDER and row["LS"] not in codes.PLACEMENT_ORDER:
            err("episodes", row, f"{place} without a placement order")
        if place in codes.ADOPTION_WITH_FOSTER_CARERS and row["RNE"] not in {"S", "T", "U"}:
            err("episodes", row, f"{place} starting with RNE {row['RNE']}")
        if row["REC"] in codes.ADOPTED and place not in codes.ADOPTION:
            err("episodes", row, f"adopted from {place}")

    def check_join(self, row, nxt, *, first):
        """Joins, RNE and reasons for placement change."""
        err = self.err
        decom, dec = parse(row["DECOM"]), opt_date(row["DEC"])
        if first and row["RNE"] != "S" and decom >= self.ys:
            err("episodes", row, "first episode in the year does not start a period")
        if dec is None and nxt is not None:
            err("episodes", row, "open episode followed by another")
        if nxt is None:
            if row["REASON_PLACE_CHANGE"]:
                err("episodes", row, "reason for change on the last episode")
            return
        next_decom = parse(nxt["DECOM"])
        if dec is not None and next_decom < dec:
            err("episodes", row, "overlaps the next episode")
        if row["REC"] == "X1":
            self.check_change_within_period(row, nxt, dec, next_decom)
        else:
            if nxt["RNE"] != "S":
                err("episodes", nxt, "a new period must start with RNE S")
            if row["REASON_PLACE_CHANGE"]:
                err("episodes", row, "reason for change on a period's last episode")

    def check_change_within_period(self, row, nxt, dec, next_decom):
        err = self.err
        if next_decom != dec:
            err("episodes", row, "X1 but the next episode does not start on DEC")
        if nxt["RNE"] == "S":
            err("episodes", row, "X1 followed by RNE S")
        if nxt["CIN"] != row["CIN"] or nxt["HOME_POST"] != row["HOME_POST"]:
            err("episodes", row, "CIN or HOME_POST changed within a period")
        legal_changed = nxt["LS"] != row["LS"]
        placement_same = all(
            nxt[c] == row[c] for c in ("PLACE", "PLACE_PROVIDER", "PL_POST", "URN")
        )
        rne = nxt["RNE"]
        if rne == "L" and (not legal_changed or not placement_same):
            err("episodes", nxt, "RNE L but not a change of legal status only")
        if rne in {"P", "T"} and (legal_changed or placement_same):
            err("episodes", nxt, f"RNE {rne} but not a change of placement only")
        if rne in {"B", "U"} and (not legal_changed or placement_same):
            err("episodes", nxt, f"RNE {rne} but not a change of both")
        if rne == "T" and nxt["PL_POST"] != row["PL_POST"]:
            err("episodes", nxt, "RNE T (same carers) at a different postcode")
        needs_reason = (
            rne in {"P", "B", "T", "U"}
            and row["PLACE"] not in codes.TEMPORARY
            and nxt["PLACE"] not in codes.TEMPORARY
        )
        reason = row["REASON_PLACE_CHANGE"]
        if needs_reason and reason not in codes.ReasonPlaceChange.values:
            err("episodes", row, f"REASON_PLACE_CHANGE {reason!r} missing (rule 225)")
        if not needs_reason and reason:
            err("episodes", row, "REASON_PLACE_CHANGE not expected (rule 226)")

    def check_reviews(self):
        err = self.err
        for row in read(self.folder, "reviews.csv"):
            if row["REVIEW_CODE"] not in child_codes.ReviewParticipation.values:
                err("reviews", row, f"REVIEW_CODE {row['REVIEW_CODE']}")
            day = parse(row["REVIEW"])
            if not self.ys <= day <= self.ye:
                err("reviews", row, "review outside the year")
            if (row["REVIEW_CODE"] == "PN0") != (age_on(self.dobs[row["CHILD"]], day) < 4):
                err("reviews", row, "PN0 is for children under 4, and only for them")

    def check_oc3(self):
        err, ys, ye = self.err, self.ys, self.ye
        for row in read(self.folder, "oc3.csv"):
            if row["IN_TOUCH"] not in child_codes.InTouch.values:
                err("oc3", row, f"IN_TOUCH {row['IN_TOUCH']}")
            if row["ACTIV"] not in child_codes.Activity.values:
                err("oc3", row, f"ACTIV {row['ACTIV']}")
            if row["ACCOM"] not in child_codes.Accommodation.values:
                err("oc3", row, f"ACCOM {row['ACCOM']}")
            dob = parse(row["DOB"])
            ages = [a for a in range(17, 22) if ys <= nth_birthday(dob, a) <= ye]
            if not ages:
                err("oc3", row, "not in the care leaver cohort")
                continue
            bday = nth_birthday(dob, ages[0])
            for ep in self.by_child.get(row["CHILD"], ()):
                dec = opt_date(ep["DEC"])
                looked_after = ep["LS"] not in codes.SHORT_BREAK
                if looked_after and parse(ep["DECOM"]) <= bday and (dec is None or dec > bday):
                    err("oc3", row, "still looked after on the birthday (rule 1007)")

    def check_ad1(self):
        err = self.err
        for row in read(self.folder, "ad1.csv"):
            eps = self.by_child.get(row["CHILD"], [])
            adopted = [e for e in eps if e["REC"] in codes.ADOPTED]
            placed = [parse(e["DECOM"]) for e in eps if e["PLACE"] in codes.ADOPTION]
            if not adopted:
                err("ad1", row, "AD1 for a child not adopted in the year")
            if placed and parse(row["DATE_MATCH"]) > min(placed):
                err("ad1", row, "matched after being placed (rule 331)")
            if parse(row["DATE_INT"]) > parse(row["DATE_MATCH"]):
                err("ad1", row, "decision after the match")
            allowed = codes.ADOPTER_SEX_FOR_LEGAL_STATUS.get(row["LS_ADOPTR"], ())
            if row["SEX_ADOPTR"] not in allowed:
                err("ad1", row, f"{row['SEX_ADOPTR']} with {row['LS_ADOPTR']}")

    def check_placed_for_adoption(self):
        for row in read(self.folder, "placedadoption.csv"):
            if parse(row["DATE_PLACED"]) > self.ye:
                self.err("placedadoption", row, "decision after the year end (rule 117)")
            if row["DATE_PLACED_CEASED"] and row["REASON_PLACED_CEASED"] not in {
                "RD1",
                "RD2",
                "RD3",
                "RD4",
            }:
                self.err("placedadoption", row, "ceased without a reason")

    def check_prevperm(self):
        rows = read(self.folder, "prevperm.csv")
        prev_perm = Counter(r["CHILD"] for r in rows)
        self.errors += [
            f"{self.year}/prevperm:{c}: more than one row" for c, n in prev_perm.items() if n > 1
        ]
        for row in rows:
            if row["PREV_PERM"] not in codes.PreviousPermanence.values:
                self.err("prevperm", row, f"PREV_PERM {row['PREV_PERM']}")

    def check_missing(self):
        err = self.err
        for row in read(self.folder, "missing.csv"):
            if row["MISSING"] not in {"M", "A"}:
                err("missing", row, f"MISSING {row['MISSING']}")
            start, end = parse(row["MIS_START"]), opt_date(row["MIS_END"])
            if end is not None and end < start:
                err("missing", row, "ends before it starts")
            in_episode = any(
                parse(e["DECOM"]) <= start and (not e["DEC"] or parse(e["DEC"]) >= start)
                for e in self.by_child.get(row["CHILD"], ())
            )
            if not in_episode:
                err("missing", row, "missing while not looked after")

    def check_year_end_rows(self):
        open_at_year_end = {
            child for child, rows in self.by_child.items() if any(not r["DEC"] for r in rows)
        }
        for row in read(self.folder, "dolo.csv"):
            if not row["DOLO_END"] and row["CHILD"] not in open_at_year_end:
                self.err("dolo.csv", row, "left open at 31 March for a child not looked after")
        # A child looked after at 31 March has a social worker episode open then (SW17STG2;
        # the generator also leaves open the last episode of most who left care, as the public
        # validator reads it, but not of a child whose case closed before care began again).
        latest = {}
        for row in read(self.folder, "swepisodes.csv"):
            if row["CHILD"] not in latest or parse(row["SW_DECOM"]) > parse(
                latest[row["CHILD"]]["SW_DECOM"]
            ):
                latest[row["CHILD"]] = row
        for child, row in latest.items():
            if row["SW_DEC"] and child in open_at_year_end:
                self.err("swepisodes.csv", row, "the latest social worker episode has ended")

    def check_swepisodes(self):
        reasons = child_codes.SocialWorkerChangeReason.values
        for row in read(self.folder, "swepisodes.csv"):
            if row["SW_REASON"] and row["SW_REASON"] not in reasons:
                self.err("swepisodes", row, f"SW_REASON {row['SW_REASON']}")
            if row["SW_DEC"] and parse(row["SW_DEC"]) < parse(row["SW_DECOM"]):
                self.err("swepisodes", row, "ends before it starts")

    def check_header_lists_everyone(self):
        year, listed = self.year, set(self.children)
        for name in ("episodes.csv", "oc3.csv", "ad1.csv", "reviews.csv", "uasc.csv", "oc2.csv"):
            for row in read(self.folder, name):
                if row["CHILD"] not in listed:
                    self.errors.append(f"{year}/{name}:{row['CHILD']}: not in header")
        needed = set(self.by_child) | {r["CHILD"] for r in read(self.folder, "oc3.csv")}
        for child in listed - needed:
            self.errors.append(f"{year}/header:{child}: no episode, OC3 or AD1 row")
        for row in read(self.folder, "uasc.csv"):
            if row["SEX"] != self.sexes[row["CHILD"]]:
                self.err("uasc", row, "SEX differs from header")


def check_year(folder: Path, year: int) -> list[str]:
    """Every rule violation in one collection year's files, as readable strings."""
    return YearCheck(folder, year).run()


def check_history(root: Path, years: list[int]) -> list[str]:
    """Rules across years: open episodes reappear with the same DECOM; reviews in care."""
    errors = []
    for year, nxt in zip(years, years[1:], strict=False):
        errors += _open_episodes_carried_on(root, year, nxt)
        errors += _placed_for_adoption_carried_on(root, year, nxt)
    errors += _reviews_in_care(root, years)
    return errors


def _open_episodes_carried_on(root, year, nxt):
    errors = []
    following = {(r["CHILD"], r["DECOM"]): r for r in read(root / str(nxt), "episodes.csv")}
    for row in read(root / str(year), "episodes.csv"):
        if row["DEC"]:
            continue
        later = following.get((row["CHILD"], row["DECOM"]))
        if later is None:
            errors.append(f"{year}: open episode {row['CHILD']} {row['DECOM']} not in {nxt}")
            continue
        for column in ("RNE", "LS", "CIN", "PLACE_PROVIDER", "HOME_POST", "PL_POST"):
            if later[column] != row[column]:
                errors.append(f"{nxt}: {row['CHILD']} {row['DECOM']} {column} changed")
        if later["PLACE"] != row["PLACE"]:
            allowed = codes.PLACEMENT_RECODES_BY_YEAR.get(nxt, {}).get(row["PLACE"], ())
            if later["PLACE"] not in allowed:
                errors.append(f"{nxt}: {row['CHILD']} PLACE {row['PLACE']}->{later['PLACE']}")
    return errors


def _placed_for_adoption_carried_on(root, year, nxt):
    """A decision to place for adoption that still stands at 31 March is reported again next
    year while the child stays in care."""
    still_in_care = {r["CHILD"] for r in read(root / str(year), "episodes.csv") if not r["DEC"]}
    reported = {r["CHILD"] for r in read(root / str(nxt), "placedadoption.csv")}
    return [
        f"{nxt}/placedadoption: {row['CHILD']} missing"
        for row in read(root / str(year), "placedadoption.csv")
        if not row["DATE_PLACED_CEASED"]
        and row["CHILD"] in still_in_care
        and row["CHILD"] not in reported
    ]


def _reviews_in_care(root, years):
    """Reviews inside periods of care, over the whole history."""
    spans = defaultdict(list)
    for year in years:
        for row in read(root / str(year), "episodes.csv"):
            spans[row["CHILD"]].append((parse(row["DECOM"]), opt_date(row["DEC"])))
    errors = []
    for year in years:
        for row in read(root / str(year), "reviews.csv"):
            day = parse(row["REVIEW"])
            if not any(
                start <= day and (end is None or day <= end) for start, end in spans[row["CHILD"]]
            ):
                errors.append(
                    f"{year}/reviews: {row['CHILD']} review on {row['REVIEW']} not in care"
                )
    return errors


# ---------------------------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------------------------

END = date(2027, 6, 30)  # years ending 2022 to 2027: old SEX codes, H5/Z1 recodes, SW, DoLo


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    runs = {}
    for seed in (3, 11):
        out = tmp_path_factory.mktemp(f"seed{seed}")
        years, stats, _ = generate(out, children=700, years=6, seed=seed, end=END)
        runs[seed] = (out, years, stats)
    return runs


def all_bytes(root: Path) -> dict:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.csv"))}


def test_same_seed_gives_the_same_bytes_and_another_seed_differs(tmp_path, generated):
    first, _, _ = generated[3]
    again = tmp_path / "again"
    generate(again, children=700, years=6, seed=3, end=END)
    assert all_bytes(again) == all_bytes(first)
    other, _, _ = generated[11]
    assert all_bytes(other)["2027/episodes.csv"] != all_bytes(first)["2027/episodes.csv"]


def test_worker_processes_write_the_same_bytes(tmp_path):
    generate(tmp_path / "one", children=1200, years=2, seed=5, end=END, workers=1)
    generate(tmp_path / "two", children=1200, years=2, seed=5, end=END, workers=2)
    assert all_bytes(tmp_path / "one") == all_bytes(tmp_path / "two")


def test_one_folder_per_collection_year_with_each_years_tables(generated):
    out, years, _ = generated[3]
    assert years == [2022, 2023, 2024, 2025, 2026, 2027]
    for year in years:
        names = {p.name for p in (out / str(year)).iterdir()}
        expected = set(EXPECTED_COLUMNS) - {"swepisodes.csv", "dolo.csv"}
        if year >= 2024:
            expected.add("swepisodes.csv")
        if year >= 2027:
            expected.add("dolo.csv")
        assert names == expected, year
        for name in names:
            with (out / str(year) / name).open(newline="") as handle:
                assert next(csv.reader(handle)) == EXPECTED_COLUMNS[name].split(), name


def test_collection_years_end_at_the_last_31_march_on_or_before_the_end_date():
    assert collection_years(date(2026, 3, 31), 2) == [2025, 2026]
    assert collection_years(date(2026, 3, 30), 1) == [2025]
    assert collection_years(date(2026, 11, 23), 6) == [2021, 2022, 2023, 2024, 2025, 2026]


@pytest.mark.parametrize("seed", [3, 11])
def test_every_file_passes_the_national_rules(generated, seed):
    out, years, _ = generated[seed]
    errors = []
    for year in years:
        errors += check_year(out / str(year), year)
    errors += check_history(out, years)
    assert errors == [], "\n".join(errors[:40])


def test_sex_codes_follow_the_collection_year(generated):
    out, _, _ = generated[3]
    assert {r["SEX"] for r in read(out / "2024", "header.csv")} == {"1", "2"}
    assert {r["SEX"] for r in read(out / "2025", "header.csv")} <= {"M", "F", "U"}


def test_new_placement_codes_appear_only_when_valid(generated):
    out, years, _ = generated[3]
    seen = {year: {r["PLACE"] for r in read(out / str(year), "episodes.csv")} for year in years}
    assert "K3" in seen[2025] and "K3" not in seen[2024]
    assert not seen[2026] & {"H5", "P2", "Z1"}


def test_an_episode_open_at_31_march_reappears_next_year_with_its_decom(generated):
    out, _, _ = generated[3]
    open_2025 = {
        (r["CHILD"], r["DECOM"]) for r in read(out / "2025", "episodes.csv") if not r["DEC"]
    }
    rows_2026 = {(r["CHILD"], r["DECOM"]): r for r in read(out / "2026", "episodes.csv")}
    assert open_2025 and open_2025 <= set(rows_2026)
    closed_later = [rows_2026[key] for key in open_2025 if rows_2026[key]["DEC"]]
    assert closed_later, "some episodes open at 31 March 2025 end during 2025-26"


def test_care_leavers_can_appear_with_only_an_oc3_row(generated):
    out, _, _ = generated[3]
    header = {r["CHILD"] for r in read(out / "2026", "header.csv")}
    with_episode = {r["CHILD"] for r in read(out / "2026", "episodes.csv")}
    oc3 = {r["CHILD"] for r in read(out / "2026", "oc3.csv")}
    assert header - with_episode
    assert header - with_episode <= oc3


def test_the_whole_history_has_exactly_n_distinct_children(generated):
    out, years, stats = generated[3]
    seen = set()
    for year in years:
        seen |= {r["CHILD"] for r in read(out / str(year), "header.csv")}
    assert len(seen) == stats.children == 700


def test_proportions_are_close_to_englands(tmp_path):
    generate(tmp_path, children=3000, years=1, seed=7, end=date(2025, 4, 1))
    folder = tmp_path / "2025"
    ye = date(2025, 3, 31)
    header = {r["CHILD"]: r for r in read(folder, "header.csv")}
    episodes = read(folder, "episodes.csv")
    cla = [e for e in episodes if not e["DEC"] and e["LS"] not in codes.SHORT_BREAK]
    n = len(cla)
    uasc = {r["CHILD"] for r in read(folder, "uasc.csv")}

    def share(predicate, rows=cla):
        return sum(1 for r in rows if predicate(r)) / len(rows)

    def age(r):
        return age_on(parse(header[r["CHILD"]]["DOB"]), ye)

    assert 0.45 * 3000 < n < 0.60 * 3000
    assert 0.50 < share(lambda r: header[r["CHILD"]]["SEX"] == "M") < 0.62
    assert 0.01 < share(lambda r: age(r) < 1) < 0.09
    assert 0.30 < share(lambda r: 10 <= age(r) < 16) < 0.46
    assert 0.18 < share(lambda r: age(r) >= 16) < 0.34
    assert 0.62 < share(lambda r: header[r["CHILD"]]["ETHNIC"].startswith("W")) < 0.80
    assert 0.68 < share(lambda r: r["LS"] in codes.CARE_ORDER) < 0.88
    assert 0.08 < share(lambda r: r["LS"] == "V2") < 0.24
    assert 0.02 < share(lambda r: r["LS"] == "E1") < 0.10
    assert 0.60 < share(lambda r: r["PLACE"] in codes.FOSTER) < 0.80
    assert 0.10 < share(lambda r: r["PLACE"] in codes.CONNECTED) < 0.25
    assert 0.10 < share(lambda r: r["PLACE"] in {"K1", "K2", "R1", "K3", "H5"}) < 0.25
    assert 0.02 < share(lambda r: r["PLACE"] == "P1") < 0.12
    fostered = [r for r in cla if r["PLACE"] in codes.FOSTER]
    assert 0.25 < share(lambda r: r["PLACE_PROVIDER"] in codes.IFA, fostered) < 0.47
    assert 0.55 < share(lambda r: r["CIN"] == "N1") < 0.78
    assert 0.05 < share(lambda r: r["CHILD"] in uasc) < 0.14
    located = [r for r in cla if r["PL_LOCATION"]]
    assert 0.30 < share(lambda r: r["PL_LOCATION"] == "OUT", located) < 0.52
    measured = [r for r in cla if r["PL_DISTANCE"]]
    assert 0.04 < share(lambda r: float(r["PL_DISTANCE"]) > 20, measured) < 0.18
    starters = [e for e in episodes if e["RNE"] == "S" and e["LS"] not in codes.SHORT_BREAK]
    assert 0.28 * n < len([e for e in starters if parse(e["DECOM"]) >= date(2024, 4, 1)]) < 0.5 * n
    leavers = [e for e in episodes if e["REC"] and e["REC"] != "X1"]
    leavers = [e for e in leavers if e["LS"] not in codes.SHORT_BREAK]
    assert 0.04 < share(lambda r: r["REC"] in codes.ADOPTED, leavers) < 0.15
    assert 0.05 < share(lambda r: r["REC"] in codes.SGO, leavers) < 0.18
    assert 0.20 < share(lambda r: r["REC"] in {"E4A", "E4B", "E13"}, leavers) < 0.42
    oc3 = read(folder, "oc3.csv")
    assert 0.8 < share(lambda r: r["IN_TOUCH"] == "YES", oc3) < 0.98


def test_command_prints_a_summary(tmp_path, capsys):
    call_command(
        "generate_synthetic_903", str(tmp_path), "--children=50", "--years=2", "--end=2026-05-01"
    )
    printed = capsys.readouterr().out
    assert "Children: 50" in printed
    assert "looked after at 31 March 2026" in printed
    assert (tmp_path / "2026" / "swepisodes.csv").exists()


def _period_with(place, start, end, provider="PR4", urn="SC123456"):
    placement = synthetic.Placement(
        start=start.toordinal(),
        place=place,
        provider=provider,
        carer=1,
        postcode="ZX1 1AB",
        urn=urn,
    )
    return synthetic.Period(
        start=start.toordinal(),
        end=end.toordinal(),
        rec="E5",
        cin="N1",
        home_post="ZX2 2AB",
        legal=[(start.toordinal(), "C2")],
        placements=[placement],
    )


def test_semi_independent_living_running_into_april_2024_becomes_k3_with_the_same_carers():
    sim = synthetic._Sim(0, 0, date(2023, 4, 1).toordinal(), date(2025, 3, 31).toordinal())
    period = _period_with("H5", date(2023, 9, 1), date(2024, 8, 1))
    synthetic._retired_codes(sim, period)
    before, after = synthetic.build_episodes(period)
    assert (before.placement.place, before.dec, before.rec) == (
        "H5",
        date(2024, 4, 1).toordinal(),
        "X1",
    )
    assert (after.placement.place, after.rne, after.decom) == (
        "K3",
        "T",
        date(2024, 4, 1).toordinal(),
    )
    assert before.reason == "PLACE"
    assert after.placement.postcode == before.placement.postcode


def test_an_other_placement_running_across_april_2025_is_not_recorded_as_z1():
    sim = synthetic._Sim(0, 0, date(2024, 4, 1).toordinal(), date(2026, 3, 31).toordinal())
    period = _period_with("Z1", date(2024, 10, 1), date(2025, 6, 1), provider="", urn="")
    synthetic._retired_codes(sim, period)
    assert [p.place for p in period.placements] == ["K2"]
    assert period.placements[0].provider and period.placements[0].urn


# ---------------------------------------------------------------------------------------------
# --in-year: the current, unfinished collection year
# ---------------------------------------------------------------------------------------------

IN_YEAR_END = date(2026, 11, 23)


@pytest.fixture(scope="module")
def in_year(tmp_path_factory):
    out = tmp_path_factory.mktemp("in_year")
    years, stats, _ = generate(out, children=500, years=2, seed=4, end=IN_YEAR_END, in_year=True)
    return out, years, stats


def test_in_year_adds_the_unfinished_year_after_the_complete_ones(in_year):
    _out, years, stats = in_year
    assert years == [2025, 2026, 2027]
    assert stats.cla[2027] > 0


def test_in_year_on_a_31_march_adds_no_year(tmp_path):
    years, _, _ = generate(tmp_path, children=50, seed=4, end=date(2026, 3, 31), in_year=True)
    assert years == [2026]


def test_the_in_year_files_stop_at_the_end_date(in_year):
    out, _, _ = in_year
    folder = out / "2027"
    latest = max(
        parse(value)
        for path in folder.glob("*.csv")
        for row in read(folder, path.name)
        for column, value in row.items()
        if column not in {"DOB", "DATE_PERM"} and DATE_RE.match(value or "")
    )
    assert latest <= IN_YEAR_END
    assert read(folder, "oc2.csv") == []  # outcomes are returned after 31 March
    episodes = read(folder, "episodes.csv")
    still_open = [r for r in episodes if not r["DEC"]]
    assert still_open and all(r["REC"] == "" and r["REASON_PLACE_CHANGE"] == "" for r in still_open)


def test_the_in_year_files_pass_the_national_rules(in_year):
    out, years, _ = in_year
    errors = []
    for year in years:
        errors += check_year(out / str(year), year)
    errors += check_history(out, years)
    # In year, a social worker stays allocated for a few weeks after the child leaves care;
    # the checker's year-end rule does not apply before 31 March.
    errors = [e for e in errors if not (e.startswith("2027/") and "left open at 31 March" in e)]
    assert errors == [], "\n".join(errors[:40])


@pytest.mark.django_db
def test_an_in_year_extract_imports_after_the_complete_years(in_year):
    from placements.ssda903.importer import import_filesets
    from placements.ssda903.reader import collect

    out, years, _ = in_year
    sets, _unknown = collect(sorted(out / str(y) for y in years))
    result = import_filesets(sets, actor=None)
    assert result.errors == []
    assert result.years == years


def test_pupil_numbers_are_never_shared_however_many_children_share_a_birth_year():
    # Drawn at random, 5,000 children born in one year shared some (rule 444).
    import random

    rng = random.Random(1)
    upns = {synthetic.make_upn(rng, index, date(2012, 5, 1)) for index in range(5000)}
    assert len(upns) == 5000 and all(valid_upn(upn) for upn in upns)
