import datetime
import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from corporate_parenting.models import AuditEvent
from corporate_parenting.records import StaleRecord
from corporate_parenting.roles import Role
from meetings import selectors, services
from meetings.models import (
    ActionStatus,
    AgendaItem,
    DecisionKind,
    MeetingStatus,
    Paper,
)
from tests.meetings.factories import (
    ActionFactory,
    AgendaItemFactory,
    BoardFactory,
    MeetingFactory,
    PlanActionFactory,
    past_meeting,
    published,
    today,
)

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def docx_bytes(parts=("[Content_Types].xml", "word/document.xml")):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in parts:
            archive.writestr(name, "<xml/>")
    return buffer.getvalue()


@pytest.fixture
def officer(make_user):
    return make_user(Role.DEMOCRATIC_SERVICES)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def stored_files(media):
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


# --- Publishing ----------------------------------------------------------------------------------


def test_publishing_an_upcoming_agenda_with_presenters_shows_it(officer):
    meeting = MeetingFactory()
    AgendaItemFactory(meeting=meeting, presenter="Head of Children in Care")

    services.meeting_publish(meeting=meeting, actor=officer)

    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.AGENDA_PUBLISHED
    assert meeting.published_at is not None
    assert AuditEvent.objects.filter(object_id=str(meeting.pk), detail="Published the agenda")


def test_a_meeting_in_the_past_cannot_be_published_as_upcoming(officer):
    meeting = MeetingFactory(date=today() - datetime.timedelta(days=1))
    AgendaItemFactory(meeting=meeting)

    with pytest.raises(ValidationError) as error:
        services.meeting_publish(meeting=meeting, actor=officer)

    assert "a meeting in the past cannot be published as upcoming" in error.value.messages[0]
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.DRAFT


def test_an_agenda_cannot_be_published_without_a_presenter_for_each_item(officer):
    meeting = MeetingFactory()
    AgendaItemFactory(meeting=meeting, position=1, presenter="Director")
    AgendaItemFactory(meeting=meeting, position=2, title="Fostering update", presenter="")

    with pytest.raises(ValidationError) as error:
        services.meeting_publish(meeting=meeting, actor=officer)

    assert error.value.messages == ["Enter the presenting officer for item 2, Fostering update"]
    assert MeetingFactory._meta.model.objects.get(pk=meeting.pk).status == MeetingStatus.DRAFT


def test_an_empty_agenda_cannot_be_published(officer):
    meeting = MeetingFactory()
    with pytest.raises(ValidationError, match="Add at least one agenda item"):
        services.meeting_publish(meeting=meeting, actor=officer)


def test_an_exempt_item_needs_its_schedule_12a_paragraph(officer):
    meeting = MeetingFactory()
    with pytest.raises(ValidationError) as error:
        services.item_add(
            meeting=meeting, data={"title": "Placement costs", "exempt": True}, actor=officer
        )
    assert error.value.message_dict == {
        "exempt_paragraph": ["Select the Schedule 12A paragraph that makes this item exempt"]
    }
    assert not AgendaItem.objects.exists()
    # The database refuses it too.
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItem.objects.create(meeting=meeting, position=1, title="x", exempt=True)


def test_items_are_numbered_in_order_and_can_be_moved(officer):
    meeting = MeetingFactory()
    first = services.item_add(meeting=meeting, data={"title": "Apologies"}, actor=officer)
    second = services.item_add(meeting=meeting, data={"title": "Minutes"}, actor=officer)
    services.item_move(item=second, up=True, actor=officer)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (second.position, first.position) == (1, 2)


def test_a_new_meeting_takes_the_previous_meeting_of_its_board(officer):
    board = BoardFactory()
    earlier = past_meeting(60, board=board)
    meeting = services.meeting_create(
        board=board,
        date=today() + datetime.timedelta(days=20),
        start_time=datetime.time(18),
        venue="Town Hall",
        actor=officer,
    )
    assert meeting.previous == earlier


# --- Papers --------------------------------------------------------------------------------------


def test_a_pdf_paper_is_stored(officer, media):
    item = AgendaItemFactory()
    upload = SimpleUploadedFile("report.pdf", PDF_BYTES, content_type="application/pdf")
    paper = services.paper_upload(item=item, title="Report", upload=upload, actor=officer)
    assert paper.content_type == "application/pdf"
    assert paper.file.read() == PDF_BYTES
    assert len(stored_files(media)) == 1


