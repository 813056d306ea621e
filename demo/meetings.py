"""Demo data for the meetings app: a corporate parenting board with members, three past
meetings with minutes, decisions and actions (written for this demo, in the manner of real
board minutes), a permanence action plan, and an upcoming meeting with a draft agenda.

Dates are relative to today. Run once: a second run finds the board and does nothing.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from meetings import services
from meetings.models import Board, BoardKind, DecisionKind, Meeting, MeetingStatus

SLUG = "corporate-parenting-board"
OFFICER_USERNAME = "dem.services"
MEMBER_USERNAME = "cllr.board"

MEMBERS = [
    # name, role, position, linked username
    ("Councillor Robin Taylor", "councillor", "chair", MEMBER_USERNAME),
    ("Councillor Amara Nwosu", "councillor", "vice_chair", None),
    ("Councillor Gareth Pryce", "councillor", "member", None),
    ("Councillor Helen Walsh", "councillor", "member", None),
    ("Councillor Imran Qureshi", "councillor", "member", None),
    ("Maureen Fletcher, foster carer", "co_opted", "member", None),
    ("Kayden Moore, Children in Care Council", "young_people", "member", None),
    ("Dr Sarah Lund, Designated Nurse for Children in Care", "co_opted", "member", None),
    ("Laura Kemp, Director of Children’s Services", "officer", "member", None),
]

HEAD_OF_SERVICE = "Denise Achebe, Head of Children in Care and Care Leavers"
AD_SOCIAL_CARE = "Tom Bright, Assistant Director, Social Care"
VIRTUAL_SCHOOL = "Ruth Ellison, Head of the Virtual School"
FOSTERING = "Paul Greaves, Service Manager, Fostering"
PERFORMANCE = "Nadia Rahman, Performance and Intelligence Manager"

PRIORITIES = [
    ("Strengthening permanence in social work practice", "Principal Social Worker"),
    ("Growing our multi-agency partnerships for permanence", "Head of Partnerships"),
    ("Reducing drift and delay in achieving permanence", HEAD_OF_SERVICE),
    ("Improving how we capture and use our data for permanence", PERFORMANCE),
    ("Supporting permanence in education, employment and training", VIRTUAL_SCHOOL),
    ("Supporting carers to sustain permanent homes", FOSTERING),
]
PLAN_ACTIONS = [
    # priority index, action, lead, due in days, rag, [(days ago, rag, note)]
    (
        0,
        "Every child looked after for four months has a permanence plan agreed at their "
        "second review",
        "Team managers",
        60,
        "amber",
        [
            (80, "red", "Audit found 61% of plans agreed by the second review."),
            (
                20,
                "amber",
                "Re-audit: 78%. Review chairs now check the plan at every second review.",
            ),
        ],
    ),
    (
        0,
        "Life story work started for every child with a plan for adoption or long-term fostering",
        "Principal Social Worker",
        120,
        "amber",
        [(30, "amber", "Training delivered to two of four teams.")],
    ),
    (
        1,
        "Joint protocol with the family court and Cafcass on pre-proceedings",
        "Head of Legal Services",
        -10,
        "green",
        [(15, "green", "Protocol signed by all partners.")],
    ),
    (
        2,
        "Monthly tracking of every child with a placement order who is not yet matched",
        HEAD_OF_SERVICE,
        30,
        "green",
        [(60, "amber", "Tracking meeting set up."), (10, "green", "All 14 children tracked.")],
    ),
    (
        2,
        "Special guardianship assessments for connected carers completed within 16 weeks",
        FOSTERING,
        90,
        "red",
        [(25, "red", "Average 22 weeks; two assessors recruited.")],
    ),
    (
        3,
        "A permanence dashboard for the board and the improvement board",
        PERFORMANCE,
        45,
        "amber",
        [(12, "amber", "Dashboard figures built into the board dashboard.")],
    ),
    (4, "Personal education plans include a permanence goal", VIRTUAL_SCHOOL, 150, "amber", []),
    (
        5,
        "Support plan agreed with every special guardian before the order is made",
        FOSTERING,
        75,
        "green",
        [(40, "green", "All orders this quarter had a support plan.")],
    ),
]


def _user(username):
    return get_user_model().objects.filter(username=username).first()


def _past(meeting, published_days_before=14):
    """Past meetings were published before they happened: set that state directly (the
    publish service rightly refuses a meeting in the past)."""
    Meeting.objects.filter(pk=meeting.pk).update(
        status=MeetingStatus.AGENDA_PUBLISHED,
        published_at=timezone.now() - datetime.timedelta(days=published_days_before),
    )
    meeting.refresh_from_db()
    return meeting


def _minutes(item, text, actor):
    item.refresh_from_db()
    services.minutes_update(item=item, minutes=text, expected_version=item.version, actor=actor)


def create_meetings_demo(stdout=None):
    if Board.objects.filter(slug=SLUG).exists():
        return None
    officer = _user(OFFICER_USERNAME)
    if officer is None:
        return None
    today = timezone.localdate()
    with transaction.atomic():
        board = services.board_create(
            name="Corporate Parenting Board",
            slug=SLUG,
            kind=BoardKind.CORPORATE_PARENTING_BOARD,
            description="The council’s members and partners acting together as the corporate "
            "parent of every child in care and care leaver.",
            actor=officer,
        )
        start = today - datetime.timedelta(days=400)
        members = []
        for name, role, position, username in MEMBERS:
            members.append(
                services.membership_add(
                    board=board,
                    name=name,
                    role=role,
                    position=position,
                    start=start,
                    user=_user(username) if username else None,
                    actor=officer,
                )
            )
        plan = _action_plan(board, today, officer)
        first, second, third = (
            _past(
                services.meeting_create(
                    board=board,
                    date=today - datetime.timedelta(days=days),
                    start_time=datetime.time(18, 0),
                    venue="Committee Room 2, Town Hall",
                    papers_deadline=today - datetime.timedelta(days=days + 7),
                    actor=officer,
                )
            )
            for days in (150, 94, 31)
        )
        actions = _first_meeting(first, second, members, officer)
        _second_meeting(second, third, members, plan, actions, officer)
        _third_meeting(third, members, officer, due=today + datetime.timedelta(days=26))
        _upcoming(board, plan, today, officer)
    if stdout is not None:
        stdout.write("Meetings: the Corporate Parenting Board, 4 meetings and an action plan.")
    return board


def _attendance(meeting, members, officer, apologies=(), substitutes=None):
    substitutes = substitutes or {}
    rows = []
    for i, member in enumerate(members):
        if i in substitutes:
            rows.append((member, "substituted", substitutes[i]))
        elif i in apologies:
            rows.append((member, "apologies", ""))
        else:
            rows.append((member, "present", ""))
    services.attendance_record(meeting=meeting, rows=rows, actor=officer)


def _first_meeting(meeting, next_meeting, members, officer):
    _attendance(meeting, members, officer, apologies=(4,))
    overview = services.item_add(
        meeting=meeting,
        data={
            "title": "Children in care and early help: annual overview",
            "purpose": "To give the board an overview of the children in the council’s care, "
            "where they live, and the new early help arrangements.",
            "presenter": AD_SOCIAL_CARE,
            "invitees": "Laura Kemp, Director of Children’s Services",
        },
        actor=officer,
    )
    _minutes(
        overview,
        "The Assistant Director presented the annual overview: the number of children in "
        "care, their ages and where they live, the work of the independent reviewing "
        "officers and the virtual school, and the plan to bring early help teams into one "
        "locality-based service.\n\n"
        "Councillor Walsh asked why the adviser to the fostering panel had changed three "
        "times in eighteen months. The Director said that the post had been hard to fill "
        "and that a permanent appointment had now been made.\n\n"
        "Councillor Pryce asked how family and friends who offer to care for a child are "
        "assessed. The Assistant Director explained that every connected carer is assessed "
        "and approved by the fostering panel in the same way as any foster carer.\n\n"
        "Members asked how many children live outside the borough, and why.",
        officer,
    )
    services.decision_add(
        item=overview,
        kind=DecisionKind.RESOLVED,
        text="That the report be noted.",
        actor=officer,
    )
    services.decision_add(
        item=overview,
        kind=DecisionKind.REFERRED,
        text="That the early help proposals be considered by scrutiny before the service "
        "changes in the autumn.",
        referred_to="Children and Young People Scrutiny Committee",
        actor=officer,
    )
    out_of_area = services.action_raise(
        meeting=meeting,
        item=overview,
        request="A breakdown of the reasons children were placed out of the area, with the "
        "options for bringing more placements closer to home.",
        owner=AD_SOCIAL_CARE,
        due_meeting=next_meeting,
        indicator_code="PLACED_OUTSIDE_LA",
        actor=officer,
    )
    panel = services.action_raise(
        meeting=meeting,
        item=overview,
        request="The fostering panel’s annual report to be brought to the board.",
        owner=FOSTERING,
        due_meeting=next_meeting,
        actor=officer,
    )
    pledge = services.item_add(
        meeting=meeting,
        data={
            "title": "Our pledge to children in care: six-monthly report",
            "purpose": "To report progress against the pledge.",
            "presenter": HEAD_OF_SERVICE,
        },
        actor=officer,
    )
    _minutes(
        pledge,
        "The Head of Service took the board through each promise of the pledge. Kayden "
        "Moore, for the Children in Care Council, said young people wanted to see their "
        "social worker more often and asked that the council keep the same worker where it "
        "could.",
        officer,
    )
    services.decision_add(
        item=pledge,
        kind=DecisionKind.AGREED,
        text="That progress be noted and that the Children in Care Council be invited to "
        "present at a future meeting.",
        actor=officer,
    )
    services.minutes_approve(
        meeting=meeting, approved_on=meeting.date + datetime.timedelta(56), actor=officer
    )
    return {"out_of_area": out_of_area, "panel": panel}


def _second_meeting(meeting, next_meeting, members, plan, actions, officer):
    _attendance(meeting, members, officer, apologies=(3,), substitutes={2: "Councillor Jo Rees"})
    item = services.item_add(
        meeting=meeting,
        data={
            "title": "Permanence action plan: progress",
            "presenter": HEAD_OF_SERVICE,
            "purpose": "To report progress on the six priorities of the permanence action plan.",
            "action_plan": plan,
        },
        actor=officer,
    )
    _minutes(
        item,
        "The Head of Service reported on each of the six priorities. Fewer children now "
        "wait for a match after a placement order, and the tracking of every child with a "
        "plan for adoption is monthly. Two risks were identified: demand across the region "
        "and changes of social worker.\n\n"
        "A member asked whether children in care have the same chances as other children to "
        "take part in clubs and activities. The Director said each care plan records the "
        "child’s interests, and asked the board to test every plan with the question ‘would "
        "this be good enough for my child?’.",
        officer,
    )
    services.decision_add(
        item=item, kind=DecisionKind.AGREED, text="That the action plan be noted.", actor=officer
    )
    services.action_raise(
        meeting=meeting,
        item=item,
        request="How many children in foster care live with family and friends carers, and "
        "for how long, and how carers are encouraged to apply for special guardianship.",
        owner=HEAD_OF_SERVICE,
        due_meeting=next_meeting,
        indicator_code="CONNECTED_CARERS",
        actor=officer,
    )
    costs = services.item_add(
        meeting=meeting,
        data={
            "title": "Residential placements: commissioning costs",
            "exempt": True,
            "exempt_paragraph": 3,
            "presenter": "Head of Commissioning",
            "purpose": "Costs of individual residential placements and the providers concerned.",
        },
        actor=officer,
    )
    _minutes(
        costs,
        "The board considered the costs of the current residential placements, "
        "provider by provider, in private.",
        officer,
    )
    services.action_raise(
        meeting=meeting,
        item=costs,
        request="Provider-by-provider comparison of weekly costs against the regional framework.",
        owner="Head of Commissioning",
        due_meeting=next_meeting,
        actor=officer,
    )
    panel = actions["panel"]
    services.action_update(
        action=panel,
        status="completed",
        response="The fostering panel’s annual report was presented at this meeting.",
        evidence="Fostering panel annual report",
        note="Reported at the meeting",
        expected_version=panel.version,
        actor=officer,
        today=meeting.date,
    )
    out = actions["out_of_area"]
    services.action_update(
        action=out,
        status="in_progress",
        response="",
        evidence="",
        note="A first breakdown by placement type was tabled; the full analysis will come "
        "with the sufficiency strategy.",
        expected_version=out.version,
        actor=officer,
        today=meeting.date,
    )
    services.minutes_approve(
        meeting=meeting, approved_on=meeting.date + datetime.timedelta(63), actor=officer
    )


def _third_meeting(meeting, members, officer, due):
    _attendance(meeting, members, officer, apologies=(5, 7))
    item = services.item_add(
        meeting=meeting,
        data={
            "title": "Care leavers: education, employment and training",
            "presenter": "Mark Oduya, Service Manager, Leaving Care",
            "invitees": "Employer partnership lead, Chamber of Commerce",
            "purpose": "To set out how the council and local employers support care "
            "leavers into work and training.",
        },
        actor=officer,
    )
    _minutes(
        item,
        "The Service Manager said the council keeps in touch with nearly all its care "
        "leavers, but fewer are in education, employment or training than their peers. "
        "Mental health needs, housing and the local jobs market all play a part.\n\n"
        "Councillor Nwosu asked how local employers could help. Work experience and "
        "apprenticeships with the hospital trust and two local employers were described.",
        officer,
    )
    services.decision_add(
        item=item,
        kind=DecisionKind.RECOMMENDED,
        text="That every council directorate offer at least one apprenticeship ring-fenced "
        "for care leavers.",
        actor=officer,
    )
    services.action_raise(
        meeting=meeting,
        item=item,
        request="Figures for care leavers aged 19 to 21 in education, employment or training "
        "compared with our statistical neighbours.",
        owner=PERFORMANCE,
        due_date=due,
        indicator_code="CL_EET_19_21",
        actor=officer,
    )
    services.declaration_add(
        item=item,
        member="Councillor Imran Qureshi",
        interest="Employed by one of the employers named in the report.",
        actor=officer,
    )


def _upcoming(board, plan, today, officer):
    meeting = services.meeting_create(
        board=board,
        date=today + datetime.timedelta(days=26),
        start_time=datetime.time(18, 0),
        venue="Committee Room 2, Town Hall",
        online_link="https://meetings.example.org/cpb",
        papers_deadline=today + datetime.timedelta(days=16),
        actor=officer,
    )
    for data in (
        {"title": "Apologies and declarations of interest", "presenter": "Chair"},
        {
            "title": "Minutes of the last meeting and the action log",
            "presenter": "Democratic Services Officer",
        },
        {
            "title": "Permanence action plan: progress",
            "presenter": HEAD_OF_SERVICE,
            "action_plan": plan,
        },
        {
            "title": "Foster carer recruitment and retention",
            "purpose": "Results of the review of foster carers and the options for residential "
            "care closer to home.",
            "presenter": "",
        },
        {
            "title": "Placement costs: individual cases",
            "exempt": True,
            "exempt_paragraph": 1,
            "presenter": AD_SOCIAL_CARE,
        },
    ):
        services.item_add(meeting=meeting, data=data, actor=officer)
    return meeting


def _action_plan(board, today, officer):
    plan = services.action_plan_create(
        board=board,
        title="Permanence action plan",
        summary="How children’s social care will give every child in care a permanent, "
        "stable home without delay: six priorities over three years.",
        responsible="Laura Kemp, Director of Children’s Services",
        start=today - datetime.timedelta(days=200),
        end=today + datetime.timedelta(days=900),
        actor=officer,
    )
    priorities = [
        services.priority_add(plan=plan, title=title, lead=lead, actor=officer)
        for title, lead in PRIORITIES
    ]
    for index, description, lead, due_in, rag, updates in PLAN_ACTIONS:
        action = services.plan_action_add(
            priority=priorities[index],
            description=description,
            lead=lead,
            due_date=today + datetime.timedelta(days=due_in),
            rag=rag,
            actor=officer,
        )
        for days_ago, update_rag, note in updates:
            services.progress_add(
                action=action,
                date=today - datetime.timedelta(days=days_ago),
                rag=update_rag,
                note=note,
                actor=officer,
            )
    return plan
