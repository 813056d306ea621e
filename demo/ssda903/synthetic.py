"""Simulated care histories of synthetic children, for the SSDA903 generator.

Each child's whole life in care is simulated from its own random generator, seeded by
(seed, child index), so one child never depends on another: the output is deterministic and
children can be generated in any order or in parallel. Dates are proleptic Gregorian ordinals
(`date.toordinal()`), which keeps the arithmetic cheap.

The model is a stationary flow of entries into care shaped on England's published figures
(DfE, "Children looked after in England including adoptions", years ending 31 March 2024 and
2025): ages at entry, plans (adoption, special guardianship, return home, staying until 18, ...),
the legal statuses and placements along the way, moves, reviews, missing episodes, social
worker changes and care leavers' outcomes. `generator.py` turns histories into yearly files.
"""

import math
import random
from dataclasses import dataclass, field
from datetime import date

from corporate_parenting.dates import collection_year_bounds, collection_year_end, nth_birthday
from demo.ssda903 import geography

# ---------------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------------

YEAR_DAYS = 365.25
# The first day K3 (supported accommodation) and Z11-Z14 can start, so that every episode's
# placement code is valid in every yearly file it appears in (see generator.recode_place).
K3_FROM = date(2024, 4, 1).toordinal()
Z1_SPLIT_FROM = date(2025, 4, 1).toordinal()


def birthday(dob: date, years: int) -> int:
    """Ordinal of the given birthday (ADR 0007: 29 February falls on 1 March)."""
    return nth_birthday(dob, years).toordinal()


def pick(rng: random.Random, weights: dict):
    """A key of `weights` chosen with probability proportional to its value."""
    total = sum(weights.values())
    x = rng.random() * total
    for key, weight in weights.items():
        x -= weight
        if x < 0:
            return key
    return key


def lognormal_days(rng: random.Random, median: float, sigma: float, low: int, high: int) -> int:
    return int(min(high, max(low, median * math.exp(rng.gauss(0.0, sigma)))))


# ---------------------------------------------------------------------------------------------
# Geography: a small synthetic council and its surroundings
# ---------------------------------------------------------------------------------------------
# Real postcodes around the council, drawn from the ONS postcode directory in rings
# (demo.ssda903.geography): inside the council, near, mid and far.


# Where each kind of placement tends to be (inside the council, neighbouring areas within
# about 20 miles, further away, far away).
LOCATION_WEIGHTS = {
    "kin": {"inside": 60, "near": 33, "mid": 6, "far": 1},
    "foster_la": {"inside": 79, "near": 19, "mid": 2, "far": 0},
    "foster_ifa": {"inside": 38, "near": 55, "mid": 6, "far": 1},
    "home": {"inside": 34, "near": 48, "mid": 13, "far": 5},
    "secure": {"inside": 0, "near": 25, "mid": 40, "far": 35},
    # Supported accommodation registered with Ofsted is within the council (rule 241).
    "supported": {"inside": 100, "near": 0, "mid": 0, "far": 0},
    "adoption": {"inside": 35, "near": 45, "mid": 16, "far": 4},
    "custody": {"inside": 0, "near": 30, "mid": 45, "far": 25},
    "school": {"inside": 10, "near": 35, "mid": 35, "far": 20},
    "other": {"inside": 50, "near": 35, "mid": 12, "far": 3},
}

# ---------------------------------------------------------------------------------------------
# Distributions
# ---------------------------------------------------------------------------------------------

# Age at first entry to care (years), starters excluding unaccompanied children.
ENTRY_AGE_BANDS = {(0, 1): 34.0, (1, 5): 11.0, (5, 10): 16.0, (10, 16): 33.0, (16, 18): 10.0}
UASC_SHARE_OF_FIRST_ENTRIES = 0.2
SHORT_BREAK_SHARE = 0.03

ETHNIC_NON_UASC = {
    "WBRI": 70.0,
    "WIRI": 0.4,
    "WOTH": 5.0,
    "WIRT": 0.4,
    "WROM": 1.0,
    "MWBC": 3.6,
    "MWBA": 1.6,
    "MWAS": 2.2,
    "MOTH": 3.8,
    "AIND": 0.6,
    "APKN": 1.5,
    "ABAN": 0.8,
    "AOTH": 0.8,
    "BCRB": 1.2,
    "BAFR": 2.6,
    "BOTH": 1.2,
    "CHNE": 0.1,
    "OOTH": 1.3,
    "REFU": 0.3,
    "NOBT": 0.8,
}
ETHNIC_UASC = {
    "AOTH": 40.0,
    "BAFR": 22.0,
    "BOTH": 8.0,
    "OOTH": 22.0,
    "WOTH": 4.0,
    "MOTH": 2.0,
    "NOBT": 2.0,
}
CIN_NON_UASC = {
    "N1": 73.0,
    "N2": 3.5,
    "N3": 3.4,
    "N4": 6.0,
    "N5": 9.6,
    "N6": 1.2,
    "N7": 0.2,
    "N8": 1.6,
}

# Plans by age at entry: how the period of care is meant (or turns out) to end.
PLANS_BY_AGE = [
    (1, {"adopt": 21, "sgo": 26, "home": 27, "cao": 4, "long": 13, "other": 8}),
    (5, {"adopt": 46, "sgo": 16, "home": 17, "cao": 5, "long": 13, "other": 8}),
    (8, {"adopt": 2, "sgo": 14, "home": 40, "cao": 5, "long": 27, "other": 12}),
    (10, {"sgo": 13, "home": 37, "cao": 4, "long": 34, "other": 12}),
    (16, {"sgo": 4, "home": 38, "cao": 2, "long": 38, "other": 12, "remand": 5}),
    (19, {"home": 38, "long": 50, "other": 8, "remand": 4}),
]

