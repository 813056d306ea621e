"""Synthetic day-to-day casework for the demo, on top of the imported SSDA903 history.

SSDA903 carries no names, visits, PEPs, health checks, case notes, non-adoption permanence
plans, IROs or pathway plans. This fills them in for the children of one import, so that the
caseload, the child's record and the local indicators have something to show:

- names that fit the child's recorded ethnicity (demo/names.py);
- an independent reviewing officer for most children looked after (a few "Not allocated");
- statutory visits every 4 to 6 weeks in the current period of care, about 1 in 10 overdue;
- a PEP each term for children of compulsory school age, most of them this term;
- health assessments (every 6 months under 5, yearly from 5), dental checks and immunisations
  for children in care 12 months or more, most in date; an initial health assessment for
  newer entrants;
- a few case notes per child looked after, short made-up texts;
- a permanence plan for most children looked after, consistent with their placement, legal
  status and age; adoption plans from the import get their placement order, placed and order
  dates from the episodes;
- personal advisers and pathway plan reviews (every 6 months, most in date) for care leavers.

Each child's casework comes from its own random generator seeded by (seed, child ID), so it is
deterministic and one child never depends on another. Every date is on or after the child's
birth, inside the current period of care where the record needs one, and never after `today`.
Writes are bulk inserts and one audit row.
"""

import datetime
import random
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from children.models import (
    Allocation,
    AllocationKind,
    CaseNote,
    Child,
    HealthCheck,
    HealthCheckKind,
    PathwayPlanReview,
    PersonalEducationPlan,
    StatutoryVisit,
)
from corporate_parenting.audit import audit_record
from corporate_parenting.dates import age_on, nth_birthday
from corporate_parenting.models import AuditAction, Team
from corporate_parenting.roles import JobFunction
from demo.names import names_for
from placements import codes
from placements.models import LegalStatus, PeriodOfCare, PermanencePlan, Placement
from placements.ssda903 import bulk

D = datetime.timedelta
VISIT_OVERDUE_SHARE = 0.12
NO_IRO_SHARE = 0.06
NO_PLAN_SHARE = 0.07
PEP_MISSING_SHARE = 0.12
HEALTH_LATE_SHARE = 0.10
DENTAL_LATE_SHARE = 0.15
PATHWAY_LATE_SHARE = 0.12
NO_PA_SHARE = 0.05

# IROs and the leaving care team's other personal advisers are people the record names, not
# people who sign in to the demo: accounts with no role and no usable password.
IROS = [
    ("iro.demo1", "Helen", "Marsh"),
    ("iro.demo2", "Graham", "Pike"),
    ("iro.demo3", "Ruth", "Ade"),
]
ADVISERS = [
    ("pa.demo2", "Kim", "Lowe"),
    ("pa.demo3", "Dan", "Fisher"),
    ("pa.demo4", "Amina", "Yusuf"),
    ("pa.demo5", "Lee", "Carter"),
]
LEAVING_CARE_TEAM = "Leaving care"


@dataclass
class ChildFacts:
    """What the generator needs to know about one imported child."""

    pk: int
    local_id: str
    dob: datetime.date
    sex: str
    ethnicity: str
    uasc: bool
    social_worker_id: int | None = None
    period_start: datetime.date | None = None  # current period of care, if looked after today
    placement_type: str = ""
    legal_status: str = ""
    care_leaver: bool = False
    personal_adviser_id: int | None = None


@dataclass
class Casework:
    names: list = field(default_factory=list)  # (pk, first, last)
    iro: list = field(default_factory=list)  # (pk, iro user id)
    advisers: list = field(default_factory=list)  # (pk, personal adviser user id)
    allocations: list = field(default_factory=list)
    visits: list = field(default_factory=list)
    peps: list = field(default_factory=list)
    health: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    plans: list = field(default_factory=list)
    pathway: list = field(default_factory=list)

    def counts(self):
        return {
            "names": len(self.names),
            "iro_allocations": len(self.iro),
            "personal_advisers": len(self.advisers),
            "statutory_visits": len(self.visits),
            "peps": len(self.peps),
            "health_checks": len(self.health),
            "case_notes": len(self.notes),
            "permanence_plans": len(self.plans),
            "pathway_plan_reviews": len(self.pathway),
        }


# ---------------------------------------------------------------------------------------------
# Building (pure: facts in, unsaved rows out)
# ---------------------------------------------------------------------------------------------


