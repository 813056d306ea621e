"""Writes to periods of care, legal statuses, placements and permanence plans.

Each service is keyword-only, runs in one transaction, checks the DfE point-of-entry rules
(placements.rules) first, and writes through corporate_parenting.records so every row is
version-checked and audited with its old and new values. Nothing is deleted: rows end.

Dates are half-open: a placement that ends on D is not open on D, so a change of placement on D
ends the old row on D and starts the new one on D.
"""

import functools

from django.core.exceptions import ValidationError
from django.db import transaction

from children.dfe_rules import naming_rule
from children.models import Child
from corporate_parenting.records import StaleRecord, record_create, record_update
from placements import codes, rules
from placements.models import LegalStatus, PeriodOfCare, PermanencePlan, Placement
from placements.postcodes import placement_location

PLACEMENT_DETAIL_FIELDS = (
    "placement_type",
    "provider",
    "carer",
    "postcode",
    "urn",
    "distance_miles",
    "inside_area",
)


def one_child_at_a_time(service):
    """Run the whole service in one transaction holding a lock on the child's row, so that two
    changes to one child's episodes (two social workers, a double-clicked button) are checked
    and written one after the other and the second is checked against the first's result."""

    @functools.wraps(service)
    def locked(**kwargs):
        row = kwargs.get("child") or next(
            kwargs[name] for name in ("placement", "period") if name in kwargs
        )
        child_id = row.pk if isinstance(row, Child) else row.child_id
        with transaction.atomic():
            Child.objects.select_for_update().filter(pk=child_id).exists()
            return service(**kwargs)

    return locked


def _check_version(instance, expected_version):
    if expected_version is not None and int(expected_version) != instance.version:
        raise StaleRecord(type(instance).objects.select_related("updated_by").get(pk=instance.pk))


def _with_location(fields, *, recorded=True):
    """`fields` with the distance from home, inside or outside the area and the placement's
    local authority worked out from the postcodes (placements.postcodes): a distance or area
    typed on the form is kept only where the postcodes cannot give one."""
    location = placement_location(
        home_postcode=fields.get("home_postcode", ""),
        postcode=fields.get("postcode", ""),
        recorded_distance=fields.get("distance_miles") if recorded else None,
        recorded_inside=fields.get("inside_area") if recorded else None,
    )
    return {**fields, **location.as_fields()}


def _placement_rules(*, child, start, legal_status, fields):
    return rules.placement_checks(
        child=child,
        start=start,
        placement_type=fields.get("placement_type", ""),
        provider=fields.get("provider", ""),
        urn=fields.get("urn", ""),
        postcode=fields.get("postcode", ""),
        distance=fields.get("distance_miles"),
        legal_status=legal_status,
    )


@one_child_at_a_time
def period_start(
    *,
    child,
    start,
    legal_status,
    category_of_need,
    placement_type,
    provider="",
    carer=None,
    postcode="",
    home_postcode="",
    urn="",
    distance_miles=None,
    inside_area=None,
    actor,
):
    """The child starts to be looked after (RNE S): a period, its legal status and placement."""
    fields = {
        "placement_type": placement_type,
        "provider": provider,
        "carer": carer,
        "postcode": postcode,
        "home_postcode": home_postcode,
        "urn": urn,
        "distance_miles": distance_miles,
        "inside_area": inside_area,
    }
    rules.run_checks(
        lambda: rules.rule_302_start_not_before_birth(child=child, start=start),
        lambda: rules.rule_501_no_overlap(
            queryset=PeriodOfCare.objects.filter(child=child),
            start=start,
            end=None,
            what="period of care",
        ),
        lambda: rules.youth_justice_legal_status_age(
            child=child, legal_status=legal_status, start=start
        ),
        *_placement_rules(child=child, start=start, legal_status=legal_status, fields=fields),
    )
    with transaction.atomic():
        period = record_create(instance=PeriodOfCare(child=child, start=start), actor=actor)
        record_create(
            instance=LegalStatus(
                period=period,
                child=child,
                start=start,
                legal_status=legal_status,
                category_of_need=category_of_need,
            ),
            actor=actor,
        )
        record_create(
            instance=Placement(
                period=period, child=child, start=start, new_carer=True, **_with_location(fields)
            ),
            actor=actor,
        )
    return period