MOVE_REASONS = {
    "CARPL": 36,
    "CREQB": 14,
    "CREQO": 12,
    "CHILD": 8,
    "LAREQ": 5,
    "CLOSE": 4,
    "ALLEG": 3,
    "STAND": 3,
    "APPRR": 1,
    "OTHER": 10,
}
REVIEW_CODES = {"PN1": 50, "PN2": 5, "PN3": 8, "PN4": 4, "PN5": 12, "PN6": 8, "PN7": 13}
# Why a child's social worker changed (FCONTA, first contact, begins a child's first episode).
SW_REASONS = {
    "MANAGE": 18,
    "LEFTRL": 28,
    "ORGRST": 8,
    "TSPROC": 20,
    "ABSENC": 5,
    "CHCHAN": 3,
    "PCCHAN": 2,
    "OTHERS": 4,
}
PREV_PERM = {"Z1": 86.0, "P1": 2.5, "P2": 6.0, "P3": 2.5, "P4": 3.0}
# Reasons a period ends at the 18th birthday, by whether the young person is fostered.
AT_18_FOSTERED = {"E17": 38, "E5": 34, "E6": 4, "E13": 9, "E4A": 5, "E8": 10}
AT_18_NOT_FOSTERED = {"E5": 62, "E6": 8, "E13": 10, "E4A": 6, "E8": 12, "E7": 2}

# ---------------------------------------------------------------------------------------------
# History records
# ---------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Placement:
    """One placement: a child stays with one carer in one placement type from `start`."""

    start: int
    place: str
    provider: str
    carer: int
    postcode: str = ""
    urn: str = ""
    distance: str = ""
    location: str = ""
    new_carer: bool = True
    reason: str = ""  # why it ended, when the child moved on (REASON_PLACE_CHANGE)


@dataclass(slots=True)
class Episode:
    decom: int
    rne: str
    ls: str
    placement: Placement
    dec: int | None
    rec: str
    reason: str


@dataclass(slots=True)
class Period:
    """A period of care: legal statuses and placements between entry and leaving care."""

    start: int
    end: int | None
    rec: str
    cin: str
    home_post: str
    legal: list  # [(start, LS)]
    placements: list  # [Placement]
    short_break: bool = False
    reviews: list = field(default_factory=list)  # [(date, code)]
    missing: list = field(default_factory=list)  # [(kind, start, end)]
    episodes: list = field(default_factory=list)


@dataclass(slots=True)
class Adoption:
    decision: int  # ADM decision that the child should be placed for adoption
    period_start: int = 0  # the period of care the plan belongs to
    placement_order: int | None = None
    match: int | None = None
    placed: int | None = None
    ceased: int | None = None
    ceased_reason: str = ""
    foster_care: str = "0"
    number: str = "2"
    sex: str = "MF"
    legal: str = "L11"


@dataclass(slots=True)
class Child:
    index: int
    child_id: str
    dob: date
    sex: str  # M or F
    ethnic: str
    uasc: bool
    upn: str
    periods: list
    adoption: Adoption | None = None
    mother_child_dob: int | None = None
    sw_episodes: list = field(default_factory=list)  # [(sw_id, start, end, reason)]
    dolo: list = field(default_factory=list)  # [(start, end)]
    oc3: dict = field(default_factory=dict)  # collection year -> (IN_TOUCH, ACTIV, ACCOM)
    in_touch_propensity: float = 0.0
    prev_perm: tuple = ("Z1", "", "")  # PrevPerm: permanence before first entering care


# ---------------------------------------------------------------------------------------------
# UPN
# ---------------------------------------------------------------------------------------------

UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"  # 23 letters: no I, O or S


def upn_check_letter(body: str) -> str:
    """DfE check letter for the 12 characters after it: weights 2-13, remainder mod 23."""
    total = 0
    for weight, char in enumerate(body, start=2):
        value = int(char) if char.isdigit() else UPN_LETTERS.index(char)
        total += value * weight
    return UPN_LETTERS[total % 23]


def make_upn(rng: random.Random, index: int, dob: date) -> str:
    """A pupil number no other child has (rule 444): school and serial from the child's index
    (unique for up to 400,000 children), the year from the date of birth."""
    # The two draws random numbers once made are still taken, so that the rest of every
    # child's history comes out as it did for a given seed.
    rng.randrange(2000, 2400), rng.randrange(1000)
    school, serial = divmod(index % UPN_SPACE, 1000)
    year = (dob.year + 5) % 100
    body = f"999{2000 + school:04d}{year:02d}{serial:03d}"
    return upn_check_letter(body) + body


UPN_SPACE = 400 * 1000  # 400 schools of 1,000 serial numbers


# ---------------------------------------------------------------------------------------------
# Simulation
# ---------------------------------------------------------------------------------------------


