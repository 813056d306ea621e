"""One rule, one place (ADR 0007): each statutory schedule is pinned by one table of hand-built
cases at its edges, and every screen and indicator that applies it must agree with the table.

- Visits: the caseload, the child record page and VISITS_ON_TIME.
- Reviews: the caseload, the child record page and REVIEWS_ON_TIME ("not overdue one now").
- Adoption clocks: the permanence tracker's A1/A2 clocks and the A1_DAYS/A2_DAYS indicators.
"""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from children import selectors
from children.models import Child
from corporate_parenting.roles import Role
from reports.indicators import CATALOGUE, compute
from reports.indicators.periods import Period
from reports.permanence_tracker import permanence_tracker
from tests.reports.factories import (
    ChildFactory,
    LegalStatusFactory,
    PeriodOfCareFactory,
    PermanencePlanFactory,
    ReviewFactory,
    StatutoryVisitFactory,
    in_care,
    placements,
)

pytestmark = pytest.mark.django_db

# The caseload and the child record use the real today; so do these cases.
TODAY = timezone.localdate()


def ago(days):
    return TODAY - datetime.timedelta(days=days)


def _shown_overdue(html, label):
    """Whether the child record's summary row `label` carries the Overdue tag."""
    row = re.search(rf"{label}</dt>\s*<dd[^>]*>(.*?)</dd>", html, re.S)
    assert row, label
    return "Overdue" in row.group(1)


def _caseload_cell_overdue(html, child, column):
    """Whether the caseload row of `child` shows Overdue in `column` (0 review, 1 visit)."""
    row = re.search(rf"{re.escape(child.local_id)}</span>.*?</tr>", html, re.S)
    assert row, child.local_id
    cells = re.findall(r'data-label="Next (?:review|visit) due">(.*?)</td>', row.group(0), re.S)
    return "Overdue" in cells[column]


# --- statutory visits ---------------------------------------------------------------------------

# (name, days in care, visits as (days ago, seen, interval), overdue today)
VISIT_CASES = [
    ("seen on the last day of a 42-day interval", 400, [(42, True, 42)], False),
    ("seen one day more than 42 days ago", 400, [(43, True, 42)], True),
    ("seen 80 days ago with a 90-day interval", 400, [(80, True, 90)], False),
    # A visit at which the child was not seen does not count (the caseload used to count it).
    ("a recent visit without seeing the child", 400, [(60, True, 42), (10, False, 42)], True),
    ("never seen, in care for exactly a week", 7, [], False),
    ("never seen, in care for 8 days", 8, [], True),
    ("never seen, only an unseen visit, in care for 20 days", 20, [(5, False, 42)], True),
]


@pytest.mark.parametrize("name, in_care_days, visits, overdue", VISIT_CASES, ids=lambda v: v)
def test_the_caseload_the_child_record_and_visits_on_time_apply_one_visit_rule(
    client, make_user, name, in_care_days, visits, overdue
):
    officer = make_user(Role.PERFORMANCE_OFFICER)
    period = in_care(start=ago(in_care_days))
    child = period.child
    ReviewFactory(child=child, date=ago(1))  # reviews up to date: only the visit may be overdue
    for days, seen, interval in visits:
        StatutoryVisitFactory(child=child, date=ago(days), seen=seen, interval_days=interval)

    row = selectors.with_case_status(Child.objects.filter(pk=child.pk)).get()
    on_time = set(CATALOGUE["VISITS_ON_TIME"].children(Period.as_at(TODAY)))
    iv = compute("VISITS_ON_TIME", Period.as_at(TODAY))
    client.force_login(officer)
    record = client.get(reverse("children:child_detail", args=[child.pk])).content.decode()
    caseload = client.get(reverse("children:caseload")).content.decode()

    assert row.visit_overdue is overdue
    assert (child not in on_time) is overdue
    assert (iv.numerator, iv.denominator) == (0 if overdue else 1, 1)
    assert _shown_overdue(record, "Next visit due") is overdue
    assert _caseload_cell_overdue(caseload, child, 1) is overdue
    assert f"{row.next_visit_due.day} {row.next_visit_due:%B %Y}" in record


# --- looked-after reviews -----------------------------------------------------------------------

# (name, days since entering care, review days ago, overdue today). None: the first review's
# edge, 20 working days (Monday to Friday) after entry, worked out by counting weekdays.
REVIEW_CASES = [
    ("no review, entered care 27 days ago", 27, [], None),
    ("no review, entered care 28 days ago", 28, [], None),
    ("no review, entered care 29 days ago", 29, [], None),
    ("second review due 3 months after the first", 200, [150], True),
    ("third review due 6 months after the second", 400, [380, 300], True),
    ("fourth review not yet due", 400, [380, 300, 100], False),
    ("a review of an earlier period of care does not count", 40, [], True),
]


def _twenty_working_days_after(day):
    counted = 0
    while counted < 20:
        day += datetime.timedelta(days=1)
        counted += day.weekday() < 5
    return day


