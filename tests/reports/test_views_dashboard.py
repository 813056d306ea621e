import csv
import datetime
import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from corporate_parenting.models import AuditAction, AuditEvent
from corporate_parenting.roles import Role
from reports.models import Target
from tests.factories import TeamFactory
from tests.reports.dash_factories import looked_after_child

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("reports:dashboard")
INDICATOR = reverse("reports:indicator", args=["CLA_COUNT"])
CHILDREN = reverse("reports:indicator_children", args=["CLA_COUNT"])
PERMANENCE = reverse("reports:permanence")


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def a_year_ago():
    return timezone.localdate() - datetime.timedelta(days=365)


def children(n, team=None):
    return [looked_after_child(start=a_year_ago(), team=team) for _ in range(n)]


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode())))


@pytest.mark.parametrize("url", [DASHBOARD, INDICATOR, CHILDREN, PERMANENCE])
def test_anonymous_users_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    ("role", "url", "status"),
    [
        (Role.BOARD_MEMBER, DASHBOARD, 200),
        (Role.BOARD_MEMBER, INDICATOR, 200),
        (Role.BOARD_MEMBER, CHILDREN, 403),
        (Role.BOARD_MEMBER, PERMANENCE, 403),
        (Role.DEMOCRATIC_SERVICES, DASHBOARD, 200),
        (Role.DEMOCRATIC_SERVICES, CHILDREN, 403),
        (Role.TEAM_MANAGER, DASHBOARD, 200),
        (Role.TEAM_MANAGER, CHILDREN, 200),
        (Role.PERFORMANCE_OFFICER, DASHBOARD, 200),
        (Role.PERFORMANCE_OFFICER, INDICATOR, 200),
        (Role.PERFORMANCE_OFFICER, CHILDREN, 200),
        (Role.SOCIAL_WORKER, DASHBOARD, 403),
        (Role.ADMINISTRATOR, INDICATOR, 403),
    ],
)
def test_each_role_reaches_only_its_pages(client, make_user, team, role, url, status):
    client.force_login(make_user(role, team=team))
    assert client.get(url).status_code == status


def test_unknown_indicator_is_not_found(client, make_user):
    client.force_login(make_user(Role.PERFORMANCE_OFFICER))
    assert client.get(reverse("reports:indicator", args=["NOPE"])).status_code == 404
    assert client.get(reverse("reports:indicator_children", args=["NOPE"])).status_code == 404


def test_board_member_sees_a_small_count_as_c_and_an_officer_sees_the_number(client, make_user):
    children(3)
    client.force_login(make_user(Role.BOARD_MEMBER))
    board_page = client.get(DASHBOARD).content.decode()
    indicator_page = client.get(INDICATOR).content.decode()

    assert '<span class="cpb-value">c</span>' in board_page
    assert '<span class="cpb-value">3</span>' not in board_page
    assert '<span class="cpb-value">c</span>' in indicator_page
    assert "See the children behind this figure" not in indicator_page

    client.force_login(make_user(Role.PERFORMANCE_OFFICER))
    officer_page = client.get(DASHBOARD).content.decode()
    assert '<span class="cpb-value">3</span>' in officer_page
    assert "See the children behind this figure" in client.get(INDICATOR).content.decode()


def test_board_member_csv_is_suppressed_and_audited_as_an_export(client, make_user):
    children(3)
    member = make_user(Role.BOARD_MEMBER)
    client.force_login(member)

    response = client.get(DASHBOARD, {"download": "all-figures"})

    assert response["Content-Type"].startswith("text/csv")
    row = next(r for r in csv_rows(response) if r[0] == "CLA_COUNT")
    assert row[2] == "c"
    event = AuditEvent.objects.get(actor=member, action=AuditAction.EXPORT)
    assert "suppressed" in event.detail


def test_officer_csv_has_exact_figures(client, make_user):
    children(3)
    client.force_login(make_user(Role.PERFORMANCE_OFFICER))

    response = client.get(INDICATOR, {"download": "CLA_COUNT-trend"})

    rows = csv_rows(response)
    assert rows[0] == ["As at", "Children looked after", "Data coverage"]
    assert rows[-1][1] == "3"
    assert len(rows) == 13


def test_board_member_trend_csv_is_suppressed(client, make_user):
    children(3)
    client.force_login(make_user(Role.BOARD_MEMBER))

    rows = csv_rows(client.get(INDICATOR, {"download": "CLA_COUNT-trend"}))

    assert rows[-1][1] == "c"


def test_unknown_table_download_is_not_found(client, make_user):
    client.force_login(make_user(Role.BOARD_MEMBER))
    assert client.get(DASHBOARD, {"download": "nope"}).status_code == 404


def test_as_at_date_changes_the_figures(client, make_user):
    children(7)
    looked_after_child(start=timezone.localdate() - datetime.timedelta(days=10))
    client.force_login(make_user(Role.PERFORMANCE_OFFICER))
    day = timezone.localdate() - datetime.timedelta(days=30)

    page = client.get(
        DASHBOARD, {"as_at_0": day.day, "as_at_1": day.month, "as_at_2": day.year}
    ).content.decode()

    assert f"Figures as at {day:%-d %B %Y}" in page
    assert '<span class="cpb-value">7</span>' in page


def test_a_future_or_impossible_as_at_date_shows_a_govuk_error(client, make_user):
    client.force_login(make_user(Role.BOARD_MEMBER))
    future = timezone.localdate() + datetime.timedelta(days=40)

    page = client.get(
        DASHBOARD, {"as_at_0": future.day, "as_at_1": future.month, "as_at_2": future.year}
    ).content.decode()
    assert "There is a problem" in page
    assert "The date of the figures must be today or in the past" in page

    page = client.get(DASHBOARD, {"as_at_0": "31", "as_at_1": "2", "as_at_2": "2026"})
    assert "The date of the figures must be a real date" in page.content.decode()
    assert 'value="31"' in page.content.decode()

    page = client.get(DASHBOARD, {"as_at_0": "1", "as_at_1": "", "as_at_2": "2026"})
    assert "The date of the figures must include a month" in page.content.decode()


