import datetime

import pytest
from django.core.exceptions import ValidationError

from corporate_parenting.models import AuditEvent
from corporate_parenting.records import StaleRecord
from corporate_parenting.roles import Role
from placements import services
from placements.models import LegalStatus, PeriodOfCare, PermanencePlan, Placement
from tests.factories import ChildFactory, ProviderFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def worker(make_user, team):
    return make_user(Role.SOCIAL_WORKER, team=team)


@pytest.fixture
def child(team):
    return ChildFactory(team=team, date_of_birth=D(2014, 6, 1))


def start(child, worker, **overrides):
    values = {
        "child": child,
        "start": D(2025, 5, 1),
        "legal_status": "C1",
        "category_of_need": "N1",
        "placement_type": "U6",
        "provider": "PR1",
        "urn": "XXXXXXX",
        "postcode": "LS1 4AP",
        "actor": worker,
    }
    return services.period_start(**(values | overrides))


def change(placement, worker, **overrides):
    values = {
        "placement": placement,
        "expected_version": placement.version,
        "end_date": D(2025, 9, 1),
        "reason_for_change": "CARPL",
        "placement_type": "U4",
        "provider": "PR4",
        "urn": "XXXXXXX",
        "new_carer": True,
        "actor": worker,
    }
    return services.placement_change(**(values | overrides))


def test_period_start_creates_period_legal_status_and_placement_on_the_same_day(child, worker):
    period = start(child, worker)

    legal = LegalStatus.objects.get(period=period)
    placement = Placement.objects.get(period=period)
    assert (period.start, legal.start, placement.start) == (D(2025, 5, 1),) * 3
    assert (legal.legal_status, legal.category_of_need) == ("C1", "N1")
    assert placement.placement_type == "U6" and placement.new_carer is True
    assert placement.updated_by == worker


def test_period_start_audits_each_new_row_with_its_values(child, worker):
    start(child, worker)

    rows = AuditEvent.objects.filter(child_id=child.pk, action="create")
    assert sorted(rows.values_list("object_type", flat=True)) == [
        "placements.LegalStatus",
        "placements.PeriodOfCare",
        "placements.Placement",
    ]
    placement_row = rows.get(object_type="placements.Placement")
    assert placement_row.changes["placement_type"] == [None, "U6"]
    assert placement_row.actor == worker


def test_period_start_refuses_a_second_open_period(child, worker):
    start(child, worker)
    with pytest.raises(ValidationError) as caught:
        start(child, worker, start=D(2025, 7, 1))
    assert caught.value.message_dict["start"][0].endswith("(DfE rule 501)")
    assert PeriodOfCare.objects.filter(child=child).count() == 1


def test_period_start_writes_nothing_when_a_rule_fails(child, worker):
    with pytest.raises(ValidationError) as caught:
        start(child, worker, placement_type="K3", urn="SC111111")
    assert "placement_type" in caught.value.message_dict
    assert not PeriodOfCare.objects.exists()
    assert not AuditEvent.objects.filter(child_id=child.pk).exists()


def test_placement_change_ends_the_old_placement_the_day_the_new_one_starts(child, worker):
    period = start(child, worker)
    old = period.placements.get()

    new = change(old, worker, carer=ProviderFactory(name="The Smiths"))

    old.refresh_from_db()
    assert old.end == new.start == D(2025, 9, 1)
    assert old.reason_for_change == "CARPL"
    assert old.version == 2
    assert new.placement_type == "U4" and new.new_carer is True and new.end is None
    assert list(Placement.objects.filter(child=child).open_on(D(2025, 9, 1))) == [new]
    ended = AuditEvent.objects.get(object_type="placements.Placement", action="end")
    assert ended.changes == {"end": [None, "2025-09-01"], "reason_for_change": ["", "CARPL"]}


def test_placement_change_refuses_a_stale_version_and_changes_nothing(child, worker, make_user):
    period = start(child, worker)
    old = period.placements.get()
    colleague = make_user(Role.SOCIAL_WORKER, team=child.team, first_name="Ada", last_name="Ray")
    services.placement_update(
        placement=old, changes={"postcode": "LS2 7EW"}, expected_version=1, actor=colleague
    )

    with pytest.raises(StaleRecord) as caught:
        change(old, worker, expected_version=1)

    assert str(caught.value).startswith("This record was changed by Ada Ray at ")
    assert Placement.objects.filter(child=child).count() == 1


def test_placement_change_needs_a_reason_unless_a_placement_is_temporary(child, worker):
    old = start(child, worker).placements.get()
    with pytest.raises(ValidationError) as caught:
        change(old, worker, reason_for_change="")
    assert caught.value.message_dict["reason_for_change"][0].endswith("(DfE rule 225)")

    temporary = change(
        old, worker, reason_for_change="", placement_type="T4", provider="", urn="", new_carer=True
    )
    assert temporary.placement_type == "T4"


