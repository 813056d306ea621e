"""Demo casework: deterministic, limited to the imported children, consistent with the record."""

import datetime

import pytest

from children.models import (
    Allocation,
    AllocationKind,
    CaseNote,
    Child,
    HealthCheck,
    PathwayPlanReview,
    PersonalEducationPlan,
    Review,
    StatutoryVisit,
)
from children.selectors import with_case_status
from corporate_parenting.dates import age_on
from corporate_parenting.models import AuditAction, AuditEvent
from demo.casework import (
    ChildFacts,
    build_casework,
    casework_generate,
    load_facts,
    of_compulsory_school_age,
)
from demo.ssda903.generator import generate
from placements.models import PeriodOfCare, PermanencePlan
from placements.ssda903.importer import import_filesets
from placements.ssda903.reader import collect
from tests.factories import ChildFactory

TODAY = datetime.date(2026, 11, 23)


@pytest.fixture
def imported(tmp_path, db):
    """A small synthetic council imported up to TODAY; returns the imported children's ids."""
    years, _stats, _ = generate(tmp_path, children=400, years=1, seed=9, end=TODAY, in_year=True)
    sets, _ = collect(sorted(tmp_path / str(y) for y in years))
    assert import_filesets(sets, actor=None).errors == []
    return list(Child.objects.values_list("pk", flat=True))


def _snapshot(work):
    return (
        work.names,
        work.iro,
        [(v.child_id, v.date, v.seen, v.seen_alone) for v in work.visits],
        [(p.child_id, p.date) for p in work.peps],
        [(h.child_id, h.kind, h.date) for h in work.health],
        [(n.child_id, n.date, n.kind, n.text) for n in work.notes],
        [(p.child_id, p.plan_type, p.decided_on, p.matched_date) for p in work.plans],
        [(p.child_id, p.date) for p in work.pathway],
    )


def test_the_same_seed_gives_the_same_casework_and_another_seed_differs(imported):
    facts = load_facts(imported, today=TODAY)
    build = lambda seed: _snapshot(  # noqa: E731
        build_casework(facts, today=TODAY, seed=seed, iro_ids=[1, 2], adviser_ids=[3])
    )
    assert build(1) == build(1)
    assert build(1) != build(2)
    # One child's casework does not depend on which other children are generated with it.
    alone = build_casework(facts[:1], today=TODAY, seed=1, iro_ids=[1, 2], adviser_ids=[3])
    assert _snapshot(alone)[0][0] in build(1)[0]


def test_only_the_imported_children_are_touched(imported):
    other = ChildFactory(first_name="Keep", last_name="Unchanged")
    reviews_before = Review.objects.count()
    casework_generate(child_ids=imported, today=TODAY, seed=1)
    other.refresh_from_db()
    assert (other.first_name, other.last_name) == ("Keep", "Unchanged")
    for model in (StatutoryVisit, PersonalEducationPlan, HealthCheck, CaseNote):
        assert not model.objects.filter(child=other).exists()
    assert not Allocation.objects.filter(child=other).exists()
    assert Review.objects.count() == reviews_before  # reviews come from the SSDA903 import
    assert not Child.objects.filter(pk__in=imported, last_name="").exists()
    event = AuditEvent.objects.get(detail__startswith="Demo casework")
    assert event.action == AuditAction.IMPORT
    assert event.changes["statutory_visits"] == StatutoryVisit.objects.count()


