"""The meeting page and the action log run a fixed number of queries, however many items and
actions they show."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from corporate_parenting.roles import Role
from meetings.models import Decision, Declaration
from tests.meetings.factories import (
    ActionFactory,
    AgendaItemFactory,
    BoardFactory,
    MembershipFactory,
    past_meeting,
    published,
    today,
)

pytestmark = pytest.mark.django_db


def grow(board, meeting, earlier, n):
    for _ in range(n):
        item = AgendaItemFactory(meeting=meeting, position=meeting.items.count() + 1)
        Declaration.objects.create(item=item, member="Cllr A", interest="Governor")
        Decision.objects.create(item=item, kind="resolved", text="Noted")
        ActionFactory(meeting=meeting, item=item)
        ActionFactory(
            meeting=earlier,
            indicator_code="CLA_COUNT",
            indicator_title="Children looked after",
            figure_when_raised="c",
            figure_as_at=earlier.date,
        )


def count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", [Role.DEMOCRATIC_SERVICES, Role.BOARD_MEMBER])
def test_meeting_page_and_action_log_queries_do_not_grow_with_items_and_actions(
    client, make_user, role
):
    board = BoardFactory()
    user = make_user(role)
    MembershipFactory(board=board, user=user, start=today() - datetime.timedelta(days=30))
    earlier = past_meeting(40, board=board)
    meeting = published(board=board, date=today(), previous=earlier)
    meeting.status = "minutes_approved"
    meeting.minutes_approved_on = today()
    meeting.save()
    client.force_login(user)
    page = reverse("meetings:meeting_detail", args=[meeting.pk])
    log = reverse("meetings:action_log", args=[board.slug]) + "?show=all"

    grow(board, meeting, earlier, 2)
    client.get(page)  # the indicator figures are computed once, then read from the cache
    small = count(client, page), count(client, log)
    grow(board, meeting, earlier, 15)
    large = count(client, page), count(client, log)

    assert small == large
