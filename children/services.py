"""Writes to the children side of the case record.

Every service is keyword-only, runs the point-of-entry rules (children.rules), and saves through
corporate_parenting.records so that the change is version-checked and audited in one transaction.
"""

import copy

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from children import rules
from children.allocation_rules import allocation_approver
from children.codes import SocialWorkerChangeReason
from children.models import (
    Allocation,
    AllocationKind,
    CareLeaver,
    CareLeaverContact,
    CaseNote,
    Child,
    DeprivationOfLiberty,
    HealthCheck,
    MissingEpisode,
    PathwayPlanReview,
    PersonalEducationPlan,
    Review,
    StatutoryVisit,
)
from corporate_parenting.audit import audit_record
from corporate_parenting.dates import age_on
from corporate_parenting.models import AuditAction
from corporate_parenting.records import record_create, record_update
from corporate_parenting.roles import Role

# ---------------------------------------------------------------------------------------------
# Shared shape: build or preview the record, check it, save it through records.*
# ---------------------------------------------------------------------------------------------


def _create(model, *, child, data, actor, check):
    instance = model(child=child, **data)
    if hasattr(instance, "recorded_by_id"):
        instance.recorded_by = actor
    with transaction.atomic():
        check(instance)
        return record_create(instance=instance, actor=actor)


def _update(instance, *, changes, expected_version, actor, check, action=AuditAction.CHANGE):
    preview = copy.copy(instance)
    for name, value in changes.items():
        setattr(preview, name, value)
    with transaction.atomic():
        check(preview)
        return record_update(
            instance=instance,
            changes=changes,
            expected_version=expected_version,
            actor=actor,
            action=action,
        )


def _dated(what):
    def check(record):
        rules.check_date(record.child, record.date, field="date", what=what)

    return check


def _ranged(start_what, end_what, fault):
    def check(record):
        rules.check_date(record.child, record.start, field="start", what=start_what)
        rules.check_date(record.child, record.end, field="end", what=end_what)
        rules.check_end_not_before_start(
            record.start, record.end, what=end_what[0].upper() + end_what[1:], fault=fault
        )

    return check


# ---------------------------------------------------------------------------------------------
# Child
# ---------------------------------------------------------------------------------------------


def _check_child(child):
    today = timezone.localdate()
    if child.date_of_birth and child.date_of_birth > today:
        raise ValidationError({"date_of_birth": "Date of birth must be today or in the past"})
    if Child.objects.filter(local_id__iexact=child.local_id).exclude(pk=child.pk).exists():
        raise ValidationError(
            {"local_id": f"Another child already has the child ID {child.local_id}. Check it."}
        )
    rules.check_upn(child.upn, child.date_of_birth)
    rules.check_mother(child.sex, child.mother, child.mother_child_dob)
    rules.check_uasc(child.is_uasc, child.uasc_ceased)
    if child.uasc_ceased:
        rules.check_date(
            child, child.uasc_ceased, field="uasc_ceased", what="the date UASC status ceased"
        )
    if child.mother_child_dob:
        rules.check_date(
            child,
            child.mother_child_dob,
            field="mother_child_dob",
            what="the date of birth of her first child",
        )


def child_create(*, data, actor):
    """Add a child. A social worker adding a child to their team is allocated to the child."""
    child = Child(**data)
    if child.team_id is None:
        child.team = actor.team
    with transaction.atomic():
        _check_child(child)
        child = record_create(instance=child, actor=actor)
        if Role.SOCIAL_WORKER in actor.roles:
            allocation = Allocation(
                child=child,
                kind=AllocationKind.SOCIAL_WORKER,
                worker=actor,
                start=timezone.localdate(),
            )
            record_create(instance=allocation, actor=actor)
            child = record_update(
                instance=child,
                changes={"social_worker": actor},
                expected_version=child.version,
                actor=actor,
            )
    return child


def child_update(*, child, changes, expected_version, actor):
    return _update(
        child, changes=changes, expected_version=expected_version, actor=actor, check=_check_child
    )


# ---------------------------------------------------------------------------------------------
# Allocation
# ---------------------------------------------------------------------------------------------

ALLOCATION_FIELD = {
    AllocationKind.SOCIAL_WORKER: "social_worker",
    AllocationKind.IRO: "iro",
    AllocationKind.PERSONAL_ADVISER: "personal_adviser",
}


