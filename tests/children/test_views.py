import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone

from children import models, urls, views
from corporate_parenting.models import AuditEvent
from corporate_parenting.roles import Role
from tests.children.helpers import put_in_care
from tests.factories import ChildFactory, ReviewFactory, TeamFactory

D = datetime.date
pytestmark = pytest.mark.django_db

READ_ONLY_URL_NAMES = {"caseload", "child_detail"}


@pytest.fixture
def child(team):
    child = ChildFactory(
        team=team, date_of_birth=D(2007, 6, 15), first_name="Kai", last_name="Reed"
    )
    put_in_care(child, D(2020, 1, 1))
    return child


@pytest.fixture
def records(child):
    """One record of every kind the change and end URLs take."""
    return {
        "review": ReviewFactory(child=child, date=D(2021, 1, 5)),
        "visit": models.StatutoryVisit.objects.create(child=child, date=D(2021, 1, 5)),
        "health-check": models.HealthCheck.objects.create(
            child=child, date=D(2021, 1, 5), kind="HA"
        ),
        "pep": models.PersonalEducationPlan.objects.create(child=child, date=D(2021, 1, 5)),
        "missing": models.MissingEpisode.objects.create(child=child, start=D(2021, 1, 5), kind="M"),
        "case-note": models.CaseNote.objects.create(
            child=child, date=D(2021, 1, 5), kind="OTHER", text="x"
        ),
        "pathway-plan-review": models.PathwayPlanReview.objects.create(
            child=child, date=D(2024, 1, 5)
        ),
        "care-leaver-contact": models.CareLeaverContact.objects.create(
            child=child, date=D(2024, 1, 5), in_touch="YES", accommodation="U1", activity="F2"
        ),
        "deprivation-of-liberty": models.DeprivationOfLiberty.objects.create(
            child=child, start=D(2021, 1, 5)
        ),
    }


def child_urls(child, records):
    """Every URL of the children app for this child, as (url name, url)."""
    found = [
        ("child_detail", reverse("children:child_detail", args=[child.pk])),
        ("child_change", reverse("children:child_change", args=[child.pk])),
        ("care_leaver_status", reverse("children:care_leaver_status", args=[child.pk])),
    ]
    found += [
        ("allocation_change", reverse("children:allocation_change", args=[child.pk, slug]))
        for slug in views.ALLOCATION_SLUGS
    ]
    found += [
        ("record_add", reverse("children:record_add", args=[child.pk, kind]))
        for kind in views.KINDS
    ]
    found += [
        ("record_change", reverse("children:record_change", args=[child.pk, kind, record.pk]))
        for kind, record in records.items()
    ]
    found += [
        ("record_end", reverse("children:record_end", args=[child.pk, kind, records[kind].pk]))
        for kind, spec in views.KINDS.items()
        if spec.end
    ]
    return found


def all_urls(child, records):
    return [
        ("caseload", reverse("children:caseload")),
        ("child_add", reverse("children:child_add")),
        *child_urls(child, records),
    ]


def test_the_url_list_covers_every_url_pattern_and_record_kind(child, records):
    assert {name for name, _ in all_urls(child, records)} == {p.name for p in urls.urlpatterns}
    assert set(records) == set(views.KINDS)


@pytest.mark.parametrize("role", [Role.BOARD_MEMBER, Role.DEMOCRATIC_SERVICES, Role.ADMINISTRATOR])
def test_roles_that_never_open_a_child_get_403_on_every_children_url(
    client, make_user, team, child, records, role
):
    client.force_login(make_user(role, team=team))
    for name, url in all_urls(child, records):
        assert client.get(url).status_code == 403, name
        assert client.post(url, {}).status_code == 403, name
    assert not AuditEvent.objects.filter(action="view").exists()


def test_a_social_worker_of_another_team_gets_404_on_every_child_url(
    client, make_user, child, records
):
    client.force_login(make_user(Role.SOCIAL_WORKER, team=TeamFactory()))
    for name, url in child_urls(child, records):
        assert client.get(url).status_code == 404, name
        assert client.post(url, {}).status_code == 404, name
    assert child.local_id not in client.get(reverse("children:caseload")).content.decode()


