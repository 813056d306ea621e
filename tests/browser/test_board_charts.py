"""The board dashboard's charts on a phone, and its theme pages' "as at" form (issue 17)."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from corporate_parenting.roles import Role
from tests.browser.axe import PHONE_WIDTH, assert_accessible
from tests.browser.helpers import sign_in
from tests.reports.dash_factories import looked_after_child

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# A theme page works out a year of monthly figures on its first view: on a busy machine
# that takes longer than Playwright's 30 seconds.
DASHBOARD_TIMEOUT_MS = 120_000

# The rendered size of every chart text (its CSS font size times the SVG's scale on screen),
# and how far any text's box reaches outside its SVG's box. Hidden texts have no box.
CHART_TEXT = """() => {
  const sizes = [];
  let clipped = [];
  for (const svg of document.querySelectorAll('main svg.cpb-chart')) {
    const box = svg.getBoundingClientRect();
    for (const text of svg.querySelectorAll('text')) {
      const r = text.getBoundingClientRect();
      if (!r.width) continue;
      sizes.push(parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a);
      const out = Math.max(box.left - r.left, r.right - box.right, box.top - r.top,
                           r.bottom - box.bottom);
      if (out > 0.5) clipped.push(text.textContent + ' by ' + Math.round(out) + ' px');
    }
  }
  return {sizes, clipped};
}"""

# The smallest text of the page outside the charts: every element with its own visible text.
SMALLEST_BODY_TEXT = """() => {
  let smallest = Infinity;
  for (const el of document.querySelectorAll('main *')) {
    if (el.closest('svg')) continue;
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own || !el.getClientRects().length) continue;
    if (el.closest('.govuk-visually-hidden')) continue;
    smallest = Math.min(smallest, parseFloat(getComputedStyle(el).fontSize));
  }
  return smallest;
}"""


@pytest.fixture
def children(team):
    cache.clear()
    start = timezone.localdate() - datetime.timedelta(days=400)
    return [
        looked_after_child(start=start, team=team, date_of_birth=datetime.date(2010 + i, 1, 1))
        for i in range(12)
    ]


def test_chart_text_on_a_phone_is_no_smaller_than_the_body_text_and_never_cut_off(
    page, live_server, make_user, children
):
    officer = make_user(Role.PERFORMANCE_OFFICER)
    page.set_default_timeout(DASHBOARD_TIMEOUT_MS)
    sign_in(page, live_server, officer.username, check_accessible=False)
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 844})
    page.goto(f"{live_server.url}/reports/?theme=decisions")
    page.locator("main details summary", has_text="Trend over 12 months").first.click()

    charts = page.evaluate(CHART_TEXT)
    body = page.evaluate(SMALLEST_BODY_TEXT)

    assert page.locator("main svg.cpb-chart--bar").count() >= 1
    assert page.locator("main svg.cpb-chart--line").count() >= 1
    assert len(charts["sizes"]) > 20
    assert min(charts["sizes"]) >= body, (min(charts["sizes"]), body)
    assert charts["clipped"] == [], charts["clipped"]
    assert_accessible(page)


def test_the_date_form_of_a_theme_page_comes_back_to_that_theme(
    page, live_server, make_user, children
):
    officer = make_user(Role.PERFORMANCE_OFFICER)
    page.set_default_timeout(DASHBOARD_TIMEOUT_MS)
    sign_in(page, live_server, officer.username, check_accessible=False)
    page.goto(f"{live_server.url}/reports/?theme=decisions")
    assert page.locator("h1").inner_text() == "How we make decisions"

    page.get_by_text("Show the figures on another date").click()
    day = timezone.localdate() - datetime.timedelta(days=40)
    page.get_by_label("Day").fill(str(day.day))
    page.get_by_label("Month").fill(str(day.month))
    page.get_by_label("Year").fill(str(day.year))
    page.get_by_role("button", name="Show figures").click()
    page.wait_for_load_state()

    assert page.locator("h1").inner_text() == "How we make decisions"
    assert "theme=decisions" in page.url
    assert f"Figures as at {day.day} {day:%B %Y}." in page.locator("main").inner_text()
    assert_accessible(page)
