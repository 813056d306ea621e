import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.utils import timezone

from children import services
from children.models import Allocation, AllocationKind, CareLeaverContact, Child, Review
from corporate_parenting.models import AuditEvent
from corporate_parenting.records import StaleRecord
from corporate_parenting.roles import JobFunction, Role
from tests.children.helpers import put_in_care
from tests.factories import ChildFactory, MissingEpisodeFactory, ReviewFactory, TeamFactory

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def worker(make_user, team):
    return make_user(Role.SOCIAL_WORKER, team=team, first_name="Sam", last_name="Okafor")


@pytest.fixture
def child(team):
    child = ChildFactory(team=team, date_of_birth=D(2012, 4, 1))
    put_in_care(child, D(2024, 1, 1))
    return child


def test_review_create_saves_the_review_with_who_recorded_it_and_audits_it(child, worker):
    review = services.review_create(
        child=child, data={"date": D(2024, 1, 20), "participation": "PN1"}, actor=worker
    )

    assert review.recorded_by == worker
    audit = AuditEvent.objects.get(object_type="children.Review", object_id=str(review.pk))
    assert audit.action == "create"
    assert audit.child_id == child.pk
    assert audit.changes["participation"] == [None, "PN1"]


def test_review_create_refuses_pn0_for_a_child_of_4_and_saves_nothing(child, worker):
    with pytest.raises(ValidationError, match=r"\(DfE rule 44[01]\)"):
        services.review_create(
            child=child, data={"date": D(2024, 1, 20), "participation": "PN0"}, actor=worker
        )
    assert not Review.objects.exists()
    assert not AuditEvent.objects.filter(child_id=child.pk).exists()


def test_review_create_refuses_a_second_review_on_the_same_day(child, worker):
    ReviewFactory(child=child, date=D(2024, 1, 20))
    with pytest.raises(ValidationError, match="already a review on 20 January 2024"):
        services.review_create(
            child=child, data={"date": D(2024, 1, 20), "participation": "PN1"}, actor=worker
        )


def test_review_create_refuses_a_review_before_the_period_of_care(child, worker):
    with pytest.raises(ValidationError, match="period of care"):
        services.review_create(
            child=child, data={"date": D(2023, 12, 31), "participation": "PN1"}, actor=worker
        )


def test_review_update_records_old_and_new_values(child, worker):
    review = ReviewFactory(child=child, date=D(2024, 1, 20), participation="PN1")
    services.review_update(
        review=review, changes={"participation": "PN7"}, expected_version=1, actor=worker
    )
    audit = AuditEvent.objects.get(action="change")
    assert audit.changes == {"participation": ["PN1", "PN7"]}
    review.refresh_from_db()
    assert (review.participation, review.version) == ("PN7", 2)


def test_review_update_from_a_stale_version_is_refused_naming_who_changed_it(
    child, worker, make_user
):
    other = make_user(Role.SOCIAL_WORKER, first_name="Ada", last_name="Lovelace")
    review = ReviewFactory(child=child, date=D(2024, 1, 20), participation="PN1")
    services.review_update(
        review=review, changes={"participation": "PN2"}, expected_version=1, actor=other
    )
    with pytest.raises(StaleRecord, match="changed by Ada Lovelace"):
        services.review_update(
            review=review, changes={"participation": "PN3"}, expected_version=1, actor=worker
        )
    review.refresh_from_db()
    assert review.participation == "PN2"


def test_missing_episode_end_before_its_start_is_refused(child, worker):
    episode = MissingEpisodeFactory(child=child, start=D(2024, 2, 10))
    with pytest.raises(ValidationError, match="must be the same as or after 10 February 2024"):
        services.missing_episode_end(
            missing_episode=episode, end=D(2024, 2, 9), expected_version=1, actor=worker
        )


