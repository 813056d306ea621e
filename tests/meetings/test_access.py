"""Who may open every meetings URL: each URL x each role, and anonymous visitors.

Officers (democratic services) manage; board members read published meetings and their own
board's exempt items; the public reads published open business only; social workers, team
managers, performance officers and administrators see none of it.
"""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from corporate_parenting.models import AuditAction, AuditEvent
from corporate_parenting.roles import Role
from meetings.models import Paper
from tests.meetings.factories import (
    ActionFactory,
    AgendaItemFactory,
    BoardFactory,
    MeetingFactory,
    MembershipFactory,
    PlanActionFactory,
    published,
    today,
)

pytestmark = pytest.mark.django_db

OFFICER = "officer"
MEMBER = "member"  # a board member with a membership of this board
OTHER_MEMBER = "other_member"  # a board member who is not on this board
SOCIAL_WORKER = "social_worker"
TEAM_MANAGER = "team_manager"
PERFORMANCE = "performance_officer"
ADMIN = "administrator"
ANONYMOUS = "anonymous"
ROLES = [OFFICER, MEMBER, OTHER_MEMBER, SOCIAL_WORKER, TEAM_MANAGER, PERFORMANCE, ADMIN, ANONYMOUS]
NOBODY_ELSE = {SOCIAL_WORKER: 403, TEAM_MANAGER: 403, PERFORMANCE: 403, ADMIN: 403, ANONYMOUS: 302}


def officers_only(ok=200):
    return {OFFICER: ok, MEMBER: 403, OTHER_MEMBER: 403, **NOBODY_ELSE}


def readers(member=200, other=200):
    return {OFFICER: 200, MEMBER: member, OTHER_MEMBER: other, **NOBODY_ELSE}


def everyone(status):
    return dict.fromkeys(ROLES, status)


@pytest.fixture
def world(make_user):
    board = BoardFactory(slug="cpb")
    member = make_user(Role.BOARD_MEMBER, username="member")
    MembershipFactory(board=board, user=member, start=today() - datetime.timedelta(days=365))
    users = {
        OFFICER: make_user(Role.DEMOCRATIC_SERVICES, username="officer"),
        MEMBER: member,
        OTHER_MEMBER: make_user(Role.BOARD_MEMBER, username="other"),
        SOCIAL_WORKER: make_user(Role.SOCIAL_WORKER, username="sw"),
        TEAM_MANAGER: make_user(Role.TEAM_MANAGER, username="tm"),
        PERFORMANCE: make_user(Role.PERFORMANCE_OFFICER, username="perf"),
        ADMIN: make_user(Role.ADMINISTRATOR, username="admin"),
    }
    meeting = published(board=board, date=today())
    open_item = AgendaItemFactory(meeting=meeting, position=1)
    exempt_item = AgendaItemFactory(meeting=meeting, position=2, exempt=True, exempt_paragraph=1)
    draft = MeetingFactory(board=board)
    draft_item = AgendaItemFactory(meeting=draft, position=1)

    def paper(item):
        p = Paper(item=item, title="Report", content_type="application/pdf", size=9)
        p.file.save("report.pdf", ContentFile(b"%PDF-1.7\n"), save=False)
        p.save()
        return p

    plan_action = PlanActionFactory(priority__plan__board=board)
    return {
        "users": users,
        "board": board,
        "meeting": meeting,
        "draft": draft,
        "open_item": open_item,
        "exempt_item": exempt_item,
        "open_paper": paper(open_item),
        "exempt_paper": paper(exempt_item),
        "draft_paper": paper(draft_item),
        "action": ActionFactory(meeting=meeting, item=open_item),
        "exempt_action": ActionFactory(meeting=meeting, item=exempt_item),
        "plan": plan_action.priority.plan,
        "plan_action": plan_action,
    }