def term_start(day):
    """First day of the school term containing `day` (autumn, spring, summer)."""
    if day.month >= 9:
        return datetime.date(day.year, 9, 1)
    if day.month >= 4:
        return datetime.date(day.year, 4, 1)
    return datetime.date(day.year, 1, 1)


def of_compulsory_school_age(dob, day):
    """5 by the 31 August before the school year of `day`, and not past year 11."""
    school_year_start = datetime.date(day.year if day.month >= 9 else day.year - 1, 8, 31)
    return 5 <= age_on(dob, school_year_start) < 16


def build_casework(facts, *, today, seed, iro_ids, adviser_ids, adoption_children=()):
    """Rows for every child in `facts` (a list of ChildFacts, any order)."""
    work = Casework()
    for child in sorted(facts, key=lambda c: c.local_id):
        rng = random.Random(f"casework:{seed}:{child.local_id}")
        first, last = _name(rng, child)
        work.names.append((child.pk, first, last))
        if child.period_start is not None:
            _looked_after(work, rng, child, first, today, iro_ids, child.pk in adoption_children)
        elif child.care_leaver:
            _care_leaver(work, rng, child, first, today, adviser_ids)
    return work


def _name(rng, child):
    boys, girls, surnames = names_for(child.ethnicity, uasc=child.uasc)
    return rng.choice(boys if child.sex == "M" else girls), rng.choice(surnames)


def _clip(day, low, high):
    return max(low, min(high, day))


def _looked_after(work, rng, child, first, today, iro_ids, has_adoption_plan):
    start = max(child.period_start, child.dob)
    sw = child.social_worker_id
    # Independent reviewing officer, allocated within the first weeks.
    if iro_ids and rng.random() >= NO_IRO_SHARE:
        iro = rng.choice(iro_ids)
        work.iro.append((child.pk, iro))
        work.allocations.append(
            Allocation(
                child_id=child.pk,
                kind=AllocationKind.IRO,
                worker_id=iro,
                start=_clip(start + D(days=rng.randrange(2, 15)), start, today),
            )
        )
    visits = _visits(work, rng, child, start, today, sw)
    _peps(work, rng, child, start, today, sw)
    _health(work, rng, child, start, today, sw)
    _notes(work, rng, child, first, start, today, sw, visits)
    if not has_adoption_plan:
        _plan(work, rng, child, start, today)


def _visits(work, rng, child, start, today, sw):
    """Visits every 4 to 6 weeks back from the latest; the latest overdue for about 1 in 10."""
    if rng.random() < VISIT_OVERDUE_SHARE:
        latest = today - D(days=rng.randrange(44, 80))
    else:
        latest = today - D(days=rng.randrange(0, 36))
    if latest < start:
        # New to care: first visit within the first week, if it has happened yet.
        latest = start + D(days=rng.randrange(0, 7))
        if latest > today:
            return []
    dates = []
    day = latest
    floor = max(start, today - D(days=400))
    while day >= floor:
        dates.append(day)
        day -= D(days=rng.randrange(28, 43))
    age = age_on(child.dob, today)
    for day in dates:
        seen = rng.random() < 0.97 or age < 1
        work.visits.append(
            StatutoryVisit(
                child_id=child.pk,
                date=day,
                recorded_by_id=sw,
                seen=seen,
                seen_alone=seen and age_on(child.dob, day) >= 8 and rng.random() < 0.8,
            )
        )
    return work.visits[-len(dates) :] if dates else []


def _peps(work, rng, child, start, today, sw):
    term = term_start(today)
    missing_now = rng.random() < PEP_MISSING_SHARE
    # Walk back term by term over the last year of the current period of care.
    while term >= max(start, today - D(days=365)) - D(days=120):
        this_term = term == term_start(today)
        term_end = today if this_term else _term_end(term)
        low = max(term, start + D(days=10))
        if (
            low <= term_end
            and of_compulsory_school_age(child.dob, term)
            and not (this_term and missing_now)
        ):
            day = low + D(days=rng.randrange(0, (term_end - low).days + 1))
            work.peps.append(PersonalEducationPlan(child_id=child.pk, date=day, recorded_by_id=sw))
        term = term_start(term - D(days=1))


def _term_end(term):
    nxt = {1: datetime.date(term.year, 3, 31), 4: datetime.date(term.year, 7, 20)}
    return nxt.get(term.month, datetime.date(term.year, 12, 18))


