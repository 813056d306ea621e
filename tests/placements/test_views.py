import datetime
import re

import pytest
from django.urls import reverse

from corporate_parenting.models import AuditEvent
from corporate_parenting.roles import Role
from placements import services
from placements.models import Placement
from tests.factories import ChildFactory, PermanencePlanFactory, TeamFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def worker(make_user, team):
    return make_user(Role.SOCIAL_WORKER, team=team, first_name="Sam", last_name="Okafor")


@pytest.fixture
def child(team):
    return ChildFactory(team=team, date_of_birth=D(2014, 6, 1))


@pytest.fixture
def period(child, worker):
    return services.period_start(
        child=child,
        start=D(2025, 5, 1),
        legal_status="C2",
        category_of_need="N1",
        placement_type="U6",
        provider="PR1",
        urn="XXXXXXX",
        actor=worker,
    )


def signed_in(client, user):
    client.force_login(user)
    return client


def change_urls(child, period):
    placement = period.placements.get()
    legal = period.legal_statuses.get()
    plan = PermanencePlanFactory(child=child)
    return [
        reverse("placements:start_period", args=[child.pk]),
        reverse("placements:end_period", args=[period.pk]),
        reverse("placements:change_placement", args=[placement.pk]),
        reverse("placements:correct_placement", args=[placement.pk]),
        reverse("placements:change_legal_status", args=[child.pk]),
        reverse("placements:correct_legal_status", args=[legal.pk]),
        reverse("placements:add_permanence_plan", args=[child.pk]),
        reverse("placements:change_permanence_plan", args=[plan.pk]),
        reverse("placements:end_permanence_plan", args=[plan.pk]),
    ]


def test_every_change_form_opens_for_a_social_worker_of_the_childs_team(
    client, worker, child, period
):
    signed_in(client, worker)
    for url in change_urls(child, period):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"govuk-button" in response.content


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.BOARD_MEMBER, 403),
        (Role.DEMOCRATIC_SERVICES, 403),
        (Role.PERFORMANCE_OFFICER, 403),
        (Role.ADMINISTRATOR, 403),
    ],
)
def test_roles_that_may_not_change_a_case_get_403_on_every_change_url(
    client, make_user, child, period, role, status
):
    signed_in(client, make_user(role))
    for url in change_urls(child, period):
        assert client.get(url).status_code == status, url
        assert client.post(url, {}).status_code == status, url


def test_a_social_worker_of_another_team_gets_404_on_every_change_url(
    client, make_user, child, period
):
    signed_in(client, make_user(Role.SOCIAL_WORKER, team=TeamFactory()))
    for url in change_urls(child, period):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code == 404, url


def test_opening_a_form_audits_a_view_of_the_child(client, worker, child, period):
    signed_in(client, worker)
    placement = period.placements.get()
    client.get(reverse("placements:change_placement", args=[placement.pk]))

    row = AuditEvent.objects.get(action="view", child_id=child.pk)
    assert row.actor == worker
    assert row.object_type == "placements.Placement"
    assert "Change placement" in row.detail


def change_placement_post(placement, **overrides):
    data = {
        "version": placement.version,
        "start_0": "1",
        "start_1": "9",
        "start_2": "2025",
        "same_carers": "no",
        "reason_for_change": "CHILD",
        "placement_type": "K2",
        "provider": "PR4",
        "urn": "SC123456",
        "postcode": "ls2 7ew",
        "distance_miles": "4.5",
        "inside_area": "yes",
    }
    return data | overrides


def test_changing_a_placement_ends_the_old_one_and_starts_the_new_one(
    client, worker, child, period
):
    signed_in(client, worker)
    old = period.placements.get()
    response = client.post(
        reverse("placements:change_placement", args=[old.pk]), change_placement_post(old)
    )

    assert response.status_code == 302
    old.refresh_from_db()
    new = Placement.objects.get(child=child, end__isnull=True)
    assert old.end == new.start == D(2025, 9, 1)
    assert old.reason_for_change == "CHILD"
    assert (new.placement_type, new.postcode, new.inside_area) == ("K2", "LS2 7EW", True)
    assert new.new_carer is True


