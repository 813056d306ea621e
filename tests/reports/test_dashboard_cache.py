"""The dashboard's rendered body is cached per state of the data and kind of reader: a second
view is a handful of queries, any change to the figures or the board's set-up shows at once, and
a board member is never shown an officer's exact figures."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from corporate_parenting.roles import Role
from reports.models import Target
from tests.meetings.factories import MeetingFactory
from tests.reports.dash_factories import looked_after_child

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("reports:dashboard")


def looked_after(n):
    start = timezone.localdate() - datetime.timedelta(days=365)
    for _ in range(n):
        looked_after_child(start=start)


def main(page):
    return page[page.index("<main") : page.index("</main>")]


def queries(client, url=DASHBOARD, **query):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, query)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_a_second_view_is_served_from_the_cached_body_in_a_few_queries(client, make_user):
    looked_after(7)
    client.force_login(make_user(Role.BOARD_MEMBER))
    first, first_page = queries(client)
    second, second_page = queries(client)
    assert second <= 10 < first  # session, user, second factor, roles, data state
    assert main(second_page) == main(first_page)


def test_new_data_shows_at_once(client, make_user):
    looked_after(7)
    client.force_login(make_user(Role.PERFORMANCE_OFFICER))
    assert '<span class="cpb-value">7</span>' in queries(client)[1]
    looked_after(2)
    assert '<span class="cpb-value">9</span>' in queries(client)[1]


def test_a_new_target_or_meeting_makes_a_new_body(client, make_user):
    looked_after(7)
    client.force_login(make_user(Role.PERFORMANCE_OFFICER))
    queries(client)
    cached = queries(client)[0]
    Target.objects.create(
        code="CLA_COUNT",
        value=5,
        green_threshold=5,
        amber_threshold=6,
        higher_is_better=False,
    )
    assert queries(client)[0] > cached
    cached = queries(client)[0]
    MeetingFactory()
    assert queries(client)[0] > cached


def test_a_board_member_never_gets_the_body_an_officer_filled(client, make_user):
    looked_after(3)
    client.force_login(make_user(Role.PERFORMANCE_OFFICER))
    assert '<span class="cpb-value">3</span>' in queries(client)[1]
    client.force_login(make_user(Role.BOARD_MEMBER))
    board_page = queries(client)[1]
    assert '<span class="cpb-value">3</span>' not in board_page
    assert '<span class="cpb-value">c</span>' in board_page


def test_the_cached_body_holds_no_token_or_name_and_each_reader_sees_their_own(client, make_user):
    looked_after(7)
    first = make_user(Role.BOARD_MEMBER, first_name="Alexandra", last_name="Firstreader")
    second = make_user(Role.BOARD_MEMBER, first_name="Bartholomew", last_name="Secondreader")
    client.force_login(first)
    queries(client)
    client.force_login(second)
    page = queries(client)[1]
    assert "Secondreader" in page and "Firstreader" not in page
    assert "csrfmiddlewaretoken" in page  # the sign-out forms', outside the cached body
    assert "csrfmiddlewaretoken" not in main(page)


def test_a_theme_page_from_the_cache_keeps_its_title_and_an_unknown_theme_is_404(client, make_user):
    looked_after(7)
    client.force_login(make_user(Role.BOARD_MEMBER))
    first = queries(client, theme="decisions")[1]
    second = queries(client, theme="decisions")[1]
    assert main(second) == main(first)
    assert "<title>How we make decisions: board dashboard" in second
    assert client.get(DASHBOARD, {"theme": "nope"}).status_code == 404


def test_a_body_cached_with_a_token_is_dropped_and_rendered_afresh(client, make_user):
    from django.core.cache import cache

    looked_after(7)
    client.force_login(make_user(Role.BOARD_MEMBER))
    page = queries(client)[1]
    # The tests' cache is Django's local-memory one: find the body's entry among its keys.
    key = next(k for k in cache._cache if "template.cache.reports-dashboard" in k)
    fragment = key.split(":", 2)[-1]
    poisoned = '<main><input name="csrfmiddlewaretoken" value="someone-elses"></main>'
    cache.set(fragment, poisoned)
    again = queries(client)[1]
    assert "someone-elses" not in again
    assert main(again) == main(page)
