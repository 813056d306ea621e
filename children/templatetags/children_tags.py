from django import template
from django.utils import timezone

from corporate_parenting.dates import age_on

register = template.Library()


@register.filter
def age(date_of_birth):
    return age_on(date_of_birth, timezone.localdate()) if date_of_birth else ""


@register.filter
def lookup(mapping, key):
    return mapping.get(key, key) if key else ""


BADGE_COLOURS = {
    "Review": "blue",
    "Visit": "blue",
    "Health": "green",
    "Education": "purple",
    "Missing": "red",
    "Case note": "grey",
    "Allocation": "black",
    "Care leaver": "bright-purple",
    "Legal": "purple",
    "Placement": "blue",
    "Period of care": "green",
    "Legal status": "purple",
    "Permanence": "bright-purple",
}


@register.filter
def badge_colour(category):
    return BADGE_COLOURS.get(category, "grey")


@register.inclusion_tag("children/_to_do.html")
def to_do_for(user):
    """The social worker's home: what to act on for the children allocated to them. The list
    names children, so showing it is audited as the caseload is."""
    from children.selectors import DUE_SOON_DAYS, to_do, to_do_plans
    from corporate_parenting.audit import audit_record
    from corporate_parenting.models import AuditAction

    plans = to_do_plans(user)
    if plans:
        audit_record(
            actor=user,
            action=AuditAction.VIEW,
            changes={"children": sorted({item.child.local_id for item in plans})},
            detail="home page: plans and checks due",
        )
    return {
        "counts": to_do(user),
        "plans": plans,
        "soon_days": DUE_SOON_DAYS,
        "today": timezone.localdate(),
    }
