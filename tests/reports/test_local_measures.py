"""Local measures: defined and entered by performance officers, shown like national figures."""

import datetime

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from corporate_parenting.models import AuditAction, AuditEvent
from corporate_parenting.records import StaleRecord
from corporate_parenting.roles import Role
from reports.figures import dashboard, target_rows
from reports.local_measures import local_values_on
from reports.local_services import (
    LocalMeasureError,
    LocalValuesImportError,
    local_measure_create,
    local_measure_update,
    local_value_set,
    local_values_import_csv,
)
from reports.models import Benchmark, LocalMeasure, LocalMeasureValue, Target
from reports.pledge import pledge_promises
from reports.services import benchmarks_import_csv, target_set

pytestmark = pytest.mark.django_db

LIST = reverse("reports:local_measures")
NEW = reverse("reports:local_measure_new")
D = datetime.date


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def officer(client, make_user):
    user = make_user(Role.PERFORMANCE_OFFICER)
    client.force_login(user)
    return user


def enquiries(actor=None, **overrides):
    values = {
        "title": "Foster carer enquiries",
        "unit": "count",
        "definition": "Enquiries from people interested in fostering, received in the month.",
        "owner": "Fostering recruitment team",
        "good_direction": "higher",
        "actor": actor,
    }
    return local_measure_create(**(values | overrides))


def cicc(actor=None):
    return enquiries(
        actor,
        title="Children in Care Council attendance",
        unit="percent",
        good_direction="higher",
    )


def csv_file(text):
    return SimpleUploadedFile("figures.csv", text.encode(), content_type="text/csv")


def months_ago(n):
    today = timezone.localdate().replace(day=1)
    year, month = divmod(today.year * 12 + today.month - 1 - n, 12)
    return D(year, month + 1, 1)


# --- definitions --------------------------------------------------------------------------------


def test_a_local_measure_gets_a_local_code_and_is_audited(make_user):
    user = make_user(Role.PERFORMANCE_OFFICER)
    measure = enquiries(user)
    assert measure.code == "LOCAL_FOSTER_CARER_ENQUIRIES"
    assert measure.higher_is_better is True
    assert AuditEvent.objects.filter(actor=user, action=AuditAction.CREATE).count() == 1
    with pytest.raises(LocalMeasureError, match="already a local measure called"):
        enquiries(user, title="foster carer ENQUIRIES")


def test_the_unit_cannot_change_once_figures_are_entered():
    measure = enquiries()
    local_value_set(
        measure=measure, month=months_ago(1), numerator=3, expected_version=None, actor=None
    )
    with pytest.raises(LocalMeasureError, match="unit cannot change"):
        local_measure_update(
            measure=measure, changes={"unit": "percent"}, expected_version=1, actor=None
        )


def test_a_stale_edit_of_a_measure_is_refused():
    measure = enquiries()
    local_measure_update(measure=measure, changes={"owner": "A"}, expected_version=1, actor=None)
    with pytest.raises(StaleRecord):
        local_measure_update(
            measure=LocalMeasure.objects.get(pk=measure.pk),
            changes={"owner": "B"},
            expected_version=1,
            actor=None,
        )


# --- monthly figures ----------------------------------------------------------------------------


def test_a_second_figure_for_the_same_month_is_refused_not_overwritten():
    measure = enquiries()
    local_value_set(
        measure=measure, month=months_ago(1), numerator=3, expected_version=None, actor=None
    )
    with pytest.raises(ValidationError, match="already saved"):
        local_value_set(
            measure=measure, month=months_ago(1), numerator=9, expected_version=None, actor=None
        )
    assert LocalMeasureValue.objects.get().numerator == 3


@pytest.mark.parametrize(
    ("numerator", "denominator", "message"),
    [
        (5, None, "Enter the total"),
        (11, 10, "must not be more than the total"),
    ],
)
def test_a_percentage_needs_a_total_at_least_the_number(numerator, denominator, message):
    measure = cicc()
    with pytest.raises(ValidationError, match=message):
        local_value_set(
            measure=measure,
            month=months_ago(1),
            numerator=numerator,
            denominator=denominator,
            expected_version=None,
            actor=None,
        )


def test_the_figure_is_the_latest_month_in_the_12_months_to_the_date():
    measure = enquiries()
    for back, n in ((13, 99), (3, 7), (2, 12)):
        LocalMeasureValue.objects.create(measure=measure, month=months_ago(back), numerator=n)
    today = timezone.localdate()

    iv = local_values_on(today)[measure.code]

    assert (iv.numerator, iv.value, iv.period_start) == (12, 12, months_ago(2))
    # 12 months after the 99 was entered, with nothing later, there is no figure
    assert local_values_on(months_ago(3) - datetime.timedelta(days=1))[measure.code].value == 99
    assert local_values_on(D(2000, 1, 31))[measure.code].value is None


def test_a_percentage_is_the_number_out_of_the_total():
    measure = cicc()
    LocalMeasureValue.objects.create(
        measure=measure, month=months_ago(1), numerator=9, denominator=12
    )
    iv = local_values_on(timezone.localdate())[measure.code]
    assert iv.value == 75
    assert (iv.numerator, iv.denominator) == (9, 12)