class _Sim:
    """Simulates one child; holds its random generator and identifiers."""

    def __init__(self, seed: int, index: int, window_start: int, window_end: int):
        self.rng = random.Random(f"ssda903:{seed}:{index}")
        self.index = index
        self.window_start = window_start
        self.window_end = window_end
        self.carer_seq = 0

    # -- identities --------------------------------------------------------------------------

    def new_carer(self) -> int:
        self.carer_seq += 1
        return self.carer_seq

    def urn_for(self, place: str) -> str:
        if place[0] in "AU":
            return "XXXXXXX"
        if place in {"K1", "K2", "K3", "H5", "S1", "R3"}:
            return f"SC{self.rng.randrange(40000, 999999):06d}"
        return ""

    # -- placements --------------------------------------------------------------------------

    def placement(self, start: int, place: str, home_post: str, *, kin=False, reason_ctx=None):
        rng = self.rng
        if place == "P1":
            provider, where = "PR0", "home"
        elif place[0] == "U":
            if place in {"U1", "U2", "U3"}:
                provider, where = ("PR1", "kin") if rng.random() < 0.97 else ("PR2", "kin")
            else:
                ifa = rng.random() < 0.50
                provider = pick(rng, {"PR4": 80, "PR5": 20}) if ifa else "PR1"
                if not ifa and rng.random() < 0.03:
                    provider = "PR2"
                where = "foster_ifa" if ifa else "foster_la"
        elif place[0] == "A":
            provider, where = pick(rng, {"PR1": 45, "PR2": 30, "PR5": 20, "PR4": 5}), "adoption"
        elif place == "K2":
            provider, where = pick(rng, {"PR4": 80, "PR1": 14, "PR5": 6}), "home"
        elif place == "K1":
            provider, where = pick(rng, {"PR1": 60, "PR2": 40}), "secure"
        elif place in {"K3", "H5"}:
            provider, where = pick(rng, {"PR4": 62, "PR1": 20, "PR5": 18}), "supported"
        elif place == "R5":
            provider, where = "PR3", "custody"
        elif place == "R2":
            provider, where = "PR3", "other"
        elif place == "R1":
            provider, where = pick(rng, {"PR4": 60, "PR5": 25, "PR3": 15}), "other"
        elif place == "R3":
            provider, where = pick(rng, {"PR4": 50, "PR1": 40, "PR5": 10}), "other"
        elif place == "S1":
            provider, where = pick(rng, {"PR4": 55, "PR5": 25, "PR1": 20}), "school"
        elif place in {"Z1", "Z11", "Z12", "Z13", "Z14"} or place[0] == "T":
            provider, where = "", "other"
        else:
            provider, where = "PR4", "other"
        if place == "P1":
            pc = home_post
        else:
            pc = self.postcode_away(pick(rng, LOCATION_WEIGHTS[where]), home_post)
        return Placement(
            start=start,
            place=place,
            provider=provider,
            carer=self.new_carer(),
            postcode=pc,
            urn=self.urn_for(place),
        )

    def postcode_away(self, ring: str, home_post: str) -> str:
        """A postcode in `ring` other than the child's home (rule 392d: only P1 shares it)."""
        pc = geography.postcode(self.rng, ring)
        while pc == home_post:
            pc = geography.postcode(self.rng, ring)
        return pc

    def same_carer(self, prev: Placement, start: int, place: str, reason: str) -> Placement:
        """A change of placement type with the same carers (RNE T or U)."""
        prev.reason = reason
        provider = prev.provider
        if place[0] == "A" and provider not in {"PR1", "PR2", "PR4", "PR5"}:
            provider = "PR1"
        urn = "XXXXXXX" if place[0] in "AU" else prev.urn
        return Placement(
            start=start,
            place=place,
            provider=provider,
            carer=prev.carer,
            postcode=prev.postcode,
            urn=urn,
            new_carer=False,
        )

    def supported_code(self, day: int) -> str:
        return "K3" if day >= K3_FROM else "H5"

    def other_code(self, day: int) -> str:
        return self.rng.choice(("Z11", "Z12", "Z13", "Z14")) if day >= Z1_SPLIT_FROM else "Z1"

    def choose_place(self, age: float, day: int, *, uasc=False, adopt=False, moving=False):
        rng = self.rng
        if uasc:
            # Supported accommodation only from 16 (rule 371).
            weights = {"U6": 82, "K2": 18} if age < 16 else {"S": 66, "U6": 28, "K2": 6}
        elif age < 1:
            weights = {"U6": 56, "U3": 17, "R3": 7, "U5": 10 if adopt else 3, "P1": 4, "U2": 3}
        elif age < 5:
            weights = {"U6": 60, "U3": 24, "P1": 6, "U5": 4 if adopt else 1, "K2": 1}
        elif age < 10:
            weights = {"U6": 57, "U3": 23, "K2": 7, "P1": 5, "S1": 1.5, "R1": 1}
        elif age < 16:
            weights = {"U6": 46, "U3": 13, "K2": 26, "K1": 0.8, "S1": 2.5, "P1": 2.5, "R1": 1}
            weights["Z"] = 1.5
            weights["R2"] = 0.6
        else:
            weights = {"U6": 28, "U3": 9, "K2": 24, "S": 28, "P1": 2, "R1": 1.5, "Z": 2, "R2": 0.6}
        if moving and age >= 10:
            weights = dict(weights)
            weights["K2"] = weights.get("K2", 0) * 1.5
        code = pick(rng, weights)
        if code == "S":
            # Supported accommodation is for young people of 16 or over (rule 371).
            return self.supported_code(day) if age >= 16 else "K2"
        if code == "Z":
            return self.other_code(day)
        return code


def _age(dob_ord: int, day: int) -> float:
    return (day - dob_ord) / YEAR_DAYS


def _plan_for(rng: random.Random, age: float) -> str:
    for limit, weights in PLANS_BY_AGE:
        if age < limit:
            return pick(rng, weights)
    return "long"