def allocation_change(
    *, child, kind, worker, start, reason="", manager_approval=False, expected_version, actor
):
    """End the child's current allocation of `kind` on `start` and allocate `worker` from then.

    Allocations are half-open like periods of care: the old one's end is the new one's start.
    `reason` (SSDA903 SW_REASON) is why the new social worker was allocated; a child's first
    social worker is allocated on first contact (FCONTA).
    Child.social_worker / iro / personal_adviser follow, with the child's version checked.
    Who may be allocated: children/allocation_rules.py.
    """
    kind = AllocationKind(kind)
    field = ALLOCATION_FIELD[kind]
    approved_by = allocation_approver(
        child=child, kind=kind, worker=worker, manager_approval=manager_approval, actor=actor
    )
    rules.check_date(child, start, field="start", what="the date the new allocation starts")
    with transaction.atomic():
        current = (
            Allocation.objects.select_for_update()
            .filter(child=child, kind=kind, end__isnull=True)
            .order_by("-start")
            .first()
        )
        if current is not None:
            if current.worker_id == worker.pk:
                raise ValidationError(
                    {"worker": f"{worker.display_name} is already allocated. Choose someone else."}
                )
            if start < current.start:
                raise ValidationError(
                    {
                        "start": "The date the new allocation starts must be on or after "
                        f"{rules.long_date(current.start)}, when the current allocation began"
                    }
                )
            if kind == AllocationKind.SOCIAL_WORKER and not reason:
                raise ValidationError({"reason": "Select the reason the social worker changed"})
        child = record_update(
            instance=child,
            changes={field: worker},
            expected_version=expected_version,
            actor=actor,
        )
        if current is not None:
            current.end = start
            current.full_clean()
            current.save(update_fields=["end"])
            audit_record(
                actor=actor,
                action=AuditAction.END,
                obj=current,
                child=child,
                changes={"end": [None, str(start)]},
            )
        if kind == AllocationKind.SOCIAL_WORKER and current is None:
            reason = SocialWorkerChangeReason.FCONTA
        elif kind != AllocationKind.SOCIAL_WORKER:
            reason = ""
        record_create(
            instance=Allocation(
                child=child,
                kind=kind,
                worker=worker,
                start=start,
                start_reason=reason,
                approved_by=approved_by,
            ),
            actor=actor,
        )
    return child


# ---------------------------------------------------------------------------------------------
# Dated events
# ---------------------------------------------------------------------------------------------


def _check_review(review):
    rules.check_date(review.child, review.date, field="date", what="the date of the review")
    clash = Review.objects.filter(child=review.child, date=review.date).exclude(pk=review.pk)
    if clash.exists():
        raise ValidationError(
            {
                "date": f"There is already a review on {rules.long_date(review.date)}. "
                "Change that review instead."
            }
        )
    rules.check_review_in_period_of_care(review.child, review.date)
    rules.check_review_participation(review.child, review.date, review.participation)


def review_create(*, child, data, actor):
    return _create(Review, child=child, data=data, actor=actor, check=_check_review)


def review_update(*, review, changes, expected_version, actor):
    return _update(
        review,
        changes=changes,
        expected_version=expected_version,
        actor=actor,
        check=_check_review,
    )


_check_visit = _dated("the date of the visit")
_check_health = _dated("the date of the check")
_check_pep = _dated("the date of the PEP review")
_check_note = _dated("the date of the case note")
_check_pathway = _dated("the date of the pathway plan review")
_check_missing = _ranged(
    "the date the episode started", "the date the episode ended", "missing_ends_before_start"
)
_check_dolo = _ranged(
    "the date the order started", "the date the order ended", "dolo_ends_before_start"
)


def visit_create(*, child, data, actor):
    return _create(StatutoryVisit, child=child, data=data, actor=actor, check=_check_visit)


def visit_update(*, visit, changes, expected_version, actor):
    return _update(
        visit, changes=changes, expected_version=expected_version, actor=actor, check=_check_visit
    )


def health_check_create(*, child, data, actor):
    return _create(HealthCheck, child=child, data=data, actor=actor, check=_check_health)


def health_check_update(*, health_check, changes, expected_version, actor):
    return _update(
        health_check,
        changes=changes,
        expected_version=expected_version,
        actor=actor,
        check=_check_health,
    )


def pep_create(*, child, data, actor):
    return _create(PersonalEducationPlan, child=child, data=data, actor=actor, check=_check_pep)


def pep_update(*, pep, changes, expected_version, actor):
    return _update(
        pep, changes=changes, expected_version=expected_version, actor=actor, check=_check_pep
    )