# --- CSV ----------------------------------------------------------------------------------------


def test_csv_upload_is_all_or_nothing_with_an_error_for_each_row():
    enquiries()
    code = cicc().code
    text = (
        "measure,month,number,out_of\n"
        "LOCAL_FOSTER_CARER_ENQUIRIES,2025-01,12,\n"
        "LOCAL_NOPE,2025-01,3,\n"
        f"{code},2025-13,3,10\n"
        f"{code},2025-02,11,10\n"
        "LOCAL_FOSTER_CARER_ENQUIRIES,2025-01,14,\n"
    )
    with pytest.raises(LocalValuesImportError) as caught:
        local_values_import_csv(file=csv_file(text), actor=None)
    messages = [str(error) for error in caught.value.errors]
    assert messages == [
        "Row 3: Enter the code of a local measure, not 'LOCAL_NOPE'",
        "Row 4: Enter the month as year and month, like 2026-03",
        "Row 5: The number must not be more than the total",
        "Row 6: This repeats row 2 (same measure and month)",
    ]
    assert not LocalMeasureValue.objects.exists()


def test_csv_upload_adds_and_replaces_and_is_audited(make_user):
    user = make_user(Role.PERFORMANCE_OFFICER)
    measure = enquiries()
    LocalMeasureValue.objects.create(measure=measure, month=D(2025, 1, 1), numerator=1)
    text = "measure,month,number\nLOCAL_FOSTER_CARER_ENQUIRIES,2025-01,12\n"
    text += "local_foster_carer_enquiries,2025-2,1,000\n".replace("1,000", "1000")

    result = local_values_import_csv(file=csv_file(text), actor=user)

    assert (result.created, result.updated) == (1, 1)
    assert dict(LocalMeasureValue.objects.values_list("month", "numerator")) == {
        D(2025, 1, 1): 12,
        D(2025, 2, 1): 1000,
    }
    assert AuditEvent.objects.filter(actor=user, action=AuditAction.IMPORT).count() == 1


def test_csv_without_the_columns_says_which_are_missing():
    with pytest.raises(LocalValuesImportError, match="missing the column"):
        local_values_import_csv(file=csv_file("code,value\nX,1\n"), actor=None)


# --- targets, benchmarks, dashboard, suppression ------------------------------------------------


def test_local_measures_take_targets_and_benchmarks_and_show_rag_on_the_dashboard():
    measure = enquiries()
    LocalMeasureValue.objects.create(measure=measure, month=months_ago(1), numerator=30)
    target_set(code=measure.code, value=40, green_threshold=40, amber_threshold=25, actor=None)
    benchmarks_import_csv(
        file=csv_file(f"code,area,year,value,source\n{measure.code},Region,2025,35,Region group\n"),
        actor=None,
    )
    assert Target.objects.get(code=measure.code).higher_is_better is True
    assert Benchmark.objects.filter(code=measure.code).exists()
    assert measure.code in [m.code for m, _ in target_rows()]

    board = dashboard(as_at=timezone.localdate(), exact=True)

    local = {key: figures for key, _, figures in board.sections}["local"]
    (figure,) = local
    assert figure.value_text == "30"
    assert figure.rag.status == "amber"
    assert figure.trend is not None and len(figure.trend.table.rows) == 12


def test_board_members_see_a_small_local_count_as_c():
    measure = enquiries()
    LocalMeasureValue.objects.create(measure=measure, month=months_ago(1), numerator=3)
    board = dashboard(as_at=timezone.localdate(), exact=False)
    (figure,) = {k: f for k, _, f in board.sections}["local"]
    assert figure.value_text == "c"


# --- pages --------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.BOARD_MEMBER, Role.TEAM_MANAGER, Role.SOCIAL_WORKER])
def test_only_performance_officers_manage_local_measures(client, make_user, role):
    measure = enquiries()
    client.force_login(make_user(role))
    assert client.get(LIST).status_code == 403
    assert client.get(NEW).status_code == 403
    page = reverse("reports:local_measure", args=[measure.code])
    assert client.post(page, {"month": "1 2025", "numerator": "3"}).status_code == 403
    assert not LocalMeasureValue.objects.exists()


def test_board_member_reads_a_local_measure_page_without_the_forms(client, make_user):
    measure = enquiries()
    client.force_login(make_user(Role.BOARD_MEMBER))
    page = client.get(reverse("reports:local_measure", args=[measure.code])).content.decode()
    assert "Foster carer enquiries" in page
    assert "Enter a month" not in page


def test_officer_adds_a_measure_then_a_figure_on_the_forms(client, officer):
    response = client.post(
        NEW,
        {
            "title": "Life story work completed",
            "unit": "count",
            "definition": "Children whose life story work was finished in the month.",
            "owner": "Children in care service",
            "good_direction": "higher",
        },
    )
    measure = LocalMeasure.objects.get()
    assert response.url == reverse("reports:local_measure", args=[measure.code])
    month = months_ago(1)

    response = client.post(response.url, {"month": f"{month:%-m %Y}", "numerator": "14"})

    assert response.status_code == 302
    assert LocalMeasureValue.objects.get().numerator == 14
    page = client.get(response.url).content.decode()
    assert f"{month:%B %Y}" in page


