"""The standard reports page: the board's officers choose which reports are drawn for every
meeting and how long before the papers deadline; bad input is a GOV.UK error that keeps what
was typed; each save is audited; nobody else may open it."""

import re

import pytest
from django.urls import reverse

from corporate_parenting.models import AuditAction, AuditEvent
from corporate_parenting.roles import Role
from reports.models import BoardStandardReport
from tests.meetings.factories import BoardFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def board():
    return BoardFactory(name="Corporate Parenting Board", slug="cpb")


@pytest.fixture
def officer(client, make_user):
    user = make_user(Role.DEMOCRATIC_SERVICES)
    client.force_login(user)
    return user


def url(board):
    return reverse("reports:standard_reports", args=[board.slug])


def rows(board):
    return list(board.standard_reports.values_list("report_type", "order", "days_before_deadline"))


@pytest.mark.parametrize(
    "role",
    [Role.PERFORMANCE_OFFICER, Role.BOARD_MEMBER, Role.SOCIAL_WORKER, Role.ADMINISTRATOR],
)
def test_only_the_officers_who_manage_meetings_edit_standard_reports(
    client, make_user, board, role
):
    client.force_login(make_user(role))
    assert client.get(url(board)).status_code == 403
    post = client.post(url(board), {"report_types": ["pledge"], "days_before_deadline": "7"})
    assert post.status_code == 403
    assert rows(board) == []


def test_an_officer_chooses_the_reports_then_changes_them_and_each_save_is_audited(
    client, officer, board
):
    page = client.get(url(board))
    assert page.status_code == 200
    assert "The board has no standard reports yet." in page.content.decode()
    assert (
        reverse("reports:standard_reports", args=["cpb"])
        in client.get(reverse("meetings:board_detail", args=["cpb"])).content.decode()
    )

    response = client.post(
        url(board), {"report_types": ["pledge", "cla-overview"], "days_before_deadline": "21"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:board_detail", args=["cpb"])
    assert rows(board) == [("cla-overview", 0, 21), ("pledge", 1, 21)]  # the reports' order

    client.post(url(board), {"report_types": ["permanence", "pledge"], "days_before_deadline": "7"})
    assert rows(board) == [("permanence", 0, 7), ("pledge", 1, 7)]
    page = client.get(url(board)).content.decode()
    assert "Now: Permanence and adoption scorecard, Pledge scorecard, drawn 7 days" in page

    client.post(url(board), {"days_before_deadline": "7"})  # none ticked: no standard reports
    assert rows(board) == []
    audit = AuditEvent.objects.filter(
        action=AuditAction.CHANGE, object_type="meetings.Board", object_id=str(board.pk)
    ).order_by("id")
    assert [event.actor_id for event in audit] == [officer.pk] * 3
    assert [event.detail for event in audit] == [
        "Standard reports: Children in care overview, Pledge scorecard; drawn 21 days before "
        "the papers deadline",
        "Standard reports: Permanence and adoption scorecard, Pledge scorecard; drawn 7 days "
        "before the papers deadline",
        "Standard reports: none; drawn 7 days before the papers deadline",
    ]


@pytest.mark.parametrize(
    ("days", "message"),
    [
        ("", "Enter how many days before the papers deadline the reports are drawn"),
        ("two weeks", "The number of days must be a whole number, like 14"),
        ("0", "The number of days must be between 1 and 60"),
        ("61", "The number of days must be between 1 and 60"),
    ],
)
def test_a_bad_number_of_days_is_a_govuk_error_that_keeps_the_choices(
    client, officer, board, days, message
):
    BoardStandardReport.objects.create(board=board, report_type="pledge", days_before_deadline=9)
    response = client.post(
        url(board), {"report_types": ["care-leavers"], "days_before_deadline": days}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: " in html
    assert 'class="govuk-error-summary' in html and message in html
    ticked = re.search(r'value="care-leavers"\s+checked', html)
    assert ticked, "what was ticked is kept"
    assert rows(board) == [("pledge", 0, 9)]  # nothing saved
    assert not AuditEvent.objects.filter(object_type="meetings.Board").exists()


def test_an_unknown_report_is_refused(client, officer, board):
    response = client.post(
        url(board), {"report_types": ["meeting-pack"], "days_before_deadline": "7"}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert rows(board) == []