def test_missing_episode_end_sets_the_end_and_audits_an_end(child, worker):
    episode = MissingEpisodeFactory(child=child, start=D(2024, 2, 10))
    services.missing_episode_end(
        missing_episode=episode, end=D(2024, 2, 12), expected_version=1, actor=worker
    )
    episode.refresh_from_db()
    assert episode.end == D(2024, 2, 12)
    assert AuditEvent.objects.get(action="end").changes == {"end": [None, "2024-02-12"]}


def test_visit_in_the_future_is_refused(child, worker):
    with pytest.raises(ValidationError, match="today or in the past"):
        services.visit_create(
            child=child,
            data={"date": timezone.localdate() + datetime.timedelta(days=1)},
            actor=worker,
        )


def test_child_create_allocates_the_social_worker_who_added_the_child(worker):
    child = services.child_create(
        data={
            "local_id": "N123",
            "date_of_birth": D(2015, 1, 1),
            "sex": "M",
            "ethnicity": "WBRI",
            "upn": "UN2",
        },
        actor=worker,
    )
    assert child.team == worker.team
    assert child.social_worker == worker
    assert Allocation.objects.get(child=child).worker == worker


def test_child_update_refuses_mother_for_a_boy(worker, team):
    child = ChildFactory(team=team, sex="M")
    with pytest.raises(ValidationError, match=r"\(DfE rule 165\)"):
        services.child_update(
            child=child, changes={"mother": True}, expected_version=1, actor=worker
        )


def test_child_update_refuses_a_upn_with_the_wrong_check_letter(worker, team):
    child = ChildFactory(team=team)
    with pytest.raises(ValidationError, match=r"\(DfE rule 168\)"):
        services.child_update(
            child=child, changes={"upn": "A801200100003"}, expected_version=1, actor=worker
        )


def test_allocation_change_ends_the_current_social_worker_and_records_why_the_new_one_began(
    child, worker, make_user, team
):
    first = make_user(Role.SOCIAL_WORKER, team=team)
    services.allocation_change(
        child=child,
        kind=AllocationKind.SOCIAL_WORKER,
        worker=first,
        start=D(2024, 1, 1),
        expected_version=child.version,
        actor=worker,
    )
    child.refresh_from_db()
    services.allocation_change(
        child=child,
        kind=AllocationKind.SOCIAL_WORKER,
        worker=worker,
        start=D(2024, 5, 1),
        reason="LEFTRL",
        expected_version=child.version,
        actor=worker,
    )

    child.refresh_from_db()
    assert child.social_worker == worker
    old, new = Allocation.objects.filter(child=child).order_by("start")
    assert (old.worker, old.end, old.start_reason) == (first, D(2024, 5, 1), "FCONTA")
    assert (new.worker, new.end, new.start_reason) == (worker, None, "LEFTRL")
    assert AuditEvent.objects.filter(action="end", object_type="children.Allocation").exists()


def test_allocation_change_of_social_worker_needs_a_reason(child, worker, make_user, team):
    first = make_user(Role.SOCIAL_WORKER, team=team)
    services.allocation_change(
        child=child, kind="SW", worker=first, start=D(2024, 1, 1), expected_version=1, actor=worker
    )
    with pytest.raises(ValidationError, match="Select the reason the social worker changed"):
        services.allocation_change(
            child=child,
            kind="SW",
            worker=worker,
            start=D(2024, 2, 1),
            expected_version=2,
            actor=worker,
        )
    assert Child.objects.get(pk=child.pk).social_worker == first


def test_allocation_change_of_iro_needs_no_reason(child, worker, make_user):
    iro = make_user(job_function=JobFunction.IRO)
    other_iro = make_user(job_function=JobFunction.IRO)
    services.allocation_change(
        child=child, kind="IRO", worker=iro, start=D(2024, 1, 1), expected_version=1, actor=worker
    )
    services.allocation_change(
        child=child,
        kind="IRO",
        worker=other_iro,
        start=D(2024, 2, 1),
        expected_version=2,
        actor=worker,
    )
    assert Child.objects.get(pk=child.pk).iro == other_iro


