import datetime

import pytest
from django.utils import timezone

from children import timeline, timeline_sources
from children.models import Allocation, DeprivationOfLiberty, MissingEpisode
from corporate_parenting.roles import Role
from tests.factories import (
    CareLeaverContactFactory,
    CaseNoteFactory,
    ChildFactory,
    ReviewFactory,
    StatutoryVisitFactory,
)

D = datetime.date
pytestmark = pytest.mark.django_db


def labels(event):
    return [label for label, _ in event.actions]


def test_an_open_missing_episode_can_be_changed_or_ended_and_a_closed_one_only_changed(
    make_user, team
):
    worker = make_user(Role.SOCIAL_WORKER, team=team)
    child = ChildFactory(team=team)
    MissingEpisode.objects.create(child=child, kind="M", start=D(2024, 1, 1))
    MissingEpisode.objects.create(child=child, kind="A", start=D(2023, 1, 1), end=D(2023, 1, 2))
    open_, closed = timeline_sources.missing_events(child, worker)
    assert labels(open_) == ["Change", "End"]
    assert labels(closed) == ["Change"]
    assert closed.detail == "Ended 2 January 2023"


def test_a_performance_officer_sees_events_without_actions(make_user):
    officer = make_user(Role.PERFORMANCE_OFFICER)
    child = ChildFactory()
    ReviewFactory(child=child)
    DeprivationOfLiberty.objects.create(child=child, start=D(2024, 1, 1))
    events = [
        *timeline_sources.review_events(child, officer),
        *timeline_sources.dolo_events(child, officer),
    ]
    assert events and all(event.actions == () for event in events)
    assert list(timeline_sources.children_actions(child, officer)) == []


def test_an_allocation_says_why_it_began_and_until_when(make_user, team):
    worker = make_user(Role.SOCIAL_WORKER, team=team, first_name="Ada", last_name="Byron")
    child = ChildFactory(team=team)
    Allocation.objects.create(
        child=child,
        kind="SW",
        worker=worker,
        start=D(2024, 1, 1),
        end=D(2024, 3, 1),
        start_reason="LEFTRL",
    )
    (event,) = timeline_sources.allocation_events(child, worker)
    assert event.title == "Social worker allocated"
    assert event.detail == "Ada Byron (Social worker left the role) until 1 March 2024"


def test_an_oc3_contact_says_which_years_return_it_is(make_user, team):
    worker = make_user(Role.SOCIAL_WORKER, team=team)
    contact = CareLeaverContactFactory(child=ChildFactory(team=team), collection_year=2026)
    (event,) = timeline_sources.care_leaver_contact_events(contact.child, worker)
    assert "OC3 return for the year ending 31 March 2026" in event.detail


def test_care_leaver_actions_appear_from_16(make_user, team):
    worker = make_user(Role.SOCIAL_WORKER, team=team)
    today = timezone.localdate()
    young = ChildFactory(team=team, date_of_birth=D(today.year - 15, 1, 1))
    older = ChildFactory(team=team, date_of_birth=D(today.year - 16, 1, 1))
    young_actions = [label for label, _ in timeline_sources.children_actions(young, worker)]
    older_actions = [label for label, _ in timeline_sources.children_actions(older, worker)]
    assert "Add a review" in young_actions
    assert "Add a care leaver contact" not in young_actions
    assert "Add a care leaver contact" in older_actions


def test_a_visit_and_its_case_note_show_once_as_the_visit_with_the_note(make_user, team):
    worker = make_user(Role.SOCIAL_WORKER, team=team)
    child = ChildFactory(team=team)
    StatutoryVisitFactory(child=child, date=D(2026, 3, 2), seen=True, interval_days=42)
    CaseNoteFactory(child=child, date=D(2026, 3, 2), kind="VISIT", text="Saw Sam at home.")
    # A visit note on a day with no visit recorded, and another kind of note on the visit's day,
    # stay case notes.
    CaseNoteFactory(child=child, date=D(2026, 2, 1), kind="VISIT", text="Visit, not recorded.")
    CaseNoteFactory(child=child, date=D(2026, 3, 2), kind="PHONE", text="Rang the carer.")

    events = timeline.events_for(child, worker)

    visits = [e for e in events if e.date == D(2026, 3, 2) and e.category == "Visit"]
    assert len(visits) == 1
    assert visits[0].detail == "Seen. Next visit due in 42 days. Saw Sam at home."
    assert labels(visits[0]) == ["Change", "Change the note"]
    notes = [(e.date, e.detail) for e in events if e.category == "Case note"]
    assert notes == [(D(2026, 3, 2), "Rang the carer."), (D(2026, 2, 1), "Visit, not recorded.")]
    assert not [e for e in events if e.detail == "Saw Sam at home."]
