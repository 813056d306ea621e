"""The dashboard's figures are rendered once per state of the data and served from the cache."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from corporate_parenting.roles import Role
from reports import figures
from reports.models import Target
from tests.reports.dash_factories import looked_after_child

pytestmark = pytest.mark.django_db


@pytest.fixture
def calls(monkeypatch):
    seen = []
    real = figures.dashboard

    def counted(**kwargs):
        seen.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(figures, "dashboard", counted)
    return seen


def test_a_warm_dashboard_is_not_rebuilt_until_the_data_changes(client, make_user, calls):
    start = timezone.localdate() - datetime.timedelta(days=200)
    for _ in range(7):
        looked_after_child(start=start)
    client.force_login(make_user(Role.PERFORMANCE_OFFICER))
    first = client.get(reverse("reports:dashboard"))
    second = client.get(reverse("reports:dashboard"))
    assert first.status_code == second.status_code == 200
    assert len(calls) == 1
    figures_html = second.context["page"]["figures"]
    assert figures_html == first.context["page"]["figures"]
    assert "<svg" in figures_html or "govuk-table" in figures_html
    looked_after_child(start=start)  # the case record changed: a new fingerprint
    client.get(reverse("reports:dashboard"))
    assert len(calls) == 2
    Target.objects.create(  # a target changed: a new page generation
        code="CLA_COUNT", value=10, green_threshold=5, amber_threshold=8, higher_is_better=False
    )
    client.get(reverse("reports:dashboard"))
    assert len(calls) == 3


def test_suppressed_and_exact_pages_are_cached_apart(client, make_user, calls):
    start = timezone.localdate() - datetime.timedelta(days=200)
    for _ in range(3):
        looked_after_child(start=start)
    client.force_login(make_user(Role.PERFORMANCE_OFFICER))
    client.get(reverse("reports:dashboard"))
    client.force_login(make_user(Role.BOARD_MEMBER))
    client.get(reverse("reports:dashboard"))
    assert [call["exact"] for call in calls] == [True, False]