@one_child_at_a_time
def placement_change(
    *,
    placement,
    expected_version,
    end_date,
    reason_for_change,
    placement_type,
    new_carer,
    provider="",
    carer=None,
    postcode="",
    urn="",
    distance_miles=None,
    inside_area=None,
    actor,
):
    """End `placement` on end_date and start the next one the same day (RNE P or T)."""
    placement = Placement.objects.select_related("child", "period").get(pk=placement.pk)
    child = placement.child
    _check_version(placement, expected_version)
    if placement.end is not None:
        raise ValidationError({"start": "This placement has already ended. Open the current one."})
    fields = {
        "placement_type": placement_type,
        "provider": provider,
        "carer": carer,
        "postcode": postcode,
        "home_postcode": placement.home_postcode,  # the home the child came into care from
        "urn": urn,
        "distance_miles": distance_miles,
        "inside_area": inside_area,
    }
    legal = LegalStatus.objects.filter(child=child).open_on(end_date).first()
    rules.run_checks(
        lambda: _after_current_start(
            placement.start,
            end_date,
            field="start",
            rule="the new placement must start after the current one started",
            current="placement",
        ),
        lambda: rules.rule_225_226_reason_for_change(
            old_type=placement.placement_type, new_type=placement_type, reason=reason_for_change
        ),
        lambda: rules.rule_217_adoption_with_foster_carers_same_carers(
            placement_type=placement_type, new_carer=new_carer
        ),
        *_placement_rules(
            child=child,
            start=end_date,
            legal_status=legal.legal_status if legal else "",
            fields=fields,
        ),
    )
    with transaction.atomic():
        record_update(
            instance=placement,
            changes={"end": end_date, "reason_for_change": reason_for_change},
            expected_version=expected_version,
            actor=actor,
            action="end",
        )
        new = record_create(
            instance=Placement(
                period=placement.period,
                child=child,
                start=end_date,
                new_carer=new_carer,
                **_with_location(fields),
            ),
            actor=actor,
        )
    return new


def _after_current_start(old_start, day, *, field, rule, current):
    """A change must come after the start of the row it ends, or that row would end before it
    began. `rule` says what must come after what, in the user's terms."""
    if day <= old_start:
        raise ValidationError(
            {
                field: naming_rule(
                    f"{rule[0].upper()}{rule[1:]} ({old_start:%-d %B %Y}). Enter a later date, "
                    f"or correct the current {current} instead.",
                    "episode_ends_before_start",
                )
            }
        )


@one_child_at_a_time
def legal_status_change(
    *, child, date, legal_status, category_of_need, actor, expected_version=None
):
    """End the open legal status on `date` and start the new one (RNE L)."""
    current = LegalStatus.objects.filter(child=child, end__isnull=True).first()
    if current is None:
        raise ValidationError(
            {"date": "The child has no current legal status. Start a period of care first."}
        )
    _check_version(current, expected_version)
    placement = Placement.objects.filter(child=child).open_on(date).first()
    rules.run_checks(
        lambda: _after_current_start(
            current.start,
            date,
            field="date",
            rule="the change must be after the current legal status started",
            current="legal status",
        ),
        lambda: rules.youth_justice_legal_status_age(
            child=child, legal_status=legal_status, start=date, field="legal_status"
        ),
        lambda: rules.rule_408_placement_order_for_adoption(
            placement_type=placement.placement_type if placement else "",
            legal_status=legal_status,
            field="legal_status",
        ),
    )
    with transaction.atomic():
        record_update(
            instance=current,
            changes={"end": date},
            expected_version=current.version if expected_version is None else expected_version,
            actor=actor,
            action="end",
        )
        new = record_create(
            instance=LegalStatus(
                period=current.period,
                child=child,
                start=date,
                legal_status=legal_status,
                category_of_need=category_of_need,
            ),
            actor=actor,
        )
    return new