def _health(work, rng, child, start, today, sw):
    def add(kind, day):
        work.health.append(HealthCheck(child_id=child.pk, kind=kind, date=day, recorded_by_id=sw))

    initial = start + D(days=rng.randrange(8, 30))
    if initial <= today and rng.random() < 0.9:
        add(HealthCheckKind.HEALTH_ASSESSMENT, initial)
    if (today - start).days < 365:
        return
    under5 = age_on(child.dob, today) < 5
    interval = 182 if under5 else 365
    late = rng.random() < HEALTH_LATE_SHARE
    day = today - D(
        days=rng.randrange(interval + 20, interval + 120)
        if late
        else rng.randrange(5, interval - 10)
    )
    while day > initial + D(days=60):
        add(HealthCheckKind.HEALTH_ASSESSMENT, day)
        day -= D(days=interval + rng.randrange(-20, 15))
    if age_on(child.dob, today) >= 1:
        late = rng.random() < DENTAL_LATE_SHARE
        add(
            HealthCheckKind.DENTAL,
            _clip(
                today - D(days=rng.randrange(380, 520) if late else rng.randrange(10, 330)),
                start,
                today,
            ),
        )
    if rng.random() < 0.88:
        add(
            HealthCheckKind.IMMUNISATIONS,
            _clip(today - D(days=rng.randrange(10, 340)), start, today),
        )


NOTE_TEXTS = {
    "VISIT_YOUNG": [
        "Visited {name} at home with the foster carers. Settled and happy, feeding and "
        "sleeping well. Carers report no concerns.",
        "Saw {name} with the carers. Meeting milestones; health visitor seen last week. "
        "Contact with birth family is going well.",
    ],
    "VISIT": [
        "Visited {name} at the placement and saw them alone in their room. Talked about "
        "school and friends; {name} says they feel settled.",
        "Saw {name} after school. Enjoying football club and asked about more contact "
        "with their brother. Will raise at the next review.",
        "Visit to placement. {name} showed me their new bike. Carers report better sleep "
        "and fewer arguments at bedtime.",
        "{name} was quiet today and did not want to talk for long. Agreed to call later in "
        "the week. Carers will keep an eye on mood.",
    ],
    "VISIT_TEEN": [
        "Met {name} in a cafe near the placement, at their request. Talked about college "
        "options and staying in touch with friends.",
        "Visited {name}. Discussed keeping safe when out late and the agreed curfew. {name} "
        "wants to start driving lessons next year.",
        "Saw {name} alone. Talked about their pathway plan and what living independently "
        "would look like. Keen to learn to cook.",
    ],
    "VISIT_NOT_SEEN": [
        "Visited the placement but {name} was out with friends. Spoke with the carers; "
        "visit rearranged for next week.",
    ],
    "CONTACT": [
        "Supervised family time went well; {name} played board games with mum.",
        "Family time cancelled by dad at short notice. {name} was disappointed; carers "
        "supported them. Rebooked for next week.",
        "Letterbox contact sent to grandparents with {name}'s drawings.",
    ],
    "MEETING": [
        "PEP meeting at school: {name} is making good progress in reading. Pupil premium "
        "to fund extra tuition in maths.",
        "Professionals meeting with the school nurse and CAMHS about {name}'s anxiety. "
        "Referral accepted; first appointment next month.",
        "Placement stability meeting. Carers feel supported; respite agreed for one "
        "weekend a month.",
    ],
    "PHONE": [
        "Call from the carer: {name} has a cold and missed school today. No other concerns.",
        "Spoke to {name}'s teacher, who reports better attendance this half term.",
        "Call with the IRO to agree the date of the next review.",
    ],
    "CASE_UPDATE": [
        "Care plan updated after the review. Actions shared with carers and school.",
        "Management oversight: plan remains appropriate; next steps agreed in supervision.",
        "Life story work started with {name}; photos collected from the previous carers.",
    ],
}


def _notes(work, rng, child, first, start, today, sw, visits):
    age = age_on(child.dob, today)
    visit_key = "VISIT_YOUNG" if age < 4 else ("VISIT_TEEN" if age >= 14 else "VISIT")
    for visit in visits[:2]:
        if not visit.seen:
            texts = NOTE_TEXTS["VISIT_NOT_SEEN"]
        else:
            # A note that says the child was seen alone only when the visit says so.
            texts = [t for t in NOTE_TEXTS[visit_key] if ("alone" in t) == visit.seen_alone]
            texts = texts or [t for t in NOTE_TEXTS[visit_key] if "alone" not in t]
        text = rng.choice(texts).format(name=first)
        work.notes.append(
            CaseNote(child_id=child.pk, date=visit.date, kind="VISIT", text=text, recorded_by_id=sw)
        )
    low = max(start, today - D(days=180))
    span = (today - low).days
    kinds = ["PHONE", "CASE_UPDATE"] if age < 4 else ["CONTACT", "MEETING", "PHONE", "CASE_UPDATE"]
    for _ in range(rng.randrange(1, 4)):
        kind = rng.choice(kinds)
        text = rng.choice(NOTE_TEXTS[kind]).format(name=first)
        day = low + D(days=rng.randrange(0, span + 1))
        work.notes.append(
            CaseNote(child_id=child.pk, date=day, kind=kind, text=text, recorded_by_id=sw)
        )


