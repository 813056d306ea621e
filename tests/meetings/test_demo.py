import pytest

from corporate_parenting.roles import Role
from demo.meetings import create_meetings_demo
from meetings import selectors
from meetings.models import Action, ActionPlan, Board, MeetingStatus

pytestmark = pytest.mark.django_db


def test_the_demo_builds_a_board_with_its_whole_cycle_once(make_user):
    make_user(Role.DEMOCRATIC_SERVICES, username="dem.services")
    member = make_user(Role.BOARD_MEMBER, username="cllr.board")

    board = create_meetings_demo()

    meetings = list(board.meetings.order_by("date"))
    assert [m.status for m in meetings] == [
        MeetingStatus.MINUTES_APPROVED,
        MeetingStatus.MINUTES_APPROVED,
        MeetingStatus.MINUTES_DRAFTED,
        MeetingStatus.DRAFT,
    ]
    upcoming = meetings[-1]
    assert upcoming.previous == meetings[2]
    assert upcoming.items.filter(presenter="").exists()  # a draft still being built
    assert board.memberships.filter(user=member, position="chair").exists()
    plan = ActionPlan.objects.get(board=board)
    assert plan.priorities.count() == 6
    assert Action.objects.exclude(indicator_code="").count() == 3
    carried = set(selectors.carried_forward(upcoming))
    assert carried and all(a.meeting.date < upcoming.date for a in carried)
    assert create_meetings_demo() is None
    assert Board.objects.count() == 1