@one_child_at_a_time
def period_end(*, period, end_date, reason_ceased, actor, expected_version=None):
    """The child ceases to be looked after: the period, its open legal status and open placement
    all end on end_date."""
    period = PeriodOfCare.objects.select_related("child").get(pk=period.pk)
    child = period.child
    _check_version(period, expected_version)
    if period.end is not None:
        raise ValidationError({"end": "This period of care has already ended."})
    placement = period.placements.filter(end__isnull=True).first()
    legal = period.legal_statuses.filter(end__isnull=True).first()
    rules.run_checks(
        lambda: rules.end_not_before_start(start=period.start, end=end_date),
        lambda: _ends_after(placement, end_date),
        lambda: _ends_after(legal, end_date),
        lambda: _reason_ends_care(reason_ceased),
        lambda: rules.rule_386_adopted_under_18(
            child=child, end=end_date, reason_ceased=reason_ceased
        ),
        lambda: rules.rule_390_adopted_after_placed_for_adoption(
            placement_type=placement.placement_type if placement else "",
            reason_ceased=reason_ceased,
        ),
    )
    with transaction.atomic():
        for row in (placement, legal):
            if row is not None:
                record_update(
                    instance=row,
                    changes={"end": end_date},
                    expected_version=row.version,
                    actor=actor,
                    action="end",
                )
        period = record_update(
            instance=period,
            changes={"end": end_date, "reason_ceased": reason_ceased},
            expected_version=period.version if expected_version is None else expected_version,
            actor=actor,
            action="end",
        )
        _end_plans_on_leaving_care(child=child, period=period, actor=actor)
    return period


def _end_plans_on_leaving_care(*, child, period, actor):
    """The child's open permanence plans end with the period of care, with the reason."""
    for plan in PermanencePlan.objects.filter(
        child=child, ended_on__isnull=True, decided_on__lte=period.end
    ):
        record_update(
            instance=plan,
            changes={
                "ended_on": period.end,
                "end_reason": codes.plan_end_reason_on_leaving_care(
                    plan.plan_type, period.reason_ceased
                ),
            },
            expected_version=plan.version,
            actor=actor,
            action="end",
        )


def _ends_after(row, end_date):
    if row is not None and end_date < row.start:
        raise ValidationError(
            {
                "end": naming_rule(
                    f"The current {row._meta.verbose_name} started on "
                    f"{row.start:%-d %B %Y}, after this date. Enter a later date.",
                    "episode_ends_before_start",
                )
            }
        )


def _reason_ends_care(reason):
    if reason not in codes.LEFT_CARE:
        raise ValidationError(
            {
                "reason_ceased": "Rule 149: choose why the child stopped being looked after "
                "(X1 is only for a change of episode)."
            }
        )


def placement_update(*, placement, changes, expected_version, actor):
    """Correct a placement's details (type, provider, carer, URN, postcode, distance, reason)."""
    allowed = set(PLACEMENT_DETAIL_FIELDS) | {"reason_for_change", "new_carer"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"placement_update cannot change {sorted(unknown)}")
    merged = {name: getattr(placement, name) for name in allowed} | changes
    legal = LegalStatus.objects.filter(child=placement.child).open_on(placement.start).first()
    checks = _placement_rules(
        child=placement.child,
        start=placement.start,
        legal_status=legal.legal_status if legal else "",
        fields=merged,
    )
    previous = (
        Placement.objects.filter(child=placement.child, end=placement.start)
        .exclude(pk=placement.pk)
        .first()
    )
    if placement.end is not None:
        following = (
            Placement.objects.filter(child=placement.child, start=placement.end)
            .exclude(pk=placement.pk)
            .first()
        )
        checks.append(
            lambda: rules.rule_225_226_reason_for_change(
                old_type=merged["placement_type"],
                new_type=following.placement_type if following else "T0",
                reason=merged["reason_for_change"],
            )
        )
    if previous is not None:
        checks.append(
            lambda: rules.rule_217_adoption_with_foster_carers_same_carers(
                placement_type=merged["placement_type"], new_carer=merged["new_carer"]
            )
        )
    rules.run_checks(*checks)
    if {"postcode", "distance_miles", "inside_area"} & set(changes):
        # A distance typed before counts only if it was typed, not worked out.
        typed = "distance_miles" in changes or placement.distance_basis in (
            codes.DistanceBasis.RECORDED,
            "",
        )
        located = _with_location(
            {**merged, "home_postcode": placement.home_postcode}, recorded=typed
        )
        changes = changes | {
            name: located[name]
            for name in ("distance_miles", "inside_area", "placement_la", "distance_basis")
        }
    return record_update(
        instance=placement, changes=changes, expected_version=expected_version, actor=actor
    )


