from django import template

from meetings.models import SCHEDULE_12A_PARAGRAPHS

register = template.Library()


@register.filter
def lookup(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def paragraph_text(number):
    return SCHEDULE_12A_PARAGRAPHS.get(number, "")
