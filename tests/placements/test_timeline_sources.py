import datetime

import pytest
from django.urls import reverse

from children.timeline import events_for
from corporate_parenting.roles import Role
from placements import services, timeline_sources
from tests.factories import ChildFactory, ProviderFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def worker(make_user, team):
    return make_user(Role.SOCIAL_WORKER, team=team)


@pytest.fixture
def child(team):
    return ChildFactory(team=team, date_of_birth=D(2014, 6, 1))


def ours(child, user):
    """The child's timeline through the registry, keeping only the placements app's events."""
    mine = {"Period of care", "Legal status", "Placement", "Permanence"}
    return [event for event in events_for(child, user) if event.category in mine]


def start(child, worker):
    return services.period_start(
        child=child,
        start=D(2025, 5, 1),
        legal_status="C2",
        category_of_need="N1",
        placement_type="U6",
        provider="PR1",
        urn="XXXXXXX",
        actor=worker,
    )


def test_a_child_not_in_care_offers_only_start_a_period_of_care(child, worker):
    assert timeline_sources.actions(child, worker) == [
        ("Start a period of care", reverse("placements:start_period", args=[child.pk]))
    ]
    assert ("Looked after", "No, not at present") in list(timeline_sources.summary(child))


def test_a_child_in_care_offers_change_and_end_actions(child, worker):
    period = start(child, worker)
    labels = [label for label, _ in timeline_sources.actions(child, worker)]
    assert labels == [
        "Change placement",
        "Change legal status",
        "End period of care",
        "Add permanence plan",
    ]
    assert ("End period of care", reverse("placements:end_period", args=[period.pk])) in (
        timeline_sources.actions(child, worker)
    )


def test_a_performance_officer_sees_no_change_actions(child, worker, make_user):
    start(child, worker)
    officer = make_user(Role.PERFORMANCE_OFFICER)
    assert timeline_sources.actions(child, officer) == []
    assert all(event.actions == () for event in ours(child, officer))


def test_summary_shows_legal_status_placement_period_and_plan(child, worker):
    placement = start(child, worker).placements.get()
    services.placement_change(
        placement=placement,
        expected_version=1,
        end_date=D(2025, 9, 1),
        reason_for_change="CARPL",
        placement_type="U4",
        provider="PR4",
        carer=ProviderFactory(name="The Hills"),
        urn="XXXXXXX",
        new_carer=True,
        actor=worker,
    )
    services.permanence_plan_create(
        child=child, plan_type="LONG_TERM_FOSTERING", decided_on=D(2025, 8, 1), actor=worker
    )
    rows = dict(list(timeline_sources.summary(child)))
    assert rows["Legal status"] == "Full care order (C2)"
    assert rows["Period of care started"] == "1 May 2025"
    assert rows["Placement"].startswith("Foster placement with other foster carer – long term (U4)")
    assert "The Hills" in rows["Placement"] and "since 1 September 2025" in rows["Placement"]
    assert rows["Permanence plan"] == "Long-term fostering"


def test_a_change_of_placement_puts_the_new_start_then_the_old_end_at_the_top(child, worker):
    placement = start(child, worker).placements.get()
    services.placement_change(
        placement=placement,
        expected_version=1,
        end_date=D(2025, 9, 1),
        reason_for_change="ALLEG",
        placement_type="K2",
        provider="PR4",
        urn="SC123456",
        new_carer=True,
        actor=worker,
    )
    first, second = ours(child, worker)[:2]
    assert first.title == "Placement started: Children's home (K2)"
    assert first.date == D(2025, 9, 1)
    assert [label for label, _ in first.actions] == ["Change", "End"]
    assert second.title.startswith("Placement ended: Foster placement")
    assert second.detail == "Reason for change: Allegation (s47)"


def test_permanence_milestones_appear_as_their_own_events(child, worker):
    services.permanence_plan_create(
        child=child,
        plan_type="ADOPTION",
        decided_on=D(2025, 6, 1),
        adm_decision_date=D(2025, 7, 1),
        placement_order_date=D(2025, 9, 1),
        actor=worker,
    )
    titles = [event.title for event in ours(child, worker)]
    assert titles[:3] == [
        "Placement order granted",
        "Decision: should be placed for adoption (ADM)",
        "Permanence plan agreed: Adoption",
    ]


def test_each_source_runs_a_fixed_number_of_queries_however_long_the_history(
    child, worker, django_assert_num_queries
):
    """The record page must not slow down as a child's history grows: one query per event
    source, four for the summary, two for the actions."""
    placement = start(child, worker).placements.get()
    for month in range(6, 12):
        placement = services.placement_change(
            placement=placement,
            expected_version=placement.version,
            end_date=D(2025, month, 1),
            reason_for_change="CARPL",
            placement_type="U4" if month % 2 else "U6",
            provider="PR1",
            carer=ProviderFactory(),
            urn="XXXXXXX",
            new_carer=True,
            actor=worker,
        )
    worker.roles  # noqa: B018 - read the user's roles once, as the request does
    for source in (
        timeline_sources.period_events,
        timeline_sources.legal_status_events,
        timeline_sources.placement_events,
        timeline_sources.permanence_events,
    ):
        with django_assert_num_queries(1):
            list(source(child, worker))
    with django_assert_num_queries(4):
        list(timeline_sources.summary(child))
    with django_assert_num_queries(2):
        timeline_sources.actions(child, worker)
