import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from corporate_parenting.roles import Role
from tests.browser.axe import assert_accessible
from tests.browser.helpers import sign_in
from tests.children.helpers import put_in_care
from tests.factories import ChildFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_date(page, legend, day):
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


@pytest.fixture
def worker(make_user, team):
    return make_user(Role.SOCIAL_WORKER, team=team, first_name="Sam", last_name="Okafor")


def test_social_worker_records_a_review_and_sees_it_at_the_top_of_the_timeline(
    page, live_server, worker, team
):
    today = timezone.localdate()
    child = ChildFactory(
        team=team,
        social_worker=worker,
        first_name="Mia",
        last_name="Hart",
        local_id="MH1",
        date_of_birth=(today - relativedelta(years=9)) - datetime.timedelta(days=3),
    )
    put_in_care(child, today - datetime.timedelta(days=60))
    sign_in(page, live_server, worker.username)

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="My caseload").click()
    assert_accessible(page)
    page.get_by_role("link", name="Mia Hart").click()
    assert page.locator("h1").inner_text().startswith("Mia Hart")
    assert_accessible(page)

    page.get_by_role("link", name="Add a review").click()
    assert_accessible(page)
    review_day = today - datetime.timedelta(days=1)
    fill_date(page, "Date of the review", review_day)
    page.get_by_label("PN5: Does not attend but briefs an advocate").check()
    page.get_by_role("button", name="Save").click()

    assert page.url.endswith(f"/children/{child.pk}/")
    assert "Review added" in page.locator(".govuk-notification-banner").inner_text()
    first = page.locator(".moj-timeline__item").first
    assert "Review held" in first.inner_text()
    assert "PN5" in first.inner_text()
    assert "by Sam Okafor" in first.inner_text()
    assert_accessible(page)


def test_social_worker_records_a_care_leaver_contact(page, live_server, worker, team):
    today = timezone.localdate()
    child = ChildFactory(
        team=team,
        first_name="Leo",
        last_name="Marsh",
        local_id="LM1",
        date_of_birth=(today - relativedelta(years=19)) + datetime.timedelta(days=200),
    )
    put_in_care(child, (today - relativedelta(years=5)), end=today - datetime.timedelta(days=100))
    sign_in(page, live_server, worker.username, check_accessible=False)

    page.goto(f"{live_server.url}/children/{child.pk}/")
    page.get_by_role("link", name="Add a care leaver contact").click()
    assert_accessible(page)
    fill_date(page, "Date of the contact", today)
    page.get_by_label("In touch?").select_option("YES")
    page.get_by_label("Accommodation and whether it is suitable").select_option("E1")
    page.get_by_label("Main activity (education, employment or training)").select_option("F4")
    page.get_by_role("button", name="Save").click()

    first = page.locator(".moj-timeline__item").first
    assert "Care leaver contact" in first.inner_text()
    assert "Supported lodgings – suitable" in first.inner_text()
    assert_accessible(page)


def test_a_form_with_errors_shows_them_and_keeps_what_was_typed(page, live_server, worker, team):
    today = timezone.localdate()
    child = ChildFactory(team=team, date_of_birth=(today - relativedelta(years=10)))
    put_in_care(child, today - datetime.timedelta(days=60))
    sign_in(page, live_server, worker.username, check_accessible=False)

    page.goto(f"{live_server.url}/children/{child.pk}/review/add/")
    group = page.get_by_role("group", name="Date of the review")
    group.get_by_label("Day").fill("31")
    group.get_by_label("Month").fill("2")
    group.get_by_label("Year").fill(str(today.year))
    page.get_by_label("PN0: Child aged under 4 at the review").check()
    page.get_by_role("button", name="Save").click()

    summary = page.locator(".govuk-error-summary")
    assert "The date of the review must be a real date" in summary.inner_text()
    assert page.title().startswith("Error: ")
    assert group.get_by_label("Day").input_value() == "31"
    assert page.get_by_label("PN0: Child aged under 4 at the review").is_checked()
    assert_accessible(page)

    fill_date(page, "Date of the review", today)
    page.get_by_role("button", name="Save").click()
    assert (
        "PN0 is only for children under 4 on the review date. Choose another participation "
        "code. (DfE rule 440)" in page.locator(".govuk-error-summary").inner_text()
    )
    assert_accessible(page)


def test_team_manager_switches_between_their_children_and_the_whole_team(
    page, live_server, make_user, team
):
    manager = make_user(Role.TEAM_MANAGER, team=team)
    ChildFactory(team=team, first_name="Ola", last_name="Mine", social_worker=manager)
    ChildFactory(team=team, first_name="Ben", last_name="Theirs")
    sign_in(page, live_server, manager.username, check_accessible=False)

    page.goto(f"{live_server.url}/children/")
    assert page.locator("h1").inner_text() == "Whole team"
    assert page.get_by_role("link", name="Ben Theirs").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="My children").click()
    assert page.get_by_role("link", name="Ola Mine").is_visible()
    assert page.get_by_role("link", name="Ben Theirs").count() == 0
    assert_accessible(page)

    page.get_by_text("Filter children").click()
    page.get_by_label("Name or child ID").fill("nobody")
    page.get_by_role("button", name="Apply filters").click()
    assert "0 children" in page.locator("#main-content").inner_text()
    assert_accessible(page)


def test_every_children_form_passes_axe(page, live_server, worker, team):
    from children import views
    from children.models import MissingEpisode

    today = timezone.localdate()
    child = ChildFactory(team=team, date_of_birth=today - relativedelta(years=17))
    put_in_care(child, today - datetime.timedelta(days=60))
    episode = MissingEpisode.objects.create(child=child, kind="M", start=today)
    prefilled = [f"/children/{child.pk}/details/", f"/children/{child.pk}/missing/{episode.pk}/"]
    blank = [
        "/children/add/",
        f"/children/{child.pk}/care-leaver/",
        f"/children/{child.pk}/missing/{episode.pk}/end/",
        *(f"/children/{child.pk}/allocation/{slug}/" for slug in views.ALLOCATION_SLUGS),
        *(f"/children/{child.pk}/{kind}/add/" for kind in views.KINDS),
    ]
    sign_in(page, live_server, worker.username, check_accessible=False)
    for path in prefilled + blank:
        page.goto(f"{live_server.url}{path}")
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)
        if path in blank:  # submitted empty: the error page must pass too
            page.locator("#main-content form [type=submit]").click()
            assert page.locator(".govuk-error-summary").count() == 1, path
            assert_accessible(page)