def test_a_missing_date_and_answer_get_govuk_messages_and_keep_the_input(
    client, worker, child, period
):
    signed_in(client, worker)
    old = period.placements.get()
    response = client.post(
        reverse("placements:change_placement", args=[old.pk]),
        change_placement_post(old, start_0="", start_1="", start_2="", same_carers=""),
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Enter the date the new placement started" in html
    assert "Select whether the child is staying with the same carers" in html
    assert 'value="SC123456"' in html
    assert Placement.objects.filter(child=child).count() == 1


def test_a_rule_failure_is_shown_on_its_field_with_the_rule_number(client, worker, child, period):
    signed_in(client, worker)
    old = period.placements.get()
    response = client.post(
        reverse("placements:change_placement", args=[old.pk]),
        change_placement_post(old, reason_for_change="NONE"),
    )
    html = response.content.decode()
    assert "A reason for the placement change is needed" in html
    assert 'href="#id_reason_for_change"' in html


def test_the_change_form_preselects_no_reason_and_asks_for_one(client, worker, child, period):
    signed_in(client, worker)
    old = period.placements.get()
    url = reverse("placements:change_placement", args=[old.pk])

    form = client.get(url).context["form"]
    assert form["reason_for_change"].value() in (None, "")
    assert form.fields["reason_for_change"].choices[0] == ("", "Choose a reason")

    html = client.post(url, change_placement_post(old, reason_for_change="")).content.decode()
    assert "Choose the reason for the placement change, or None if either placement" in html
    assert Placement.objects.filter(child=child).count() == 1


def test_a_conflicting_save_is_refused_with_who_changed_it_and_the_input_kept(
    client, make_user, worker, child, period
):
    signed_in(client, worker)
    old = period.placements.get()
    stale_form = change_placement_post(old)  # opened at version 1
    colleague = make_user(Role.TEAM_MANAGER, team=child.team, first_name="Ada", last_name="Ray")
    services.placement_update(
        placement=old, changes={"postcode": "LS6 1AA"}, expected_version=1, actor=colleague
    )

    response = client.post(reverse("placements:change_placement", args=[old.pk]), stale_form)

    html = response.content.decode()
    assert response.status_code == 200
    assert "This record was changed by Ada Ray at" in html
    assert "govuk-error-summary" in html
    assert 'value="SC123456"' in html
    assert Placement.objects.filter(child=child).count() == 1


def test_after_a_conflict_the_form_takes_the_latest_version_so_saving_again_applies(
    client, make_user, worker, child, period
):
    signed_in(client, worker)
    old = period.placements.get()
    stale_form = change_placement_post(old)  # opened at version 1
    colleague = make_user(Role.TEAM_MANAGER, team=child.team, first_name="Ada", last_name="Ray")
    services.placement_update(
        placement=old, changes={"postcode": "LS6 1AA"}, expected_version=1, actor=colleague
    )
    url = reverse("placements:change_placement", args=[old.pk])

    refused = client.post(url, stale_form).content.decode()
    version = re.search(r'name="version" value="(\d+)"', refused).group(1)
    saved = client.post(url, stale_form | {"version": version})

    assert version == "2"
    assert saved.status_code == 302
    assert Placement.objects.filter(child=child).count() == 2
    assert Placement.objects.get(child=child, end__isnull=True).placement_type == "K2"


def test_starting_a_period_of_care_through_the_form(client, worker, child):
    signed_in(client, worker)
    response = client.post(
        reverse("placements:start_period", args=[child.pk]),
        {
            "start_0": "3",
            "start_1": "2",
            "start_2": "2026",
            "legal_status": "V2",
            "category_of_need": "N4",
            "placement_type": "U6",
            "provider": "PR1",
            "urn": "xxxxxxx",
        },
    )
    assert response.status_code == 302
    placement = Placement.objects.get(child=child)
    assert (placement.start, placement.urn) == (D(2026, 2, 3), "XXXXXXX")
    writes = AuditEvent.objects.filter(child_id=child.pk, action="create", actor=worker)
    assert writes.count() == 3


def test_ending_a_period_of_care_through_the_form(client, worker, child, period):
    signed_in(client, worker)
    response = client.post(
        reverse("placements:end_period", args=[period.pk]),
        {
            "version": period.version,
            "end_0": "10",
            "end_1": "1",
            "end_2": "2026",
            "reason_ceased": "E13",
        },
    )
    assert response.status_code == 302
    period.refresh_from_db()
    assert (period.end, period.reason_ceased) == (D(2026, 1, 10), "E13")


def test_adding_and_ending_a_permanence_plan_through_the_forms(client, worker, child):
    signed_in(client, worker)
    response = client.post(
        reverse("placements:add_permanence_plan", args=[child.pk]),
        {"plan_type": "SGO", "decided_on_0": "1", "decided_on_1": "6", "decided_on_2": "2025"},
    )
    assert response.status_code == 302
    plan = child.permanence_plans.get()
    response = client.post(
        reverse("placements:end_permanence_plan", args=[plan.pk]),
        {
            "version": plan.version,
            "ended_on_0": "1",
            "ended_on_1": "1",
            "ended_on_2": "2026",
            "end_reason": "ACHIEVED",
        },
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.end_reason == "ACHIEVED"