def _simulate_period(sim: _Sim, child: Child, start: int, *, first: bool) -> Period:
    """Simulate one period of care from `start`; returns it with end and REC (or open)."""
    rng = sim.rng
    dob = child.dob
    dob_ord = dob.toordinal()
    age = _age(dob_ord, start)
    b18 = birthday(dob, 18)
    uasc = child.uasc and first
    plan = "uasc" if uasc else _plan_for(rng, age)
    if plan == "adopt" and not first:
        # Adoption plans are kept to the first period of care (where nearly all adoptions
        # start), which is also where the importer's PlacedAdoption export looks for them.
        plan = "long"
    cin = "N8" if uasc else pick(rng, CIN_NON_UASC)
    if plan == "remand":
        cin = "N6"
    home_post = geography.postcode(rng, "inside")
    legal: list = []
    placements: list = []
    end: int | None = None
    rec = ""

    def add_legal(day: int, ls: str):
        if legal and legal[-1][1] == ls:
            return
        legal.append((day, ls))

    # --- legal status path ------------------------------------------------------------------
    emergency = 0
    if plan not in {"uasc", "remand"} and rng.random() < 0.04:
        emergency_ls = rng.choice(("L1", "L2"))
        add_legal(start, emergency_ls)
        # Police protection lasts 72 hours at most (rule 361), an EPO 21 days (362).
        emergency = rng.randrange(1, 4 if emergency_ls == "L1" else 9)
    main_start = start + emergency
    if plan == "uasc":
        main_ls = "V2" if rng.random() < 0.94 else "C1"
    elif plan == "remand":
        main_ls = "J1" if rng.random() < 0.8 else "J2"
    elif plan == "adopt":
        main_ls = "C1"
    elif plan in {"sgo", "cao"}:
        main_ls = "C1" if rng.random() < 0.9 else "V2"
    elif plan == "home":
        main_ls = "V2" if rng.random() < (0.4 if age < 10 else 0.6) else "C1"
    elif plan == "long":
        main_ls = "C1" if rng.random() < (0.96 if age < 10 else 0.92) else "V2"
    else:
        main_ls = "V2" if rng.random() < 0.45 else "C1"
    add_legal(main_start, main_ls)

    # --- how long and how it ends -----------------------------------------------------------
    adoption = None
    if plan == "adopt":
        decision = start + int(min(420, max(40, rng.gauss(170, 50))))
        order = max(decision + 14, start + int(min(560, max(120, rng.gauss(215, 55)))))
        match = order + lognormal_days(rng, 100, 0.6, 14, 800)
        adoption = Adoption(
            decision=decision, placement_order=order, match=match, period_start=start
        )
        if rng.random() < 0.10:
            adoption.ceased = decision + rng.randrange(60, 400)
            adoption.ceased_reason = pick(rng, {"RD1": 30, "RD2": 20, "RD3": 30, "RD4": 20})
            adoption.match = None
            plan = "long" if rng.random() < 0.6 else "sgo"
            if adoption.ceased < order:
                order = None
                adoption.placement_order = None
        if order is not None:
            add_legal(order, "E1")
            if adoption.ceased is not None:
                # The placement order is revoked with the decision and the care order revives
                # (rule 553: no placement order open once the decision no longer applies).
                add_legal(max(order + 1, adoption.ceased), "C2")
        else:
            add_legal(start + int(max(120, rng.gauss(280, 60))), "C2")
        child.adoption = adoption
    if plan == "sgo":
        end = start + lognormal_days(rng, 460, 0.45, 90, 2600)
    elif plan == "cao":
        end = start + lognormal_days(rng, 330, 0.5, 60, 1800)
    elif plan == "home":
        end = start + lognormal_days(rng, 120, 1.25, 1, 2200)
    elif plan == "other":
        end = start + lognormal_days(rng, 150, 1.2, 1, 3000)
    elif plan == "remand":
        end = start + (rng.randrange(1, 4) if main_ls == "J2" else rng.randrange(14, 160))
    elif plan == "uasc":
        roll = rng.random()
        if roll < 0.10:
            end, rec = start + rng.randrange(7, 60), "E3"
        elif roll < 0.12:
            end, rec = start + rng.randrange(20, 150), "E15"
        else:
            end = b18
    elif plan == "long":
        end = b18
    # Care orders follow interim orders after proceedings (about 40 weeks).
    if main_ls == "C1" and adoption is None:
        final = main_start + int(min(700, max(90, rng.gauss(290, 70))))
        if end is None or final < end:
            add_legal(final, "C2")
    elif main_ls == "V2" and plan in {"long", "sgo"} and rng.random() < 0.4:
        change = main_start + rng.randrange(60, 400)
        add_legal(change, "C1")
        add_legal(change + int(max(90, rng.gauss(280, 60))), "C2")

    if end is not None and end > b18:
        end = b18
    if adoption is not None and adoption.placement_order is not None and adoption.match:
        end = None  # decided below by the adoption order

    # --- placements -------------------------------------------------------------------------
    if plan == "remand":
        first_place = pick(rng, {"R5": 30, "K1": 20, "U6": 20, "K2": 30})
    else:
        first_place = sim.choose_place(age, start, uasc=uasc, adopt=plan == "adopt")
        if plan in {"sgo", "cao"} and rng.random() < 0.55:
            first_place = "U3"
        if first_place == "P1" and main_ls == "V2":
            first_place = "U6"  # no placement with parents under section 20 (rule 378)
    placements.append(sim.placement(start, first_place, home_post))
    if (
        plan == "long"
        and first_place != "P1"
        and legal[-1][1] == "C1"
        and age < 14
        and rng.random() < 0.4
    ):
        # Placed with parents under a care order, for the long term.
        placements[-1].reason = "CARPL"
        placements.append(sim.placement(start + rng.randrange(40, 300), "P1", home_post))

    horizon = end if end is not None else b18
    if adoption is not None and adoption.match and adoption.placement_order is not None:
        horizon = adoption.match
    # Moves: a likely early move from the emergency placement, then a steady hazard that is
    # higher for teenagers and children's homes.
    t = start
    if plan != "remand" and rng.random() < (0.28 if age >= 1 else 0.18):
        t = start + rng.randrange(5, 100)
    else:
        t = None
    while True:
        if t is None:
            current = placements[-1]
            a = _age(dob_ord, current.start)
            mean = 900 if a < 10 else 520
            if current.place in {"K2", "K1"}:
                mean = 420
            if plan in {"adopt", "sgo"}:
                mean = 1400
            if current.place in {"U1", "U4"}:
                mean = 2000
            if current.place == "P1":
                mean = 3000
            t = current.start + int(rng.expovariate(1 / mean)) + 1
        if t >= horizon - 1 or t >= b18 - 1:
            break
        prev = placements[-1]
        if t <= prev.start:
            t = prev.start + 1
        a = _age(dob_ord, t)
        if (
            plan == "long"
            and prev.place in {"U3", "U6"}
            and t - start > 300
            and rng.random() < 0.45
        ):
            nxt = sim.same_carer(prev, t, "U1" if prev.place == "U3" else "U4", "PLACE")
        elif a >= 16.2 and prev.place not in {"K3", "H5", "U1", "U4"} and rng.random() < 0.45:
            prev.reason = pick(rng, {"CARPL": 80, "CHILD": 10, "OTHER": 10})
            nxt = sim.placement(t, sim.supported_code(t), home_post)
        else:
            prev.reason = pick(rng, MOVE_REASONS)
            place = sim.choose_place(a, t, uasc=uasc, moving=True)
            if place == "P1" and (plan == "home" or prev.place == "P1" or main_ls == "V2"):
                place = "U6"  # nor with parents under section 20 (rule 378)
            if plan == "remand":
                place = pick(rng, {"K2": 60, "U6": 40})
            nxt = sim.placement(t, place, home_post)
        placements.append(nxt)
        t = None

    # A short stay elsewhere while foster carers are away, back to them afterwards.
    cur = placements[-1]
    if cur.place in {"U4", "U6", "U1", "U3"} and rng.random() < 0.03 and horizon - cur.start > 60:
        away = cur.start + rng.randrange(10, horizon - cur.start - 20)
        back = away + rng.randrange(2, 14)
        # Not across a change of legal status: a temporary placement is one episode, and the
        # child returns to the normal placement after it (rules 380, 383).
        changes_then = any(away <= day <= back for day, _ls in legal)
        if back < horizon - 1 and not changes_then:
            temp = Placement(
                start=away,
                place="T3",
                provider="",
                carer=sim.new_carer(),
                postcode=sim.postcode_away("inside", home_post),
            )
            returned = Placement(
                start=back,
                place=cur.place,
                provider=cur.provider,
                carer=cur.carer,
                postcode=cur.postcode,
                urn=cur.urn,
            )
            placements.extend([temp, returned])

    # --- endings ---------------------------------------------------------------------------
    if adoption is not None and adoption.match and adoption.placement_order is not None:
        prev = placements[-1]
        match = max(adoption.match, prev.start + 1)
        adoption.match = match
        with_carers = prev.place in {"U5", "U2"} or (prev.place[0] == "U" and rng.random() < 0.1)
        if with_carers:
            placed = match
            nxt = sim.same_carer(prev, placed, "A5", "CARPL")
            adoption.foster_care = "1"
        else:
            placed = match + rng.randrange(5, 40)
            prev.reason = "CARPL"
            nxt = sim.placement(placed, "A6", home_post)
        adoption.placed = placed
        placements.append(nxt)
        end = placed + int(min(900, max(70, rng.gauss(205, 55))))
        rec = "E11" if rng.random() < 0.7 else "E12"
        couple = rng.random() < 0.85
        adoption.number = "2" if couple else "1"
        if couple:
            adoption.sex = pick(rng, {"MF": 85, "MM": 8, "FF": 7})
            if adoption.sex == "MF":
                adoption.legal = pick(rng, {"L11": 75, "L3": 20, "L2": 5})
            else:
                adoption.legal = pick(rng, {"L12": 60, "L2": 25, "L4": 15})
        else:
            adoption.sex, adoption.legal = pick(rng, {"F1": 85, "M1": 15}), "L0"
    elif plan == "home" and end is not None:
        last_ls = legal[-1][1]
        already_home = placements[-1].place == "P1"
        if (
            last_ls in {"C1", "C2"}
            and end - start > 120
            and not already_home
            and rng.random() < 0.6
        ):
            # Placed with parents under the care order before it is discharged.
            home_from = max(placements[-1].start + 1, end - rng.randrange(60, 200))
            end = home_from + rng.randrange(150, 900)
            if end < b18 and home_from < end:
                placements[-1].reason = "CARPL"
                placements.append(sim.placement(home_from, "P1", home_post))
            else:
                end = min(end, b18)
        rec = pick(rng, {"E4A": 80, "E4B": 9, "E13": 11})
    elif plan == "sgo":
        cur = placements[-1]
        if cur.place in {"U1", "U2", "U3"}:
            rec = pick(rng, {"E45": 85, "E47": 15})
        elif cur.place[0] == "U":
            rec = pick(rng, {"E46": 60, "E48": 40})
        else:
            rec = pick(rng, {"E47": 60, "E48": 40})
    elif plan == "cao":
        rec = "E41"
    elif plan == "other" and end is not None:
        if age >= 12:
            rec = pick(rng, {"E8": 42, "E3": 22, "E13": 18, "E9": 8, "E16": 6, "E2": 1})
        else:
            rec = pick(rng, {"E8": 46, "E3": 26, "E13": 20, "E16": 7, "E2": 1})
    elif plan == "remand":
        rec = (
            "E14"
            if main_ls == "J1" and rng.random() < 0.65
            else ("E9" if main_ls == "J1" else "E8")
        )

    if end is not None and end >= b18:
        end = b18
        fostered = placements[-1].place[0] == "U"
        rec = pick(rng, AT_18_FOSTERED if fostered else AT_18_NOT_FOSTERED)
    elif end is None and plan in {"long", "uasc"}:
        end = b18
    if end is not None and end == b18 and not rec:
        fostered = placements[-1].place[0] == "U"
        rec = pick(rng, AT_18_FOSTERED if fostered else AT_18_NOT_FOSTERED)
    if end is not None and rec == "E17" and placements[-1].place[0] != "U":
        rec = "E5"

    _no_placement_with_parents_under_section_20(sim, legal, placements, home_post)
    period = Period(
        start=start,
        end=end,
        rec=rec,
        cin=cin,
        home_post=home_post,
        legal=legal,
        placements=placements,
    )
    _tidy(period)
    return period