def test_dates_fall_after_birth_inside_the_period_of_care_and_not_after_today(imported):
    casework_generate(child_ids=imported, today=TODAY, seed=1)
    dob = dict(Child.objects.values_list("pk", "date_of_birth"))
    current = dict(PeriodOfCare.objects.open_on(TODAY).values_list("child_id", "start"))
    looked_after = set(Child.objects.looked_after_on(TODAY).values_list("pk", flat=True))
    in_care_events = [
        *StatutoryVisit.objects.values_list("child_id", "date"),
        *PersonalEducationPlan.objects.values_list("child_id", "date"),
        *HealthCheck.objects.values_list("child_id", "date"),
        *CaseNote.objects.values_list("child_id", "date"),
        *PermanencePlan.objects.exclude(plan_type="ADOPTION").values_list("child_id", "decided_on"),
        *Allocation.objects.filter(kind=AllocationKind.IRO).values_list("child_id", "start"),
    ]
    assert in_care_events
    for child_id, day in in_care_events:
        assert child_id in looked_after
        assert dob[child_id] <= current[child_id] <= day <= TODAY
    for child_id, day in PersonalEducationPlan.objects.values_list("child_id", "date"):
        assert of_compulsory_school_age(dob[child_id], day)
    for child_id, day in PathwayPlanReview.objects.values_list("child_id", "date"):
        assert child_id not in looked_after
        assert age_on(dob[child_id], day) >= 16 and day <= TODAY
    # Children with a current IRO allocation have it on their record too.
    iro_children = set(
        Allocation.objects.filter(kind=AllocationKind.IRO).values_list("child_id", flat=True)
    )
    assert iro_children == set(Child.objects.filter(iro__isnull=False).values_list("pk", flat=True))
    # Imported reviews keep rule 167 (PN0 only under 4).
    for child_id, day, code in Review.objects.values_list("child_id", "date", "participation"):
        assert (code == "PN0") == (age_on(dob[child_id], day) < 4)


def test_most_of_the_caseload_is_on_time(imported):
    casework_generate(child_ids=imported, today=TODAY, seed=1)
    caseload = with_case_status(Child.objects.looked_after_on(TODAY), TODAY)
    statuses = list(caseload.values_list("review_overdue", "visit_overdue"))
    on_time = sum(1 for review, visit in statuses if not review and not visit) / len(statuses)
    assert 0.75 <= on_time <= 0.97


def test_about_one_visit_in_eight_is_overdue():
    """The intended band, on many children: latest visit within 6 weeks for 85-91%."""
    facts = [
        ChildFacts(
            pk=i,
            local_id=f"{i:06d}",
            dob=datetime.date(2012, 5, 1),
            sex="F",
            ethnicity="WBRI",
            uasc=False,
            period_start=datetime.date(2023, 1, 10),
            placement_type="U6",
            legal_status="C2",
        )
        for i in range(2000)
    ]
    work = build_casework(facts, today=TODAY, seed=1, iro_ids=[1], adviser_ids=[2])
    latest = {}
    for visit in work.visits:
        latest[visit.child_id] = max(latest.get(visit.child_id, visit.date), visit.date)
    on_time = sum(1 for day in latest.values() if (TODAY - day).days <= 42) / len(facts)
    assert 0.85 <= on_time <= 0.91
    assert all(
        4 * 7 <= (b.date - a.date).days <= 6 * 7
        for a, b in zip(work.visits[1:], work.visits, strict=False)
        if a.child_id == b.child_id
    )


def test_a_visit_note_says_seen_alone_only_when_the_visit_records_it():
    facts = [
        ChildFacts(
            pk=i,
            local_id=f"{i:06d}",
            dob=datetime.date(2013, 2, 1),
            sex="M",
            ethnicity="WBRI",
            uasc=False,
            period_start=datetime.date(2024, 6, 1),
        )
        for i in range(300)
    ]
    work = build_casework(facts, today=TODAY, seed=3, iro_ids=[1], adviser_ids=[2])
    visits = {(v.child_id, v.date): v for v in work.visits}
    notes = [n for n in work.notes if n.kind == "VISIT"]
    assert notes
    for note in notes:
        visit = visits[(note.child_id, note.date)]
        assert ("alone" in note.text) == (visit.seen and visit.seen_alone) or not visit.seen


def test_every_child_placed_for_adoption_was_matched_first(imported):
    casework_generate(child_ids=imported, today=TODAY, seed=1)
    placed = PermanencePlan.objects.filter(plan_type="ADOPTION", placed_date__isnull=False)
    for plan in placed:
        assert plan.matched_date is not None
        assert plan.matched_date <= plan.placed_date
