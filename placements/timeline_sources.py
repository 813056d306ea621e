"""What placements adds to the child record page: timeline events, summary rows and actions.

Registered from PlacementsConfig.ready() with the children app's registry, so children never
imports placements.
"""

from django.urls import reverse
from django.utils import timezone

from children.timeline import TimelineEvent, register_actions, register_events, register_summary
from corporate_parenting.permissions import can_change_case
from placements.models import LegalStatus, PeriodOfCare, PermanencePlan, Placement

# Within one day, newest first: a new placement above the one it replaced, and any start above
# the end of the row it follows.
START, CHANGE, END = 30, 20, 10


def _by(row):
    return row.updated_by.display_name if row.updated_by_id else ""


def _placement_detail(placement):
    parts = [placement.get_provider_display()] if placement.provider else []
    if placement.carer_id:
        parts.append(placement.carer.name)
    if placement.postcode:
        parts.append(placement.postcode)
    return ", ".join(parts)


def period_events(child, user):
    editable = can_change_case(user)
    for period in PeriodOfCare.objects.filter(child=child).select_related("updated_by"):
        actions = ()
        if editable and period.end is None:
            actions = (("End", reverse("placements:end_period", args=[period.pk])),)
        yield TimelineEvent(
            date=period.start,
            title="Started to be looked after",
            category="Period of care",
            by=_by(period),
            actions=actions,
            sort_key=START + 5,
        )
        if period.end:
            yield TimelineEvent(
                date=period.end,
                title="Stopped being looked after",
                category="Period of care",
                detail=f"{period.reason_ceased}: {period.get_reason_ceased_display()}",
                by=_by(period),
                sort_key=END - 5,
            )


def legal_status_events(child, user):
    editable = can_change_case(user)
    for legal in LegalStatus.objects.filter(child=child).select_related("updated_by"):
        actions = ()
        if editable:
            actions = (("Change", reverse("placements:correct_legal_status", args=[legal.pk])),)
        yield TimelineEvent(
            date=legal.start,
            title=f"Legal status: {legal.get_legal_status_display()} ({legal.legal_status})",
            category="Legal status",
            detail=f"Category of need: {legal.get_category_of_need_display()}",
            by=_by(legal),
            actions=actions,
            sort_key=CHANGE,
        )


def placement_events(child, user):
    editable = can_change_case(user)
    rows = Placement.objects.filter(child=child).select_related("carer", "updated_by")
    for placement in rows:
        actions = ()
        if editable:
            actions = (("Change", reverse("placements:correct_placement", args=[placement.pk])),)
            if placement.end is None:
                actions += (("End", reverse("placements:change_placement", args=[placement.pk])),)
        carers = "new carers" if placement.new_carer else "same carers"
        detail = _placement_detail(placement)
        yield TimelineEvent(
            date=placement.start,
            title=f"Placement started: {placement.get_placement_type_display()} "
            f"({placement.placement_type})",
            category="Placement",
            detail=f"{detail} ({carers})" if detail else carers.capitalize(),
            by=_by(placement),
            actions=actions,
            sort_key=START,
        )
        if placement.end:
            reason = (
                f"Reason for change: {placement.get_reason_for_change_display()}"
                if placement.reason_for_change
                else ""
            )
            yield TimelineEvent(
                date=placement.end,
                title=f"Placement ended: {placement.get_placement_type_display()} "
                f"({placement.placement_type})",
                category="Placement",
                detail=reason,
                by=_by(placement),
                sort_key=END,
            )


MILESTONES = (
    ("adm_decision_date", "Decision: should be placed for adoption (ADM)"),
    ("placement_order_date", "Placement order granted"),
    ("matched_date", "Matched with adopters or carers"),
    ("placed_date", "Placed with adopters or carers"),
    ("order_date", "Adoption or special guardianship order granted"),
)


def permanence_events(child, user):
    editable = can_change_case(user)
    for plan in PermanencePlan.objects.filter(child=child).select_related("updated_by"):
        actions = ()
        if editable:
            actions = (("Change", reverse("placements:change_permanence_plan", args=[plan.pk])),)
            if plan.ended_on is None:
                actions += (("End", reverse("placements:end_permanence_plan", args=[plan.pk])),)
        parallel = (
            f"Parallel plan: {plan.get_parallel_plan_type_display()}"
            if plan.parallel_plan_type
            else ""
        )
        yield TimelineEvent(
            date=plan.decided_on,
            title=f"Permanence plan agreed: {plan.get_plan_type_display()}",
            category="Permanence",
            detail=parallel,
            by=_by(plan),
            actions=actions,
            sort_key=CHANGE,
        )
        for field, title in MILESTONES:
            day = getattr(plan, field)
            if day:
                yield TimelineEvent(
                    date=day, title=title, category="Permanence", by=_by(plan), sort_key=CHANGE
                )
        if plan.ended_on:
            yield TimelineEvent(
                date=plan.ended_on,
                title=f"Permanence plan ended: {plan.get_plan_type_display()}",
                category="Permanence",
                detail=plan.get_end_reason_display(),
                by=_by(plan),
                sort_key=END,
            )


def summary(child):
    today = timezone.localdate()
    period = PeriodOfCare.objects.filter(child=child, end__isnull=True).first()
    if period is None:
        yield ("Looked after", "No, not at present")
        return
    legal = LegalStatus.objects.filter(child=child).open_on(today).first() or (
        LegalStatus.objects.filter(child=child, end__isnull=True).first()
    )
    placement = (
        Placement.objects.filter(child=child, end__isnull=True).select_related("carer").first()
    )
    plan = PermanencePlan.objects.filter(child=child).current_on(today).first()
    yield ("Period of care started", f"{period.start:%-d %B %Y}")
    if legal:
        yield ("Legal status", f"{legal.get_legal_status_display()} ({legal.legal_status})")
    if placement:
        parts = [f"{placement.get_placement_type_display()} ({placement.placement_type})"]
        detail = _placement_detail(placement)
        if detail:
            parts.append(detail)
        parts.append(f"since {placement.start:%-d %B %Y}")
        yield ("Placement", ", ".join(parts))
    yield ("Permanence plan", plan.get_plan_type_display() if plan else "None recorded")


def actions(child, user):
    if not can_change_case(user):
        return []
    period = PeriodOfCare.objects.filter(child=child, end__isnull=True).first()
    if period is None:
        return [("Start a period of care", reverse("placements:start_period", args=[child.pk]))]
    placement = Placement.objects.filter(child=child, end__isnull=True).first()
    links = []
    if placement:
        links.append(
            ("Change placement", reverse("placements:change_placement", args=[placement.pk]))
        )
    links += [
        ("Change legal status", reverse("placements:change_legal_status", args=[child.pk])),
        ("End period of care", reverse("placements:end_period", args=[period.pk])),
        ("Add permanence plan", reverse("placements:add_permanence_plan", args=[child.pk])),
    ]
    return links


def register():
    for source in (period_events, legal_status_events, placement_events, permanence_events):
        register_events(source)
    register_summary(summary)
    register_actions(actions)