def _no_placement_with_parents_under_section_20(sim, legal, placements, home_post):
    """A child accommodated under section 20 (V2) is not placed with parents (rule 378): such
    a placement becomes foster care."""
    for i, pl in enumerate(placements):
        if pl.place != "P1":
            continue
        stop = placements[i + 1].start if i + 1 < len(placements) else None
        statuses = [ls for day, ls in legal if day <= pl.start]
        statuses = statuses[-1:] + [
            ls for day, ls in legal if pl.start < day and (stop is None or day < stop)
        ]
        if "V2" in statuses:
            foster = sim.placement(pl.start, "U6", home_post)
            foster.reason = pl.reason
            placements[i] = foster


def _tidy(period: Period) -> None:
    """Drop changes on or after the period's end; keep one change of each kind per day."""
    end = period.end
    if end is not None:
        period.legal = [(d, ls) for d, ls in period.legal if d < end or d == period.start]
        period.placements = [
            p for p in period.placements if p.start < end or p.start == period.start
        ]
        period.placements[-1].reason = ""
    legal = []
    for day, ls in sorted(period.legal, key=lambda item: item[0]):
        if legal and legal[-1][0] == day:
            legal[-1] = (day, ls)
        elif not legal or legal[-1][1] != ls:
            legal.append((day, ls))
    period.legal = legal
    places = []
    for p in period.placements:
        if places and places[-1].start >= p.start:
            continue
        places.append(p)
    period.placements = places
    if end is not None and end <= period.start:
        period.end = period.start + 1


def build_episodes(period: Period) -> list:
    """Split a period into SSDA903 episodes at every change of legal status or placement."""
    changes = sorted({d for d, _ in period.legal} | {p.start for p in period.placements})
    episodes = []
    li = pi = 0
    prev_ls = prev_pl = None
    for i, day in enumerate(changes):
        while li + 1 < len(period.legal) and period.legal[li + 1][0] <= day:
            li += 1
        while pi + 1 < len(period.placements) and period.placements[pi + 1].start <= day:
            pi += 1
        ls = period.legal[li][1]
        pl = period.placements[pi]
        if prev_pl is None:
            rne = "S"
        else:
            legal_changed = ls != prev_ls
            place_changed = pl is not prev_pl
            if legal_changed and place_changed:
                rne = "B" if pl.new_carer else "U"
            elif legal_changed:
                rne = "L"
            else:
                rne = "P" if pl.new_carer else "T"
        dec = changes[i + 1] if i + 1 < len(changes) else period.end
        rec = "X1" if i + 1 < len(changes) else period.rec
        episodes.append(
            Episode(decom=day, rne=rne, ls=ls, placement=pl, dec=dec, rec=rec, reason="")
        )
        prev_ls, prev_pl = ls, pl
    for ep, nxt in zip(episodes, episodes[1:], strict=False):
        if (
            nxt.rne in {"P", "B", "T", "U"}
            and ep.placement.place[0] != "T"
            and nxt.placement.place[0] != "T"
        ):
            ep.reason = ep.placement.reason or "OTHER"
    return episodes


