import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from corporate_parenting.models import AuditAction, AuditEvent
from corporate_parenting.roles import Role
from reports.figures import rate_label, value_with_unit
from reports.models import PopulationEstimate
from tests.reports.dash_factories import looked_after_child

pytestmark = pytest.mark.django_db

POPULATION = reverse("reports:population_estimates")
RATE = reverse("reports:indicator", args=["CLA_RATE_10K"])


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()


@pytest.fixture
def officer(client, make_user):
    user = make_user(Role.PERFORMANCE_OFFICER)
    client.force_login(user)
    return user


@pytest.mark.parametrize(
    "role", [Role.BOARD_MEMBER, Role.TEAM_MANAGER, Role.DEMOCRATIC_SERVICES, Role.SOCIAL_WORKER]
)
def test_only_performance_officers_enter_population_estimates(client, make_user, role):
    client.force_login(make_user(role))
    assert client.get(POPULATION).status_code == 403
    assert client.post(POPULATION, {"year": "2025"}).status_code == 403
    assert not PopulationEstimate.objects.exists()


def test_officer_saves_an_estimate_with_thousands_separators_and_it_is_audited(client, officer):
    response = client.post(
        POPULATION, {"year": "2025", "population": "86,500", "source": "ONS mid-2025"}
    )

    assert response.status_code == 302
    estimate = PopulationEstimate.objects.get(year=2025)
    assert estimate.population == 86500
    assert AuditEvent.objects.filter(actor=officer, action=AuditAction.CREATE).count() == 1
    page = client.get(POPULATION).content.decode()
    assert "86,500" in page
    assert "1 April 2025 to 31 March 2026" in page


def test_replacing_a_saved_year_must_be_ticked_and_keeps_what_was_typed(client, officer):
    PopulationEstimate.objects.create(year=2025, population=80000, source="ONS")

    page = client.post(
        POPULATION, {"year": "2025", "population": "86500", "source": "ONS revised"}
    ).content.decode()

    assert "An estimate for mid-2025 is already saved: tick the box to replace it" in page
    assert 'value="86500"' in page and 'value="ONS revised"' in page
    assert PopulationEstimate.objects.get(year=2025).population == 80000

    client.post(
        POPULATION,
        {"year": "2025", "population": "86500", "source": "ONS revised", "replace": "on"},
    )
    assert PopulationEstimate.objects.get(year=2025).population == 86500
    assert AuditEvent.objects.filter(actor=officer, action=AuditAction.CHANGE).count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"year": "", "population": "1", "source": "x"}, "Enter the year of the estimate"),
        ({"year": "25", "population": "1", "source": "x"}, "The year must be 2000 or later"),
        ({"year": "2025", "population": "0", "source": "x"}, "must be at least 1"),
        ({"year": "2025", "population": "lots", "source": "x"}, "must be a whole number"),
        ({"year": "2025", "population": "5", "source": ""}, "Enter where the estimate comes from"),
    ],
)
def test_bad_estimates_are_govuk_errors_and_nothing_is_saved(client, officer, data, message):
    page = client.post(POPULATION, data).content.decode()
    assert message in page
    assert "govuk-error-summary" in page
    assert not PopulationEstimate.objects.exists()


def test_rate_page_states_which_estimate_it_uses_and_when_it_falls_back(client, officer):
    looked_after_child(start=datetime.date(2024, 1, 1))
    PopulationEstimate.objects.create(year=2020, population=50000, source="ONS mid-2020")

    page = client.get(RATE).content.decode()

    assert "ONS estimate for mid-2020" in page
    assert "has not been entered yet" in page
    assert "1 April Y to 31 March Y+1" in page


def test_rate_per_setting_changes_the_label(settings):
    assert value_with_unit("2", "rate") == "2 per 10,000"
    settings.RATE_PER = 100000
    assert rate_label() == "per 100,000"
    assert value_with_unit("131", "rate") == "131 per 100,000"