def case_note_create(*, child, data, actor):
    return _create(CaseNote, child=child, data=data, actor=actor, check=_check_note)


def case_note_update(*, case_note, changes, expected_version, actor):
    return _update(
        case_note,
        changes=changes,
        expected_version=expected_version,
        actor=actor,
        check=_check_note,
    )


def pathway_plan_review_create(*, child, data, actor):
    return _create(PathwayPlanReview, child=child, data=data, actor=actor, check=_check_pathway)


def pathway_plan_review_update(*, pathway_plan_review, changes, expected_version, actor):
    return _update(
        pathway_plan_review,
        changes=changes,
        expected_version=expected_version,
        actor=actor,
        check=_check_pathway,
    )


def missing_episode_create(*, child, data, actor):
    return _create(MissingEpisode, child=child, data=data, actor=actor, check=_check_missing)


def missing_episode_update(*, missing_episode, changes, expected_version, actor):
    return _update(
        missing_episode,
        changes=changes,
        expected_version=expected_version,
        actor=actor,
        check=_check_missing,
    )


def missing_episode_end(*, missing_episode, end, expected_version, actor):
    return _update(
        missing_episode,
        changes={"end": end},
        expected_version=expected_version,
        actor=actor,
        check=_check_missing,
        action=AuditAction.END,
    )


def deprivation_of_liberty_create(*, child, data, actor):
    return _create(DeprivationOfLiberty, child=child, data=data, actor=actor, check=_check_dolo)


def deprivation_of_liberty_update(*, deprivation_of_liberty, changes, expected_version, actor):
    return _update(
        deprivation_of_liberty,
        changes=changes,
        expected_version=expected_version,
        actor=actor,
        check=_check_dolo,
    )


def deprivation_of_liberty_end(*, deprivation_of_liberty, end, expected_version, actor):
    return _update(
        deprivation_of_liberty,
        changes={"end": end},
        expected_version=expected_version,
        actor=actor,
        check=_check_dolo,
        action=AuditAction.END,
    )


# ---------------------------------------------------------------------------------------------
# Care leavers
# ---------------------------------------------------------------------------------------------


def _check_care_leaver(care_leaver):
    """Every leaving-care status (eligible, relevant, former relevant, qualifying) starts at 16."""
    age = age_on(care_leaver.child.date_of_birth, timezone.localdate())
    if age < rules.CARE_LEAVER_MIN_AGE:
        raise ValidationError(
            {
                "eligibility": "Leaving-care status is for young people aged 16 or over, and "
                f"{care_leaver.child.display_name} is {age}. Record it from their 16th birthday."
            }
        )


def care_leaver_create(*, child, data, actor):
    return _create(CareLeaver, child=child, data=data, actor=actor, check=_check_care_leaver)


def care_leaver_update(*, care_leaver, changes, expected_version, actor):
    return _update(
        care_leaver,
        changes=changes,
        expected_version=expected_version,
        actor=actor,
        check=_check_care_leaver,
    )


def _contact_check(is_oc3_return):
    def check(contact):
        rules.check_date(contact.child, contact.date, field="date", what="the date of the contact")
        rules.check_care_leaver_contact(contact.child, contact.date)
        contact.collection_year = (
            rules.check_oc3_return(contact.child, contact.date) if is_oc3_return else None
        )
        if contact.collection_year is not None:
            taken = CareLeaverContact.objects.filter(
                child=contact.child, collection_year=contact.collection_year
            ).exclude(pk=contact.pk)
            if taken.exists():
                raise ValidationError(
                    {
                        "is_oc3_return": "Another contact is already the OC3 return for the year "
                        f"ending 31 March {contact.collection_year}. Untick this, or change that "
                        "contact first."
                    }
                )

    return check


def care_leaver_contact_create(*, child, data, actor, is_oc3_return=False):
    return _create(
        CareLeaverContact,
        child=child,
        data=data,
        actor=actor,
        check=_contact_check(is_oc3_return),
    )


def care_leaver_contact_update(
    *, care_leaver_contact, changes, expected_version, actor, is_oc3_return=False
):
    check = _contact_check(is_oc3_return)
    preview = copy.copy(care_leaver_contact)
    for name, value in changes.items():
        setattr(preview, name, value)
    with transaction.atomic():
        check(preview)
        return record_update(
            instance=care_leaver_contact,
            changes={**changes, "collection_year": preview.collection_year},
            expected_version=expected_version,
            actor=actor,
        )
