import datetime

import pytest

from children import timeline
from children.timeline import TimelineEvent
from tests.factories import ChildFactory

D = datetime.date


@pytest.fixture
def isolated_registry(monkeypatch):
    monkeypatch.setattr(timeline, "_event_sources", [])
    monkeypatch.setattr(timeline, "_summary_sources", [])
    monkeypatch.setattr(timeline, "_action_sources", [])


def test_events_from_every_source_come_newest_first_ties_by_sort_key(isolated_registry):
    def source_a(child, user):
        return [
            TimelineEvent(D(2024, 1, 1), "Old", "Review"),
            TimelineEvent(D(2024, 5, 1), "Low", "Visit"),
        ]

    def source_b(child, user):
        yield TimelineEvent(D(2024, 5, 1), "High", "Placement", sort_key=5)
        yield TimelineEvent(D(2025, 1, 1), "New", "Placement")

    timeline.register_events(source_a)
    timeline.register_events(source_b)

    assert [e.title for e in timeline.events_for(None, None)] == ["New", "High", "Low", "Old"]


def test_registering_the_same_function_twice_adds_it_once(isolated_registry):
    def rows(child):
        return [("Placement", "Foster care")]

    timeline.register_summary(rows)
    timeline.register_summary(rows)
    timeline.register_actions(lambda child, user: [("Add a placement", "/x/")])

    assert timeline.summary_for(None) == [("Placement", "Foster care")]
    assert timeline.actions_for(None, None) == [("Add a placement", "/x/")]


@pytest.mark.django_db
def test_children_registers_its_own_sources_at_startup_with_one_query_each(
    django_assert_max_num_queries, make_user
):
    child = ChildFactory()
    user = make_user()
    assert len(timeline._event_sources) >= 10
    # One query per source, plus one to read the user's roles (cached on the user after that).
    with django_assert_max_num_queries(len(timeline._event_sources) + 1):
        timeline.events_for(child, user)


def _events(kinds_by_day):
    return [
        TimelineEvent(D(2026, 1, 1) - datetime.timedelta(days=day), f"Event {day}", kind)
        for day, kind in enumerate(kinds_by_day)
    ]


def test_the_timeline_is_paged_newest_first_twenty_a_page():
    events = _events(["Visit"] * 45)

    first = timeline.timeline_page(events, kinds_asked=[], page_number=None)
    last = timeline.timeline_page(events, kinds_asked=[], page_number="3")

    assert [e.title for e in first.page.object_list] == [f"Event {d}" for d in range(20)]
    assert [e.title for e in last.page.object_list] == [f"Event {d}" for d in range(40, 45)]
    assert first.query == "" and first.chosen == []


def test_the_timeline_shows_only_the_kinds_asked_for_and_ignores_unknown_kinds():
    events = _events(["Visit", "Review", "Case note", "Visit", "Health"])

    shown = timeline.timeline_page(
        events, kinds_asked=["Visit", "Health", "Nonsense"], page_number="1"
    )

    assert [e.title for e in shown.page.object_list] == ["Event 0", "Event 3", "Event 4"]
    assert shown.kinds == ["Case note", "Health", "Review", "Visit"]
    assert shown.chosen == ["Health", "Visit"]
    assert shown.query == "kind=Health&kind=Visit"