def test_a_performance_officer_reads_but_gets_403_on_every_change_url(
    client, make_user, child, records
):
    client.force_login(make_user(Role.PERFORMANCE_OFFICER))
    for name, url in all_urls(child, records):
        expected = 200 if name in READ_ONLY_URL_NAMES else 403
        assert client.get(url).status_code == expected, name
        if expected == 403:
            assert client.post(url, {}).status_code == 403, name
    assert (
        b"Add a review" not in client.get(reverse("children:child_detail", args=[child.pk])).content
    )


def test_a_social_worker_of_the_team_opens_every_children_url(
    client, make_user, team, child, records
):
    client.force_login(make_user(Role.SOCIAL_WORKER, team=team))
    for name, url in all_urls(child, records):
        assert client.get(url).status_code == 200, name


def test_a_record_of_another_child_is_404_under_this_childs_url(client, make_user, team, child):
    other = ReviewFactory(child=ChildFactory(team=team))
    client.force_login(make_user(Role.SOCIAL_WORKER, team=team))
    url = reverse("children:record_change", args=[child.pk, "review", other.pk])
    assert client.get(url).status_code == 404


# --- record page ------------------------------------------------------------------------------


def test_viewing_the_child_record_writes_a_view_audit_row(client, make_user, team, child):
    worker = make_user(Role.SOCIAL_WORKER, team=team)
    client.force_login(worker)
    client.get(reverse("children:child_detail", args=[child.pk]))
    audit = AuditEvent.objects.get(action="view")
    assert (audit.actor, audit.child_id, audit.object_type) == (worker, child.pk, "children.Child")


def test_opening_a_form_for_a_child_writes_a_view_audit_row(client, make_user, team, child):
    worker = make_user(Role.SOCIAL_WORKER, team=team)
    client.force_login(worker)
    client.get(reverse("children:record_add", args=[child.pk, "review"]))
    audit = AuditEvent.objects.get(action="view")
    assert (audit.actor, audit.child_id) == (worker, child.pk)
    assert audit.detail.startswith("Opened the form")


def test_the_record_page_shows_the_timeline_newest_first_with_change_links(
    client, make_user, team, child
):
    ReviewFactory(child=child, date=D(2021, 1, 5), participation="PN5")
    models.CaseNote.objects.create(child=child, date=D(2022, 3, 1), kind="PHONE", text="Rang Kai.")
    client.force_login(make_user(Role.SOCIAL_WORKER, team=team))
    html = client.get(reverse("children:child_detail", args=[child.pk])).content.decode()
    assert html.index("Rang Kai.") < html.index("Participation PN5")
    assert "moj-timeline" in html and "moj-identity-bar" in html
    assert html.count(">Change<span") >= 2


def test_caseload_lists_the_child_with_overdue_flag(client, make_user, team, child):
    client.force_login(make_user(Role.SOCIAL_WORKER, team=team))
    html = client.get(reverse("children:caseload"), {"scope": "team"}).content.decode()
    assert child.local_id in html
    assert "Overdue" in html


def test_a_social_worker_starts_from_their_own_children_and_can_see_the_team(
    client, make_user, team, child
):
    worker = make_user(Role.SOCIAL_WORKER, team=team)
    mine = ChildFactory(team=team, social_worker=worker, local_id="MINE1")
    client.force_login(worker)

    own = client.get(reverse("children:caseload")).content.decode()
    assert "MINE1" in own and child.local_id not in own
    assert "My children" in own

    whole = client.get(reverse("children:caseload"), {"scope": "team"}).content.decode()
    assert mine.local_id in whole and child.local_id in whole


# --- forms ------------------------------------------------------------------------------------


def test_a_review_form_with_nothing_entered_shows_govuk_errors(client, make_user, team, child):
    client.force_login(make_user(Role.SOCIAL_WORKER, team=team))
    response = client.post(reverse("children:record_add", args=[child.pk, "review"]), {})
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "Enter the date of the review" in html
    assert "Select how the child took part in the review" in html
    assert "<title>Error: " in html


