"""Change forms for periods of care, legal statuses, placements and permanence plans.

Every view: checks the role (403 for anyone who may not change a case record), then the caseload
(404 for a child the user may not see), audits the view of the form, and on POST calls one
service (`corporate_parenting.record_forms`). Rule failures come back as field errors; a stale
version as an error summary entry, with everything the user typed kept and the latest version
taken, so that saving again applies.
"""

from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse

from children.models import Child
from corporate_parenting.permissions import check_role
from corporate_parenting.record_forms import record_form
from corporate_parenting.roles import CASE_WRITERS
from placements import forms, services
from placements.models import LegalStatus, PeriodOfCare, PermanencePlan, Placement


def child_record_url(child):
    try:
        return reverse("children:child_detail", args=[child.pk])
    except NoReverseMatch:  # the children app's record page is not installed
        return reverse("home")


def _describe_placement(placement):
    return (
        f"{placement.get_placement_type_display()} ({placement.placement_type}), "
        f"since {placement.start:%-d %B %Y}"
    )


def _describe_plan(plan):
    return f"{plan.get_plan_type_display()}, agreed {plan.decided_on:%-d %B %Y}"


def _child_for_change(request, child_pk):
    check_role(request.user, *CASE_WRITERS)
    return get_object_or_404(Child.objects.visible_to(request.user), pk=child_pk)


def _row_for_change(request, model, pk):
    check_role(request.user, *CASE_WRITERS)
    return get_object_or_404(model.objects.visible_to(request.user).select_related("child"), pk=pk)


def _handle(request, *, child, form, title, save, success, obj=None, caption=""):
    """Every placements form, through the shared record-form helper: on a valid POST call
    save(cleaned_data) and go back to the child's record."""
    return record_form(
        request,
        child=child,
        form=form,
        save=lambda f: save(f.cleaned_data),
        title=title,
        success=success,
        success_url=child_record_url(child),
        template="placements/change_form.html",
        context={
            "child": child,
            "title": title,
            "caption": caption,
            "back_url": child_record_url(child),
            "current": obj,
        },
    )


def _data(request):
    return request.POST if request.method == "POST" else None


def start_period(request, child_pk):
    child = _child_for_change(request, child_pk)
    form = forms.PeriodStartForm(_data(request))

    def save(data):
        services.period_start(
            child=child,
            start=data["start"],
            legal_status=data["legal_status"],
            category_of_need=data["category_of_need"],
            actor=request.user,
            **form.placement_values(),
        )

    return _handle(
        request,
        child=child,
        form=form,
        title="Start a period of care",
        save=save,
        success="Period of care started",
    )


def end_period(request, pk):
    period = _row_for_change(request, PeriodOfCare, pk)
    form = forms.PeriodEndForm(_data(request), initial={"version": period.version})

    def save(data):
        services.period_end(
            period=period,
            end_date=data["end"],
            reason_ceased=data["reason_ceased"],
            expected_version=data["version"],
            actor=request.user,
        )

    return _handle(
        request,
        child=period.child,
        obj=period,
        form=form,
        title="End period of care",
        caption=f"Started {period.start:%-d %B %Y}",
        save=save,
        success="Period of care ended",
    )


def change_placement(request, pk):
    placement = _row_for_change(request, Placement, pk)
    form = forms.PlacementChangeForm(
        _data(request),
        initial={
            "version": placement.version,
            "provider": placement.provider,
            "carer": placement.carer_id,
        },
    )

    def save(data):
        services.placement_change(
            placement=placement,
            expected_version=data["version"],
            end_date=data["start"],
            reason_for_change=data["reason_for_change"],
            new_carer=not data["same_carers"],
            actor=request.user,
            **form.placement_values(),
        )

    return _handle(
        request,
        child=placement.child,
        obj=placement,
        form=form,
        title="Change placement",
        caption=f"Current placement: {_describe_placement(placement)}",
        save=save,
        success="Placement changed",
    )


