import datetime

import pytest

from meetings.ical import calendar, escape, fold
from tests.meetings.factories import BoardFactory, MeetingFactory, published

pytestmark = pytest.mark.django_db


def test_text_is_escaped_and_long_lines_are_folded_at_75_octets():
    assert escape("Room 1; Town Hall, Leeds\nFloor 2") == "Room 1\\; Town Hall\\, Leeds\\nFloor 2"
    line = "DESCRIPTION:" + "é" * 80
    folded = fold(line)
    parts = folded.split("\r\n ")
    assert "".join(parts) == line
    assert all(len(part.encode()) <= 75 for part in parts)


def test_the_feed_lists_published_meetings_in_utc_and_never_drafts():
    board = BoardFactory(name="Corporate Parenting Board")
    summer = published(board=board, date=datetime.date(2027, 7, 6), venue="Town Hall; Room 2")
    MeetingFactory(board=board, date=datetime.date(2027, 8, 3))  # a draft
    body = calendar(
        board=board,
        meetings=board.meetings.filter(status="agenda_published"),
        url_for=lambda m: f"https://example.org/meetings/public/{m.pk}/",
        host="example.org",
    )
    assert body.count("BEGIN:VEVENT") == 1
    assert f"UID:meeting-{summer.pk}@example.org\r\n" in body
    assert "DTSTART:20270706T170000Z\r\n" in body  # 6pm British Summer Time
    assert "LOCATION:Town Hall\\; Room 2\r\n" in body
    assert all(line.endswith("\r") or not line for line in body.split("\n")[:-1])