def test_allocation_change_with_a_stale_child_version_changes_nothing(child, worker, make_user):
    adviser = make_user(job_function=JobFunction.PERSONAL_ADVISER)
    with pytest.raises(StaleRecord):
        services.allocation_change(
            child=child,
            kind="PA",
            worker=adviser,
            start=D(2024, 1, 1),
            expected_version=7,
            actor=worker,
        )
    assert not Allocation.objects.exists()


@pytest.mark.parametrize("kind", ["IRO", "PA"])
def test_only_an_iro_or_a_personal_adviser_can_be_allocated_as_such(child, worker, kind):
    with pytest.raises(ValidationError, match="is not a"):
        services.allocation_change(
            child=child,
            kind=kind,
            worker=worker,
            start=D(2024, 1, 1),
            expected_version=1,
            actor=worker,
        )
    assert not Allocation.objects.exists()


def test_someone_without_a_social_work_role_cannot_be_the_social_worker(child, worker, make_user):
    clerk = make_user(Role.DEMOCRATIC_SERVICES, team=child.team)
    with pytest.raises(ValidationError, match="is not a social worker"):
        services.allocation_change(
            child=child,
            kind="SW",
            worker=clerk,
            start=D(2024, 1, 1),
            expected_version=1,
            actor=worker,
        )


def test_a_social_worker_of_another_team_needs_a_team_managers_approval(child, worker, make_user):
    outsider = make_user(Role.SOCIAL_WORKER, team=TeamFactory())
    with pytest.raises(ValidationError, match="is not in the child’s team"):
        services.allocation_change(
            child=child,
            kind="SW",
            worker=outsider,
            start=D(2024, 1, 1),
            expected_version=1,
            actor=worker,
        )
    with pytest.raises(ValidationError, match="Only a team manager of the child’s team"):
        services.allocation_change(
            child=child,
            kind="SW",
            worker=outsider,
            start=D(2024, 1, 1),
            expected_version=1,
            manager_approval=True,
            actor=worker,
        )
    other_manager = make_user(Role.TEAM_MANAGER, team=outsider.team)
    with pytest.raises(ValidationError, match="Only a team manager of the child’s team"):
        services.allocation_change(
            child=child,
            kind="SW",
            worker=outsider,
            start=D(2024, 1, 1),
            expected_version=1,
            manager_approval=True,
            actor=other_manager,
        )
    assert not Allocation.objects.exists()

    manager = make_user(Role.TEAM_MANAGER, team=child.team)
    services.allocation_change(
        child=child,
        kind="SW",
        worker=outsider,
        start=D(2024, 1, 1),
        expected_version=1,
        manager_approval=True,
        actor=manager,
    )
    allocation = Allocation.objects.get(child=child)
    assert (allocation.worker, allocation.approved_by) == (outsider, manager)


@pytest.fixture
def care_leaver(team):
    child = ChildFactory(team=team, date_of_birth=D(2006, 6, 15))
    put_in_care(child, D(2020, 1, 1), end=D(2024, 6, 15))
    return child


CONTACT = {"in_touch": "YES", "accommodation": "U1", "activity": "F2"}


def test_care_leaver_contact_in_the_window_can_be_the_years_oc3_return(care_leaver, worker):
    contact = services.care_leaver_contact_create(
        child=care_leaver, data={"date": D(2025, 6, 1), **CONTACT}, actor=worker, is_oc3_return=True
    )
    assert contact.collection_year == 2026


def test_a_second_oc3_return_for_the_same_year_is_refused(care_leaver, worker):
    services.care_leaver_contact_create(
        child=care_leaver, data={"date": D(2025, 6, 1), **CONTACT}, actor=worker, is_oc3_return=True
    )
    with pytest.raises(ValidationError, match="already the OC3 return for the year ending"):
        services.care_leaver_contact_create(
            child=care_leaver,
            data={"date": D(2025, 7, 1), **CONTACT},
            actor=worker,
            is_oc3_return=True,
        )


