"""Time the meeting page and the board's action log with 30 agenda items and 500 actions.

    DEBUG=1 DATABASE_URL=... .venv/bin/python benchmarks/meetings.py [--items 30] [--actions 500]

Seeds a board tagged "bench-meetings" (once): a past meeting carrying most of the actions, and a
meeting with N items, each with a paper-less agenda entry, a declaration, a decision and
minutes. One action in five names an indicator. Requests each page as a democratic services
officer and as a board member, and prints milliseconds per request (median of 10, after one
warm-up request that fills the indicator cache), the CPU time this process spent (the
wall time less waiting for PostgreSQL and for other processes on a busy machine), and the
number of queries.
Run it against your own development database, never a live one.
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "corporate_parenting.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from corporate_parenting.models import User  # noqa: E402
from corporate_parenting.roles import Role  # noqa: E402
from meetings.models import (  # noqa: E402
    Action,
    AgendaItem,
    Board,
    Decision,
    Declaration,
    Meeting,
    MeetingStatus,
    Membership,
)

SLUG = "bench-meetings"
CODES = ["CLA_COUNT", "PLACED_OUTSIDE_LA", "CONNECTED_CARERS", "CL_EET_19_21", "A1_DAYS"]


def user(username, role):
    account, _ = User.objects.get_or_create(username=username)
    account.groups.set([Group.objects.get_or_create(name=role.label)[0]])
    return account


def seed(items, actions):
    today = timezone.localdate()
    board = Board.objects.filter(slug=SLUG).first()
    if board is not None:
        meeting = board.meetings.order_by("-date").first()
        if (
            meeting.items.count() == items
            and Action.objects.filter(meeting__board=board).count() == actions
        ):
            return board, meeting
    with transaction.atomic():
        if board is not None:
            Action.objects.filter(meeting__board=board).delete()
            Meeting.objects.filter(board=board).delete()
            board.memberships.all().delete()
            board.delete()
        board = Board.objects.create(name="Benchmark board", slug=SLUG, kind="cpb")
        member = user("bench.member", Role.BOARD_MEMBER)
        Membership.objects.create(
            board=board,
            name="Bench member",
            role="councillor",
            user=member,
            start=today - datetime.timedelta(days=400),
        )
        now = timezone.now()
        earlier = Meeting.objects.create(
            board=board,
            date=today - datetime.timedelta(days=60),
            start_time=datetime.time(18),
            venue="Town Hall",
            status=MeetingStatus.MINUTES_APPROVED,
            published_at=now,
            minutes_approved_on=today,
        )
        meeting = Meeting.objects.create(
            board=board,
            date=today - datetime.timedelta(days=1),
            start_time=datetime.time(18),
            venue="Town Hall",
            status=MeetingStatus.MINUTES_APPROVED,
            published_at=now,
            minutes_approved_on=today,
            previous=earlier,
        )
        created = AgendaItem.objects.bulk_create(
            AgendaItem(
                meeting=meeting,
                position=i + 1,
                title=f"Item {i + 1}",
                purpose="For the board to note. " * 5,
                presenter="Head of Service",
                minutes="The board discussed the report. " * 40,
                exempt=i % 10 == 9,
                exempt_paragraph=1 if i % 10 == 9 else None,
            )
            for i in range(items)
        )
        Declaration.objects.bulk_create(
            Declaration(item=item, member="Cllr A", interest="School governor") for item in created
        )
        Decision.objects.bulk_create(
            Decision(item=item, kind="resolved", text="That the report be noted.")
            for item in created
        )
        Action.objects.bulk_create(
            Action(
                meeting=earlier if i % 5 else meeting,
                item=None if i % 5 else created[i % items],
                request=f"Request {i}: a breakdown of the reasons children were placed out of "
                "the area.",
                owner="Head of Service",
                indicator_code=CODES[i % len(CODES)] if i % 5 == 1 else "",
                indicator_title="Benchmark indicator" if i % 5 == 1 else "",
                figure_when_raised="12%" if i % 5 == 1 else "",
                figure_as_at=earlier.date if i % 5 == 1 else None,
            )
            for i in range(actions)
        )
    return board, meeting


def measure(client, url, repeat=10):
    client.get(url)  # warm-up: indicator figures into the cache
    timings, cpu, db = [], [], []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        db.append(sum(float(q["time"]) for q in queries.captured_queries) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return (
        statistics.median(timings),
        statistics.median(cpu),
        statistics.median(db),
        len(queries),
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=30)
    parser.add_argument("--actions", type=int, default=500)
    args = parser.parse_args()
    board, meeting = seed(args.items, args.actions)
    officer = user("bench.officer", Role.DEMOCRATIC_SERVICES)
    member = User.objects.get(username="bench.member")
    print(f"{args.items} items, {args.actions} actions")
    for label, account in (("officer", officer), ("board member", member)):
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(account)
        for page, url in (
            ("meeting page", f"/meetings/{meeting.pk}/"),
            ("action log (all)", f"/meetings/boards/{board.slug}/actions/?show=all"),
        ):
            ms, cpu, db, queries = measure(client, url)
            print(
                f"{label:<13} {page:<17} {ms:6.1f} ms wall  {cpu:5.1f} ms Python CPU  "
                f"{db:5.1f} ms in {queries} queries"
            )


if __name__ == "__main__":
    main()