def test_a_word_document_is_recognised_by_its_parts(officer, media):
    item = AgendaItemFactory()
    upload = SimpleUploadedFile("report.bin", docx_bytes())
    paper = services.paper_upload(item=item, title="Report", upload=upload, actor=officer)
    assert paper.content_type.endswith("wordprocessingml.document")


@pytest.mark.parametrize(
    "name,content",
    [
        ("notes.pdf", b"just some text pretending to be a PDF"),
        ("archive.docx", docx_bytes(parts=("readme.txt",))),
        ("image.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 100),
    ],
)
def test_a_file_that_is_not_a_pdf_or_word_document_is_refused_and_not_stored(
    officer, media, name, content
):
    item = AgendaItemFactory()
    with pytest.raises(ValidationError) as error:
        services.paper_upload(
            item=item, title="Report", upload=SimpleUploadedFile(name, content), actor=officer
        )
    assert error.value.message_dict == {
        "file": ["The selected file must be a PDF or a Word document (.docx)"]
    }
    assert not Paper.objects.exists()
    assert stored_files(media) == []


def test_an_oversize_file_is_refused_and_not_stored(officer, media, settings):
    settings.MEETINGS_PAPER_MAX_BYTES = 1024 * 1024
    item = AgendaItemFactory()
    upload = SimpleUploadedFile("big.pdf", PDF_BYTES + b"0" * (1024 * 1024))
    with pytest.raises(ValidationError) as error:
        services.paper_upload(item=item, title="Report", upload=upload, actor=officer)
    assert error.value.message_dict == {"file": ["The selected file must be smaller than 1MB"]}
    assert not Paper.objects.exists()
    assert stored_files(media) == []


# --- Minutes -------------------------------------------------------------------------------------


def test_recording_minutes_drafts_them_and_two_officers_cannot_overwrite_each_other(
    officer, make_user
):
    other = make_user(Role.DEMOCRATIC_SERVICES, first_name="Jo", last_name="Bloggs")
    meeting = published(date=today())
    item = AgendaItemFactory(meeting=meeting)
    opened_at = item.version

    services.minutes_update(
        item=item, minutes="The board noted the report.", expected_version=opened_at, actor=other
    )
    with pytest.raises(StaleRecord) as error:
        services.minutes_update(
            item=item, minutes="My version", expected_version=opened_at, actor=officer
        )

    assert "This record was changed by Jo Bloggs" in str(error.value)
    item.refresh_from_db()
    assert item.minutes == "The board noted the report."
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.MINUTES_DRAFTED


def test_minutes_cannot_be_recorded_before_the_meeting_or_for_a_draft(officer):
    future = AgendaItemFactory(meeting=published())
    with pytest.raises(ValidationError, match="record it on or after that day"):
        services.decision_add(item=future, kind=DecisionKind.AGREED, text="Noted", actor=officer)
    draft = AgendaItemFactory(meeting=MeetingFactory(date=today()))
    with pytest.raises(ValidationError, match="Publish the agenda"):
        services.decision_add(item=draft, kind=DecisionKind.AGREED, text="Noted", actor=officer)


def test_approving_minutes_locks_them(officer):
    meeting = published(date=today() - datetime.timedelta(days=7))
    item = AgendaItemFactory(meeting=meeting)
    with pytest.raises(ValidationError, match="Record the minutes"):
        services.minutes_approve(meeting=meeting, approved_on=today(), actor=officer)
    services.decision_add(
        item=item, kind=DecisionKind.RESOLVED, text="That the report be noted", actor=officer
    )
    meeting.refresh_from_db()

    services.minutes_approve(meeting=meeting, approved_on=today(), actor=officer)

    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.MINUTES_APPROVED
    assert meeting.minutes_approved_on == today()
    item.refresh_from_db()
    with pytest.raises(ValidationError, match="approved and cannot be changed"):
        services.minutes_update(
            item=item, minutes="late edit", expected_version=item.version, actor=officer
        )


def test_a_referral_names_the_committee(officer):
    item = AgendaItemFactory(meeting=published(date=today()))
    with pytest.raises(ValidationError) as error:
        services.decision_add(item=item, kind=DecisionKind.REFERRED, text="Refer", actor=officer)
    assert "referred_to" in error.value.message_dict
    decision = services.decision_add(
        item=item,
        kind=DecisionKind.REFERRED,
        text="That the report be seen by Full Council",
        referred_to="Full Council",
        actor=officer,
    )
    assert decision.referred_to == "Full Council"


# --- Actions and the action log ------------------------------------------------------------------


def test_open_actions_are_carried_forward_until_closed(officer):
    board = BoardFactory()
    first = past_meeting(120, board=board)
    second = past_meeting(60, board=board, previous=first)
    third = published(board=board, previous=second)
    open_action = ActionFactory(meeting=first, request="Breakdown of placements out of area")
    closed_before_second = ActionFactory(
        meeting=first, status=ActionStatus.COMPLETED, closed_on=first.date + datetime.timedelta(5)
    )
    closed_after_second = ActionFactory(
        meeting=first, status=ActionStatus.COMPLETED, closed_on=second.date + datetime.timedelta(5)
    )
    raised_at_second = ActionFactory(meeting=second)
    raised_at_third = ActionFactory(meeting=third)

    assert set(selectors.carried_forward(second)) == {
        open_action,
        closed_before_second,
        closed_after_second,
    }
    # Reported closed at the second meeting, the first closure leaves the log; the other is
    # reported back once at the third.
    assert set(selectors.carried_forward(third)) == {
        open_action,
        closed_after_second,
        raised_at_second,
    }
    assert raised_at_third not in selectors.carried_forward(third)


def test_closing_an_action_needs_a_response_dates_it_and_keeps_its_history(officer):
    action = ActionFactory(meeting=published(date=today()))
    with pytest.raises(ValidationError) as error:
        services.action_update(
            action=action,
            status=ActionStatus.COMPLETED,
            response="",
            evidence="",
            note="",
            expected_version=action.version,
            actor=officer,
        )
    assert "response" in error.value.message_dict

    services.action_update(
        action=action,
        status=ActionStatus.COMPLETED,
        response="Breakdown circulated",
        evidence="Paper to the March meeting",
        note="Closed at the meeting",
        expected_version=action.version,
        actor=officer,
    )

    action.refresh_from_db()
    assert action.closed_on == today()
    assert [u.status for u in action.updates.all()] == [ActionStatus.COMPLETED]
    with pytest.raises(StaleRecord):
        services.action_update(
            action=action,
            status=ActionStatus.OPEN,
            response="",
            evidence="",
            note="",
            expected_version=action.version - 1,
            actor=officer,
        )


def test_an_action_naming_an_indicator_keeps_the_figure_when_raised_and_shows_it_now(officer, team):
    from tests.reports.dash_factories import looked_after_child

    meeting = published(date=today() - datetime.timedelta(days=1))
    start = today() - datetime.timedelta(days=300)
    for _ in range(3):
        looked_after_child(start=start, team=team)

    action = services.action_raise(
        meeting=meeting,
        request="Why have numbers in care risen?",
        owner="Head of Service",
        indicator_code="CLA_COUNT",
        actor=officer,
    )

    # Three children: a small number, suppressed as board members see it.
    assert action.figure_when_raised == "c"
    assert action.figure_as_at == meeting.date
    assert action.indicator_title == "Children looked after"
    for _ in range(9):
        looked_after_child(start=start, team=team)
    now = selectors.indicators.figures(["CLA_COUNT"], today())["CLA_COUNT"]
    assert now.text == "12"
    action.refresh_from_db()
    assert action.figure_when_raised == "c"


def test_an_unknown_indicator_is_refused(officer):
    meeting = published(date=today())
    with pytest.raises(ValidationError) as error:
        services.action_raise(
            meeting=meeting, request="x", owner="y", indicator_code="NOPE", actor=officer
        )
    assert error.value.message_dict == {"indicator_code": ["Select an indicator from the list"]}


# --- Action plans and the last meeting date ------------------------------------------------------


def test_a_progress_update_sets_the_rag_status_of_the_plan_action(officer):
    action = PlanActionFactory(rag="amber")
    services.progress_add(action=action, date=today(), rag="green", note="On track", actor=officer)
    action.refresh_from_db()
    assert action.rag == "green"
    with pytest.raises(ValidationError):
        services.progress_add(
            action=action,
            date=today() + datetime.timedelta(1),
            rag="red",
            note="x",
            actor=officer,
        )


def test_last_meeting_date_is_the_latest_published_meeting_before_the_day():
    board = BoardFactory()
    past_meeting(90, board=board)
    recent = past_meeting(30, board=board)
    MeetingFactory(board=board, date=today() - datetime.timedelta(days=10))  # a draft
    published(board=board)  # upcoming
    assert selectors.last_meeting_date(today()) == recent.date
    assert selectors.last_meeting_date(recent.date) == today() - datetime.timedelta(days=90)