def legal_status_update(*, legal_status, changes, expected_version, actor):
    """Correct a legal status row's code or category of need."""
    unknown = set(changes) - {"legal_status", "category_of_need"}
    if unknown:
        raise ValueError(f"legal_status_update cannot change {sorted(unknown)}")
    code = changes.get("legal_status", legal_status.legal_status)
    placement = (
        Placement.objects.filter(child=legal_status.child).open_on(legal_status.start).first()
    )
    rules.run_checks(
        lambda: rules.youth_justice_legal_status_age(
            child=legal_status.child, legal_status=code, start=legal_status.start
        ),
        lambda: rules.rule_408_placement_order_for_adoption(
            placement_type=placement.placement_type if placement else "",
            legal_status=code,
            field="legal_status",
        ),
    )
    return record_update(
        instance=legal_status, changes=changes, expected_version=expected_version, actor=actor
    )


PLAN_FIELDS = (
    "plan_type",
    "parallel_plan_type",
    "decided_on",
    "adm_decision_date",
    "placement_order_date",
    "matched_date",
    "placed_date",
    "order_date",
    "foster_care",
    "number_of_adopters",
    "sex_of_adopters",
    "legal_status_of_adopters",
)


def _plan_checks(child, values):
    return [
        lambda: rules.rule_302_start_not_before_birth(
            child=child, start=values.get("decided_on"), field="decided_on"
        ),
        lambda: rules.rule_554_adm_decision_before_placement_order(
            adm_decision_date=values.get("adm_decision_date"),
            placement_order_date=values.get("placement_order_date"),
        ),
        lambda: _adopter_sex_matches_legal_status(values),
    ]


def _adopter_sex_matches_legal_status(values):
    status, sex = values.get("legal_status_of_adopters"), values.get("sex_of_adopters")
    if status and sex and sex not in codes.ADOPTER_SEX_FOR_LEGAL_STATUS[status]:
        raise ValidationError(
            {
                "sex_of_adopters": "Rules 514 to 524: the adopters' sex does not match their "
                "legal status. Check both answers."
            }
        )


def permanence_plan_create(*, child, plan_type, decided_on, actor, **fields):
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise ValueError(f"permanence_plan_create does not take {sorted(unknown)}")
    values = {"plan_type": plan_type, "decided_on": decided_on, **fields}
    rules.run_checks(*_plan_checks(child, values))
    with transaction.atomic():
        return record_create(instance=PermanencePlan(child=child, **values), actor=actor)


def permanence_plan_update(*, plan, changes, expected_version, actor):
    unknown = set(changes) - set(PLAN_FIELDS)
    if unknown:
        raise ValueError(f"permanence_plan_update cannot change {sorted(unknown)}")
    values = {name: getattr(plan, name) for name in PLAN_FIELDS} | changes
    rules.run_checks(*_plan_checks(plan.child, values))
    return record_update(
        instance=plan, changes=changes, expected_version=expected_version, actor=actor
    )


def permanence_plan_end(
    *,
    plan,
    ended_on,
    end_reason,
    expected_version,
    actor,
    no_longer_placed_date=None,
    no_longer_placed_reason="",
):
    if plan.ended_on is not None:
        raise ValidationError({"ended_on": "This plan has already ended."})
    rules.run_checks(
        lambda: rules.end_not_before_start(
            start=plan.decided_on, end=ended_on, field="ended_on", fault=None
        )
    )
    changes = {"ended_on": ended_on, "end_reason": end_reason}
    # An adoption plan ended for a DfE reason feeds PlacedAdoption's REASON_PLACED_CEASED.
    if (
        plan.plan_type == codes.PermanencePlanType.ADOPTION
        and end_reason in codes.ADOPTION_PLAN_END_REASONS
    ):
        changes["no_longer_placed_date"] = no_longer_placed_date or ended_on
        changes["no_longer_placed_reason"] = no_longer_placed_reason or end_reason
    return record_update(
        instance=plan, changes=changes, expected_version=expected_version, actor=actor, action="end"
    )