# (name, method, url built from the world, expected status by role)
CASES = [
    ("index", "get", lambda w: reverse("meetings:index"), readers()),
    ("board_add", "get", lambda w: reverse("meetings:board_add"), officers_only()),
    ("board", "get", lambda w: reverse("meetings:board_detail", args=["cpb"]), readers()),
    ("member_add", "get", lambda w: reverse("meetings:membership_add", args=["cpb"]),
     officers_only()),
    ("meeting_add", "get", lambda w: reverse("meetings:meeting_add", args=["cpb"]),
     officers_only()),
    ("action_log", "get", lambda w: reverse("meetings:action_log", args=["cpb"]), readers()),
    ("plan_add", "get", lambda w: reverse("meetings:plan_add", args=["cpb"]), officers_only()),
    ("meeting", "get", lambda w: reverse("meetings:meeting_detail", args=[w["meeting"].pk]),
     readers()),
    ("draft_meeting", "get", lambda w: reverse("meetings:meeting_detail", args=[w["draft"].pk]),
     readers(member=404, other=404)),
    ("meeting_change", "get", lambda w: reverse("meetings:meeting_change", args=[w["draft"].pk]),
     officers_only()),
    ("agenda", "get", lambda w: reverse("meetings:agenda", args=[w["draft"].pk]),
     officers_only()),
    ("item_add", "get", lambda w: reverse("meetings:item_add", args=[w["draft"].pk]),
     officers_only()),
    ("attendance", "get", lambda w: reverse("meetings:attendance", args=[w["meeting"].pk]),
     officers_only()),
    ("action_add", "get", lambda w: reverse("meetings:action_add", args=[w["meeting"].pk]),
     officers_only()),
    ("approve", "get", lambda w: reverse("meetings:minutes_approve", args=[w["meeting"].pk]),
     officers_only()),
    ("item", "get", lambda w: reverse("meetings:item_detail", args=[w["open_item"].pk]),
     readers()),
    ("exempt_item", "get", lambda w: reverse("meetings:item_detail", args=[w["exempt_item"].pk]),
     readers(other=403)),
    ("item_change", "get", lambda w: reverse("meetings:item_change", args=[w["open_item"].pk]),
     officers_only()),
    ("paper_add", "get", lambda w: reverse("meetings:paper_add", args=[w["open_item"].pk]),
     officers_only()),
    ("minutes", "get", lambda w: reverse("meetings:minutes_change", args=[w["open_item"].pk]),
     officers_only()),
    ("declaration", "get",
     lambda w: reverse("meetings:declaration_add", args=[w["open_item"].pk]), officers_only()),
    ("decision", "get", lambda w: reverse("meetings:decision_add", args=[w["open_item"].pk]),
     officers_only()),
    ("paper", "get", lambda w: reverse("meetings:paper_download", args=[w["open_paper"].pk]),
     readers()),
    ("exempt_paper", "get",
     lambda w: reverse("meetings:paper_download", args=[w["exempt_paper"].pk]),
     readers(other=403)),
    ("draft_paper", "get",
     lambda w: reverse("meetings:paper_download", args=[w["draft_paper"].pk]),
     readers(member=404, other=404)),
    ("action", "get", lambda w: reverse("meetings:action_detail", args=[w["action"].pk]),
     readers()),
    ("exempt_action", "get",
     lambda w: reverse("meetings:action_detail", args=[w["exempt_action"].pk]),
     readers(other=403)),
    ("action_update", "get", lambda w: reverse("meetings:action_update", args=[w["action"].pk]),
     officers_only()),
    ("plan", "get", lambda w: reverse("meetings:plan_detail", args=[w["plan"].pk]), readers()),
    ("priority_add", "get", lambda w: reverse("meetings:priority_add", args=[w["plan"].pk]),
     officers_only()),
    ("plan_action_add", "get",
     lambda w: reverse("meetings:plan_action_add", args=[w["plan"].pk]), officers_only()),
    ("progress_add", "get",
     lambda w: reverse("meetings:progress_add", args=[w["plan_action"].pk]), officers_only()),
    ("public_index", "get", lambda w: reverse("meetings:public_index"), everyone(200)),
    ("public_meeting", "get",
     lambda w: reverse("meetings:public_meeting", args=[w["meeting"].pk]), everyone(200)),
    ("public_draft", "get", lambda w: reverse("meetings:public_meeting", args=[w["draft"].pk]),
     everyone(404)),
    ("public_paper", "get",
     lambda w: reverse("meetings:public_paper", args=[w["open_paper"].pk]), everyone(200)),
    ("public_exempt_paper", "get",
     lambda w: reverse("meetings:public_paper", args=[w["exempt_paper"].pk]), everyone(404)),
    ("public_draft_paper", "get",
     lambda w: reverse("meetings:public_paper", args=[w["draft_paper"].pk]), everyone(404)),
    ("calendar", "get", lambda w: reverse("meetings:calendar_feed", args=["cpb"]),
     everyone(200)),
    # Writes last: they change the world the cases above read.
    ("item_move", "post", lambda w: reverse("meetings:item_move", args=[w["open_item"].pk]),
     officers_only(ok=302)),
    ("publish", "post", lambda w: reverse("meetings:meeting_publish", args=[w["draft"].pk]),
     officers_only(ok=302)),
]  # fmt: skip