def test_a_review_form_with_an_impossible_date_keeps_what_was_typed(client, make_user, team, child):
    client.force_login(make_user(Role.SOCIAL_WORKER, team=team))
    response = client.post(
        reverse("children:record_add", args=[child.pk, "review"]),
        {"date_0": "31", "date_1": "2", "date_2": "2024", "participation": "PN1"},
    )
    html = response.content.decode()
    assert "The date of the review must be a real date" in html
    assert 'value="31"' in html and 'value="2024"' in html
    assert 'value="PN1"\n' in html or 'value="PN1" checked' in html or "checked" in html
    assert not models.Review.objects.exists()


def test_a_rule_167_breach_is_shown_against_participation_and_saves_nothing(
    client, make_user, team, child
):
    client.force_login(make_user(Role.SOCIAL_WORKER, team=team))
    response = client.post(
        reverse("children:record_add", args=[child.pk, "review"]),
        {"date_0": "5", "date_1": "2", "date_2": "2024", "participation": "PN0"},
    )
    assert "PN0 is only for children under 4 on the review date" in response.content.decode()
    assert not models.Review.objects.exists()


def test_a_valid_review_is_saved_and_returns_to_the_record(client, make_user, team, child):
    client.force_login(make_user(Role.SOCIAL_WORKER, team=team))
    response = client.post(
        reverse("children:record_add", args=[child.pk, "review"]),
        {"date_0": "5", "date_1": "2", "date_2": "2024", "participation": "PN1"},
    )
    assert response.status_code == 302
    assert response.url == reverse("children:child_detail", args=[child.pk])
    assert models.Review.objects.get().date == D(2024, 2, 5)


def test_changing_a_review_writes_old_and_new_values_to_the_audit(client, make_user, team, child):
    review = ReviewFactory(child=child, date=D(2021, 1, 5), participation="PN1")
    client.force_login(make_user(Role.SOCIAL_WORKER, team=team))
    client.post(
        reverse("children:record_change", args=[child.pk, "review", review.pk]),
        {"date_0": "5", "date_1": "1", "date_2": "2021", "participation": "PN6", "version": "1"},
    )
    audit = AuditEvent.objects.get(action="change")
    assert audit.changes == {"participation": ["PN1", "PN6"]}
    assert audit.child_id == child.pk


def test_two_users_save_the_same_review_and_the_second_is_refused_with_input_kept(
    client, make_user, team, child
):
    review = ReviewFactory(child=child, date=D(2021, 1, 5), participation="PN1")
    first = make_user(Role.SOCIAL_WORKER, team=team, first_name="Ada", last_name="Lovelace")
    second = make_user(Role.SOCIAL_WORKER, team=team)
    url = reverse("children:record_change", args=[child.pk, "review", review.pk])
    client.force_login(first)
    assert 'name="version" value="1"' in client.get(url).content.decode()
    client.force_login(second)
    assert 'name="version" value="1"' in client.get(url).content.decode()

    client.force_login(first)
    saved = client.post(
        url,
        {"date_0": "5", "date_1": "1", "date_2": "2021", "participation": "PN2", "version": "1"},
    )
    client.force_login(second)
    refused = client.post(
        url,
        {"date_0": "6", "date_1": "1", "date_2": "2021", "participation": "PN3", "version": "1"},
    )

    assert saved.status_code == 302
    html = refused.content.decode()
    assert refused.status_code == 200
    assert "This record was changed by Ada Lovelace at" in html
    assert "govuk-error-summary" in html
    assert 'value="6"' in html
    assert 'value="PN3" checked' in html or ('value="PN3"' in html and "checked" in html)
    assert 'name="version" value="2"' in html  # saving again applies over the latest version
    review.refresh_from_db()
    assert (review.participation, review.date) == ("PN2", D(2021, 1, 5))


