"""What the browser shows social workers, officers and councillors (issue 17, "Broken in the
browser"): wide tables, sorting, page titles, reflow at 390 px and landmarks."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from corporate_parenting.roles import Role
from reports.models import Benchmark, Target
from tests.browser.axe import PHONE_WIDTH, assert_accessible, assert_fits_a_phone
from tests.browser.helpers import sign_in
from tests.reports.dash_factories import looked_after_child

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SURNAMES = [f"{letter}{'x' * 3}" for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"]


@pytest.fixture
def worker(make_user, team):
    return make_user(Role.SOCIAL_WORKER, team=team, first_name="Sam", last_name="Okafor")


def caseload_children(team, worker, n):
    start = timezone.localdate() - datetime.timedelta(days=100)
    children = []
    for i in range(n):
        child = looked_after_child(
            start=start,
            team=team,
            first_name=f"Kid{i:02d}",
            last_name=SURNAMES[i % 26] + f"{i:02d}",
            date_of_birth=datetime.date(2010, 1, 1) + datetime.timedelta(days=30 * i),
        )
        child.social_worker = worker
        child.save(update_fields=["social_worker"])
        children.append(child)
    return children


# Pixels of the element(s) cut off on the right by an ancestor that hides or scrolls overflow.
CLIPPED_RIGHT = """(selector) => {
  let worst = 0;
  for (const el of document.querySelectorAll(selector)) {
    const right = el.getBoundingClientRect().right;
    for (let up = el.parentElement; up; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== 'visible') {
        worst = Math.max(worst, right - up.getBoundingClientRect().right);
      }
    }
  }
  return Math.round(worst);
}"""


def first_names_listed(page):
    return page.locator("table.cpb-caseload tbody tr td:first-child a").all_inner_texts()


def test_sorting_the_caseload_sorts_every_page_on_the_server(page, live_server, worker, team):
    children = caseload_children(team, worker, 55)
    by_name = sorted(children, key=lambda c: (c.last_name, c.first_name))
    sign_in(page, live_server, worker.username, check_accessible=False)
    page.goto(f"{live_server.url}/children/?scope=mine")

    page.get_by_role("link", name="Name", exact=True).click()  # sorted by name: now the other way
    assert page.locator("th[aria-sort=descending]").inner_text().startswith("Name")
    assert first_names_listed(page)[0] == by_name[-1].display_name
    page.locator(".govuk-pagination__next a").click()
    assert first_names_listed(page)[-1] == by_name[0].display_name
    assert len(first_names_listed(page)) == 5

    page.goto(f"{live_server.url}/children/?scope=mine")
    page.get_by_role("link", name="Age", exact=True).click()  # youngest first, across both pages
    youngest = max(children, key=lambda c: c.date_of_birth)
    assert first_names_listed(page)[0] == youngest.display_name
    assert_accessible(page)


def test_the_caseload_shows_its_last_column_whole_on_a_desktop_and_on_a_phone(
    page, live_server, worker, team
):
    caseload_children(team, worker, 3)
    sign_in(page, live_server, worker.username, check_accessible=False)
    page.goto(f"{live_server.url}/children/?scope=mine")

    # No part of the last column is hidden by a scrolling ancestor (the "OVERD" of old).
    assert page.evaluate(CLIPPED_RIGHT, "table.cpb-caseload thead th:last-child") == 0
    assert page.evaluate(CLIPPED_RIGHT, "table.cpb-caseload tbody td:last-child") == 0
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 844})
    visit = page.locator("table.cpb-caseload tbody tr").first.locator("td").last
    box = visit.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE_WIDTH
    assert (
        page.evaluate(
            "(cell) => getComputedStyle(cell, '::before').content", visit.element_handle()
        )
        == '"Next visit due"'
    )
    assert_fits_a_phone(page)


def test_the_children_behind_a_figure_stay_in_name_order_and_sort_by_name(
    page, live_server, make_user, team
):
    cache.clear()
    start = timezone.localdate() - datetime.timedelta(days=100)
    names = ["Zed", "Amy", "Kit", "Bo", "Pip", "Ola", "Cy", "Max"]
    for i, name in enumerate(names):
        looked_after_child(start=start, team=team, first_name=name, last_name=f"{name}son")
        assert i < 26
    officer = make_user(Role.PERFORMANCE_OFFICER)
    sign_in(page, live_server, officer.username, check_accessible=False)
    page.goto(f"{live_server.url}/reports/indicators/CLA_COUNT/children/")

    listed = page.locator("tbody tr td:nth-child(2)").all_inner_texts()
    assert listed == sorted(listed) and len(listed) == len(names)
    page.get_by_role("button", name="Name").click()  # ascending already: now descending
    assert page.locator("tbody tr td:nth-child(2)").all_inner_texts() == sorted(
        listed, reverse=True
    )
    assert page.locator("h1").inner_text() == "Children behind the figure"
    assert_accessible(page)


def test_every_page_title_separates_the_page_from_the_service(page, live_server, worker):
    sign_in(page, live_server, worker.username, check_accessible=False)
    page.goto(f"{live_server.url}/children/?scope=mine")
    assert (
        page.title()
        == "My children – Corporate parenting board – "
        + page.locator(".cpb-council-name").inner_text()
    )


def test_targets_and_benchmarks_fit_a_phone_and_show_units(page, live_server, make_user):
    Target.objects.create(
        code="STAB_3PLUS", value=9, green_threshold=9, amber_threshold=11, higher_is_better=False
    )
    Benchmark.objects.create(
        code="A1_DAYS",
        area="ENGLAND",
        value=460,
        year=2025,
        source="Demo comparator (illustrative, not official statistics) with a long source",
    )
    officer = make_user(Role.PERFORMANCE_OFFICER)
    sign_in(page, live_server, officer.username, check_accessible=False)
    for path in ("/reports/targets/", "/reports/benchmarks/"):
        page.set_viewport_size({"width": PHONE_WIDTH, "height": 844})
        page.goto(f"{live_server.url}{path}")
        assert_fits_a_phone(page)
        page.set_viewport_size({"width": 1280, "height": 720})
        assert_accessible(page)
    assert "460 days" in page.locator("main").inner_text()
    page.goto(f"{live_server.url}/reports/targets/")
    assert "9%" in page.locator("main").inner_text()
    assert "9.00" not in page.locator("main").inner_text()


def test_the_skip_link_lands_before_the_childs_name_and_every_part_is_in_a_landmark(
    page, live_server, worker, team
):
    child = caseload_children(team, worker, 1)[0]
    sign_in(page, live_server, worker.username, check_accessible=False)
    page.goto(f"{live_server.url}/children/{child.pk}/")

    target = page.locator("#main-content")
    assert target.locator(".moj-identity-bar").count() == 1
    assert target.locator(".govuk-back-link").count() == 1
    assert page.locator("header .govuk-phase-banner").count() == 1
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("() => location.hash") == "#main-content"
    assert_accessible(page)