def test_placement_change_refuses_a_start_on_or_before_the_current_one(child, worker):
    old = start(child, worker).placements.get()
    with pytest.raises(ValidationError) as caught:
        change(old, worker, end_date=D(2025, 5, 1))
    assert caught.value.message_dict["start"] == [
        "The new placement must start after the current one started (1 May 2025). "
        "Enter a later date, or correct the current placement instead. (DfE rule 356)"
    ]


def test_legal_status_change_refuses_a_date_on_or_before_the_current_status(child, worker):
    start(child, worker)
    with pytest.raises(ValidationError) as caught:
        services.legal_status_change(
            child=child, date=D(2025, 5, 1), legal_status="C2", category_of_need="N1",
            actor=worker,
        )  # fmt: skip
    assert caught.value.message_dict["date"] == [
        "The change must be after the current legal status started (1 May 2025). "
        "Enter a later date, or correct the current legal status instead. (DfE rule 356)"
    ]
    assert LegalStatus.objects.filter(child=child).count() == 1


def test_adoption_placement_with_foster_carers_must_keep_the_same_carers(child, worker):
    period = start(child, worker, legal_status="E1")
    old = period.placements.get()
    with pytest.raises(ValidationError) as caught:
        change(old, worker, placement_type="A5", provider="PR1", new_carer=True)
    assert caught.value.message_dict["new_carer"][0].endswith("(DfE rule 217)")

    new = change(old, worker, placement_type="A5", provider="PR1", new_carer=False)
    assert new.new_carer is False


def test_a6_placement_needs_a_placement_order_in_force(child, worker):
    old = start(child, worker).placements.get()
    with pytest.raises(ValidationError) as caught:
        change(old, worker, placement_type="A6", provider="PR1")
    assert caught.value.message_dict["placement_type"][0].endswith("(DfE rule 408)")

    services.legal_status_change(
        child=child, date=D(2025, 8, 1), legal_status="E1", category_of_need="N1", actor=worker
    )
    assert change(old, worker, placement_type="A6", provider="PR1").placement_type == "A6"


def test_legal_status_change_ends_the_current_status_the_day_the_new_one_starts(child, worker):
    start(child, worker)
    new = services.legal_status_change(
        child=child, date=D(2025, 7, 1), legal_status="C2", category_of_need="N1", actor=worker
    )
    first = LegalStatus.objects.get(child=child, legal_status="C1")
    assert first.end == new.start == D(2025, 7, 1)
    assert LegalStatus.objects.filter(child=child).open_on(D(2025, 7, 1)).get() == new


def test_legal_status_change_refuses_youth_justice_under_10(team, worker):
    child = ChildFactory(team=team, date_of_birth=D(2017, 1, 1))
    start(child, worker)
    with pytest.raises(ValidationError) as caught:
        services.legal_status_change(
            child=child, date=D(2025, 7, 1), legal_status="J1", category_of_need="N6", actor=worker
        )
    assert "legal_status" in caught.value.message_dict


def test_period_end_ends_the_open_legal_status_and_placement_the_same_day(child, worker):
    period = start(child, worker)
    services.period_end(period=period, end_date=D(2026, 1, 5), reason_ceased="E4A", actor=worker)

    period.refresh_from_db()
    assert (period.end, period.reason_ceased) == (D(2026, 1, 5), "E4A")
    assert LegalStatus.objects.get(period=period).end == D(2026, 1, 5)
    assert Placement.objects.get(period=period).end == D(2026, 1, 5)
    assert Placement.objects.get(period=period).reason_for_change == ""
    assert AuditEvent.objects.filter(child_id=child.pk, action="end").count() == 3


def test_period_end_ends_the_childs_open_plans_with_the_reason(child, worker):
    period = start(child, worker)
    home = services.permanence_plan_create(
        child=child, plan_type="REUNIFICATION", decided_on=D(2025, 6, 1), actor=worker
    )
    adoption = services.permanence_plan_create(
        child=child, plan_type="ADOPTION", decided_on=D(2025, 7, 1), actor=worker
    )

    services.period_end(period=period, end_date=D(2026, 1, 5), reason_ceased="E4A", actor=worker)

    home.refresh_from_db()
    adoption.refresh_from_db()
    assert (home.ended_on, home.end_reason) == (D(2026, 1, 5), "ACHIEVED")
    assert (adoption.ended_on, adoption.end_reason) == (D(2026, 1, 5), "CHILD_CEASED")
    assert adoption.no_longer_placed_reason == ""
    assert (
        AuditEvent.objects.filter(
            child_id=child.pk, action="end", object_type="placements.PermanencePlan"
        ).count()
        == 2
    )