def correct_placement(request, pk):
    placement = _row_for_change(request, Placement, pk)
    initial = {
        name: getattr(placement, name)
        for name in services.PLACEMENT_DETAIL_FIELDS + ("reason_for_change",)
    }
    initial["carer"] = placement.carer_id
    initial["inside_area"] = {True: "yes", False: "no"}.get(placement.inside_area, "")
    initial["version"] = placement.version
    form = forms.PlacementCorrectForm(_data(request), initial=initial)

    def save(data):
        values = form.placement_values() | {"reason_for_change": data["reason_for_change"]}
        changes = {
            name: value for name, value in values.items() if getattr(placement, name) != value
        }
        services.placement_update(
            placement=placement,
            changes=changes,
            expected_version=data["version"],
            actor=request.user,
        )

    return _handle(
        request,
        child=placement.child,
        obj=placement,
        form=form,
        title="Correct placement details",
        caption=_describe_placement(placement),
        save=save,
        success="Placement details saved",
    )


def change_legal_status(request, child_pk):
    child = _child_for_change(request, child_pk)
    current = LegalStatus.objects.filter(child=child, end__isnull=True).first()
    form = forms.LegalStatusChangeForm(
        _data(request),
        initial={
            "version": current.version if current else 0,
            "category_of_need": current.category_of_need if current else "",
        },
    )

    def save(data):
        services.legal_status_change(
            child=child,
            date=data["date"],
            legal_status=data["legal_status"],
            category_of_need=data["category_of_need"],
            expected_version=data["version"] if current else None,
            actor=request.user,
        )

    return _handle(
        request,
        child=child,
        obj=current,
        form=form,
        title="Change legal status",
        caption=f"Current legal status: {current.get_legal_status_display()}" if current else "",
        save=save,
        success="Legal status changed",
    )


def correct_legal_status(request, pk):
    legal = _row_for_change(request, LegalStatus, pk)
    form = forms.LegalStatusCorrectForm(
        _data(request),
        initial={
            "version": legal.version,
            "legal_status": legal.legal_status,
            "category_of_need": legal.category_of_need,
        },
    )

    def save(data):
        changes = {
            name: data[name]
            for name in ("legal_status", "category_of_need")
            if getattr(legal, name) != data[name]
        }
        services.legal_status_update(
            legal_status=legal,
            changes=changes,
            expected_version=data["version"],
            actor=request.user,
        )

    return _handle(
        request,
        child=legal.child,
        obj=legal,
        form=form,
        title="Correct legal status",
        caption=f"From {legal.start:%-d %B %Y}",
        save=save,
        success="Legal status saved",
    )


PLAN_BOOLEAN = {True: "yes", False: "no"}


def add_permanence_plan(request, child_pk):
    child = _child_for_change(request, child_pk)
    form = forms.PermanencePlanForm(_data(request))

    def save(data):
        fields = {name: data[name] for name in services.PLAN_FIELDS}
        services.permanence_plan_create(child=child, actor=request.user, **fields)

    return _handle(
        request,
        child=child,
        form=form,
        title="Add a permanence plan",
        save=save,
        success="Permanence plan added",
    )


def change_permanence_plan(request, pk):
    plan = _row_for_change(request, PermanencePlan, pk)
    initial = {name: getattr(plan, name) for name in services.PLAN_FIELDS}
    initial["foster_care"] = PLAN_BOOLEAN.get(plan.foster_care, "")
    initial["version"] = plan.version
    form = forms.PermanencePlanChangeForm(_data(request), initial=initial)

    def save(data):
        changes = {
            name: data[name] for name in services.PLAN_FIELDS if getattr(plan, name) != data[name]
        }
        services.permanence_plan_update(
            plan=plan, changes=changes, expected_version=data["version"], actor=request.user
        )

    return _handle(
        request,
        child=plan.child,
        obj=plan,
        form=form,
        title="Change permanence plan",
        caption=_describe_plan(plan),
        save=save,
        success="Permanence plan saved",
    )


def end_permanence_plan(request, pk):
    plan = _row_for_change(request, PermanencePlan, pk)
    form = forms.PermanencePlanEndForm(_data(request), initial={"version": plan.version})

    def save(data):
        services.permanence_plan_end(
            plan=plan,
            ended_on=data["ended_on"],
            end_reason=data["end_reason"],
            expected_version=data["version"],
            actor=request.user,
        )

    return _handle(
        request,
        child=plan.child,
        obj=plan,
        form=form,
        title="End permanence plan",
        caption=_describe_plan(plan),
        save=save,
        success="Permanence plan ended",
    )