def _plan(work, rng, child, start, today):
    """A permanence plan agreed by the second review (about 4 months in), if that has come."""
    decided = start + D(days=rng.randrange(70, 125))
    if decided > today or rng.random() < NO_PLAN_SHARE:
        return
    age = age_on(child.dob, today)
    place = child.placement_type
    Type = codes.PermanencePlanType
    if age >= 16 or (age >= 15 and place in {"K3", "H5"}):
        plan = Type.INDEPENDENCE
    elif place == "P1":
        plan = Type.REUNIFICATION
    elif place in {"U1", "U2", "U3"}:
        plan = Type.SGO if rng.random() < 0.6 else Type.LONG_TERM_FOSTERING
    elif age < 5 and child.legal_status in {"C1", "C2", "E1"}:
        plan = Type.SGO if rng.random() < 0.5 else Type.REUNIFICATION
    elif child.legal_status == "V2" and (today - start).days < 365:
        plan = Type.REUNIFICATION
    else:
        plan = Type.LONG_TERM_FOSTERING if rng.random() < 0.8 else Type.REUNIFICATION
    values = {}
    if plan == Type.SGO and rng.random() < 0.5:
        # The carers assessed and matched; the order applied for.
        match = decided + D(days=rng.randrange(60, 200))
        if match <= today:
            values["matched_date"] = match
            values["placed_date"] = match if place in {"U1", "U2", "U3"} else None
    work.plans.append(
        PermanencePlan(child_id=child.pk, plan_type=plan, decided_on=decided, **values)
    )


def _care_leaver(work, rng, child, first, today, adviser_ids):
    if child.personal_adviser_id is None and adviser_ids and rng.random() >= NO_PA_SHARE:
        work.advisers.append((child.pk, rng.choice(adviser_ids)))
    b16 = nth_birthday(child.dob, 16)
    late = rng.random() < PATHWAY_LATE_SHARE
    day = today - D(days=rng.randrange(190, 320) if late else rng.randrange(5, 170))
    floor = max(b16, today - D(days=730))
    while day >= floor:
        work.pathway.append(
            PathwayPlanReview(child_id=child.pk, date=day, recorded_by_id=child.personal_adviser_id)
        )
        day -= D(days=rng.randrange(150, 183))


# ---------------------------------------------------------------------------------------------
# Loading and writing
# ---------------------------------------------------------------------------------------------


def load_facts(child_ids, *, today):
    """ChildFacts for the given children (primary keys), in one query per table."""
    facts = {
        row[0]: ChildFacts(*row)
        for row in Child.objects.filter(pk__in=child_ids).values_list(
            "pk",
            "local_id",
            "date_of_birth",
            "sex",
            "ethnicity",
            "is_uasc",
            "social_worker_id",
        )
    }
    looked_after = set(
        Child.objects.filter(pk__in=child_ids).looked_after_on(today).values_list("pk", flat=True)
    )
    for child_id, start in (
        PeriodOfCare.objects.open_on(today)
        .filter(child_id__in=child_ids)
        .values_list("child_id", "start")
    ):
        if child_id in looked_after:
            facts[child_id].period_start = start
    for child_id, place in (
        Placement.objects.open_on(today).filter(child_id__in=child_ids).order_by("start")
    ).values_list("child_id", "placement_type"):
        facts[child_id].placement_type = place
    for child_id, ls in (
        LegalStatus.objects.open_on(today).filter(child_id__in=child_ids).order_by("start")
    ).values_list("child_id", "legal_status"):
        facts[child_id].legal_status = ls
    for child_id, adviser in Child.objects.filter(
        pk__in=child_ids, care_leaver__isnull=False
    ).values_list("pk", "personal_adviser_id"):
        facts[child_id].care_leaver = True
        facts[child_id].personal_adviser_id = adviser
    return list(facts.values())