def test_dashboard_queries_do_not_grow_with_the_data(client, make_user):
    client.force_login(make_user(Role.BOARD_MEMBER))
    client.get(DASHBOARD)  # session and user caches warm

    def count_queries():
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(DASHBOARD).status_code == 200
        return len(captured)

    children(2)
    small = count_queries()
    children(25, team=TeamFactory())
    large = count_queries()

    assert small == large


def test_children_list_is_scoped_to_the_team_and_audited_per_child(client, make_user, team):
    ours = children(2, team=team)
    theirs = children(1, team=TeamFactory())
    manager = make_user(Role.TEAM_MANAGER, team=team)
    client.force_login(manager)

    page = client.get(CHILDREN).content.decode()

    for child in ours:
        assert child.local_id in page
    assert theirs[0].local_id not in page
    audited = AuditEvent.objects.filter(actor=manager, action=AuditAction.VIEW)
    assert sorted(audited.values_list("child_id", flat=True)) == sorted(c.pk for c in ours)
    assert all("CLA_COUNT" in event.detail for event in audited)


def test_performance_officer_lists_every_child_behind_the_figure(client, make_user):
    everyone = children(2) + children(1, team=TeamFactory())
    client.force_login(make_user(Role.PERFORMANCE_OFFICER))

    page = client.get(CHILDREN).content.decode()

    assert all(child.local_id in page for child in everyone)
    assert "3 children" in page


def test_children_list_downloads_as_csv_and_is_audited(client, make_user, team):
    ours = children(2, team=team)
    officer = make_user(Role.PERFORMANCE_OFFICER)
    client.force_login(officer)

    rows = csv_rows(client.get(CHILDREN, {"download": "children"}))

    assert rows[0] == ["Child ID", "Name", "Age"]
    assert sorted(row[0] for row in rows[1:]) == sorted(child.local_id for child in ours)
    assert AuditEvent.objects.filter(actor=officer, action=AuditAction.EXPORT).count() == 1
    assert AuditEvent.objects.filter(actor=officer, action=AuditAction.VIEW).count() == 2


def test_every_indicator_page_and_children_list_renders(client, make_user, team):
    from reports.indicators import CATALOGUE

    children(2, team=team)
    client.force_login(make_user(Role.TEAM_MANAGER, team=team))

    for code in CATALOGUE:
        assert client.get(reverse("reports:indicator", args=[code])).status_code == 200, code
        listed = client.get(reverse("reports:indicator_children", args=[code]))
        assert listed.status_code == 200, code


def test_the_indicator_page_says_how_many_children_the_figure_left_out_and_why(client, make_user):
    from reports.figures import build_figure
    from reports.indicators.base import Exclusion, IndicatorValue

    def figure(count, exact):
        iv = IndicatorValue(
            code="A2_DAYS",
            title="A2",
            theme="permanence",
            numerator=300,
            denominator=10,
            value=30.0,
            unit="days",
            higher_is_better=False,
            period_start=None,
            period_end=datetime.date(2026, 3, 31),
            definition="",
            reference="",
            excluded=(Exclusion(count, "no match date recorded"),),
        )
        kwargs = {"previous": None, "since": None, "target": None, "benchmarks": [], "series": []}
        return build_figure(iv, exact=exact, **kwargs)

    assert figure(7, exact=False).excluded == ["7 children left out: no match date recorded"]
    assert figure(1, exact=True).excluded == ["1 child left out: no match date recorded"]
    assert figure(2, exact=False).excluded == ["c children left out: no match date recorded"]
    assert figure(0, exact=True).excluded == []


def test_a2_page_shows_the_children_left_out(client, make_user):
    from tests.reports.test_indicators_permanence import adopted

    today = timezone.localdate()
    for _ in range(6):
        adopted(
            entered=today - datetime.timedelta(days=700),
            order=today - datetime.timedelta(days=500),
            match=None,
            moves=[
                (today - datetime.timedelta(days=700), "U4", True),
                (today - datetime.timedelta(days=400), "A6", True),
            ],
            ended=today - datetime.timedelta(days=100),
        )
    client.force_login(make_user(Role.BOARD_MEMBER))
    page = client.get(reverse("reports:indicator", args=["A2_DAYS"])).content.decode()
    assert "Left out of this figure" in page
    assert "6 children left out: no date of the decision to match (AD1 DATE_MATCH) recorded" in page


def test_the_dashboard_opens_with_what_needs_attention_and_has_a_page_a_theme(client, make_user):
    children(7)
    Target.objects.create(
        code="CLA_COUNT", value=0, green_threshold=0, amber_threshold=0, higher_is_better=False
    )
    client.force_login(make_user(Role.BOARD_MEMBER))

    html = client.get(DASHBOARD).content.decode()
    attention = html.index("Needs the board's attention")
    assert attention < html.index("Headlines")
    assert "Off target (target 0)" in html[attention:]
    assert "?theme=decisions" in html
    assert 'class="cpb-indicator"' not in html  # the themes' figures are on their own pages

    theme = client.get(DASHBOARD, {"theme": "decisions"})
    assert theme.status_code == 200
    assert '<h1 class="govuk-heading-l">How we make decisions</h1>' in theme.content.decode()
    assert 'class="cpb-indicator"' in theme.content.decode()
    assert client.get(DASHBOARD, {"theme": "nonsense"}).status_code == 404