def test_ending_a_missing_episode_through_the_end_form(client, make_user, team, child):
    episode = models.MissingEpisode.objects.create(child=child, start=D(2021, 1, 5), kind="A")
    client.force_login(make_user(Role.SOCIAL_WORKER, team=team))
    url = reverse("children:record_end", args=[child.pk, "missing", episode.pk])
    before = client.post(url, {"end_0": "4", "end_1": "1", "end_2": "2021", "version": "1"})
    assert "must be the same as or after 5 January 2021" in before.content.decode()
    client.post(url, {"end_0": "6", "end_1": "1", "end_2": "2021", "version": "1"})
    episode.refresh_from_db()
    assert episode.end == D(2021, 1, 6)


def test_care_leaver_contact_form_marks_the_oc3_return(client, make_user, team, child):
    today = timezone.localdate()
    birthday = today + datetime.timedelta(days=10)  # the 19th birthday, 10 days from now
    child.date_of_birth = birthday - relativedelta(years=19)
    child.save()
    client.force_login(make_user(Role.SOCIAL_WORKER, team=team))
    response = client.post(
        reverse("children:record_add", args=[child.pk, "care-leaver-contact"]),
        {
            "date_0": str(today.day),
            "date_1": str(today.month),
            "date_2": str(today.year),
            "in_touch": "YES",
            "accommodation": "D1",
            "activity": "F5",
            "is_oc3_return": "on",
        },
    )
    assert response.status_code == 302
    contact = models.CareLeaverContact.objects.get()
    assert contact.collection_year == birthday.year + (1 if birthday.month >= 4 else 0)


def test_care_leaver_contact_form_refuses_oc3_outside_the_window(client, make_user, team, child):
    today = timezone.localdate()
    birthday = today + datetime.timedelta(days=120)
    child.date_of_birth = birthday - relativedelta(years=19)
    child.save()
    client.force_login(make_user(Role.SOCIAL_WORKER, team=team))
    response = client.post(
        reverse("children:record_add", args=[child.pk, "care-leaver-contact"]),
        {
            "date_0": str(today.day),
            "date_1": str(today.month),
            "date_2": str(today.year),
            "in_touch": "YES",
            "accommodation": "D1",
            "activity": "F5",
            "is_oc3_return": "on",
        },
    )
    html = response.content.decode()
    assert "Only a contact from 3 months before" in html
    assert 'value="D1" selected' in html
    assert not models.CareLeaverContact.objects.exists()


def test_allocation_change_form_changes_the_social_worker(client, make_user, team, child):
    worker = make_user(Role.SOCIAL_WORKER, team=team)
    new = make_user(Role.SOCIAL_WORKER, team=team)
    client.force_login(worker)
    response = client.post(
        reverse("children:allocation_change", args=[child.pk, "social-worker"]),
        {"worker": new.pk, "start_0": "1", "start_1": "2", "start_2": "2024", "version": "1"},
    )
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.social_worker == new


