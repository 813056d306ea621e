"""The demo council (`make run`'s data), loaded once per test module inside a transaction that
is rolled back afterwards. Tests that prove something about every URL use it: it holds one of
everything a URL can name (children with records, placements, meetings, papers, local measures,
an import run)."""

import datetime
import io
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction
from pypdf import PdfWriter

from children.models import Child, MissingEpisode
from children.views import KINDS
from corporate_parenting.models import User
from meetings.models import (
    PUBLISHED_STATUSES,
    Action,
    ActionPlan,
    AgendaItem,
    Board,
    Meeting,
    Paper,
    PlanAction,
)
from placements.models import ImportRun, LegalStatus, PeriodOfCare, PermanencePlan, Placement
from reports.models import LocalMeasureValue, ReportRun, ReportType, Target

# The demo accounts, one per role (demo/management/commands/demo_setup.py), and anonymous.
ACCOUNTS = {
    "anon": None,
    "sw": "sw.north",
    "tm": "tm.north",
    "po": "perf.officer",
    "ds": "dem.services",
    "bm": "cllr.board",
    "admin": "admin",
}


@dataclass
class World:
    users: dict
    child: Child  # in sw.north's caseload (and tm.north's team)
    objects: dict  # URL kwarg values by name

    def user(self, key):
        return self.users[key] or AnonymousUser()


class _Rollback(Exception):
    pass


def _record_for(child):
    for slug, spec in KINDS.items():
        record = spec.model.objects.filter(child=child).order_by("pk").first()
        if record is not None:
            return slug, record
    raise AssertionError("the demo child has no dated records")


def _pdf():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _paper(item):
    """The demo has no papers: one on a published meeting's agenda."""
    paper = Paper.objects.filter(item__meeting__status__in=PUBLISHED_STATUSES).first()
    if paper is None:
        pdf = _pdf()
        paper = Paper.objects.create(
            item=item,
            title="Report of the virtual school head",
            filename="virtual-school.pdf",
            content_type="application/pdf",
            size=len(pdf),
            file=ContentFile(pdf, name="virtual-school.pdf"),
        )
    return paper


def _build():
    call_command("demo_setup", stdout=io.StringIO())
    users = {
        key: User.objects.get(username=name) if name else None for key, name in ACCOUNTS.items()
    }
    users["sw_other"] = User.objects.get(username="sw.south")
    north = users["sw"]
    ranked = (
        Child.objects.filter(social_worker=north, placements__isnull=False)
        .filter(permanence_plans__isnull=False)
        .distinct()
        .order_by("pk")
    )
    child = ranked.first() or Child.objects.filter(social_worker=north).order_by("pk").first()
    kind, record = _record_for(child)
    missing = MissingEpisode.objects.filter(child__social_worker=north).order_by("pk").first()
    meeting = Meeting.objects.filter(status__in=PUBLISHED_STATUSES).order_by("date").first()
    item = AgendaItem.objects.filter(meeting=meeting).order_by("pk").first()
    value = LocalMeasureValue.objects.order_by("pk").first()
    objects = {
        "child": child,
        "record_kind": kind,
        "record": record,
        "period": PeriodOfCare.objects.filter(child=child).order_by("pk").first(),
        "placement": Placement.objects.filter(child=child).order_by("pk").first(),
        "legal_status": LegalStatus.objects.filter(child=child).order_by("pk").first(),
        "permanence": PermanencePlan.objects.filter(child=child).order_by("pk").first(),
        "missing": missing,  # a record with an end (record_end)
        # The import pages show an upload being checked (an imported run has no report).
        "import_run": ImportRun.objects.create(
            source=ImportRun.Source.UPLOAD, status=ImportRun.Status.DRY_RUN, created_by=users["po"]
        ),
        "board": Board.objects.order_by("pk").first(),
        "meeting": meeting,
        "item": item,
        "paper": _paper(item),
        "action": Action.objects.order_by("pk").first(),
        "plan": ActionPlan.objects.order_by("pk").first(),
        "plan_action": PlanAction.objects.order_by("pk").first(),
        "target": Target.objects.order_by("pk").first(),
        "local_value": value,
        "report_run": ReportRun.objects.create(
            report_type=ReportType.CLA_OVERVIEW,
            as_at=datetime.date(2026, 3, 31),
            inputs_hash="access-matrix",
            requested_by=users["po"],
        ),
    }
    missing = [name for name, obj in objects.items() if obj is None]
    assert not missing, f"the demo council has no {missing}"
    return World(users=users, child=child, objects=objects)


@pytest.fixture(scope="module")
def demo_world(django_db_setup, django_db_blocker):
    """Load the demo council once for the module; roll it all back afterwards."""
    with django_db_blocker.unblock():
        try:
            with transaction.atomic():
                world = _build()
                yield world
                raise _Rollback
        except _Rollback:
            pass
        world.objects["paper"].file.delete(save=False)