@pytest.mark.parametrize("name, days_in_care, reviews, overdue", REVIEW_CASES, ids=lambda v: v)
def test_the_caseload_the_child_record_and_reviews_on_time_apply_one_review_rule(
    client, make_user, name, days_in_care, reviews, overdue
):
    officer = make_user(Role.PERFORMANCE_OFFICER)
    entry = ago(days_in_care)
    if overdue is None:
        overdue = _twenty_working_days_after(entry) < TODAY
    child = ChildFactory()
    if "earlier period" in name:
        in_care(child, start=ago(400), end=ago(300), reason_ceased="E13")
        ReviewFactory(child=child, date=ago(350))
    in_care(child, start=entry)
    for days in reviews:
        ReviewFactory(child=child, date=ago(days))
    StatutoryVisitFactory(child=child, date=ago(1))  # visits up to date

    row = selectors.with_case_status(Child.objects.filter(pk=child.pk)).get()
    # A period of one day: no review was held in it, so only "overdue now" can fail a child.
    on_time = set(CATALOGUE["REVIEWS_ON_TIME"].children(Period(TODAY, TODAY)))
    client.force_login(officer)
    record = client.get(reverse("children:child_detail", args=[child.pk])).content.decode()
    caseload = client.get(reverse("children:caseload")).content.decode()

    assert row.review_overdue is overdue
    assert (child not in on_time) is overdue
    assert _shown_overdue(record, "Next review due") is overdue
    assert _caseload_cell_overdue(caseload, child, 0) is overdue


# --- adoption clocks A1 and A2 ------------------------------------------------------------------

ENTERED = datetime.date(2023, 1, 2)
ADOPTED = datetime.date(2025, 12, 1)
AS_AT = datetime.date(2026, 3, 31)


def _day(n):
    return ENTERED + datetime.timedelta(days=n)


FOSTERED_THEN_PLACED = [(0, "U4", True), (300, "A6", True)]

# (name, placements as (day, type, new carers), E1 from day, plan's order day, match day,
#  A1 days, A2 days)
CLOCK_CASES = [
    ("placed with the adopters", [(0, "U4", True), (300, "A6", True)], 200, 200, 280, 300, 80),
    (
        # Issue 16: an adoptive placement on day 181 broke down; the family who adopted the
        # child took them in on day 517.
        "an adoptive placement that broke down",
        [(0, "U4", True), (181, "A6", True), (300, "U4", True), (517, "A6", True)],
        150,
        150,
        500,
        517,
        350,
    ),
    (
        "a change of placement with the same adopters",
        [(0, "U4", True), (181, "A6", True), (250, "A6", False)],
        150,
        150,
        170,
        181,
        20,
    ),
    (
        "a hospital stay while placed for adoption",
        [(0, "U4", True), (181, "A6", True), (200, "T1", True), (210, "A6", True)],
        150,
        150,
        170,
        181,
        20,
    ),
    (
        # The tracker used the plan's order date; A2_DAYS the placement order legal status.
        "the placement order recorded as a legal status before the plan's date",
        [(0, "U4", True), (300, "A6", True)],
        190,
        200,
        280,
        300,
        90,
    ),
    (
        "matched before the placement order",
        [(0, "U4", True), (300, "A6", True)],
        200,
        200,
        150,
        300,
        0,
    ),
    (
        "the plan's order date with no E1 recorded",
        [(0, "U4", True), (300, "A6", True)],
        None,
        200,
        230,
        300,
        30,
    ),
]


@pytest.mark.parametrize(
    "name, moves, e1_day, plan_order_day, match_day, a1, a2", CLOCK_CASES, ids=lambda v: v
)
def test_the_tracker_clocks_and_a1_a2_days_measure_between_the_same_dates(
    make_user, name, moves, e1_day, plan_order_day, match_day, a1, a2
):
    child = ChildFactory()
    period = PeriodOfCareFactory(child=child, start=ENTERED, end=ADOPTED, reason_ceased="E11")
    if e1_day is None:
        LegalStatusFactory(period=period, start=ENTERED, end=ADOPTED, legal_status="C2")
    else:
        LegalStatusFactory(period=period, start=ENTERED, end=_day(e1_day), legal_status="C2")
        LegalStatusFactory(period=period, start=_day(e1_day), end=ADOPTED, legal_status="E1")
    placements(period, *[(_day(day), kind, new) for day, kind, new in moves])
    PermanencePlanFactory(
        child=child,
        plan_type="ADOPTION",
        decided_on=ENTERED,
        placement_order_date=_day(plan_order_day),
        matched_date=_day(match_day),
    )

    # The tracker on the day before the adoption order, when the plan was still current.
    (row,) = permanence_tracker(
        user=make_user(Role.PERFORMANCE_OFFICER), today=ADOPTED - datetime.timedelta(days=1)
    )
    year = Period.as_at(AS_AT)

    assert (row.a1_days, row.a2_days) == (a1, a2)
    assert compute("A1_DAYS", year).value == a1
    assert compute("A2_DAYS", year).value == a2