def test_period_end_refuses_adoption_without_a_placement_for_adoption(child, worker):
    period = start(child, worker)
    with pytest.raises(ValidationError) as caught:
        services.period_end(
            period=period, end_date=D(2026, 1, 5), reason_ceased="E11", actor=worker
        )
    assert caught.value.message_dict["reason_ceased"][0].endswith("(DfE rule 390)")
    period.refresh_from_db()
    assert period.end is None


def test_period_end_refuses_an_end_before_the_current_placement_started(child, worker):
    period = start(child, worker)
    change(period.placements.get(), worker)
    with pytest.raises(ValidationError) as caught:
        services.period_end(
            period=period, end_date=D(2025, 8, 1), reason_ceased="E4A", actor=worker
        )
    assert "end" in caught.value.message_dict


def test_placement_update_corrects_details_and_records_old_and_new_values(child, worker):
    placement = start(child, worker).placements.get()
    services.placement_update(
        placement=placement,
        changes={"urn": "SC000001", "placement_type": "U4", "provider": "PR4"},
        expected_version=placement.version,
        actor=worker,
    )
    placement.refresh_from_db()
    assert (placement.placement_type, placement.version) == ("U4", 2)
    row = AuditEvent.objects.filter(action="change").get()
    assert row.changes["placement_type"] == ["U6", "U4"]


def test_placement_update_runs_the_rules(child, worker):
    placement = start(child, worker).placements.get()
    with pytest.raises(ValidationError) as caught:
        services.placement_update(
            placement=placement, changes={"provider": ""}, expected_version=1, actor=worker
        )
    assert caught.value.message_dict["provider"][0].endswith("(DfE rule 526)")


def test_legal_status_update_is_version_checked(child, worker):
    start(child, worker)
    legal = LegalStatus.objects.get(child=child)
    services.legal_status_update(
        legal_status=legal, changes={"category_of_need": "N2"}, expected_version=1, actor=worker
    )
    with pytest.raises(StaleRecord):
        services.legal_status_update(
            legal_status=legal, changes={"category_of_need": "N3"}, expected_version=1, actor=worker
        )
    legal.refresh_from_db()
    assert legal.category_of_need == "N2"


def test_permanence_plan_create_update_and_end(child, worker):
    plan = services.permanence_plan_create(
        child=child, plan_type="ADOPTION", decided_on=D(2025, 6, 1), actor=worker
    )
    plan = services.permanence_plan_update(
        plan=plan,
        changes={"adm_decision_date": D(2025, 7, 1), "placement_order_date": D(2025, 9, 1)},
        expected_version=1,
        actor=worker,
    )
    assert plan.version == 2
    plan = services.permanence_plan_end(
        plan=plan, ended_on=D(2026, 1, 1), end_reason="RD3", expected_version=2, actor=worker
    )
    assert (plan.ended_on, plan.end_reason) == (D(2026, 1, 1), "RD3")
    assert (plan.no_longer_placed_date, plan.no_longer_placed_reason) == (D(2026, 1, 1), "RD3")
    assert PermanencePlan.objects.filter(child=child).count() == 1


def test_permanence_plan_refuses_an_adm_decision_after_the_placement_order(child, worker):
    with pytest.raises(ValidationError) as caught:
        services.permanence_plan_create(
            child=child,
            plan_type="ADOPTION",
            decided_on=D(2025, 6, 1),
            adm_decision_date=D(2025, 9, 2),
            placement_order_date=D(2025, 9, 1),
            actor=worker,
        )
    assert caught.value.message_dict["adm_decision_date"][0].endswith("(DfE rule 554)")


def test_permanence_plan_refuses_an_end_before_it_was_agreed(child, worker):
    plan = services.permanence_plan_create(
        child=child, plan_type="SGO", decided_on=D(2025, 6, 1), actor=worker
    )
    with pytest.raises(ValidationError):
        services.permanence_plan_end(
            plan=plan, ended_on=D(2025, 5, 1), end_reason="OTHER", expected_version=1, actor=worker
        )


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_changes_of_one_placement_save_only_one(make_user, team):
    """Two social workers press save on the same version at the same moment: one new placement
    is made, the other save is refused as stale, and the child's placements never overlap."""
    import threading

    from django.db import connection

    worker = make_user(Role.SOCIAL_WORKER, team=team)
    child = ChildFactory(team=team, date_of_birth=D(2014, 6, 1))
    placement = start(child, worker).placements.get()
    barrier = threading.Barrier(2)
    outcomes = []

    def save(reason):
        try:
            barrier.wait()
            change(placement, worker, reason_for_change=reason)
            outcomes.append("saved")
        except StaleRecord:
            outcomes.append("stale")
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(r,)) for r in ("CARPL", "CHILD")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["saved", "stale"]
    assert Placement.objects.filter(child=child).count() == 2
    assert Placement.objects.filter(child=child, end__isnull=True).count() == 1