def _short_breaks(sim: _Sim, child: Child, start: int, stop: int) -> list:
    """Agreed series of short breaks (V3: each stay recorded; V4: each agreement recorded)."""
    rng = sim.rng
    home_post = geography.postcode(rng, "inside")
    periods = []
    agreements = rng.random() < 0.3
    day = start
    provider = pick(rng, {"PR1": 70, "PR4": 30})
    place = "K2" if rng.random() < 0.7 else "U6"
    carer = sim.new_carer()
    while day < stop:
        if agreements:
            end = day + rng.randrange(150, 366)
            ls = "V4"
        else:
            end = day + rng.randrange(1, 5)
            ls = "V3"
        if end > stop:
            break
        pl = Placement(start=day, place=place, provider=provider, carer=carer)
        period = Period(
            start=day,
            end=end,
            rec="E4A",
            cin="N2",
            home_post=home_post,
            legal=[(day, ls)],
            placements=[pl],
            short_break=True,
        )
        periods.append(period)
        day = end + (rng.randrange(1, 30) if agreements else rng.randrange(14, 70))
    return periods


def _finish_placements(sim: _Sim, child: Child) -> None:
    """Distances and in/out of area, now that UASC status and short breaks are known."""
    for period in child.periods:
        if not period.short_break:
            _retired_codes(sim, period)
        for pl in period.placements:
            if period.short_break:
                pl.postcode = pl.urn = pl.distance = pl.location = ""
                continue
            pl.location = "IN" if geography.inside(pl.postcode) else "OUT"
            if pl.location == "OUT" and pl.provider == "PR1" and pl.place not in OWN_ANYWHERE:
                pl.provider = "PR2"  # the council's own provision is in its area (rule 1015)
            if pl.place == "P1":
                pl.distance = "0.0"
            elif not child.uasc:
                pl.distance = geography.distance(period.home_post, pl.postcode)
        period.episodes = build_episodes(period)


# Fostering and adoption placements the council provides wherever the carers live (1015).
OWN_ANYWHERE = frozenset({"A3", "A4", "A5", "A6", "U1", "U2", "U3", "U4", "U5", "U6", "K3"})


def _retired_codes(sim: _Sim, period: Period) -> None:
    """Keep every placement code valid in every yearly file its episodes appear in.

    An H5 placement still going on 1 April 2024 becomes K3 that day with the same carers (RNE
    T, reason PLACE), as councils recorded the new supported accommodation. Z1 is valid only in
    files up to 2024-25 and Z11-Z14 only from 2025-26, so an "other" placement running across
    1 April 2025 is recorded as a children's home instead.
    """
    placements = []
    for i, pl in enumerate(period.placements):
        nxt = period.placements[i + 1].start if i + 1 < len(period.placements) else period.end
        ends_after = nxt is None or nxt > K3_FROM
        placements.append(pl)
        if pl.place == "H5" and ends_after and pl.start < K3_FROM:
            why_it_ended = pl.reason
            placements.append(sim.same_carer(pl, K3_FROM, "K3", "PLACE"))
            placements[-1].reason = why_it_ended
        if pl.place == "Z1" and (nxt is None or nxt >= Z1_SPLIT_FROM - 1):
            pl.place, pl.provider, pl.urn = "K2", "PR4", sim.urn_for("K2")
    period.placements = placements


def _reviews(sim: _Sim, child: Child, period: Period) -> None:
    rng = sim.rng
    stop = period.end if period.end is not None else sim.window_end + 1
    day = period.start + rng.randrange(14, 28)
    n = 0
    dob_ord = child.dob.toordinal()
    while day <= stop and day <= sim.window_end:
        age = _age(dob_ord, day)
        code = "PN0" if age < 4 else pick(rng, REVIEW_CODES)
        if day >= sim.window_start - 400:
            period.reviews.append((day, code))
        n += 1
        day += rng.randrange(70, 92) if n == 1 else rng.randrange(150, 183)


def _missing(sim: _Sim, child: Child, period: Period, propensity: float) -> None:
    rng = sim.rng
    if propensity <= 0:
        return
    dob_ord = child.dob.toordinal()
    from_day = max(period.start, birthday(child.dob, 11), sim.window_start - 400)
    stop = min(period.end if period.end is not None else sim.window_end, sim.window_end)
    day = from_day
    while True:
        day += int(rng.expovariate(propensity / 365.0)) + 1
        if day >= stop:
            break
        # Back before the period ends: a child who leaves care while missing is REC E8 (580).
        length = min(rng.choice((0, 0, 1, 1, 1, 2, 3, 5)), stop - day - 1)
        end = day + length
        if _crosses_year_end(day, end):
            continue
        kind = "M" if rng.random() < 0.7 else "A"
        if _age(dob_ord, day) >= 11:
            period.missing.append((kind, day, end))
        day = end


def _crosses_year_end(start: int, end: int) -> bool:
    return end > _collection_year_end(start)


