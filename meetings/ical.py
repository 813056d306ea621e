"""An iCalendar (RFC 5545) feed of a board's published meetings, written by hand."""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings

MEETING_LENGTH = datetime.timedelta(hours=2)


def escape(text):
    """TEXT value escaping (RFC 5545 3.3.11)."""
    return (
        str(text)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold(line):
    """Lines longer than 75 octets are folded with CRLF and a space (RFC 5545 3.1)."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts, start, limit = [], 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # never split a character
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start, limit = end, 74  # continuation lines start with a space
    return "\r\n ".join(parts)


def _utc(value):
    return value.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar(*, board, meetings, url_for, host):
    zone = ZoneInfo(settings.TIME_ZONE)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//{escape(settings.COUNCIL_NAME)}//Corporate parenting board//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(board.name)}",
    ]
    for meeting in meetings:
        start = datetime.datetime.combine(meeting.date, meeting.start_time, tzinfo=zone)
        where = meeting.venue or "Online"
        description = f"Agenda and papers: {url_for(meeting)}"
        if meeting.online_link:
            description += f"\nJoin online: {meeting.online_link}"
        lines += [
            "BEGIN:VEVENT",
            f"UID:meeting-{meeting.pk}@{host}",
            f"DTSTAMP:{_utc(meeting.published_at or meeting.updated_at)}",
            f"DTSTART:{_utc(start)}",
            f"DTEND:{_utc(start + MEETING_LENGTH)}",
            f"SEQUENCE:{meeting.version}",
            f"SUMMARY:{escape(board.name)}",
            f"LOCATION:{escape(where)}",
            f"DESCRIPTION:{escape(description)}",
            f"URL:{url_for(meeting)}",
            "STATUS:CONFIRMED",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