def test_bad_measure_and_figure_forms_are_govuk_errors_that_keep_the_input(client, officer):
    page = client.post(NEW, {"title": "Front door referrals", "definition": "x"}).content.decode()
    assert "Choose whether the figure is a number or a percentage" in page
    assert "Enter the owner" in page
    assert 'value="Front door referrals"' in page
    measure = enquiries()
    url = reverse("reports:local_measure", args=[measure.code])
    page = client.post(url, {"month": "Smarch 2025", "numerator": "lots"}).content.decode()
    assert "Enter the month as a number and a year, like 3 2026" in page
    assert "The number must be a whole number, like 12" in page
    assert 'value="Smarch 2025"' in page


def test_changing_a_figure_that_someone_else_changed_is_refused(client, officer):
    measure = enquiries()
    value = LocalMeasureValue.objects.create(measure=measure, month=D(2025, 1, 1), numerator=3)
    url = reverse("reports:local_value_edit", args=[measure.code, "2025-01"])
    LocalMeasureValue.objects.filter(pk=value.pk).update(numerator=5, version=2)

    page = client.post(url, {"numerator": "4", "version": "1"}).content.decode()

    assert "Your changes have not been saved" in page
    assert LocalMeasureValue.objects.get().numerator == 5
    client.post(url, {"numerator": "4", "version": "2"})
    assert LocalMeasureValue.objects.get().numerator == 4


def test_csv_upload_page_lists_row_errors_and_saves_nothing(client, officer):
    enquiries()
    page = client.post(
        LIST, {"file": csv_file("measure,month,number\nLOCAL_FOSTER_CARER_ENQUIRIES,2025-01,x\n")}
    ).content.decode()
    assert "nothing has been saved" in page
    assert "Row 2: Enter the number as a whole number, like 12" in page


def test_dashboard_links_to_a_local_measure_reach_its_page(client, officer):
    measure = enquiries()
    response = client.get(reverse("reports:indicator", args=[measure.code]))
    assert response.url == reverse("reports:local_measure", args=[measure.code])


# --- the Pledge ---------------------------------------------------------------------------------


def test_the_pledge_has_eight_promises_with_their_national_and_local_evidence():
    from reports.models import PledgeMeasure, PledgePromise

    measure = enquiries()
    PledgeMeasure.objects.create(
        promise=PledgePromise.objects.get(theme="where_you_live"), code=measure.code, order=99
    )

    promises = pledge_promises()

    assert [p.theme for p in promises] == [
        "social_worker",
        "decisions",
        "where_you_live",
        "education",
        "health",
        "permanence",
        "leaving_care",
        "identity",
    ]
    where = promises[2]
    assert "PLACED_OVER_20_MILES" in where.codes
    assert where.measures[where.codes.index(measure.code)].is_local
    assert promises[-1].title == "Your identity"


def test_every_national_indicator_is_evidence_for_some_promise():
    from reports.indicators import CATALOGUE

    linked = {code for p in pledge_promises() for code in p.codes}
    assert set(CATALOGUE) <= linked


def test_the_pledge_is_read_in_a_fixed_number_of_queries(django_assert_num_queries):
    enquiries()
    with django_assert_num_queries(3):
        pledge_promises()


def test_a_long_title_makes_a_code_of_whole_words():
    assert cicc().code == "LOCAL_CHILDREN_IN_CARE_COUNCIL"
    again = enquiries(title="Children in care council attendance at events")
    assert again.code == "LOCAL_CHILDREN_IN_CARE_COUNCIL_2"


def test_a_month_counts_once_it_has_ended():
    from reports.local_measures import last_ended_month, trend_month_ends

    assert last_ended_month(D(2026, 12, 4)) == D(2026, 11, 1)
    assert last_ended_month(D(2026, 11, 30)) == D(2026, 11, 1)
    assert last_ended_month(D(2026, 3, 1)) == D(2026, 2, 1)
    ends = trend_month_ends(D(2026, 12, 4))
    assert (ends[0], ends[-1], len(ends)) == (D(2025, 12, 31), D(2026, 11, 30), 12)
    measure = enquiries()
    LocalMeasureValue.objects.create(measure=measure, month=D(2026, 3, 1), numerator=5)
    assert local_values_on(D(2026, 3, 30))[measure.code].value is None
    assert local_values_on(D(2026, 3, 31))[measure.code].value == 5


def test_a_count_form_asks_for_no_total_and_a_percentage_form_does(client, officer):
    count_page = client.get(reverse("reports:local_measure", args=[enquiries().code]))
    percent_page = client.get(reverse("reports:local_measure", args=[cicc().code]))
    assert 'name="denominator"' not in count_page.content.decode()
    assert 'name="denominator"' in percent_page.content.decode()