def _sw_episodes(sim: _Sim, child: Child, pool: int) -> None:
    """Social workers allocated from the day each period of care starts.

    The first worker of a period is allocated on first contact (SW_REASON FCONTA); each later
    one the day after the worker before left, with the reason for the change (SW_REASON is
    why an episode began). The worker allocated when the child leaves care stays on (the case
    stays open for the rest of the return's year) until before the next period of care.
    """
    rng = sim.rng
    cared = [p for p in child.periods if not p.short_break]
    for i, period in enumerate(cared):
        start = period.start
        if i + 1 < len(cared):
            close = _away_from_year_end(cared[i + 1].start - rng.randrange(2, 30))
            close = min(close, cared[i + 1].start - 2)
        else:
            close = sim.window_end + 400
        close = max(close, start)
        day = start
        worker = rng.randrange(pool)
        reason = "FCONTA"
        first = len(child.sw_episodes)
        while True:
            change = _away_from_year_end(day + int(rng.expovariate(0.75 / 365.0)) + 30)
            if period.end is not None and change >= period.end:
                change = close  # no change of worker once the child has left care
            if change >= close:
                if close < day + SW_SHORTEST_DAYS and len(child.sw_episodes) > first:
                    # Too short to be an episode (SW09STG2): the worker before stays on.
                    ref, began, _end, why = child.sw_episodes.pop()
                    child.sw_episodes.append((ref, began, close, why))
                    break
                child.sw_episodes.append((f"SW{worker:05d}", day, close, reason))
                break
            child.sw_episodes.append((f"SW{worker:05d}", day, change, reason))
            worker = (worker + 1 + rng.randrange(pool - 1)) % pool if pool > 1 else worker
            reason = pick(rng, SW_REASONS)
            day = change + 1


SW_SHORTEST_DAYS = 3  # the public validator's reading of SW09STG2


def _collection_year_end(day: int) -> int:
    return collection_year_end(date.fromordinal(day)).toordinal()


def _away_from_year_end(day: int) -> int:
    """Keep a social worker's end date out of the last five days of a collection year."""
    d = date.fromordinal(day)
    if d.month == 3 and d.day >= 26:
        return date(d.year, 4, 1).toordinal() + (d.day - 26)
    return day


def _dolo(sim: _Sim, child: Child) -> None:
    rng = sim.rng
    for period in child.periods:
        if period.short_break:
            continue
        for pl, nxt in zip(period.placements, [*period.placements[1:], None], strict=False):
            if pl.place not in {"K1", "K2"} or rng.random() > 0.05:
                continue
            stop = nxt.start if nxt else (period.end if period.end else sim.window_end + 600)
            if stop - pl.start < 40:
                continue
            start = pl.start + rng.randrange(7, 30)
            end = min(stop - 1, start + rng.randrange(60, 365))
            if pl.place == "K1":  # never in a secure children's home (rule 710)
                continue  # drawn all the same, so the rest of the council stays as it was
            child.dolo.append((start, end))  # ends before the next placement (rule 709)


def _care_leaver_outcomes(sim: _Sim, child: Child, years: list) -> None:
    """OC3 rows for each collection year where the young person is in the cohort."""
    rng = sim.rng
    dob = child.dob
    if not child.periods or (child.adoption and child.periods[-1].rec in {"E11", "E12"}):
        return
    looked_after = [p for p in child.periods if not p.short_break]
    if not looked_after:
        return
    if looked_after[-1].rec == "E3":
        return  # care taken over by another council: that council returns the OC3 rows
    b14, b16 = birthday(dob, 14), birthday(dob, 16)
    last = looked_after[-1]
    staying_put = last.rec == "E17"
    died = False
    for year in years:
        first, last = collection_year_bounds(year)
        ys, ye = first.toordinal(), min(last.toordinal(), sim.window_end)
        for age in (17, 18, 19, 20, 21):
            bday = birthday(dob, age)
            if not ys <= bday <= ye:
                continue
            # Time looked after up to the birthday counts towards being a former relevant child.
            a14 = sum(
                max(0, min(p.end if p.end is not None else bday, bday) - max(p.start, b14))
                for p in looked_after
            )
            a16 = sum(
                max(0, min(p.end if p.end is not None else bday, bday) - max(p.start, b16))
                for p in looked_after
            )
            # Leaving care on the birthday is not leaving after it (rule 1016 as the DfE words
            # it, and as the record's cohort counts it): that birthday's OC3 row is returned.
            # The public validator reads a DEC on the birthday as after it.
            in_care = any(p.start <= bday and (p.end is None or p.end > bday) for p in looked_after)
            if a14 < 91 or a16 < 1 or in_care:
                continue
            values = _oc3_values(rng, child, age, staying_put)
            if not died:  # once reported as having died, never returned again (rule 348)
                child.oc3[year] = values
            died = died or values[0] == "DIED"


def _oc3_values(rng: random.Random, child: Child, age: int, staying_put: bool) -> tuple:
    touch = (
        "YES"
        if rng.random() < child.in_touch_propensity
        else pick(rng, {"NO": 35, "REFU": 25, "NREQ": 30, "RHOM": 9, "DIED": 1})
    )
    if touch in {"NO", "REFU", "DIED", "RHOM"}:
        return touch, "0", "0"  # rule 344: nothing else for RHOM and DIED
    if age <= 18:
        activ = pick(
            rng,
            {
                "F2": 44,
                "F1": 2,
                "F5": 10,
                "F4": 5,
                "P2": 3,
                "P5": 4,
                "G5": 23,
                "G4": 5,
                "G6": 3,
            },
        )
    else:
        activ = pick(
            rng,
            {
                "F1": 7,
                "P1": 1,
                "F2": 14,
                "P2": 2,
                "F4": 4,
                "P4": 1,
                "F5": 22,
                "P5": 7,
                "G5": 24,
                "G4": 8,
                "G6": 8,
            },
        )
    if staying_put and 18 <= age <= 20 and rng.random() < (0.7 if age <= 19 else 0.35):
        accom = "Z1"
    elif rng.random() < 0.885:
        accom = pick(
            rng,
            {"U1": 40, "B1": 13, "D1": 16, "E1": 6, "T1": 6, "Y1": 5, "K1": 4, "C1": 3, "G1": 0.5},
        )
        if age <= 18 and accom == "U1" and rng.random() < 0.5:
            accom = "D1"
    else:
        accom = pick(
            rng, {"S2": 12, "X2": 14, "V2": 10, "W2": 8, "U2": 22, "B2": 16, "D2": 10, "Y2": 8}
        )
    if accom in FOYER and age < 18:
        accom = "D1"  # rule 347: no foyer under 18
    if touch == "YES" and activ == "0":
        activ = "G5"  # rule 345: in touch, so the activity is known
    return touch, activ, accom


FOYER = frozenset({"T1", "T2"})


def _mother(sim: _Sim, child: Child) -> None:
    if child.sex != "F":
        return
    rng = sim.rng
    cared = [p for p in child.periods if not p.short_break]
    if not cared:
        return
    last_end = min(cared[-1].end, birthday(child.dob, 18))
    b15 = birthday(child.dob, 15)
    if last_end <= b15 or rng.random() > 0.11:
        return
    child.mother_child_dob = b15 + rng.randrange(0, last_end - b15)