def test_allocating_a_social_worker_of_another_team_shows_a_govuk_error(
    client, make_user, team, child
):
    from tests.factories import TeamFactory

    outsider = make_user(
        Role.SOCIAL_WORKER, team=TeamFactory(), first_name="Out", last_name="Sider"
    )
    client.force_login(make_user(Role.SOCIAL_WORKER, team=team))
    response = client.post(
        reverse("children:allocation_change", args=[child.pk, "social-worker"]),
        {"worker": outsider.pk, "start_0": "1", "start_1": "2", "start_2": "2024", "version": "1"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "Out Sider is not in the child’s team" in html
    child.refresh_from_db()
    assert child.social_worker is None


def test_the_iro_form_offers_only_iros(client, make_user, team, child):
    from corporate_parenting.roles import JobFunction

    iro = make_user(job_function=JobFunction.IRO, first_name="Ira", last_name="Reviewer")
    make_user(Role.SOCIAL_WORKER, team=team, first_name="Notan", last_name="Iro")
    client.force_login(make_user(Role.SOCIAL_WORKER, team=team))
    html = client.get(reverse("children:allocation_change", args=[child.pk, "iro"])).content
    assert f'value="{iro.pk}"'.encode() in html
    assert b"Notan Iro" not in html


def test_adding_a_child_with_nothing_entered_shows_govuk_errors(client, make_user, team):
    client.force_login(make_user(Role.SOCIAL_WORKER, team=team))
    html = client.post(reverse("children:child_add"), {"first_name": "Zed"}).content.decode()
    for message in (
        "Enter the child ID",
        "Enter the child’s date of birth",
        "Select the child’s sex",
        "Select the child’s ethnicity",
    ):
        assert message in html
    assert 'value="Zed"' in html


def test_adding_a_child_opens_their_record_on_the_social_workers_caseload(client, make_user, team):
    worker = make_user(Role.SOCIAL_WORKER, team=team)
    client.force_login(worker)
    response = client.post(
        reverse("children:child_add"),
        {
            "local_id": "NEW1",
            "first_name": "Zed",
            "date_of_birth_0": "1",
            "date_of_birth_1": "2",
            "date_of_birth_2": "2015",
            "sex": "M",
            "ethnicity": "WBRI",
            "upn": "un2",
            "mother": "",
        },
    )
    child = models.Child.objects.get(local_id="NEW1")
    assert response.url == reverse("children:child_detail", args=[child.pk])
    assert (child.upn, child.social_worker, child.mother) == ("UN2", worker, None)


def test_all_children_for_an_officer_has_a_status_column_and_a_looked_after_now_filter(
    client, make_user, team
):
    today = timezone.localdate()
    in_care = ChildFactory(team=team, first_name="Ina", last_name="Incare")
    put_in_care(in_care, today - datetime.timedelta(days=100))
    left = ChildFactory(team=team, first_name="Lee", last_name="Leftcare")
    put_in_care(left, today - datetime.timedelta(days=900), end=today - datetime.timedelta(days=30))
    client.force_login(make_user(Role.PERFORMANCE_OFFICER))

    every = client.get(reverse("children:caseload"))
    rows = {child.last_name: child.looked_after_now for child in every.context["children"]}
    assert rows == {"Incare": True, "Leftcare": False}
    html = every.content.decode()
    assert ">Status</a>" in html and "Not looked after" in html

    now = client.get(reverse("children:caseload"), {"looked_after": "1"})
    assert [child.last_name for child in now.context["children"]] == ["Incare"]


def test_sorting_the_caseload_orders_the_whole_list_before_paging(client, make_user, team):
    for i in range(views.CASELOAD_PAGE_SIZE + 3):
        ChildFactory(team=team, first_name="Kid", last_name=f"Name{i:03d}")
    client.force_login(make_user(Role.PERFORMANCE_OFFICER))

    first = client.get(reverse("children:caseload"), {"sort": "name", "order": "descending"})
    assert first.context["children"][0].last_name == f"Name{views.CASELOAD_PAGE_SIZE + 2:03d}"
    second = client.get(
        reverse("children:caseload"), {"sort": "name", "order": "descending", "page": "2"}
    )
    assert list(second.context["children"])[-1].last_name == "Name000"
    assert 'aria-sort="descending"' in first.content.decode()


def test_a_social_workers_home_says_what_to_act_on_for_their_children(client, make_user, team):
    today = timezone.localdate()
    worker = make_user(Role.SOCIAL_WORKER, team=team)
    late = ChildFactory(team=team, social_worker=worker)
    put_in_care(late, today - datetime.timedelta(days=100))
    new = ChildFactory(team=team, social_worker=worker)
    put_in_care(new, today - datetime.timedelta(days=3))
    someone_elses = ChildFactory(team=team)
    put_in_care(someone_elses, today - datetime.timedelta(days=100))
    client.force_login(worker)

    html = " ".join(client.get(reverse("home")).content.decode().split())

    assert "What to act on" in html
    assert "<strong>1</strong> looked-after review overdue" in html
    assert "<strong>1</strong> statutory visit overdue" in html
    assert "<strong>1</strong> visit due in the next 14 days" in html
    assert "For the 2 children allocated to you." in html
