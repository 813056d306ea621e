"""The social worker's home page (what to act on) and the child's timeline (paged, filtered,
each visit once): issue 17."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from children.models import CaseNote, HealthCheck, PersonalEducationPlan, StatutoryVisit
from corporate_parenting.models import AuditAction, AuditEvent
from corporate_parenting.roles import Role
from tests.browser.axe import assert_accessible
from tests.browser.helpers import sign_in
from tests.children.helpers import put_in_care
from tests.factories import ChildFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker(make_user, team):
    return make_user(Role.SOCIAL_WORKER, team=team, first_name="Sam", last_name="Okafor")


def child_in_care(worker, first_name, *, years_old=10, days_in_care=400):
    today = timezone.localdate()
    child = ChildFactory(
        team=worker.team,
        social_worker=worker,
        first_name=first_name,
        last_name="Hart",
        date_of_birth=today - relativedelta(years=years_old, days=3),
    )
    put_in_care(child, today - datetime.timedelta(days=days_in_care))
    return child


def test_the_home_page_lists_health_and_education_plans_due_for_the_workers_children(
    page, live_server, worker, make_user, team
):
    today = timezone.localdate()
    late = child_in_care(worker, "Mia")
    HealthCheck.objects.create(
        child=late, kind="HA", date=today - relativedelta(years=1) - datetime.timedelta(days=1)
    )
    HealthCheck.objects.create(child=late, kind="DENTAL", date=today - relativedelta(months=2))
    PersonalEducationPlan.objects.create(child=late, date=today - datetime.timedelta(days=5))
    up_to_date = child_in_care(worker, "Noor")
    HealthCheck.objects.create(child=up_to_date, kind="HA", date=today - relativedelta(months=2))
    HealthCheck.objects.create(
        child=up_to_date, kind="DENTAL", date=today - relativedelta(months=2)
    )
    PersonalEducationPlan.objects.create(child=up_to_date, date=today - datetime.timedelta(days=5))
    colleague = make_user(Role.SOCIAL_WORKER, team=team)
    child_in_care(colleague, "Other")

    sign_in(page, live_server, worker.username)

    rows = page.locator("table.cpb-to-do-plans tbody tr").all_inner_texts()
    assert len(rows) == 1
    assert "Mia Hart" in rows[0] and "Health assessment" in rows[0] and "Overdue" in rows[0]
    assert AuditEvent.objects.filter(actor=worker, detail__contains="home page").exists()
    assert_accessible(page)
    page.get_by_role("link", name="Mia Hart").click()
    assert page.locator("h1").inner_text().startswith("Mia Hart")


def test_the_timeline_shows_each_visit_once_pages_and_filters_by_kind(page, live_server, worker):
    today = timezone.localdate()
    child = child_in_care(worker, "Mia", days_in_care=800)
    for week in range(30):
        day = today - datetime.timedelta(weeks=week + 1)
        StatutoryVisit.objects.create(child=child, date=day, seen=True)
        CaseNote.objects.create(child=child, date=day, kind="VISIT", text=f"Visit note {week}.")
    CaseNote.objects.create(child=child, date=today, kind="PHONE", text="Rang the school.")
    sign_in(page, live_server, worker.username, check_accessible=False)
    views_before = AuditEvent.objects.filter(child_id=child.pk, action=AuditAction.VIEW).count()

    page.goto(f"{live_server.url}/children/{child.pk}/")
    assert page.locator(".moj-timeline__item").count() == 20
    assert page.locator("#timeline-count").inner_text().startswith("Events 1 to 20 of")
    assert page.locator(".moj-timeline__item", has_text="Visit note 0.").count() == 1
    assert (
        page.locator(".moj-timeline__item", has_text="Visit note 0.")
        .inner_text()
        .startswith("Statutory visit")
    )
    assert_accessible(page)

    page.get_by_role("navigation", name="Pages of results").get_by_role("link", name="Next").click()
    assert "page=2" in page.url
    assert page.locator(".moj-timeline__item", has_text="Visit note 19.").count() == 1

    page.get_by_text("Show only some kinds of event").click()
    page.get_by_label("Case note").check()
    page.get_by_role("button", name="Show these events").click()
    page.wait_for_load_state()
    assert "kind=Case+note" in page.url and "page=" not in page.url
    assert page.locator(".moj-timeline__item").count() == 1
    assert "Rang the school." in page.locator(".moj-timeline__item").first.inner_text()
    assert page.get_by_label("Case note").is_checked()
    assert_accessible(page)
    # Reading the record stays audited: once for each page shown.
    assert (
        AuditEvent.objects.filter(child_id=child.pk, action=AuditAction.VIEW).count()
        == views_before + 3
    )