def _sample_start(sim: _Sim, years_in_window: float) -> tuple[date, int, bool]:
    """Draw (date of birth, first entry, UASC) from the stationary flow of entries into care.

    Entry dates are uniform over a range long enough for anyone entering then to reach the
    window (in care or as a care leaver up to 21); ages are drawn in proportion to that range
    so that the accepted children have the same mix as the real flow.
    """
    rng = sim.rng
    we = sim.window_end
    while True:
        uasc = rng.random() < UASC_SHARE_OF_FIRST_ENTRIES
        if uasc:
            age = rng.choice((14, 15, 16, 16, 16, 17, 17, 17, 17)) + rng.random()
            if age >= 17.9:
                age = 17.0 + rng.random() * 0.9
        else:
            low, high = pick(rng, ENTRY_AGE_BANDS)
            age = low + rng.random() * (high - low)
            if age > 17.9:
                continue
        span = years_in_window + 21.6 - age
        if rng.random() > span / (years_in_window + 21.6):
            continue
        entry = we - int(rng.random() * span * YEAR_DAYS)
        dob = date.fromordinal(entry - int(age * YEAR_DAYS))
        return dob, entry, uasc


def simulate_child(
    seed: int, index: int, years: list[int], sw_pool: int, last_day: int | None = None
) -> Child:
    """The care history of child number `index`, guaranteed to appear in one of `years`.

    `last_day` (an ordinal) ends the history before 31 March of the last year, for an
    in-year extract: nothing is recorded after it (reviews, missing episodes, OC3).
    """
    window_start = collection_year_bounds(years[0])[0].toordinal()
    window_end = (
        last_day if last_day is not None else collection_year_bounds(years[-1])[1].toordinal()
    )
    sim = _Sim(seed, index, window_start, window_end)
    rng = sim.rng
    child_id = f"{1000000 + index}"
    n_years = len(years)
    while True:
        sim.carer_seq = 0
        if rng.random() < SHORT_BREAK_SHARE:
            age = 4 + rng.random() * 13
            entry = window_end - int(rng.random() * (n_years + 2) * YEAR_DAYS)
            dob = date.fromordinal(entry - int(age * YEAR_DAYS))
            child = _new_child(sim, index, child_id, dob, uasc=False)
            stop = min(birthday(dob, 18), entry + rng.randrange(365, 6 * 365))
            child.periods = _short_breaks(sim, child, entry, min(stop, window_end + 400))
        else:
            dob, entry, uasc = _sample_start(sim, n_years)
            child = _new_child(sim, index, child_id, dob, uasc=uasc)
            start = entry
            first = True
            while start <= window_end:
                period = _simulate_period(sim, child, start, first=first)
                child.periods.append(period)
                first = False
                if (
                    period.end is None
                    or period.rec not in {"E4A", "E4B", "E13", "E8", "E41"}
                    or _age(dob.toordinal(), period.end) > 16.5
                    or len(child.periods) >= 3
                    or rng.random() > 0.24
                ):
                    break
                start = period.end + lognormal_days(rng, 280, 0.9, 30, 3000)
                if start >= birthday(dob, 17):
                    break
        if not child.periods:
            continue
        _care_leaver_outcomes(sim, child, years)
        if _appears(child, window_start, window_end):
            break
    _finish_placements(sim, child)
    teen_missing = rng.random() < 0.22
    for period in child.periods:
        if period.short_break:
            continue
        _reviews(sim, child, period)
        _missing(sim, child, period, rng.uniform(2.0, 9.0) if teen_missing else 0.0)
    cared = [p for p in child.periods if not p.short_break]
    if cared:
        child.prev_perm = _prev_perm(rng, child, cared[0])
    _sw_episodes(sim, child, sw_pool)
    _dolo(sim, child)
    _mother(sim, child)
    return child


def _new_child(sim: _Sim, index: int, child_id: str, dob: date, *, uasc: bool) -> Child:
    rng = sim.rng
    if uasc:
        sex = "M" if rng.random() < 0.94 else "F"
        ethnic = pick(rng, ETHNIC_UASC)
    else:
        sex = "M" if rng.random() < 0.525 else "F"
        ethnic = pick(rng, ETHNIC_NON_UASC)
    child = Child(
        index=index,
        child_id=child_id,
        dob=dob,
        sex=sex,
        ethnic=ethnic,
        uasc=uasc,
        upn=_upn(rng, index, dob, uasc),
        periods=[],
    )
    child.in_touch_propensity = rng.uniform(0.86, 0.99)
    return child


def _upn(rng: random.Random, index: int, dob: date, uasc: bool) -> str:
    """A pupil number, or the code saying why there is none (UN1 is set per year by age)."""
    roll = rng.random()
    if uasc and roll < 0.5:
        return "UN2"  # never attended a maintained school in England
    if roll < 0.02:
        return "UN3"  # educated outside England
    if roll < 0.04:
        return "UN5"  # sources disagree
    return make_upn(rng, index, dob)


def _prev_perm(rng: random.Random, child: Child, period: Period) -> tuple:
    code = "Z1" if child.uasc else pick(rng, PREV_PERM)
    if code == "Z1":
        return ("Z1", "", "")
    dob_ord = child.dob.toordinal()
    if period.start - dob_ord < 200:
        return ("Z1", "", "")
    when = date.fromordinal(dob_ord + rng.randrange(100, period.start - dob_ord - 30))
    council = rng.choice(LA_PERM_CODES)  # LA_PERM: the council that made the order (rule 630)
    # Day and month unknown: read as 31 December, so only for a year before care began (632).
    if rng.random() < 0.25 and when.year < date.fromordinal(period.start).year:
        return (code, council, f"zz/zz/{when.year}")
    return (code, council, when.strftime("%d/%m/%Y"))


# DfE council numbers of West Yorkshire, for LA_PERM.
LA_PERM_CODES = ("380", "381", "382", "383", "384")


def _appears(child: Child, window_start: int, window_end: int) -> bool:
    if child.oc3:
        return True
    return any(
        p.start <= window_end and (p.end is None or p.end >= window_start) for p in child.periods
    )