def _ensure_people(people, team=None, job_function=""):
    """The named colleagues' accounts (created once, no role, cannot sign in), with the post
    that lets them be allocated (User.job_function)."""
    User = get_user_model()
    existing = set(
        User.objects.filter(username__in=[p[0] for p in people]).values_list("username", flat=True)
    )
    new = []
    for username, first, last in people:
        if username in existing:
            continue
        user = User(
            username=username,
            first_name=first,
            last_name=last,
            team=team,
            job_function=job_function,
        )
        user.set_unusable_password()
        new.append(user)
    User.objects.bulk_create(new)
    ids = dict(
        User.objects.filter(username__in=[p[0] for p in people]).values_list("username", "pk")
    )
    return [ids[p[0]] for p in people]


def _adoption_milestones(child_ids):
    """Placement order, match, placed and order dates for imported adoption plans, from the
    episodes (the match only where the import had none)."""
    plans = list(
        PermanencePlan.objects.filter(
            child_id__in=child_ids, plan_type=codes.PermanencePlanType.ADOPTION
        ).values_list("pk", "child_id", "adm_decision_date", "matched_date")
    )
    if not plans:
        return [], set()
    ids = {p[1] for p in plans}
    e1 = {}
    for child_id, start in (
        LegalStatus.objects.filter(child_id__in=ids, legal_status="E1")
        .order_by("start")
        .values_list("child_id", "start")
    ):
        e1.setdefault(child_id, []).append(start)
    placed = {}
    for child_id, start in (
        Placement.objects.filter(child_id__in=ids, placement_type__startswith="A")
        .order_by("start")
        .values_list("child_id", "start")
    ):
        placed.setdefault(child_id, []).append(start)
    adopted = {}
    for child_id, end in PeriodOfCare.objects.filter(
        child_id__in=ids, reason_ceased__in=codes.ADOPTED
    ).values_list("child_id", "end"):
        adopted[child_id] = end
    rows = []
    for pk, child_id, decision, matched in plans:
        if decision is None:
            continue
        order = next((d for d in e1.get(child_id, []) if d >= decision - D(days=400)), None)
        put = next((d for d in placed.get(child_id, []) if d >= decision), None)
        if matched is not None and put is not None and put < matched:
            put = None
        granted = adopted.get(child_id)
        if matched is None and put is not None:
            # A child placed for adoption was matched first: about four weeks before, and not
            # before the placement order (or the decision) that allowed the match.
            matched = max(put - D(days=28), order or decision)
            matched = min(matched, put)
        rows.append((pk, order, matched, put, granted))
    return rows, ids


@transaction.atomic
def casework_generate(*, child_ids, today, seed=1, actor=None):
    """Generate and write the demo casework for `child_ids` (children of one import)."""
    child_ids = list(child_ids)
    leaving = Team.objects.filter(name=LEAVING_CARE_TEAM).first()
    iro_ids = _ensure_people(IROS, job_function=JobFunction.IRO)
    adviser_ids = _ensure_people(ADVISERS, team=leaving, job_function=JobFunction.PERSONAL_ADVISER)
    milestones, adoption_children = _adoption_milestones(child_ids)
    facts = load_facts(child_ids, today=today)
    work = build_casework(
        facts,
        today=today,
        seed=seed,
        iro_ids=iro_ids,
        adviser_ids=adviser_ids,
        adoption_children=adoption_children,
    )
    now = timezone.now()
    bulk.update(Child, ("first_name", "last_name"), work.names, now=now, versioned=True)
    bulk.update(Child, ("iro_id",), work.iro, now=now, versioned=False)
    bulk.update(Child, ("personal_adviser_id",), work.advisers, now=now, versioned=False)
    bulk.update(
        PermanencePlan,
        ("placement_order_date", "matched_date", "placed_date", "order_date"),
        milestones,
        now=now,
        versioned=False,
    )
    Allocation.objects.bulk_create(
        work.allocations
        + [
            Allocation(child_id=pk, kind=AllocationKind.PERSONAL_ADVISER, worker_id=pa, start=today)
            for pk, pa in work.advisers
        ],
        batch_size=2000,
    )
    for rows in (work.visits, work.peps, work.health, work.notes, work.plans, work.pathway):
        if rows:
            type(rows[0]).objects.bulk_create(rows, batch_size=2000)
    counts = work.counts()
    counts["adoption_plans_completed"] = len(milestones)
    audit_record(
        actor=actor,
        action=AuditAction.IMPORT,
        changes=counts,
        detail=(
            "Demo casework generated: names, IROs, statutory visits, PEPs, health checks, "
            "case notes, permanence plans, personal advisers and pathway plan reviews for "
            f"{len(child_ids)} imported children"
        ),
    )
    return counts