def test_every_meetings_url_is_in_the_table():
    from meetings.urls import urlpatterns

    covered = {
        "index", "board_add", "board_detail", "membership_add", "meeting_add", "action_log",
        "plan_add", "meeting_detail", "meeting_change", "agenda", "item_add", "meeting_publish",
        "attendance", "action_add", "minutes_approve", "item_detail", "item_change", "item_move",
        "paper_add", "minutes_change", "declaration_add", "decision_add", "paper_download",
        "action_detail", "action_update", "plan_detail", "priority_add", "plan_action_add",
        "progress_add", "public_index", "public_meeting", "public_paper", "calendar_feed",
    }  # fmt: skip
    assert {pattern.name for pattern in urlpatterns} == covered
    assert len(CASES) >= len(covered)


@pytest.mark.parametrize("role", ROLES)
def test_access(client, world, role):
    """Every URL of the table for one role (one world per role keeps the suite fast)."""
    if role != ANONYMOUS:
        client.force_login(world["users"][role])
    wrong = []
    for name, method, url, expected in CASES:
        response = getattr(client, method)(url(world))
        if response.status_code != expected[role]:
            wrong.append(f"{name}: {response.status_code}, expected {expected[role]}")
        elif response.status_code == 302 and role == ANONYMOUS:
            assert response.url.startswith("/sign-in/"), name
    assert not wrong, f"as {role}: " + "; ".join(wrong)


def test_the_public_and_members_never_see_drafts_or_exempt_content(client, world):
    world["exempt_item"].title = "Costs of an individual placement"
    world["exempt_item"].save()
    world["draft"].items.update(title="Draft item title")
    public = client.get(reverse("meetings:public_meeting", args=[world["meeting"].pk]))
    index = client.get(reverse("meetings:public_index"))
    for page in (public, index):
        assert b"Costs of an individual placement" not in page.content
        assert b"Draft item title" not in page.content
    assert world["open_item"].title.encode() in public.content
    client.force_login(world["users"][OTHER_MEMBER])
    page = client.get(reverse("meetings:meeting_detail", args=[world["meeting"].pk]))
    assert b"Costs of an individual placement" not in page.content
    assert b"Open exempt item" not in page.content
    log = client.get(reverse("meetings:action_log", args=["cpb"]))
    assert world["exempt_action"].request.encode() not in log.content
    assert b"Exempt action (not for publication)" in log.content


def test_every_opening_of_an_exempt_item_paper_or_action_is_audited(client, world):
    member = world["users"][MEMBER]
    client.force_login(member)
    urls = [
        reverse("meetings:item_detail", args=[world["exempt_item"].pk]),
        reverse("meetings:paper_download", args=[world["exempt_paper"].pk]),
        reverse("meetings:action_detail", args=[world["exempt_action"].pk]),
        reverse("meetings:item_detail", args=[world["exempt_item"].pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 200
    views = AuditEvent.objects.filter(actor=member, action=AuditAction.VIEW)
    assert views.count() == 4
    assert {e.object_type for e in views} == {
        "meetings.AgendaItem",
        "meetings.Paper",
        "meetings.Action",
    }
    # Open items are not audited.
    client.get(reverse("meetings:item_detail", args=[world["open_item"].pk]))
    assert views.count() == 4
