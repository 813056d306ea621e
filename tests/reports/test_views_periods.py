import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from corporate_parenting.roles import Role
from reports import board_cycle
from reports.figures import dashboard
from tests.reports.dash_factories import looked_after_child

pytestmark = pytest.mark.django_db

STARTED = reverse("reports:indicator", args=["CLA_STARTED"])
COUNT = reverse("reports:indicator", args=["CLA_COUNT"])


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def officer(client, make_user):
    client.force_login(make_user(Role.PERFORMANCE_OFFICER))


def query(as_at, since=None):
    q = {"as_at_0": as_at.day, "as_at_1": as_at.month, "as_at_2": as_at.year}
    if since:
        q.update(since_0=since.day, since_1=since.month, since_2=since.year)
    return q


def test_indicator_page_shows_the_board_periods_a_year_earlier_and_five_years(client, officer):
    for _ in range(7):
        looked_after_child(start=datetime.date(2025, 11, 1))

    page = client.get(STARTED, query(datetime.date(2026, 2, 28))).content.decode()

    for label in ("Last 12 months", "Year to date (from 1 April)", "Last 6 months"):
        assert label in page
    assert "1 September 2025 to 28 February 2026" in page  # the last 6 months
    assert "Up 7 on a year earlier" in page
    assert "Five-year trend" in page
    assert "Children who started to be looked after: annual figures" in page


def test_periods_table_downloads_with_the_year_earlier_column(client, officer):
    for _ in range(7):
        looked_after_child(start=datetime.date(2025, 11, 1))
    response = client.get(
        STARTED, {**query(datetime.date(2026, 2, 28)), "download": "CLA_STARTED-periods"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.splitlines()[0] == "Period,Dates,Value,A year earlier,Change"
    assert "Last 6 months,1 September 2025 to 28 February 2026,7,0,Up 7 on a year earlier" in body


def test_a_figure_on_one_date_shows_each_date_once(client, officer):
    looked_after_child(start=datetime.date(2020, 1, 1))
    page = client.get(COUNT, query(datetime.date(2026, 3, 31))).content.decode()
    assert "Last 12 months" in page
    assert "Year to date (from 1 April)" not in page


def test_change_since_a_chosen_base_date(client, officer):
    looked_after_child(start=datetime.date(2020, 9, 1))
    for _ in range(6):
        looked_after_child(start=datetime.date(2024, 1, 1))

    page = client.get(
        COUNT, query(datetime.date(2026, 3, 31), since=datetime.date(2020, 9, 30))
    ).content.decode()

    assert "Up 6 since 30 Sep 2020" in page


def test_a_base_date_after_the_figures_is_a_govuk_error(client, officer):
    page = client.get(
        COUNT, query(datetime.date(2026, 3, 31), since=datetime.date(2026, 4, 1))
    ).content.decode()
    assert "The date to compare with must be before the date of the figures" in page


def test_change_since_defaults_to_56_days_then_follows_the_last_board_meeting():
    as_at = datetime.date(2026, 3, 31)
    assert board_cycle.change_since(as_at) == as_at - datetime.timedelta(days=56)

    def last_meeting(before):
        return datetime.date(2026, 3, 10) if before > datetime.date(2026, 3, 10) else None

    board_cycle.register_last_meeting(last_meeting)
    try:
        assert board_cycle.change_since(as_at) == datetime.date(2026, 3, 10)
        assert board_cycle.change_since(datetime.date(2026, 3, 1)) == datetime.date(2026, 1, 4)
        looked_after_child(start=datetime.date(2025, 1, 1))
        board = dashboard(as_at=as_at, exact=True)
        assert board.previous_as_at == datetime.date(2026, 3, 10)
        count = next(f for f in board.figures if f.code == "CLA_COUNT")
        assert count.change == "No change since 10 Mar 2026"
    finally:
        board_cycle.unregister_last_meeting(last_meeting)
    assert board_cycle.change_since(as_at) == as_at - datetime.timedelta(days=56)


def test_board_member_sees_small_numbers_in_the_periods_as_c(client, make_user):
    client.force_login(make_user(Role.BOARD_MEMBER))
    for _ in range(3):
        looked_after_child(start=timezone.localdate() - datetime.timedelta(days=20))
    response = client.get(STARTED, {"download": "CLA_STARTED-periods"})
    last_12 = next(r for r in response.content.decode().splitlines() if r.startswith("Last 12"))
    assert last_12.split(",")[-3] == "c"  # the value; the year earlier (0) is shown