def test_care_leaver_contact_update_can_unmark_the_oc3_return(care_leaver, worker):
    contact = services.care_leaver_contact_create(
        child=care_leaver, data={"date": D(2025, 6, 1), **CONTACT}, actor=worker, is_oc3_return=True
    )
    services.care_leaver_contact_update(
        care_leaver_contact=contact,
        changes={"in_touch": "NO"},
        expected_version=1,
        actor=worker,
        is_oc3_return=False,
    )
    contact = CareLeaverContact.objects.get()
    assert (contact.in_touch, contact.collection_year) == ("NO", None)


def test_care_leaver_contact_for_a_child_of_15_is_refused(team, worker):
    child = ChildFactory(team=team, date_of_birth=D(2011, 1, 1))
    put_in_care(child, D(2020, 1, 1))
    with pytest.raises(ValidationError, match=r"\(DfE rule 100[12]\)"):
        services.care_leaver_contact_create(
            child=child, data={"date": D(2026, 1, 1), **CONTACT}, actor=worker
        )


def test_deprivation_of_liberty_end_is_audited_as_an_end(child, worker):
    order = services.deprivation_of_liberty_create(
        child=child, data={"start": D(2024, 3, 1), "end": None}, actor=worker
    )
    services.deprivation_of_liberty_end(
        deprivation_of_liberty=order, end=D(2024, 6, 1), expected_version=1, actor=worker
    )
    assert AuditEvent.objects.filter(action="end", child_id=child.pk).count() == 1


def test_case_note_and_health_check_and_pep_and_pathway_review_are_saved(child, worker):
    services.case_note_create(
        child=child, data={"date": D(2024, 2, 1), "kind": "PHONE", "text": "Called."}, actor=worker
    )
    services.health_check_create(
        child=child, data={"date": D(2024, 2, 1), "kind": "DENTAL"}, actor=worker
    )
    services.pep_create(child=child, data={"date": D(2024, 2, 1)}, actor=worker)
    services.pathway_plan_review_create(child=child, data={"date": D(2024, 2, 1)}, actor=worker)
    assert AuditEvent.objects.filter(action="create", child_id=child.pk).count() == 4


def test_child_create_refuses_a_child_id_already_in_use(worker, team):
    ChildFactory(local_id="DUP1")
    with pytest.raises(ValidationError, match="Another child already has the child ID dup1"):
        services.child_create(
            data={
                "local_id": "dup1",
                "date_of_birth": D(2015, 1, 1),
                "sex": "M",
                "ethnicity": "WBRI",
            },
            actor=worker,
        )


def test_leaving_care_status_is_refused_before_16_and_saved_from_16(worker, team):
    today = timezone.localdate()
    young = ChildFactory(team=team, date_of_birth=(today - relativedelta(years=15)))
    with pytest.raises(ValidationError, match="aged 16 or over"):
        services.care_leaver_create(child=young, data={"eligibility": "ELIGIBLE"}, actor=worker)
    old = ChildFactory(team=team, date_of_birth=(today - relativedelta(years=17)))
    care_leaver = services.care_leaver_create(
        child=old, data={"eligibility": "ELIGIBLE", "staying_put": False}, actor=worker
    )
    services.care_leaver_update(
        care_leaver=care_leaver, changes={"staying_put": True}, expected_version=1, actor=worker
    )
    care_leaver.refresh_from_db()
    assert care_leaver.staying_put is True


def test_child_update_refuses_uasc_ceasing_before_birth(worker, team):
    child = ChildFactory(team=team, date_of_birth=D(2015, 1, 1), is_uasc=True)
    with pytest.raises(ValidationError, match="The date UASC status ceased must be on or after"):
        services.child_update(
            child=child, changes={"uasc_ceased": D(2014, 1, 1)}, expected_version=1, actor=worker
        )
