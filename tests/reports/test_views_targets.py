import datetime

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from corporate_parenting.models import AuditAction, AuditEvent
from corporate_parenting.roles import Role
from reports.models import Benchmark, Target
from tests.reports.dash_factories import looked_after_child

pytestmark = pytest.mark.django_db

TARGETS = reverse("reports:targets")
OUTSIDE = reverse("reports:target_edit", args=["PLACED_OUTSIDE_LA"])
BENCHMARKS = reverse("reports:benchmarks")


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()


@pytest.fixture
def officer(client, make_user):
    user = make_user(Role.PERFORMANCE_OFFICER)
    client.force_login(user)
    return user


@pytest.mark.parametrize("url", [TARGETS, OUTSIDE, BENCHMARKS])
@pytest.mark.parametrize("role", [Role.BOARD_MEMBER, Role.TEAM_MANAGER, Role.DEMOCRATIC_SERVICES])
def test_only_performance_officers_manage_targets_and_benchmarks(client, make_user, url, role):
    client.force_login(make_user(role))
    assert client.get(url).status_code == 403


def test_officer_sets_then_changes_a_target_and_both_are_audited(client, officer):
    response = client.post(
        OUTSIDE, {"value": "15", "green_threshold": "15", "amber_threshold": "25"}
    )
    assert response.status_code == 302
    target = Target.objects.get(code="PLACED_OUTSIDE_LA")
    assert target.higher_is_better is False
    assert AuditEvent.objects.filter(actor=officer, action=AuditAction.CREATE).count() == 1

    client.post(OUTSIDE, {"value": "12", "green_threshold": "12", "amber_threshold": "25"})

    target.refresh_from_db()
    assert target.value == 12
    change = AuditEvent.objects.get(actor=officer, action=AuditAction.CHANGE)
    assert change.changes["value"][1] == "12"
    assert 'value="12.00"' in client.get(OUTSIDE).content.decode()


def test_thresholds_the_wrong_way_round_are_a_govuk_error_and_keep_what_was_typed(client, officer):
    page = client.post(
        OUTSIDE, {"value": "15", "green_threshold": "30", "amber_threshold": "twenty"}
    ).content.decode()
    assert "The amber threshold must be a number, like 75 or 62.5" in page
    assert 'value="twenty"' in page

    page = client.post(
        OUTSIDE, {"value": "15", "green_threshold": "30", "amber_threshold": "20"}
    ).content.decode()
    assert "The amber threshold must not be lower than the green threshold" in page
    assert "There is a problem" in page
    assert not Target.objects.exists()


def test_indicator_without_a_better_direction_cannot_have_a_target(client, officer):
    assert client.get(reverse("reports:target_edit", args=["CLA_COUNT"])).status_code == 404


def test_rag_status_shows_as_a_tag_with_words_on_the_dashboard(client, officer, make_user):
    start = timezone.localdate() - datetime.timedelta(days=200)
    for _ in range(8):
        looked_after_child(start=start)  # placed inside the area: 0% outside
    client.post(OUTSIDE, {"value": "15", "green_threshold": "15", "amber_threshold": "25"})

    client.force_login(make_user(Role.BOARD_MEMBER))
    page = client.get(reverse("reports:dashboard"), {"theme": "where_you_live"}).content.decode()

    assert '<strong class="govuk-tag govuk-tag--green">On target</strong>' in page
    assert "Target 15%" in page


CSV_OK = (
    "code,area,year,value,source\n"
    "PLACED_OUTSIDE_LA,England,2025,41,DfE CLA 2025 table A1\n"
    "STAB_3PLUS,Statistical neighbours,2025,10.5,LAIT\n"
)


def upload(client, text):
    return client.post(BENCHMARKS, {"file": SimpleUploadedFile("b.csv", text.encode(), "text/csv")})


def test_benchmarks_csv_is_saved_audited_and_shown_on_the_indicator_page(
    client, officer, make_user
):
    response = upload(client, CSV_OK)

    assert response.status_code == 302
    assert Benchmark.objects.count() == 2
    assert AuditEvent.objects.filter(actor=officer, action=AuditAction.IMPORT).count() == 1

    upload(client, CSV_OK.replace(",41,", ",40,"))
    assert Benchmark.objects.get(code="PLACED_OUTSIDE_LA").value == 40

    client.force_login(make_user(Role.BOARD_MEMBER))
    page = client.get(reverse("reports:indicator", args=["PLACED_OUTSIDE_LA"])).content.decode()
    assert "DfE CLA 2025 table A1" in page
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">40%</td>' in page
    dashboard = client.get(reverse("reports:dashboard"), {"theme": "where_you_live"})
    assert "England 40% (2025)" in dashboard.content.decode()


def test_a_wrong_row_saves_nothing_and_names_the_row(client, officer):
    text = CSV_OK + "NOPE,Mars,20x5,lots,\n"

    page = upload(client, text).content.decode()

    assert "nothing has been saved" in page
    assert "Row 4: Enter an indicator code from the catalogue, not &#x27;NOPE&#x27;" in page
    assert "Row 4: Enter the year ending 31 March as 4 digits" in page
    assert not Benchmark.objects.exists()


def test_a_file_without_the_columns_is_refused(client, officer):
    page = upload(client, "indicator,number\nX,1\n").content.decode()
    assert "The file is missing the column(s): code, area, year, value, source" in page
